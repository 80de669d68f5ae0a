"""Who may do what (phân quyền): the one module every page and API call goes through.

A role is held in an organization. What it allows depends on where the object lies from there
(its *scope*), as written in the role matrix `MATRIX` (docs/roles.md prints the same table, and
the tests walk it cell by cell through the pages and the API):

- own      plans of the organization itself and of its internal units (phòng, bộ phận, công
           chức), down to the next organization that issues plans of its own;
- below    plans of the lower organizations that issue their own plans (cấp dưới: a commune
           under the province, a department under the province);
- lead     tasks of any plan whose lead unit (chủ trì) is one of the user's own units;
- coop     tasks of any plan naming one of the user's own units as partner (phối hợp);
- assigned tasks of an upper plan assigned to a class the user's organization belongs to
           ("UBND cấp xã").

Nobody reports on, approves or edits a lower organization's plan: the level above reads,
comments and sends updates back for correction. An administrator may delegate (ủy quyền) a
role in a given organization to a user, which then counts as held there. Whoever reported an
update never approves or returns it.

An API token (mã truy cập API) acts as the CCHC secretariat of its organization, limited to the
actions of its permissions (`TOKEN_ACTIONS`): its permissions ∩ its organization's scope.

An object outside what the user may read is reported as not found (404), never as forbidden,
so ids cannot be probed; a readable object the user may not change gives 403.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cchc.store.models import (
    TOKEN_PERMISSIONS, ApiToken, Delegation, Membership, Plan, PlanVersion, ProgressUpdate, Task,
    TaskUnit, User)
from cchc.store.queries import class_members_under, own_unit_ids, scope_ids
from cchc.store.task_list import TaskScope
from cchc.store.types import utcnow


class Action(StrEnum):
    READ = "read"  # xem
    COMMENT = "comment"  # cho ý kiến
    UPDATE = "update"  # báo cáo tiến độ, tài liệu kiểm chứng
    APPROVE = "approve"  # phê duyệt cập nhật (not one's own)
    RETURN = "return"  # trả lại, yêu cầu chỉnh sửa (not one's own)
    URGE = "urge"  # đôn đốc
    EDIT_PLAN = "edit_plan"  # nhập, sửa kế hoạch
    MANAGE = "manage"  # tài khoản, đơn vị, ủy quyền (quản trị)
    REPORT = "report"  # soạn, gửi báo cáo định kỳ của đơn vị
    IMPORT_DOSSIERS = "import_dossiers"  # nhập hồ sơ TTHC của đơn vị và cấp dưới
    SCORE = "score"  # tự chấm điểm Chỉ số CCHC của đơn vị, giải trình
    APPRAISE = "appraise"  # thẩm định điểm của cấp dưới, nhập kết quả điều tra xã hội học


class Scope(StrEnum):
    OWN = "own"
    BELOW = "below"
    LEAD = "lead"
    COOP = "coop"
    ASSIGNED = "assigned"


_ALL = frozenset(Scope)
_PLANS = frozenset({Scope.OWN, Scope.BELOW})
_OWN = frozenset({Scope.OWN})
_NONE: frozenset[Scope] = frozenset()
_BELOW = frozenset({Scope.BELOW})
_UNITS = frozenset({Scope.LEAD, Scope.COOP, Scope.ASSIGNED})

MATRIX: dict[str, dict[Action, frozenset[Scope]]] = {
    "admin": {Action.READ: _ALL, Action.COMMENT: _ALL, Action.UPDATE: _OWN | {Scope.LEAD},
              Action.APPROVE: _OWN, Action.RETURN: _OWN, Action.URGE: _OWN,
              Action.EDIT_PLAN: _OWN, Action.MANAGE: _PLANS, Action.REPORT: _OWN,
              Action.IMPORT_DOSSIERS: _PLANS, Action.SCORE: _OWN, Action.APPRAISE: _NONE},
    "leader": {Action.READ: _ALL, Action.COMMENT: _ALL, Action.UPDATE: _NONE,
               Action.APPROVE: _OWN, Action.RETURN: _PLANS, Action.URGE: _OWN,
               Action.EDIT_PLAN: _NONE, Action.MANAGE: _NONE, Action.REPORT: _OWN,
               Action.IMPORT_DOSSIERS: _NONE, Action.SCORE: _NONE, Action.APPRAISE: _BELOW},
    "secretariat": {Action.READ: _ALL, Action.COMMENT: _ALL,
                    Action.UPDATE: _OWN | {Scope.LEAD}, Action.APPROVE: _OWN,
                    Action.RETURN: _PLANS, Action.URGE: _OWN, Action.EDIT_PLAN: _OWN,
                    Action.MANAGE: _NONE, Action.REPORT: _OWN,
                    Action.IMPORT_DOSSIERS: _PLANS, Action.SCORE: _OWN,
                    Action.APPRAISE: _BELOW},
    "unit_officer": {Action.READ: _UNITS, Action.COMMENT: _UNITS,
                     Action.UPDATE: frozenset({Scope.LEAD}), Action.APPROVE: _NONE,
                     Action.RETURN: _NONE, Action.URGE: _NONE, Action.EDIT_PLAN: _NONE,
                     Action.MANAGE: _NONE, Action.REPORT: _NONE,
                     Action.IMPORT_DOSSIERS: _NONE, Action.SCORE: _NONE,
                     Action.APPRAISE: _NONE},
    "reviewer": {Action.READ: _PLANS, Action.COMMENT: _PLANS, Action.UPDATE: _NONE,
                 Action.APPROVE: _NONE, Action.RETURN: frozenset({Scope.BELOW}),
                 Action.URGE: _NONE, Action.EDIT_PLAN: _NONE, Action.MANAGE: _NONE,
                 Action.REPORT: _NONE, Action.IMPORT_DOSSIERS: _NONE, Action.SCORE: _NONE,
                 Action.APPRAISE: _BELOW},
}
TOKEN_ROLE = "secretariat"  # the role whose matrix row an API token acts with, limited
TOKEN_ACTIONS: dict[str, frozenset[Action]] = {  # a token permission → the actions it allows
    "read_plans": frozenset({Action.READ}),
    "report_progress": frozenset({Action.READ, Action.UPDATE, Action.COMMENT}),
    "import_plans": frozenset({Action.READ, Action.EDIT_PLAN}),
    "import_dossiers": frozenset({Action.READ, Action.IMPORT_DOSSIERS}),
    "read_indicators": frozenset({Action.READ}),
    "read_reports": frozenset({Action.READ}),
    "read_scores": frozenset({Action.READ}),
}
assert TOKEN_ACTIONS.keys() == TOKEN_PERMISSIONS.keys()
PLAN_READERS = frozenset(role for role, rights in MATRIX.items() if _PLANS <= rights[Action.READ])


class NotVisible(Exception):
    """The object does not exist or lies outside the user's scope: answer 404."""


