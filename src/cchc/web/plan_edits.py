"""Corrections made by hand to a parsed plan (in the import preview and the plan editor).

Each returns what it changed as Corrections (kept with the document's hash, they measure the
extractor; in words, they go to the audit log). Changed units are matched against the unit
vocabulary again and changed deadlines normalized again, as the extractor would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from cchc.domain.areas import AREAS
from cchc.domain.corrections import Correction
from cchc.domain.limits import MAX_TEXT, too_long
from cchc.domain.plan import Plan, Task
from cchc.domain.vntext import collapse
from cchc.extract.deadlines import parse_schedule
from cchc.extract.units import default_vocabulary

TEXT_FIELDS = ("no", "text", "deadline_text", "budget")  # one line each
LIST_FIELDS = ("lead", "coop", "outputs")  # one item per line
FIELD_NAMES = {"no": "Số thứ tự", "text": "Nội dung nhiệm vụ", "deadline_text": "Thời gian hoàn "
               "thành", "budget": "Kinh phí", "lead": "Đơn vị chủ trì", "coop": "Đơn vị phối hợp",
               "outputs": "Sản phẩm", "area": "Lĩnh vực", "number": "Số ký hiệu",
               "title": "Tên kế hoạch", "first": "Nhiệm vụ thứ nhất",
               "second": "Nhiệm vụ thứ hai"}
FIELD_LIMITS = {"no": 32}  # Task.no is VARCHAR(32); the others MAX_TEXT characters


class EditError(ValueError):
    """A correction that cannot be applied; the message says why, in Vietnamese."""


def edit_meta(plan: Plan, number: str, issued_on: date | None, year: int | None,
              title: str) -> list[Correction]:
    """Correct the plan's number (số ký hiệu), date, year and title; a new year re-reads every
    deadline."""
    if year is not None and not 2000 <= year <= 2100:
        raise EditError(f"Năm kế hoạch không hợp lệ: {year}.")
    _check_lengths({"number": number, "title": title})
    meta, changes = plan.meta, []
    for attr, value in (("number", collapse(number) or None), ("issued_on", issued_on),
                        ("year", year), ("title", collapse(title) or None)):
        if getattr(meta, attr) != value:
            changes.append(Correction("meta", attr, None, getattr(meta, attr), value))
            setattr(meta, attr, value)
    if any(change.field == "year" for change in changes):
        for task in plan.tasks:
            task.schedule = parse_schedule(task.deadline_text, meta.year or 0)
    return changes


def edit_task(plan: Plan, index: int, fields: Mapping[str, str]) -> list[Correction]:
    """Correct the task at `index` with the given fields (TEXT_FIELDS, LIST_FIELDS, "area")."""
    task, changes = _task(plan, index), []
    _check_lengths(fields)
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
            changes.append(Correction("task", name, index + 1, getattr(task, name), value))
            _set(task, name, value, plan.meta.year)
    return changes


def split_task(plan: Plan, index: int, first: str, second: str) -> list[Correction]:
    """The task at `index` was two tasks the extractor read as one ("rà soát việc thu, chi
    ngân sách rà soát việc quản lý tài sản"): it keeps `first` as its text, a new task right
    after it gets `second` and a copy of its other fields, to be corrected in turn."""
    task = _task(plan, index)
    _check_lengths({"first": first, "second": second})
    first, second = collapse(first), collapse(second)
    if not first or not second:
        raise EditError("Hãy nhập nội dung của cả hai nhiệm vụ sau khi tách.")
    before = task.text
    task.text = first
    plan.tasks.insert(index + 1, replace(task, no=None, text=second,
                                         activities=list(task.activities),
                                         outputs=list(task.outputs), lead=list(task.lead),
                                         coop=list(task.coop), schedule=list(task.schedule),
                                         lead_units=list(task.lead_units),
                                         coop_units=list(task.coop_units)))
    return [Correction("split", None, index + 1, before, [first, second])]


def merge_task(plan: Plan, index: int) -> list[Correction]:
    """The task at `index` is the rest of the one above it (a row broken over a page, an
    activity read as a task): its text, products, units and deadline join that task's."""
    if index == 0:
        raise EditError("Nhiệm vụ đầu tiên không có nhiệm vụ nào ở trên để gộp vào.")
    task, above = _task(plan, index), _task(plan, index - 1)
    before = [above.text, task.text]
    above.text = f"{above.text} {task.text}"
    for name in ("activities", *LIST_FIELDS):
        joined = getattr(above, name) + [x for x in getattr(task, name)
                                         if x not in getattr(above, name)]
        _set(above, name, joined, plan.meta.year)
    if task.deadline_text and task.deadline_text != above.deadline_text:
        _set(above, "deadline_text", "; ".join(filter(None, [above.deadline_text,
                                                             task.deadline_text])),
             plan.meta.year)
    del plan.tasks[index]
    return [Correction("merge", None, index + 1, before, above.text)]


def _check_lengths(fields: Mapping[str, str]) -> None:
    for name, raw in fields.items():
        if reason := too_long(raw, FIELD_NAMES.get(name, name),
                              FIELD_LIMITS.get(name, MAX_TEXT)):
            raise EditError(reason)


def lines(text: str) -> list[str]:
    """The non-empty lines of a text area, spaces collapsed."""
    return [collapse(line) for line in text.splitlines() if collapse(line)]


def _task(plan: Plan, index: int) -> Task:
    if not 0 <= index < len(plan.tasks):
        raise EditError("Không có nhiệm vụ này trong kế hoạch.")
    return plan.tasks[index]


def _set(task: Task, name: str, value: object, year: int | None) -> None:
    """Set a field, with what follows from it: matched units, a normalized schedule."""
    setattr(task, name, value)
    if name in ("lead", "coop"):
        setattr(task, f"{name}_units", default_vocabulary().match_all(value))
    if name == "deadline_text":
        task.schedule = parse_schedule(task.deadline_text, year or 0)
