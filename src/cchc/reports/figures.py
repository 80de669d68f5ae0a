"""Task figures of a report period: which tasks fell due in it and how they stand.

A task is *due* in a period when one of its milestones (mốc) falls between the period's first
day and its cut-off day. It is *done* when it is finished (hoàn thành, đúng or trễ hạn) or all
its milestones of the period are; *overdue* (quá hạn) when not done nor paused and marked
overdue or holding an unfinished milestone of the period whose date has passed on `today`;
*open* (đang thực hiện) otherwise. Statuses are those recorded now: a report drafted after its
cut-off day counts what was done by the day it is drafted.

The same definitions serve a unit's report and the upper level's compilation, which counts
every unit of a province in one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.models import Milestone, Task
from cchc.store.status import FINISHED, Status

_FINISHED = frozenset(s.value for s in FINISHED)
CHUNK = 2000


@dataclass
class Figures:
    due: int = 0  # đến hạn trong kỳ
    done: int = 0  # đã hoàn thành
    overdue: int = 0  # quá hạn

    @property
    def open(self) -> int:
        """Due, neither done nor overdue: đang thực hiện (or paused)."""
        return self.due - self.done - self.overdue

    @property
    def done_share(self) -> float | None:
        """Done of due, in percent; None without tasks due."""
        return 100 * self.done / self.due if self.due else None

    def add(self, other: Figures) -> None:
        self.due += other.due
        self.done += other.done
        self.overdue += other.overdue

    def to_dict(self) -> dict[str, int]:
        return {"due": self.due, "done": self.done, "overdue": self.overdue, "open": self.open}


@dataclass
class TaskState:
    """A task due in the period and how it stands."""

    task_id: int
    version_id: int
    area: str
    state: str  # done | overdue | open
    due_dates: list[date] = field(default_factory=list)  # its milestones in the period


def task_states(session: Session, version_ids: Iterable[int], start: date, end: date,
                today: date) -> list[TaskState]:
    """The tasks of the plan versions `version_ids` due between `start` and `end`."""
    milestones: dict[int, list[tuple[date, bool]]] = defaultdict(list)
    tasks: dict[int, tuple[int, str, str]] = {}
    ids = sorted(set(version_ids))
    for first in range(0, len(ids), CHUNK):
        for task_id, version_id, area, status, due, m_status in session.execute(
                select(Task.id, Task.plan_version_id, Task.area_code, Task.status,
                       Milestone.due_date, Milestone.status)
                .join(Milestone, Milestone.task_id == Task.id)
                .where(Task.plan_version_id.in_(ids[first:first + CHUNK]),
                       Milestone.due_date.between(start, end))
                .order_by(Task.plan_version_id, Task.position, Milestone.due_date)):
            tasks[task_id] = (version_id, area, status)
            milestones[task_id].append((due, m_status in _FINISHED))
    return [TaskState(task_id, version_id, area, _state(status, milestones[task_id], today),
                      [due for due, _ in milestones[task_id]])
            for task_id, (version_id, area, status) in tasks.items()]


def _state(status: str, milestones: list[tuple[date, bool]], today: date) -> str:
    if status in _FINISHED or all(finished for _, finished in milestones):
        return "done"
    if status != Status.PAUSED.value and (status == Status.OVERDUE.value or any(
            due < today and not finished for due, finished in milestones)):
        return "overdue"
    return "open"


def figures_of(states: Iterable[TaskState]) -> Figures:
    figures = Figures()
    for state in states:
        figures.due += 1
        figures.done += state.state == "done"
        figures.overdue += state.state == "overdue"
    return figures