class Forbidden(Exception):
    """The user sees the object but may not do this to it: answer 403."""


@dataclass(frozen=True)
class Grant:
    """A role held (or delegated) in an organization, with the ids of its subtree and of the
    units merged into it (`org_ids`, store.queries.scope_ids)
    and of its own units (`own_ids`: the subtree down to the next plan-issuing organization)."""

    role: str
    org_id: int
    org_name: str
    org_ids: frozenset[int]
    own_ids: frozenset[int]
    delegated: bool = False
    limit: frozenset[Action] | None = None  # an API token's actions; None: the role's

    def scopes_for(self, action: Action) -> frozenset[Scope]:
        if self.limit is not None and action not in self.limit:
            return _NONE
        return MATRIX[self.role][action]

    def allows(self, action: Action, scope: Scope) -> bool:
        return scope in self.scopes_for(action)

    def plan_scope(self, org_id: int) -> Scope | None:
        """Where a plan of `org_id` lies from this grant: own, below, or out of reach."""
        if org_id in self.own_ids:
            return Scope.OWN
        return Scope.BELOW if org_id in self.org_ids else None

    def plan_orgs(self, action: Action) -> frozenset[int]:
        """The organizations on whose plans this grant allows `action`."""
        allowed = self.scopes_for(action)
        return ((self.own_ids if Scope.OWN in allowed else frozenset())
                | (self.org_ids - self.own_ids if Scope.BELOW in allowed else frozenset()))


