"""Reading tasks for lists: who may see which, filters, diacritic-free search, display rows.

Read-only. A task is late (quá hạn) when it is not finished or paused and is marked overdue or
has an unfinished milestone whose date has passed; it is due soon when it has an unfinished
milestone within the next days.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from threading import Lock

from sqlalchemy import ColumnElement, and_, case, exists, false, func, or_, select
from sqlalchemy.orm import Session

from cchc.domain.vntext import fold
from cchc.store.models import (
    Milestone, Organization, Plan, PlanVersion, ProgressUpdate, Task, TaskUnit)
from cchc.store.status import FINISHED, Status

SETTLED = tuple(s.value for s in (*FINISHED, Status.PAUSED))  # never late
_OPEN = tuple(s.value for s in FINISHED)  # a milestone is open unless finished
DUE_WINDOWS = ("overdue", "7", "14", "30", "90")  # "overdue" or a number of days ahead


@dataclass(frozen=True)
class TaskScope:
    """The tasks a reader may see: all tasks of plans of `plan_orgs`, and the tasks naming one
    of `unit_orgs` as lead (chủ trì) or partner (phối hợp)."""

    plan_orgs: frozenset[int]
    unit_orgs: frozenset[int]

    def clause(self) -> ColumnElement[bool]:
        """Condition on a query joining Task and Plan."""
        parts: list[ColumnElement[bool]] = []
        if self.plan_orgs:
            parts.append(Plan.org_id.in_(sorted(self.plan_orgs)))
        if self.unit_orgs:
            parts.append(Task.id.in_(select(TaskUnit.task_id).where(
                TaskUnit.org_id.in_(sorted(self.unit_orgs)))))
        return or_(*parts) if parts else false()

    def plan_clause(self) -> ColumnElement[bool]:
        """Condition on Plan: the plans with at least one task the reader may see."""
        parts: list[ColumnElement[bool]] = []
        if self.plan_orgs:
            parts.append(Plan.org_id.in_(sorted(self.plan_orgs)))
        if self.unit_orgs:
            parts.append(Plan.current_version_id.in_(
                select(Task.plan_version_id).join(TaskUnit, TaskUnit.task_id == Task.id)
                .where(TaskUnit.org_id.in_(sorted(self.unit_orgs)))))
        return or_(*parts) if parts else false()


def _open_milestone(*conditions: ColumnElement[bool],
                    approved: bool = False) -> ColumnElement[bool]:
    status = Milestone.approved_status if approved else Milestone.status
    return exists().where(Milestone.task_id == Task.id, status.not_in(_OPEN), *conditions)


def late_clause(today: date, approved: bool = False) -> ColumnElement[bool]:
    """The task is late (quá hạn) on `today`, by its reported (or its approved) figures."""
    status = Task.approved_status if approved else Task.status
    return and_(status.not_in(SETTLED),
                or_(status == Status.OVERDUE.value,
                    _open_milestone(Milestone.due_date < today, approved=approved)))


def due_within_clause(today: date, days: int, approved: bool = False) -> ColumnElement[bool]:
    """The task has an unfinished milestone due from `today` to `days` days later."""
    status = Task.approved_status if approved else Task.status
    return and_(status.not_in(SETTLED),
                _open_milestone(Milestone.due_date.between(today, today + timedelta(days=days)),
                                approved=approved))


def pending_clause() -> ColumnElement[bool]:
    """The task has a progress update waiting for approval (chờ duyệt)."""
    return exists().where(ProgressUpdate.task_id == Task.id, ProgressUpdate.approved_at.is_(None),
                          ProgressUpdate.returned_at.is_(None))


def milestone_status(milestone: Milestone, today: date) -> str:
    """A milestone's status as shown: an open one past its date is overdue (quá hạn)."""
    if milestone.status not in SETTLED and milestone.due_date and milestone.due_date < today:
        return Status.OVERDUE.value
    return milestone.status


def status_clause(code: str, today: date) -> ColumnElement[bool]:
    """Tasks whose status as shown (late ones shown as overdue) is `code`."""
    if code == Status.OVERDUE.value:
        return late_clause(today)
    return and_(Task.status == code, ~late_clause(today))


