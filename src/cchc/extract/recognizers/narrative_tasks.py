"""Tasks written as prose: lettered items under area headings, each followed by lines
"- Bộ phận chủ trì: ...", "- Sản phẩm: ...", "- Thời gian thực hiện: ..."."""

from __future__ import annotations

import re
from dataclasses import replace

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
_LETTERS = "abcdđeghiklmnopqrstuvxy"
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
    paragraphs = run_on_items(paragraphs)
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


def run_on_items(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs with an item run on after the previous one ("- Thời hạn: Quý I/2025 1.2.
    Tổ chức ...", "... năm 2025 3.12. Đẩy mạnh ...") cut where it starts: only the number or
    letter that comes next in the list's sequence cuts, so "Quyết định 3.12." never does."""
    out: list[Paragraph] = []
    last: str | None = None
    for p in paragraphs:
        text = p.text
        while True:
            item = _ITEM.match(text.strip())
            if item:
                last = item["no"]
            cut = _run_on(text, last) if last else None
            if cut is None:
                break
            out.append(replace(p, text=text[:cut].rstrip()))
            text = text[cut:].lstrip()
        out.append(replace(p, text=text) if text != p.text else p)
    return out


def _run_on(text: str, last: str) -> int | None:
    """Where an item numbered right after `last` starts inside `text` (not at its start)."""
    for following in _next_numbers(last):
        match = re.search(rf"(?<=\S)\s+(?={re.escape(following)}[.)]\s+[A-ZĐ\u00c0-\u1ef8])", text)
        if match:
            return match.end()
    return None


def _next_numbers(number: str) -> list[str]:
    """ "1.2" -> ["1.3", "2.1"]; "c" -> ["d"]; "d" -> ["đ"]."""
    if number.lower() in _LETTERS:
        index = _LETTERS.index(number.lower())
        return [_LETTERS[index + 1]] if index + 1 < len(_LETTERS) else []
    parts = number.split(".")
    if not all(part.isdigit() for part in parts):
        return []
    following = [".".join([*parts[:-1], str(int(parts[-1]) + 1)])]
    if len(parts) > 1:
        following.append(".".join([str(int(parts[0]) + 1), *["1"] * (len(parts) - 1)]))
    return following


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
