"""What a table cell holds, judged from its content: a task number, a unit name, a deadline,
a product, a budget, or a sentence (task, objective, activity).

The header says which columns a task table has; the content says which column a cell belongs
to. When an export drops the cells a merge covered, the rest of the row lands early, and these
judgements put it back (`realigned`); a unit cell that took in the deadline gives it back
(`unit_then_deadline`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cchc.domain.vntext import fold
from cchc.extract.deadlines import parse_schedule
from cchc.extract.recognizers.lists import starts_like_product, starts_like_task
from cchc.extract.recognizers.unit_lists import is_bare_head, split_units, starts_like_unit
from cchc.extract.units import default_vocabulary

_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*|[a-zđ]|[IVXLC]+|[A-H])[.)]?$", re.IGNORECASE)
_BUDGET = re.compile(r"\b(?:kinh phi|ngan sach|nguon|trieu|dong|von|mien phi|theo muc chi)\b")
# words a deadline cell starts with ("Quý I/2025", "Trước ngày ...", "Theo kế hoạch ...")
_DEADLINE_START = re.compile(
    r"^[-+•\s]*(?:quy|thang|nam|truoc|cham nhat|thuong xuyen|dinh ky|hang|moi|theo|sau|ngay|"
    r"trong|tu|khi|den|ca nam)\b|^[-+•\s]*\d")  # a word: "Từ", not "Tuyển dụng"
# a capitalized deadline opener inside a cell, after the units it was glued to
_DEADLINE_OPENER = re.compile(
    r"(?<=\s)(?:Theo|Trước|Quý|Tháng|Năm|Thường xuyên|Định kỳ|Hằng|Hàng|Chậm nhất|Sau khi|"
    r"Ngay|Trong|Từ|Khi|Đến|Cả năm|Liên tục)\b")
_LONG_CELL_WORDS = 12  # a longer cell whose unit names are not half its words is a sentence
# a date run on into a capitalized word: the next cell glued to a deadline ("Quý III/2025 Dữ
# liệu hộ tịch điện tử")
_RUN_ON = re.compile(r"\d{4}\s+[A-ZĐ\u00c0-\u1ef8][^\W\d]")
RUN_ON_FIT = 0.6  # a deadline cell with the next cell run on into it
HEAD_AT_END = 0.2  # taken off a sentence ending with the word a unit's name starts with
SHIFT_MARGIN = 1.0  # a row moves only when the content fits the columns this much better
GAP = 0.6  # a column left out between two cells of a row (a merge in mid-row is rarer)
# a sentence is most often the task itself, then an activity, then an objective
_SENTENCE_FIT = {"text": 0.5, "activities": 0.45, "objective": 0.4}
BARE_HEAD_FIT = 0.8  # "Chủ tịch" alone (or last in a list): a unit cell cut short of a name
_NOT_TASK_LIKE_FIT = 0.35  # a sentence in the task column that opens with no task verb


@lru_cache(maxsize=8192)
def fit(field: str, text: str) -> float:
    """How well a non-empty cell fits a column of this field, 0 (not at all) to 1."""
    kind = _kind(text)
    if field == "no":
        return 1.0 if kind == "number" else 0.0
    if field in ("lead", "coop"):
        bare = kind == "unit" and any(is_bare_head(unit) for unit in split_units(text))
        return 0.0 if kind != "unit" else BARE_HEAD_FIT if bare else 1.0
    if field == "deadline":
        return 0.0 if kind != "deadline" else RUN_ON_FIT if _RUN_ON.search(text) else 1.0
    if field == "outputs":
        short = kind == "sentence" and len(text.split()) <= 8
        named = kind == "deadline" and starts_like_product(text)  # "Báo cáo quý, 6 tháng"
        return 1.0 if kind == "product" or named else 0.3 if short else 0.0
    if field == "budget":
        return 1.0 if kind == "budget" else 0.0
    if field in _SENTENCE_FIT and kind in ("sentence", "product"):
        # "Số hồ sơ trực tuyến": a task opens with a verb; "... cấp trên Chủ tịch": a sentence
        # does not end with the word a unit's name starts with (the next cell's start)
        base = _NOT_TASK_LIKE_FIT if field == "text" and kind == "sentence" and \
            not starts_like_task(text) else _SENTENCE_FIT[field]
        return base - (HEAD_AT_END if _ends_with_head(text) else 0.0)
    if field in _SENTENCE_FIT:
        return 0.0
    return 0.2  # a note column (ghi chú) takes anything


def realigned(cells: list[str], fields: dict[str, int], width: int) -> list[str]:
    """A row whose export left out the cells a merge covered (the row is shorter than its
    table's `width` columns, or padded with empty cells at its end), its cells put back in
    the columns their content fits: each non-empty cell to a
    column, in order, the columns skipped between two cells costing GAP each (those before
    the first cell, merged with the rows above, cost nothing). Kept only when the content fits
    clearly better (by SHIFT_MARGIN) than where the cells stand."""
    column = {i: name for name, i in fields.items()}
    filled = [(i, c) for i, c in enumerate(cells) if c.strip()]
    ends_empty = len(cells) < width or not cells[-1].strip()
    if len(filled) < 2 or not ends_empty:  # a lone cell: the rest of a row over a page break
        return cells + [""] * (width - len(cells))
    standing = sum(fit(column.get(i, "note"), c) for i, c in filled)
    score, places = _best_places([c for _, c in filled], [column.get(j, "note")
                                                          for j in range(width)])
    out = [""] * width
    if score < standing + SHIFT_MARGIN:
        out[: len(cells)] = cells
        return out
    for (_, cell), place in zip(filled, places):
        out[place] = cell
    return out


def _best_places(cells: list[str], columns: list[str]) -> tuple[float, list[int]]:
    """The increasing columns for `cells` with the best fit, GAP per column skipped between
    two cells; ties go to the earlier columns."""
    # best[j] after cell i: (score, places) with cell i in column j
    best = {j: (fit(columns[j], cells[0]), [j]) for j in range(len(columns))}
    for cell in cells[1:]:
        step = {}
        for j in range(len(columns)):
            options = [(score - GAP * (j - k - 1) + fit(columns[j], cell), places + [j])
                       for k, (score, places) in best.items() if k < j]
            if options:
                step[j] = max(options, key=lambda o: (o[0], [-p for p in o[1]]))
        best = step
    if not best:
        return float("-inf"), []
    return max(best.values(), key=lambda o: (o[0], [-p for p in o[1]]))


def unit_then_deadline(text: str) -> tuple[str, str] | None:
    """ "Văn phòng UBND Theo lộ trình của tỉnh" -> ("Văn phòng UBND", "Theo lộ trình của
    tỉnh"): a unit cell that took in the deadline when a line break or column rule was lost."""
    for opener in _DEADLINE_OPENER.finditer(text):
        units, deadline = text[: opener.start()].strip(), text[opener.start() :].strip()
        if units and is_unit_list(units) and is_deadline(deadline):
            return units, deadline
    return None


def deadline_then_product(text: str) -> tuple[str, str] | None:
    """ "Định kỳ hằng tháng Văn bản chấn chỉnh; Báo cáo" -> ("Định kỳ hằng tháng", "Văn bản
    chấn chỉnh; Báo cáo"): a deadline cell that took in the product when the tab or line
    break between them was lost."""
    for start in (i for i in range(1, len(text)) if text[i - 1].isspace() and text[i].isupper()):
        deadline, product = text[:start].strip(), text[start:].strip()
        if starts_like_product(product) and is_deadline(deadline):
            return deadline, product
    return None


def is_unit_list(text: str) -> bool:
    return _kind(text) == "unit"


def is_deadline(text: str) -> bool:
    return _kind(text) == "deadline"


def _ends_with_head(text: str) -> bool:
    words = text.split()
    return len(words) > 2 and (is_bare_head(" ".join(words[-2:])) or is_bare_head(words[-1]))


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
    opens_like_one = words <= 10 or _DEADLINE_START.match(folded)
    if words <= 25 and opens_like_one and parse_schedule(text, 2000):
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
    named = sum(len(p.split()) for p in pieces)
    if len(text.split()) > _LONG_CELL_WORDS and named < len(text.split()) / 2:
        return False  # a sentence that opens with a unit: "Tổ công nghệ số ... hướng dẫn ..."
    vocabulary = default_vocabulary()
    return all((starts_like_unit(p) or vocabulary.match(p).unit_id is not None)
               and len(p.split()) <= 10 and " tại " not in p for p in pieces)
