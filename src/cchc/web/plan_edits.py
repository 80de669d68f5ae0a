"""Corrections made by hand to a parsed plan (in the import preview and the plan editor).

Each returns what it changed, in words, for the audit log. Changed units are matched against
the unit vocabulary again and changed deadlines normalized again, as the extractor would.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from cchc.domain.areas import AREAS
from cchc.domain.limits import MAX_TEXT, too_long
from cchc.domain.plan import Plan
from cchc.domain.vntext import collapse
from cchc.extract.deadlines import parse_schedule
from cchc.extract.units import default_vocabulary

TEXT_FIELDS = ("no", "text", "deadline_text", "budget")  # one line each
LIST_FIELDS = ("lead", "coop", "outputs")  # one item per line
FIELD_NAMES = {"no": "Số thứ tự", "text": "Nội dung nhiệm vụ", "deadline_text": "Thời gian hoàn "
               "thành", "budget": "Kinh phí", "lead": "Đơn vị chủ trì", "coop": "Đơn vị phối hợp",
               "outputs": "Sản phẩm", "area": "Lĩnh vực", "number": "Số ký hiệu",
               "title": "Tên kế hoạch"}
FIELD_LIMITS = {"no": 32}  # Task.no is VARCHAR(32); the others MAX_TEXT characters


class EditError(ValueError):
    """A correction that cannot be applied; the message says why, in Vietnamese."""


def edit_meta(plan: Plan, number: str, issued_on: date | None, year: int | None,
              title: str) -> list[str]:
    """Correct the plan's number (số ký hiệu), date, year and title; a new year re-reads every
    deadline."""
    if year is not None and not 2000 <= year <= 2100:
        raise EditError(f"Năm kế hoạch không hợp lệ: {year}.")
    _check_lengths({"number": number, "title": title})
    meta, changes = plan.meta, []
    for attr, value in (("number", collapse(number) or None), ("issued_on", issued_on),
                        ("year", year), ("title", collapse(title) or None)):
        if getattr(meta, attr) != value:
            changes.append(f"meta.{attr}: {getattr(meta, attr)} → {value}")
            setattr(meta, attr, value)
    if any(change.startswith("meta.year") for change in changes):
        for task in plan.tasks:
            task.schedule = parse_schedule(task.deadline_text, meta.year or 0)
    return changes


def edit_task(plan: Plan, index: int, fields: Mapping[str, str]) -> list[str]:
    """Correct the task at `index` with the given fields (TEXT_FIELDS, LIST_FIELDS, "area")."""
    if not 0 <= index < len(plan.tasks):
        raise EditError("Không có nhiệm vụ này trong kế hoạch.")
    _check_lengths(fields)
    task, changes = plan.tasks[index], []
    label = f"task {task.no or index + 1}"
    for name, raw in fields.items():
        if name in LIST_FIELDS:
            value: object = lines(raw)
        elif name in TEXT_FIELDS:
            value = collapse(raw) or None
        elif name == "area":
            if raw not in AREAS:
                raise EditError(f"Lĩnh vực không hợp lệ: {raw}.")
            value = raw
        else:
            raise EditError(f"Không sửa được trường {name}.")
        if name == "text" and not value:
            raise EditError("Nội dung nhiệm vụ không được để trống.")
        if getattr(task, name) != value:
            changes.append(f"{label}.{name}: {getattr(task, name)} → {value}")
            setattr(task, name, value)
            if name in ("lead", "coop"):
                setattr(task, f"{name}_units", default_vocabulary().match_all(value))
            if name == "deadline_text":
                task.schedule = parse_schedule(task.deadline_text, plan.meta.year or 0)
    return changes


def _check_lengths(fields: Mapping[str, str]) -> None:
    for name, raw in fields.items():
        if reason := too_long(raw, FIELD_NAMES.get(name, name),
                              FIELD_LIMITS.get(name, MAX_TEXT)):
            raise EditError(reason)


def lines(text: str) -> list[str]:
    """The non-empty lines of a text area, spaces collapsed."""
    return [collapse(line) for line in text.splitlines() if collapse(line)]
