"""Việc của tôi: what plans give to my units — in my organization's own plan (as lead, partner,
or through a class of units), in the plans of the levels above it ("Nhiệm vụ cấp trên giao":
named, or given to a class such as "UBND cấp xã"), and in other plans naming them — each item
linked to a page I may open (a task given to a class: my unit's own obligation, where it
reports its part), and only then; updates waiting for my decision; the reminders my units
received."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.models import Obligation, Organization, Plan, ProgressUpdate, Task, User
from cchc.store.queries import Assignment, assignments, issuer_chain
from cchc.store.status import FINISHED
from cchc.store.task_list import TaskRow, task_rows
from cchc.web.auth import current_principal, db_session
from cchc.web.operations import notifications_for
from cchc.web.params import Year
from cchc.web.permissions import Action, Principal, task_accesses
from cchc.web.templating import render
from cchc.web.years import chosen_year, plan_years

router = APIRouter(include_in_schema=False)
PENDING_LIMIT = 50
ROLES = ("lead", "coop", "class")  # chủ trì, phối hợp, giao cho nhóm đơn vị: first one wins
_FINISHED = frozenset(s.value for s in FINISHED)


@dataclass
class WorkList:
    """Tasks of one part of the page, most urgent first, with what each is to the reader."""

    rows: list[TaskRow] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)  # task id -> one of ROLES
    reportable: set[int] = field(default_factory=set)  # tasks the reader reports progress on
    owed: dict[int, int] = field(default_factory=dict)  # task id -> my unit whose obligation
    # page (cascade) the item opens, for a task given to a class of units
    reported: dict[int, str] = field(default_factory=dict)  # task id -> my unit's own status

    def by_role(self, role: str) -> list[TaskRow]:
        return [row for row in self.rows if self.roles[row.id] == role]


@router.get("/my", name="my_work")
def my_work(request: Request, year: Year | None = None,
            principal: Principal = Depends(current_principal),
            session: Session = Depends(db_session)) -> Response:
    today = request.app.state.settings.today()
    year = chosen_year(year, plan_years(session, principal), today)
    work, issuers = _work(session, principal, year, today)
    return render(request, "my_work.html", {
        "year": year, "own": work["own"], "above": work["above"], "other": work["other"],
        "issuers": issuers,
        "pending": _pending_approvals(session, principal),
        "notifications": notifications_for(session, principal.unit_orgs)})


def _work(session: Session, principal: Principal, year: int,
          today: date) -> tuple[dict[str, WorkList], list[str]]:
    """The tasks given to the user's units, in three parts: "own" (the plan of the
    organization a unit officer works in), "above" (plans of the levels above it) and "other";
    with the names of the organizations whose plans are "own". A plan reader's own plan is
    their dashboard, so only a unit officer's units count there."""
    units = frozenset().union(*(g.own_ids for g in principal.grants))
    places = _Places(session)
    parts: dict[str, dict[int, Assignment]] = {"own": {}, "above": {}, "other": {}}
    own_issuers = set()
    for given in assignments(session, units, year):
        part = places.part(given)
        if part == "own":
            if given.unit_id not in principal.unit_orgs:
                continue
            own_issuers.add(given.plan_org_id)
        known = parts[part].get(given.task_id)
        if known is None or ROLES.index(given.role) < ROLES.index(known.role):
            parts[part][given.task_id] = given
    work, shown = {}, set()
    for part, given in parts.items():
        work[part] = _work_list(session, principal, today,
                                [g for t, g in given.items() if t not in shown])
        shown |= given.keys()
    names = session.scalars(select(Organization.name).where(
        Organization.id.in_(sorted(own_issuers))).order_by(Organization.name))
    return work, list(names)


class _Places:
    """Where a plan lies from the unit it gives a task to: the plan of the unit's own
    organization, a plan of a level above it, or another plan."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._chains: dict[int, list[int]] = {}  # unit -> its plan issuer, then those above

    def part(self, given: Assignment) -> str:
        if given.unit_id not in self._chains:
            self._chains[given.unit_id] = issuer_chain(self.session, given.unit_id)
        issuer, *above = self._chains[given.unit_id]
        if given.plan_org_id in above:
            return "above"
        return "own" if given.plan_org_id == issuer else "other"


def _work_list(session: Session, principal: Principal, today: date,
               given: list[Assignment]) -> WorkList:
    """The tasks `given` whose page the user may open, late ones first, finished ones last.
    A task given to a class opens the unit's obligation where the user may read that unit."""
    work = WorkList()
    owed = {item.task_id: item.unit_id for item in given
            if item.role == "class" and principal.may(Action.READ, item.unit_id)}
    accesses = task_accesses(session, [i.task_id for i in given if i.task_id not in owed])
    for item in given:
        if item.task_id in owed:
            work.owed[item.task_id] = item.unit_id
            reportable = principal.may(Action.UPDATE, item.unit_id)
        elif (access := accesses.get(item.task_id)) and access.allows(principal, Action.READ):
            reportable = access.allows(principal, Action.UPDATE)
        else:
            continue
        work.roles[item.task_id] = item.role
        if reportable:
            work.reportable.add(item.task_id)
    work.reported = {o.task_id: o.status for o in session.scalars(select(Obligation).where(
        Obligation.task_id.in_(list(work.owed)))) if work.owed[o.task_id] == o.org_id}
    work.rows = sorted(task_rows(session, list(work.roles), today),
                       key=lambda r: (r.status != "overdue", r.status in _FINISHED,
                                      r.late_since or r.next_due or date.max))
    return work


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
