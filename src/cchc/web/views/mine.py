"""Việc của tôi: the tasks my units lead or support, the tasks plans above assign to my
organizations or their class ("UBND cấp xã"), updates waiting for my approval, and the
reminders my units received."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.models import (
    Obligation, Organization, Plan, ProgressUpdate, Task, TaskUnit, User)
from cchc.store.queries import ancestor_ids, obligations
from cchc.store.task_list import TaskRow, task_rows
from cchc.web.auth import current_principal, db_session
from cchc.web.operations import notifications_for
from cchc.web.params import Year
from cchc.web.permissions import Action, Principal
from cchc.web.templating import render
from cchc.web.years import chosen_year, plan_years

router = APIRouter(include_in_schema=False)
PENDING_LIMIT = 50


@router.get("/my", name="my_work")
def my_work(request: Request, year: Year | None = None,
            principal: Principal = Depends(current_principal),
            session: Session = Depends(db_session)) -> Response:
    today = request.app.state.settings.today()
    year = chosen_year(year, plan_years(session, principal), today)
    units = principal.unit_orgs
    leading = _tasks_of(session, units, "lead", year, today)
    supporting = _tasks_of(session, units, "coop", year, today)
    return render(request, "my_work.html", {
        "year": year,
        "leading": leading,
        "supporting": supporting,
        "from_above": _from_above(session, principal, year,
                                  {r.id for r in leading + supporting}),
        "pending": _pending_approvals(session, principal),
        "notifications": notifications_for(session, units)})


def _tasks_of(session: Session, units: frozenset[int], role: str, year: int,
              today: date) -> list[TaskRow]:
    """Current tasks of `year` where one of `units` is lead (or partner), late ones first."""
    if not units:
        return []
    ids = list(session.scalars(
        select(Task.id).join(Plan, Plan.current_version_id == Task.plan_version_id)
        .where(Plan.year == year, Task.id.in_(select(TaskUnit.task_id).where(
            TaskUnit.role == role, TaskUnit.org_id.in_(sorted(units)))))
        .order_by(Plan.id, Task.position)))
    return sorted(task_rows(session, ids, today),
                  key=lambda r: (r.status != "overdue", r.status in ("done", "done_late"),
                                 r.late_since or r.next_due or date.max))


def _from_above(session: Session, principal: Principal, year: int,
                shown: set[int]) -> list[tuple[Task, str, int, str | None, bool]]:
    """Tasks of plans above my organizations that name one of them or a class they belong to
    (obligations of an upper-level plan), with the issuing organization's name, the unit of
    mine that owes it, the status that unit reported and whether a class was assigned (then
    the unit reports on its own obligation page)."""
    mine = set(principal.home_org_ids)
    chain = mine | {a for org_id in mine for a in ancestor_ids(session, org_id)}
    found: dict[int, tuple[Task, str, int]] = {}
    for org in session.scalars(select(Organization).where(Organization.id.in_(sorted(chain)))):
        above = ancestor_ids(session, org.id)
        query = (obligations(session, org, year).where(Plan.org_id.in_(above))
                 .join(Organization, Organization.id == Plan.org_id)
                 .add_columns(Organization.name))
        for task, issuer in session.execute(query):
            if task.id not in shown:
                found.setdefault(task.id, (task, issuer, org.id))
    reported = {(o.task_id, o.org_id): o.status for o in session.scalars(
        select(Obligation).where(Obligation.task_id.in_(list(found))))}
    by_class = set(session.scalars(select(TaskUnit.task_id).where(
        TaskUnit.task_id.in_(list(found)), TaskUnit.role == "lead",
        TaskUnit.unit_class_id.is_not(None))))
    return [(task, issuer, org_id, reported.get((task.id, org_id)), task.id in by_class)
            for task, issuer, org_id in found.values()]


def _pending_approvals(session: Session,
                       principal: Principal) -> list[tuple[ProgressUpdate, Task, str]]:
    """Progress updates of others still waiting for a decision, on current tasks of plans the
    user approves."""
    orgs = principal.orgs_for(Action.APPROVE)
    if not orgs:
        return []
    return [tuple(row) for row in session.execute(
        select(ProgressUpdate, Task, User.display_name)
        .join(Task, Task.id == ProgressUpdate.task_id)
        .join(Plan, Plan.current_version_id == Task.plan_version_id)
        .outerjoin(User, User.id == ProgressUpdate.user_id)
        .where(ProgressUpdate.approved_at.is_(None), ProgressUpdate.returned_at.is_(None),
               ProgressUpdate.user_id.is_distinct_from(principal.user_id),
               Plan.org_id.in_(sorted(orgs)))
        .order_by(ProgressUpdate.created_at.desc()).limit(PENDING_LIMIT))]