@dataclass(frozen=True)
class TaskFilter:
    """The filters of the task list (danh sách nhiệm vụ)."""

    year: int
    plan_id: int | None = None
    area: str | None = None
    lead_org_id: int | None = None  # đơn vị chủ trì
    status: str | None = None  # status as shown, see status_clause
    due: str | None = None  # one of DUE_WINDOWS
    q: str = ""  # words to find, diacritics ignored
    pending: bool = False  # only tasks with an update waiting for approval

    def clauses(self, today: date) -> list[ColumnElement[bool]]:
        """Conditions on a query joining Task and Plan."""
        return self.plan_clauses() + self.task_clauses(today)

    def plan_clauses(self) -> list[ColumnElement[bool]]:
        return [Plan.year == self.year, *([Plan.id == self.plan_id] if self.plan_id else [])]

    def task_clauses(self, today: date) -> list[ColumnElement[bool]]:
        """The conditions on the task alone."""
        out: list[ColumnElement[bool]] = []
        if self.area:
            out.append(Task.area_code == self.area)
        if self.lead_org_id:
            out.append(Task.id.in_(select(TaskUnit.task_id).where(
                TaskUnit.role == "lead", TaskUnit.org_id == self.lead_org_id)))
        if self.status:
            out.append(status_clause(self.status, today))
        if self.due == "overdue":
            out.append(late_clause(today))
        elif self.due:
            out.append(due_within_clause(today, int(self.due)))
        if self.pending:
            out.append(pending_clause())
        return out


@dataclass
class TaskRow:
    """A task as a list shows it."""

    id: int
    no: str | None
    text: str
    area: str
    status: str  # as shown: late tasks are "overdue"
    percent: int
    version_id: int
    plan_id: int
    plan_org: str
    year: int
    leads: list[str] = field(default_factory=list)
    late_since: date | None = None  # earliest unfinished milestone already past
    next_due: date | None = None  # next unfinished milestone from today on


@dataclass(frozen=True)
class TaskPage:
    rows: list[TaskRow]
    total: int
    page: int
    pages: int


class SearchIndex:
    """Folded text (no case, no diacritics) of every task, cached per plan version.

    A plan version never changes once stored (an edit makes a new one), so entries never go
    stale; the least recently used versions are dropped beyond `max_versions`.
    """

    def __init__(self, max_versions: int = 5000) -> None:
        self._versions: OrderedDict[int, list[tuple[int, str]]] = OrderedDict()
        self._max = max_versions
        self._lock = Lock()

    def search(self, session: Session, versions: Sequence[int], q: str) -> list[int]:
        """Ids of the tasks of `versions` whose text has every word of `q`, in version order
        then plan order."""
        words = fold(q).split()
        texts = self._texts(session, set(versions))
        return [task for version in versions for task, text in texts[version]
                if all(word in text for word in words)]

    def _texts(self, session: Session, versions: set[int]) -> dict[int, list[tuple[int, str]]]:
        with self._lock:
            known = {v: self._versions[v] for v in versions if v in self._versions}
            for v in known:
                self._versions.move_to_end(v)
        missing = versions - known.keys()
        if missing:
            loaded = _load_texts(session, missing)
            with self._lock:
                self._versions.update(loaded)
                while len(self._versions) > self._max:
                    self._versions.popitem(last=False)
            known.update(loaded)
        return known


def _load_texts(session: Session, versions: set[int]) -> dict[int, list[tuple[int, str]]]:
    parts: dict[int, list[str]] = defaultdict(list)
    order: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(versions), 500):
        for task_id, version, no, text, objective, outputs, deadline in session.execute(
                select(Task.id, Task.plan_version_id, Task.no, Task.text, Task.objective,
                       Task.outputs, Task.deadline_text).where(Task.plan_version_id.in_(chunk))
                .order_by(Task.plan_version_id, Task.position)):
            order[version].append(task_id)
            parts[task_id] += [no or "", text, objective or "", *map(str, outputs or []),
                               deadline or ""]
        for task_id, printed in session.execute(
                select(TaskUnit.task_id, TaskUnit.printed_text).join(Task)
                .where(Task.plan_version_id.in_(chunk))):
            parts[task_id].append(printed)
    return {v: [(t, fold(" ".join(parts[t]))) for t in order.get(v, [])] for v in versions}


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    return (items[i:i + size] for i in range(0, len(items), size))


