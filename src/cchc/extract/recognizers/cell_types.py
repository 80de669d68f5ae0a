"""What a table cell holds, judged from its content: a task number, a unit name, a deadline,
a product, a budget, or a sentence (task, objective, activity).

The header says which columns a task table has; the content says which column a cell belongs
to. When an export drops the cells a merge covered, the rest of the row lands early, and these
judgements put it back (`realigned`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cchc.domain.vntext import fold
from cchc.extract.deadlines import parse_schedule
from cchc.extract.recognizers.lists import starts_like_product
from cchc.extract.recognizers.unit_lists import split_units, starts_like_unit
from cchc.extract.units import default_vocabulary

_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*|[a-zđ]|[IVXLC]+|[A-H])[.)]?$", re.IGNORECASE)
_BUDGET = re.compile(r"\b(?:kinh phi|ngan sach|nguon|trieu|dong|von|mien phi|theo muc chi)\b")
# words a deadline cell starts with ("Quý I/2025", "Trước ngày ...", "Theo kế hoạch ...")
_DEADLINE_START = re.compile(
    r"^[-+•\s]*(?:quy|thang|nam|truoc|cham nhat|thuong xuyen|dinh ky|hang|moi|theo|sau|ngay|"
    r"trong|tu|khi|den|ca nam|\d)")
SHIFT_MARGIN = 1.0  # a row moves only when the content fits the columns this much better
_SENTENCE_FIELDS = ("text", "objective", "activities")


def fit(field: str, text: str) -> float:
    """How well a non-empty cell fits a column of this field, 0 (not at all) to 1."""
    kind = _kind(text)
    if field == "no":
        return 1.0 if kind == "number" else 0.0
    if field in ("lead", "coop"):
        return 1.0 if kind == "unit" else 0.0
    if field == "deadline":
        return 1.0 if kind == "deadline" else 0.0
    if field == "outputs":
        return {"product": 1.0, "sentence": 0.3}.get(kind, 0.0)
    if field == "budget":
        return 1.0 if kind == "budget" else 0.0
    if field in _SENTENCE_FIELDS:
        return 0.5 if kind in ("sentence", "product") else 0.0
    return 0.2  # a note column (ghi chú) takes anything


def realigned(cells: list[str], fields: dict[str, int], width: int) -> list[str]:
    """The row's cells moved right when the export left out the first cells of a merged row:
    tried at every shift its empty trailing cells allow, kept where the content fits the
    columns clearly better (by SHIFT_MARGIN) than where it stands."""
    cells = cells + [""] * (width - len(cells))
    trailing = len(cells) - len(cells[: _last_filled(cells) + 1])
    if trailing == 0:
        return cells
    column = {i: name for name, i in fields.items()}
    scores = [_score(cells, column, shift) for shift in range(trailing + 1)]
    best = max(range(len(scores)), key=lambda s: (scores[s], -s))
    if best == 0 or scores[best] < scores[0] + SHIFT_MARGIN:
        return cells
    return [""] * best + cells[: len(cells) - best]


def is_unit_list(text: str) -> bool:
    return _kind(text) == "unit"


def is_deadline(text: str) -> bool:
    return _kind(text) == "deadline"


def _score(cells: list[str], column: dict[int, str], shift: int) -> float:
    return sum(fit(column.get(i + shift, "note"), cell)
               for i, cell in enumerate(cells[: len(cells) - shift]) if cell.strip())


def _last_filled(cells: list[str]) -> int:
    return max((i for i, c in enumerate(cells) if c.strip()), default=-1)


@lru_cache(maxsize=4096)
def _kind(text: str) -> str:
    """number | unit | deadline | product | budget | sentence."""
    text = text.strip()
    folded = fold(text)
    words = len(text.split())
    if _NUMBER.match(text):
        return "number"
    if _is_units(text):
        return "unit"
    if words <= 25 and parse_schedule(text, 2000) and (words <= 10 or _DEADLINE_START.match(folded)):
        return "deadline"
    if words <= 12 and _BUDGET.search(folded):
        return "budget"
    if starts_like_product(text) and all(len(item.split()) <= 10 for item in text.split(";")):
        return "product"
    return "sentence"


def _is_units(text: str) -> bool:
    """Every piece of the cell names a unit the vocabulary knows, or is a short name starting
    like one ("Đài truyền thanh xã")."""
    pieces = split_units(text)
    if not pieces:
        return False
    vocabulary = default_vocabulary()
    return all((starts_like_unit(p) or vocabulary.match(p).unit_id is not None)
               and len(p.split()) <= 10 and " tại " not in p for p in pieces)
