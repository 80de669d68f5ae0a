"""Who may do what (phân quyền): the one module every page and API call goes through.

A role is held in an organization and covers its whole subtree (cây đơn vị trực thuộc):

| role         | reads                               | writes                                       |
|--------------|-------------------------------------|----------------------------------------------|
| admin        | every plan in scope                 | everything in scope                          |
| leader       | every plan in scope                 | approves updates, comments                   |
| secretariat  | every plan in scope                 | imports and edits plans, updates progress,   |
|              |                                     | attaches evidence, approves, urges, comments |
| unit_officer | tasks where a unit in scope is lead | updates and attaches evidence where lead;    |
|              | (chủ trì) or partner (phối hợp)     | comments where lead or partner               |
| reviewer     | every plan in scope (cấp trên)      | nothing                                      |

An object outside what the user may read is reported as not found (404), never as forbidden,
so ids cannot be probed; a readable object the user may not change gives 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.task_list import TaskScope
from cchc.store.models import Membership, Plan, PlanVersion, Task, TaskUnit, User
from cchc.store.queries import subtree_ids


class Action(StrEnum):
    READ = "read"
    UPDATE = "update"  # progress (tiến độ) and evidence (tài liệu kiểm chứng)
    COMMENT = "comment"
    APPROVE = "approve"  # phê duyệt cập nhật
    URGE = "urge"  # đôn đốc
    EDIT_PLAN = "edit_plan"  # nhập, sửa kế hoạch


PLAN_READERS = frozenset({"admin", "leader", "secretariat", "reviewer"})
_PLAN_WIDE: dict[Action, frozenset[str]] = {
    Action.READ: PLAN_READERS,
    Action.UPDATE: frozenset({"admin", "secretariat"}),
    Action.COMMENT: frozenset({"admin", "leader", "secretariat"}),
    Action.APPROVE: frozenset({"admin", "leader", "secretariat"}),
    Action.URGE: frozenset({"admin", "secretariat"}),
    Action.EDIT_PLAN: frozenset({"admin", "secretariat"}),
}
_AS_LEAD = frozenset({Action.READ, Action.UPDATE, Action.COMMENT})  # unit officer, lead unit
_AS_PARTNER = frozenset({Action.READ, Action.COMMENT})  # unit officer, partner unit


class NotVisible(Exception):
    """The object does not exist or lies outside the user's scope: answer 404."""


class Forbidden(Exception):
    """The user sees the object but may not do this to it: answer 403."""


@dataclass(frozen=True)
class Grant:
    """A role held in an organization, with the ids of the organization's subtree."""

    role: str
    org_id: int
    org_name: str
    org_ids: frozenset[int]


@dataclass(frozen=True)
class Principal:
    """The signed-in user and the grants of their memberships."""

    user_id: int
    username: str
    display_name: str
    grants: tuple[Grant, ...]

    def orgs(self, roles: Iterable[str]) -> frozenset[int]:
        """Every organization where the user holds one of `roles`."""
        wanted = set(roles)
        return frozenset().union(*(g.org_ids for g in self.grants if g.role in wanted))

    def has_role(self, *roles: str) -> bool:
        return any(g.role in roles for g in self.grants)

    def orgs_for(self, action: Action) -> frozenset[int]:
        """The organizations on whose whole plans the user may do `action`."""
        return self.orgs(_PLAN_WIDE[action])

    def may(self, action: Action, org_id: int) -> bool:
        """May the user do `action` on a whole plan of organization `org_id`?"""
        return org_id in self.orgs_for(action)

    @property
    def task_scope(self) -> TaskScope:
        """The tasks the user may read, as the store's query filter."""
        return TaskScope(plan_orgs=self.orgs(PLAN_READERS),
                         unit_orgs=self.orgs({"unit_officer"}))

    @property
    def unit_orgs(self) -> frozenset[int]:
        """The units whose work the user does ("Việc của tôi")."""
        return self.orgs({"unit_officer"})

    @property
    def home_org_ids(self) -> list[int]:
        """The organizations of the user's memberships, plan readers first."""
        ordered = sorted(self.grants, key=lambda g: g.role not in PLAN_READERS)
        return list(dict.fromkeys(g.org_id for g in ordered))


def load_principal(session: Session, user: User) -> Principal:
    """The grants of `user`, each with its subtree."""
    memberships = session.scalars(select(Membership).where(Membership.user_id == user.id))
    grants = tuple(Grant(m.role.code, m.org_id, m.org.name,
                         frozenset(subtree_ids(session, m.org_id))) for m in memberships)
    return Principal(user.id, user.username, user.display_name, grants)


@dataclass(frozen=True)
class TaskAccess:
    """What decides access to a task: the plan's organization and the named units."""

    plan_org_id: int
    lead_org_ids: frozenset[int]
    partner_org_ids: frozenset[int]

    def allows(self, principal: Principal, action: Action) -> bool:
        if principal.may(action, self.plan_org_id):
            return True
        units = principal.unit_orgs
        return ((action in _AS_LEAD and bool(self.lead_org_ids & units))
                or (action in _AS_PARTNER and bool(self.partner_org_ids & units)))


def task_access(session: Session, task_id: int) -> TaskAccess | None:
    """The access facts of a task, None when there is no such task."""
    plan_org = session.scalar(select(Plan.org_id)
                              .join(PlanVersion, PlanVersion.plan_id == Plan.id)
                              .join(Task, Task.plan_version_id == PlanVersion.id)
                              .where(Task.id == task_id))
    if plan_org is None:
        return None
    units = session.execute(select(TaskUnit.role, TaskUnit.org_id)
                            .where(TaskUnit.task_id == task_id, TaskUnit.org_id.is_not(None)))
    lead, partner = set(), set()
    for role, org_id in units:
        (lead if role == "lead" else partner).add(org_id)
    return TaskAccess(plan_org, frozenset(lead), frozenset(partner))


def authorize_task(session: Session, principal: Principal, task_id: int,
                   action: Action = Action.READ) -> Task:
    """The task, if the user may do `action` on it; NotVisible or Forbidden otherwise."""
    access = task_access(session, task_id)
    if access is None or not access.allows(principal, Action.READ):
        raise NotVisible(f"task {task_id}")
    if not access.allows(principal, action):
        raise Forbidden(action)
    task = session.get(Task, task_id)
    assert task is not None
    return task


def authorize_plan(session: Session, principal: Principal, plan_id: int,
                   action: Action = Action.READ) -> Plan:
    """The plan, if the user may do `action` on it as a whole; NotVisible or Forbidden."""
    plan = session.get(Plan, plan_id)
    if plan is None or not principal.may(Action.READ, plan.org_id):
        raise NotVisible(f"plan {plan_id}")
    if not principal.may(action, plan.org_id):
        raise Forbidden(action)
    return plan


def authorize_org(principal: Principal, org_id: int, action: Action = Action.READ) -> None:
    """NotVisible or Forbidden unless the user may do `action` on plans of `org_id`."""
    if not principal.may(Action.READ, org_id):
        raise NotVisible(f"organization {org_id}")
    if not principal.may(action, org_id):
        raise Forbidden(action)