def list_tasks(session: Session, scope: TaskScope, flt: TaskFilter, today: date,
               index: SearchIndex, page: int = 1, page_size: int = 50) -> TaskPage:
    """One page of the tasks of current plan versions that `scope` may see and `flt` keeps,
    in plan order."""
    query = (select(Task.id).join(Plan, Plan.current_version_id == Task.plan_version_id)
             .where(scope.clause(), *flt.clauses(today)))
    if flt.q.strip():
        found = _search(session, scope, flt, today, index)
        total = len(found)
    else:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    first = (page - 1) * page_size
    if flt.q.strip():
        chosen = found[first:first + page_size]
    else:
        chosen = list(session.scalars(query.order_by(Plan.id, Task.position)
                                      .limit(page_size).offset(first)))
    return TaskPage(task_rows(session, chosen, today), total, page, pages)


def _search(session: Session, scope: TaskScope, flt: TaskFilter, today: date,
            index: SearchIndex) -> list[int]:
    """The visible tasks matching the search words (found in the index) and the filters."""
    versions = session.execute(
        select(Plan.current_version_id, Plan.org_id)
        .where(scope.plan_clause(), Plan.current_version_id.is_not(None), *flt.plan_clauses())
        .order_by(Plan.id)).all()
    matches = index.search(session, [v for v, _ in versions], flt.q)
    whole = [v for v, org in versions if org in scope.plan_orgs]  # every task visible
    conditions = flt.task_clauses(today)
    if len(whole) < len(versions):  # in the others, only the tasks of the reader's units
        conditions.append(or_(Task.plan_version_id.in_(whole), TaskScope(
            frozenset(), scope.unit_orgs).clause()))
    if not conditions:
        return matches
    kept: set[int] = set()
    for chunk in _chunks(matches, 5000):
        kept.update(session.scalars(select(Task.id).where(Task.id.in_(chunk), *conditions)))
    return [task for task in matches if task in kept]


def task_rows(session: Session, ids: Sequence[int], today: date) -> list[TaskRow]:
    """Display rows of the tasks `ids`, in that order."""
    if not ids:
        return []
    rows = {r.id: r for r in _base_rows(session, ids)}
    for task_id, name in _lead_names(session, ids):
        rows[task_id].leads.append(name)
    for task_id, late_since, next_due in session.execute(
            select(Milestone.task_id,
                   func.min(case((Milestone.due_date < today, Milestone.due_date))),
                   func.min(case((Milestone.due_date >= today, Milestone.due_date))))
            .where(Milestone.task_id.in_(ids), Milestone.status.not_in(_OPEN))
            .group_by(Milestone.task_id)):
        row = rows[task_id]
        row.late_since, row.next_due = late_since, next_due
        if late_since and row.status not in SETTLED:
            row.status = Status.OVERDUE.value
    return [rows[i] for i in ids if i in rows]


def _base_rows(session: Session, ids: Sequence[int]) -> Iterable[TaskRow]:
    for (task_id, no, text, area, status, percent, version_id, plan_id, org,
         year) in session.execute(
            select(Task.id, Task.no, Task.text, Task.area_code, Task.status, Task.percent,
                   Task.version_id, Plan.id, Organization.name, Plan.year)
            .join(PlanVersion, PlanVersion.id == Task.plan_version_id)
            .join(Plan, Plan.id == PlanVersion.plan_id)
            .join(Organization, Organization.id == Plan.org_id)
            .where(Task.id.in_(ids))):
        yield TaskRow(task_id, no, text, area, status, percent, version_id, plan_id, org, year)


def _lead_names(session: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    """(task id, lead unit name) pairs: the mapped unit's name, else the name as printed."""
    for task_id, printed, name in session.execute(
            select(TaskUnit.task_id, TaskUnit.printed_text, Organization.name)
            .outerjoin(Organization, Organization.id == TaskUnit.org_id)
            .where(TaskUnit.task_id.in_(ids), TaskUnit.role == "lead")
            .order_by(TaskUnit.task_id, TaskUnit.position)):
        yield task_id, name or printed
