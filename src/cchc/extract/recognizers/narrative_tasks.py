"""Tasks written as prose: lettered items under area headings, each followed by lines
"- Bộ phận chủ trì: ...", "- Sản phẩm: ...", "- Thời gian thực hiện: ..."."""

from __future__ import annotations

import re

from cchc.domain.vntext import fold
from cchc.extract.document import Paragraph
from cchc.extract.recognizers.areas import area_of_heading
from cchc.extract.recognizers.table_tasks import RawTask

_ITEM = re.compile(
    r"^(?:[-•]\s*)?(?P<no>[a-zđ]|\d+(?:\.\d+)+)[.)]\s+(?P<text>\S.*)$", re.IGNORECASE
)
_SECTION = re.compile(r"^(?:[IVXLC]+|\d+)\.\s+\S")  # "2. Cải cách TTHC"; "3)" is a list item
_MAJOR_SECTION = re.compile(r"^[IVXLC]+\.\s+\S")
_FIELD_LINE = re.compile(r"^[-+•]?\s*(?P<label>[^:]{2,60}?)\s*:\s*(?P<value>.*)$")
_SUB_ITEM = re.compile(r"^[-•]?\s*\+\s*")
_BULLET_START = re.compile(r"^[-+•*]")
_ROLE_LABEL = re.compile(
    r"^(?:(?:co quan|don vi|bo phan|cong chuc)\s+)?"
    r"(?:chu tri|phoi hop|san pham|ket qua|thoi gian|thoi han|kinh phi)"
)
_INLINE_LABEL = re.compile(r"[;.]\s+(?=[^:;.]{2,40}:)")

# folded label keywords -> field, checked in order ("Bộ phận chủ trì thực hiện" is lead)
_LABELS: list[tuple[str, str]] = [
    ("phoi hop", "coop"),
    ("chu tri", "lead"),
    ("thoi gian", "deadline"),
    ("thoi han", "deadline"),
    ("tien do", "deadline"),
    ("san pham", "outputs"),
    ("ket qua", "outputs"),
    ("kinh phi", "budget"),
    ("thuc hien", "lead"),
    ("trach nhiem", "lead"),
]


def field_of_label(label: str) -> str | None:
    folded = fold(label)
    if len(folded.split()) > 10:
        return None
    return next((field for key, field in _LABELS if key in folded), None)


def narrative_tasks(paragraphs: list[Paragraph]) -> list[RawTask]:
    """Lettered/numbered items that carry at least one field line (lead, product, deadline)."""
    tasks: list[RawTask] = []
    area = "khac"
    current: RawTask | None = None
    last_field: str | None = None
    for p in paragraphs:
        text = p.text.strip()
        item = _ITEM.match(text)
        if not item and _SECTION.match(text) and len(text) <= 150:
            heading_area = area_of_heading(text)
            if heading_area or _MAJOR_SECTION.match(text):
                area = heading_area or "khac"
                _keep(current, tasks)
                current, last_field = None, None
                continue
        if item:
            _keep(current, tasks)
            current = RawTask(item["no"].lower(), area, {"text": item["text"]}, where=str(p.loc))
            last_field = None
            continue
        if current is None:
            continue
        line = _FIELD_LINE.match(text)
        field = field_of_label(line["label"]) if line else None
        if field and line:
            for field, value in _fields_of_line(field, line["value"]):
                current.append(field, value)
                current.cells.setdefault(field, "")
                last_field = field
        elif last_field in ("outputs", "lead", "coop") and _SUB_ITEM.match(text):
            current.append(last_field, _SUB_ITEM.sub("- ", text))
        elif last_field is None and not _BULLET_START.match(text):
            current.append("text", text, sep=" ")  # the item's text wrapped onto a new line
    _keep(current, tasks)
    return tasks


def _fields_of_line(field: str, value: str) -> list[tuple[str, str]]:
    """ "Sở Nội vụ; phối hợp: các sở, ngành" -> lead, then coop: several labelled fields
    written on one line, separated by ";" or "."."""
    if field == "deadline":
        return [(field, value.strip())]  # "Kế hoạch: Quý I; Báo cáo: Tháng 12" labels deadlines
    out: list[tuple[str, str]] = []
    for piece in _INLINE_LABEL.split(value):
        match = re.match(r"^\s*([^:;]{2,40}?)\s*:\s*(.*)$", piece)
        role = match and _ROLE_LABEL.match(fold(match[1]))
        other = field_of_label(match[1]) if role and out else None
        if other:
            field, piece = other, match[2]
        elif out:
            field, piece = out[-1][0], f"{out.pop()[1]}; {piece}"
        out.append((field, piece.strip()))
    return out


def _keep(task: RawTask | None, tasks: list[RawTask]) -> None:
    """Keep a finished item when it named a lead unit, a product or a deadline."""
    if task and any(k in task.cells for k in ("lead", "coop", "outputs", "deadline")):
        tasks.append(task)
