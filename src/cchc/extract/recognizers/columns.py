"""Recognizing the header of a task table: which column holds which field.

Plans print any subset of the known columns in any order, with varied wording:
"TT", "Mục tiêu", "Nhiệm vụ / Nội dung", "Hoạt động", "Sản phẩm / Kết quả",
"Cơ quan (Bộ phận) chủ trì", "phối hợp", "Thời gian hoàn thành", "Kinh phí".
"""

from __future__ import annotations

import re

from cchc.domain.vntext import fold

# field -> folded patterns, checked in this order (deadline before lead: "Thời gian thực hiện").
_FIELD_PATTERNS: list[tuple[str, tuple[str, ...]]] = [
    ("no", (r"^s?tt$", r"^so tt$", r"^so thu tu$", r"^stt\b")),
    ("deadline", (r"thoi gian", r"thoi han", r"tien do", r"^hoan thanh")),
    ("budget", (r"kinh phi", r"du toan", r"nguon von")),
    ("text", (r"^(?:noi dung|nhiem vu|cong viec|ten nhiem vu|giai phap)",)),
    ("coop", (r"phoi hop",)),
    (
        "lead",
        (
            r"chu tri",
            r"thuc hien$",
            r"co quan thuc hien",
            r"bo phan thuc hien",
            r"don vi thuc hien",
            r"trach nhiem",
            r"^co quan$",
            r"^don vi$",
            r"phan cong",
        ),
    ),
    ("outputs", (r"san pham", r"ket qua")),
    ("activities", (r"^hoat dong",)),
    ("objective", (r"muc tieu", r"chi tieu")),
    ("text", (r"nhiem vu", r"noi dung", r"cong viec", r"giai phap", r"ten")),
    ("note", (r"ghi chu",)),
]
_LEADING_INDEX = re.compile(r"^\(?\d+\)?\s*[-.)]?\s*")  # "3 - Hoạt động" -> "Hoạt động"


def field_of_header(cell: str) -> str | None:
    """The field a header cell names, or None."""
    folded = _LEADING_INDEX.sub("", fold(cell.replace("\n", " ")))
    if not folded or len(folded) > 80:
        return None
    for field, patterns in _FIELD_PATTERNS:
        if any(re.search(p, folded) for p in patterns):
            return field
    return None


def header_fields(cells: list[str]) -> dict[str, int] | None:
    """{field: column} when the row is a task-table header, else None.

    A header names the task text and at least two of: lead, outputs, deadline, coop.
    """
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        field = field_of_header(cell)
        if field and field not in found:
            found[field] = i
    if "text" not in found and "activities" in found:
        found["text"] = found.pop("activities")
    if "text" not in found:
        return None
    if len({"lead", "outputs", "deadline", "coop"} & found.keys()) < 2:
        return None
    return found


def is_repeated_header(cells: list[str], fields: dict[str, int]) -> bool:
    """A header row repeated at the top of a new page: a header whose every cell names the
    field of its column, or none (a word misread by OCR, "SIT" for "STT")."""
    return header_fields(cells) is not None and all(
        field_of_header(cells[i]) in (f, None)
        for f, i in fields.items() if i < len(cells) and cells[i]
    )
