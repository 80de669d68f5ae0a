"""Editing a stored plan (sửa kế hoạch): the edited plan becomes a new version, and an edited
task keeps its progress even when its text changed (import_plan alone would carry progress
only to tasks whose area and text are unchanged)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cchc.domain import plan as domain
from cchc.store import audit
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import Milestone, Plan, PlanVersion, Task, User
from cchc.store.services import import_plan


def save_task_edit(session: Session, plan: Plan, edited: domain.Plan, position: int,
                   user: User | None, changes: list[str],
                   findings: list[dict[str, object]]) -> PlanVersion:
    """Store `edited` (the current version with task `position`, 1-based, changed) as the
    plan's next version; audited with the list of `changes`."""
    current = plan.current_version
    if current is None or not 1 <= position <= len(current.tasks):
        raise InvalidUpdateError("Không có nhiệm vụ này trong kế hoạch hiện hành.")
    old = current.tasks[position - 1]
    version = import_plan(session, plan.org, edited, user, current.source_name,
                          current.source_sha256, findings, year=plan.year)
    new = version.tasks[position - 1]
    if new.previous_task_id is None:
        before = audit.snapshot(new)
        new.previous_task_id = old.id
        new.status, new.percent, new.updated_at = old.status, old.percent, old.updated_at
        _carry_milestones(old, new)
        audit.record(session, user, "task.carry", new, before)
    audit.record(session, user, "plan.edit", version,
                 after={"plan_id": plan.id, "number": version.number, "changes": changes})
    return version


def _carry_milestones(old: Task, new: Task) -> None:
    """Milestones of the same kind, label and date keep their progress (events their date)."""
    def key(m: Milestone) -> tuple[str, str | None, date | None]:
        return m.kind, m.label, None if m.kind == "event" else m.due_date

    previous = {key(m): m for m in old.milestones}
    for milestone in new.milestones:
        match = previous.get(key(milestone))
        if match is not None:
            milestone.status, milestone.percent = match.status, match.percent
            milestone.updated_at, milestone.due_date = match.updated_at, match.due_date
            milestone.period_code = match.period_code
