"""Tasks an upper plan assigns to a class of units (nhiệm vụ giao cho "UBND cấp xã", "các sở,
ban, ngành"), cascaded to every member unit that existed in the plan's year.

- `cascade_matrix`: each member unit × each cascaded task it owes, with its state — done,
  in progress, overdue (a date of the task passed and the unit has not finished), not started;
- `coverage`: per member unit, the cascaded tasks its own plan of the year does not contain,
  matched by text similarity (rapidfuzz) with the plan's tasks — what a reviewer of lower
  plans looks for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.vntext import fold
from cchc.store.models import (
    Milestone, Obligation, ObligationEvidence, Organization, Plan, Task, TaskUnit,
    UnitClassMember)
from cchc.store.queries import subtree_ids
from cchc.store.status import FINISHED, Status

COVERED = 85.0  # similarity (0–100) from which a lower plan's task covers a cascaded one
SHORT = 5  # a text of fewer words must match in order, not as a subset of the other's words
STATES = ("done", "in_progress", "overdue", "not_started")
STATE_LABELS = {"done": "Hoàn thành", "in_progress": "Đang thực hiện", "overdue": "Quá hạn",
                "not_started": "Chưa thực hiện"}
_FINISHED = frozenset(s.value for s in FINISHED)


@dataclass
class CascadedTask:
    id: int
    no: str | None
    text: str
    area: str
    deadline: str | None
    class_ids: set[int]
    due_dates: list[date] = field(default_factory=list)

    def late_on(self, today: date) -> bool:
        return any(d < today for d in self.due_dates)


@dataclass(frozen=True)
class Cell:
    state: str  # one of STATES
    percent: int = 0
    note: str | None = None
    evidence: int = 0
    version: int | None = None  # the obligation row's version, None before any report


@dataclass
class CascadeMatrix:
    plan: Plan
    tasks: list[CascadedTask]
    units: list[Organization]
    cells: dict[tuple[int, int], Cell]  # (unit id, task id) -> cell; absent: not owed

    def row(self, unit_id: int) -> list[Cell | None]:
        return [self.cells.get((unit_id, t.id)) for t in self.tasks]

    def counts(self, unit_id: int | None = None, task_id: int | None = None
               ) -> dict[str, int]:
        """How many cells of a unit's row (or a task's column, or all) are in each state."""
        out = dict.fromkeys(STATES, 0)
        for (unit, task), cell in self.cells.items():
            if unit_id in (None, unit) and task_id in (None, task):
                out[cell.state] += 1
        return out


def cascaded_tasks(session: Session, plan: Plan) -> list[CascadedTask]:
    """The tasks of the plan's current version whose lead (chủ trì) is a class of units."""
    tasks: dict[int, CascadedTask] = {}
    for task, class_id in session.execute(
            select(Task, TaskUnit.unit_class_id).join(TaskUnit, TaskUnit.task_id == Task.id)
            .where(Task.plan_version_id == plan.current_version_id, TaskUnit.role == "lead",
                   TaskUnit.unit_class_id.is_not(None)).order_by(Task.position)):
        tasks.setdefault(task.id, CascadedTask(task.id, task.no, task.text, task.area_code,
                                               task.deadline_text, set())).class_ids.add(class_id)
    for task_id, due in session.execute(
            select(Milestone.task_id, Milestone.due_date)
            .where(Milestone.task_id.in_(list(tasks)), Milestone.due_date.is_not(None))):
        tasks[task_id].due_dates.append(due)
    return list(tasks.values())


def members(session: Session, plan: Plan, class_ids: set[int]) -> dict[int, set[int]]:
    """Unit id -> the classes among `class_ids` it belongs to: units below the plan's
    organization that existed during the plan's year."""
    first, last = date(plan.year, 1, 1), date(plan.year, 12, 31)
    below = subtree_ids(session, plan.org_id) - {plan.org_id}
    out: dict[int, set[int]] = defaultdict(set)
    for org_id, class_id in session.execute(
            select(UnitClassMember.org_id, UnitClassMember.class_id)
            .join(Organization, Organization.id == UnitClassMember.org_id)
            .where(UnitClassMember.class_id.in_(class_ids),
                   (Organization.valid_from.is_(None)) | (Organization.valid_from <= last),
                   (Organization.valid_to.is_(None)) | (Organization.valid_to >= first))):
        if org_id in below:
            out[org_id].add(class_id)
    return out