@dataclass(frozen=True)
class Principal:
    """The signed-in user and the grants of their memberships and delegations, or an API
    token: its service account, its one grant and its permissions."""

    user_id: int
    username: str
    display_name: str
    grants: tuple[Grant, ...]
    token_id: int | None = None
    token_permissions: frozenset[str] | None = None  # None: a user, whom roles limit

    def require(self, permission: str) -> None:
        """Forbidden unless the principal is a user or a token holding `permission`."""
        if self.token_permissions is not None and permission not in self.token_permissions:
            raise Forbidden(permission)

    def orgs(self, roles: Iterable[str]) -> frozenset[int]:
        """Every organization below where the user holds one of `roles`."""
        wanted = set(roles)
        return frozenset().union(*(g.org_ids for g in self.grants if g.role in wanted))

    def has_role(self, *roles: str) -> bool:
        return any(g.role in roles for g in self.grants)

    def orgs_for(self, action: Action) -> frozenset[int]:
        """The organizations on whose whole plans the user may do `action`."""
        return frozenset().union(*(g.plan_orgs(action) for g in self.grants))

    def may(self, action: Action, org_id: int) -> bool:
        """May the user do `action` on a whole plan of organization `org_id`?"""
        return any((scope := g.plan_scope(org_id)) is not None and g.allows(action, scope)
                   for g in self.grants)

    def units_for(self, action: Action, scope: Scope) -> frozenset[int]:
        """The user's own units through which `action` is allowed in `scope` (lead, coop…)."""
        return frozenset().union(*(g.own_ids for g in self.grants if g.allows(action, scope)))

    @property
    def task_scope(self) -> TaskScope:
        """The tasks the user may read, as the store's query filter."""
        return TaskScope(plan_orgs=self.orgs_for(Action.READ),
                         unit_orgs=self.units_for(Action.READ, Scope.LEAD))

    @property
    def unit_orgs(self) -> frozenset[int]:
        """The units whose work the user does ("Việc của tôi")."""
        return frozenset().union(*(g.own_ids for g in self.grants if g.role == "unit_officer"))

    @property
    def home_org_ids(self) -> list[int]:
        """The organizations of the user's memberships, plan readers first."""
        ordered = sorted(self.grants, key=lambda g: g.role not in PLAN_READERS)
        return list(dict.fromkeys(g.org_id for g in ordered))


def load_principal(session: Session, user: User) -> Principal:
    """The grants of `user`'s memberships and live delegations, each with its scopes."""
    held = [(m.role.code, m.org_id, m.org.name, False) for m in session.scalars(
        select(Membership).where(Membership.user_id == user.id))]
    now = utcnow()
    held += [(d.role_code, d.org_id, d.org.name, True) for d in session.scalars(
        select(Delegation).where(Delegation.user_id == user.id, Delegation.revoked_at.is_(None),
                                 or_(Delegation.valid_until.is_(None),
                                     Delegation.valid_until > now)))]
    grants = tuple(Grant(role, org_id, name, frozenset(scope_ids(session, org_id)),
                         frozenset(own_unit_ids(session, org_id)), delegated)
                   for role, org_id, name, delegated in held if role in MATRIX)
    return Principal(user.id, user.username, user.display_name, grants)


def load_token_principal(session: Session, token: ApiToken) -> Principal:
    """An API token as a principal: the secretariat's rights in its organization, limited to
    the actions of its permissions."""
    actions = frozenset().union(*(TOKEN_ACTIONS[p] for p in token.permissions
                                  if p in TOKEN_ACTIONS))
    grant = Grant(TOKEN_ROLE, token.org_id, token.org.name,
                  frozenset(scope_ids(session, token.org_id)),
                  frozenset(own_unit_ids(session, token.org_id)), limit=actions)
    return Principal(token.user_id, token.user.username, token.name, (grant,), token.id,
                     frozenset(token.permissions))