def cascade_matrix(session: Session, plan: Plan, today: date) -> CascadeMatrix:
    tasks = cascaded_tasks(session, plan)
    owed = members(session, plan, {c for t in tasks for c in t.class_ids})
    units = sorted(session.scalars(select(Organization).where(
        Organization.id.in_(list(owed)))).all(), key=lambda o: o.code)
    rows = {(o.org_id, o.task_id): o for o in session.scalars(select(Obligation).where(
        Obligation.task_id.in_([t.id for t in tasks])))}
    evidence = _evidence_counts(session, [o.id for o in rows.values()])
    cells = {}
    for unit in units:
        for task in tasks:
            if owed[unit.id] & task.class_ids:
                cells[unit.id, task.id] = _cell(task, rows.get((unit.id, task.id)), evidence,
                                                today)
    return CascadeMatrix(plan, tasks, units, cells)


def _evidence_counts(session: Session, ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for obligation_id in session.scalars(select(ObligationEvidence.obligation_id).where(
            ObligationEvidence.obligation_id.in_(ids))):
        counts[obligation_id] += 1
    return counts


def _cell(task: CascadedTask, row: Obligation | None, evidence: dict[int, int],
          today: date) -> Cell:
    status = row.status if row else Status.NOT_STARTED.value
    if status in _FINISHED:
        state = "done"
    elif status != Status.PAUSED.value and (status == Status.OVERDUE.value
                                            or task.late_on(today)):
        state = "overdue"
    elif status in (Status.IN_PROGRESS.value, Status.PAUSED.value) or (row and row.percent):
        state = "in_progress"
    else:
        state = "not_started"
    if row is None:
        return Cell(state)
    return Cell(state, row.percent, row.note, evidence.get(row.id, 0), row.version_id)


@dataclass
class Coverage:
    """Which cascaded tasks a member unit's own plan contains (by similarity), which not."""

    unit: Organization
    has_plan: bool
    covered: list[tuple[CascadedTask, str, float]]  # (task, the own task matched, score)
    missing: list[tuple[CascadedTask, str | None, float]]  # (task, nearest own task, score)


def similarity(a: str, b: str) -> float:
    """0–100: shared words (any order) of two folded texts; a short text must match in
    order, so that "cải cách hành chính" does not cover every task that names it."""
    score = fuzz.token_set_ratio(a, b)
    if min(len(a.split()), len(b.split())) < SHORT:
        score = min(score, fuzz.token_sort_ratio(a, b))
    return score


def coverage(session: Session, matrix: CascadeMatrix) -> list[Coverage]:
    own_texts = _own_plans(session, [u.id for u in matrix.units], matrix.plan.year)
    out = []
    for unit in matrix.units:
        texts = own_texts.get(unit.id)
        owed = [t for t in matrix.tasks if (unit.id, t.id) in matrix.cells]
        covered, missing = [], []
        for task in owed:
            found = process.extractOne(fold(task.text), [f for f, _ in texts or []],
                                       scorer=lambda a, b, **_: similarity(a, b))
            if found and found[1] >= COVERED:
                covered.append((task, texts[found[2]][1], found[1]))
            else:
                missing.append((task, texts[found[2]][1] if found else None,
                                found[1] if found else 0.0))
        out.append(Coverage(unit, texts is not None, covered, missing))
    return out


def _own_plans(session: Session, unit_ids: list[int], year: int
               ) -> dict[int, list[tuple[str, str]]]:
    """Per unit with a plan of `year`: its tasks as (folded text, text)."""
    out: dict[int, list[tuple[str, str]]] = {}
    for org_id, text in session.execute(
            select(Plan.org_id, Task.text).join(Task, Task.plan_version_id
                                                == Plan.current_version_id)
            .where(Plan.org_id.in_(unit_ids), Plan.year == year)
            .order_by(Plan.org_id, Task.position)):
        out.setdefault(org_id, []).append((fold(text), text))
    for org_id in session.scalars(select(Plan.org_id).where(
            Plan.org_id.in_(unit_ids), Plan.year == year)):
        out.setdefault(org_id, [])
    return out