@dataclass(frozen=True)
class TaskAccess:
    """What decides access to a task: the plan's organization, the named units, and the
    members of the unit classes it is assigned to."""

    plan_org_id: int
    lead_org_ids: frozenset[int]
    partner_org_ids: frozenset[int]
    class_member_ids: frozenset[int] = frozenset()

    def scopes(self, grant: Grant) -> set[Scope]:
        found = {scope} if (scope := grant.plan_scope(self.plan_org_id)) else set()
        for named, scope in ((self.lead_org_ids, Scope.LEAD), (self.partner_org_ids, Scope.COOP),
                             (self.class_member_ids, Scope.ASSIGNED)):
            if named & grant.own_ids:
                found.add(scope)
        return found

    def allows(self, principal: Principal, action: Action) -> bool:
        return any(grant.allows(action, scope)
                   for grant in principal.grants for scope in self.scopes(grant))


def task_access(session: Session, task_id: int) -> TaskAccess | None:
    """The access facts of a task, None when there is no such task."""
    return task_accesses(session, [task_id]).get(task_id)


def task_accesses(session: Session, task_ids: Collection[int]) -> dict[int, TaskAccess]:
    """The access facts of several tasks in a few queries (a list of tasks to link); the tasks
    that do not exist are left out."""
    plan_orgs = dict(session.execute(
        select(Task.id, Plan.org_id).join(PlanVersion, PlanVersion.id == Task.plan_version_id)
        .join(Plan, Plan.id == PlanVersion.plan_id).where(Task.id.in_(sorted(task_ids)))).all())
    named: dict[int, tuple[set[int], set[int], set[int]]] = {
        task_id: (set(), set(), set()) for task_id in plan_orgs}  # lead, partner, classes
    for task_id, role, org_id, class_id in session.execute(
            select(TaskUnit.task_id, TaskUnit.role, TaskUnit.org_id, TaskUnit.unit_class_id)
            .where(TaskUnit.task_id.in_(sorted(plan_orgs)))):
        lead, partner, classes = named[task_id]
        if org_id is not None:
            (lead if role == "lead" else partner).add(org_id)
        elif class_id is not None:
            classes.add(class_id)
    members: dict[tuple[frozenset[int], int], frozenset[int]] = {}
    found = {}
    for task_id, plan_org in plan_orgs.items():
        lead, partner, classes = named[task_id]
        key = (frozenset(classes), plan_org)
        if key not in members:
            members[key] = frozenset(class_members_under(session, classes, plan_org))
        found[task_id] = TaskAccess(plan_org, frozenset(lead), frozenset(partner), members[key])
    return found


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


def authorize_decision(session: Session, principal: Principal, update_id: int,
                       action: Action) -> ProgressUpdate:
    """A progress update the user may approve or return: not one they reported themselves."""
    update = session.get(ProgressUpdate, update_id)
    if update is None:
        raise NotVisible(f"progress update {update_id}")
    authorize_task(session, principal, update.task_id, action)
    if update.user_id == principal.user_id:
        raise Forbidden(action)
    return update


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


def from_above(principal: Principal, action: Action, org_id: int) -> bool:
    """May the user do `action` on `org_id` as its upper level (a role held above it)? A
    unit's report is returned by the level above, never by the unit itself."""
    return any(grant.plan_scope(org_id) is Scope.BELOW and grant.allows(action, Scope.BELOW)
               for grant in principal.grants)


def authorize_org_change(principal: Principal, org_id: int) -> None:
    """NotVisible or Forbidden unless the user may manage (Action.MANAGE) `org_id` from a unit
    above it: administrators create, rename, move, close and merge the units below their own
    organization, not their own organization itself."""
    authorize_org(principal, org_id, Action.MANAGE)
    if not any(g.allows(Action.MANAGE, Scope.BELOW) and org_id in g.org_ids
               and org_id != g.org_id for g in principal.grants):
        raise Forbidden(Action.MANAGE)
