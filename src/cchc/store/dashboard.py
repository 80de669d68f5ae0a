"""Figures of a plan's dashboard (bảng theo dõi) and of the organization tree (cây đơn vị).

Read-only. Figures count approved progress (số liệu đã duyệt); tasks with an update still
waiting for approval are counted apart as pending (chờ duyệt). Colours (red / amber / green): red when at least RED_SHARE of the tasks are late,
amber when any is, green otherwise; a group without tasks has no colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from cchc.domain.areas import AREAS
from cchc.domain.vntext import fold
from cchc.store.models import (
    PLAN_ISSUER_KINDS, Milestone, Organization, Plan, PlanVersion, Target, Task, TaskUnit)
from cchc.store.queries import merges, scope_ids
from cchc.store.status import FINISHED, Status
from cchc.store.task_list import (
    SETTLED, TaskRow, due_within_clause, late_clause, pending_clause, task_rows)

RED_SHARE = 0.2
LIST_LIMIT = 20  # tasks shown in the late and due-soon lists
PLAN_ISSUERS = frozenset(PLAN_ISSUER_KINDS)
_FINISHED = frozenset(s.value for s in FINISHED)


@dataclass
class Figures:
    """Counts over a group of tasks."""

    total: int = 0
    done: int = 0  # hoàn thành (đúng hạn or trễ hạn)
    late: int = 0  # quá hạn
    due_soon: int = 0  # sắp đến hạn
    percent_sum: int = 0
    pending: int = 0  # with an update waiting for approval (chờ duyệt)

    def add(self, other: Figures) -> None:
        self.total += other.total
        self.done += other.done
        self.late += other.late
        self.due_soon += other.due_soon
        self.percent_sum += other.percent_sum
        self.pending += other.pending

    @property
    def percent(self) -> int:
        """Average progress, in percent."""
        return round(self.percent_sum / self.total) if self.total else 0

    @property
    def done_share(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def rag(self) -> str | None:
        """"red", "amber", "green", or None without tasks."""
        if not self.total:
            return None
        if self.late and self.late >= RED_SHARE * self.total:
            return "red"
        return "amber" if self.late else "green"


@dataclass
class Group:
    key: str
    label: str
    figures: Figures = field(default_factory=Figures)


@dataclass
class Month:
    """Milestones (mốc) of one month of the plan year."""

    month: int
    done: int = 0
    upcoming: int = 0
    late: int = 0


@dataclass
class PlanDashboard:
    plan_id: int
    org_id: int
    org_name: str
    year: int
    version: int | None
    version_at: datetime | None
    source_name: str | None
    meta: dict[str, Any]
    findings: int
    totals: Figures
    by_area: list[Group]
    by_unit: list[Group]
    late: list[TaskRow]
    due_soon: list[TaskRow]
    targets: list[Target]
    months: list[Month]
    undated: int  # milestones waiting for an event's date


def plan_dashboard(session: Session, plan: Plan, today: date,
                   due_days: int = 14) -> PlanDashboard:
    """The figures of `plan`'s current version as of `today`."""
    version = plan.current_version
    tasks = _task_facts(session, version.id if version else None, today, due_days)
    totals, areas, units = Figures(), {c: Group(c, n) for c, n in AREAS.items()}, {}
    for fact in tasks.values():
        totals.add(fact.figures)
        areas.setdefault(fact.area, Group(fact.area, fact.area)).figures.add(fact.figures)
        for key, label in fact.leads or [("", "(chưa rõ đơn vị chủ trì)")]:
            units.setdefault(key, Group(key, label)).figures.add(fact.figures)
    late = sorted((t for t in tasks.values() if t.figures.late), key=lambda t: t.late_since
                  or date.min)
    soon = sorted((t for t in tasks.values() if t.figures.due_soon), key=lambda t: t.next_due
                  or date.max)
    months, undated = _months(tasks.values(), plan.year, today)
    return PlanDashboard(
        plan.id, plan.org_id, plan.org.name, plan.year, version.number if version else None,
        version.created_at if version else None, version.source_name if version else None,
        (version.plan_json.get("meta") or {}) if version else {},
        len(version.findings) if version else 0, totals,
        [g for g in areas.values() if g.figures.total],
        sorted(units.values(), key=lambda g: (-g.figures.late, -g.figures.total, g.label)),
        task_rows(session, [t.id for t in late[:LIST_LIMIT]], today),
        task_rows(session, [t.id for t in soon[:LIST_LIMIT]], today),
        list(version.targets) if version else [], months, undated)


@dataclass
class _TaskFact:
    id: int
    area: str
    status: str
    finished: bool
    figures: Figures
    leads: list[tuple[str, str]] = field(default_factory=list)
    milestones: list[tuple[date | None, bool]] = field(default_factory=list)  # (due, finished)
    late_since: date | None = None
    next_due: date | None = None


def _task_facts(session: Session, version_id: int | None, today: date,
                due_days: int) -> dict[int, _TaskFact]:
    if version_id is None:
        return {}
    facts = {task_id: _TaskFact(task_id, area, status, status in _FINISHED,
                                Figures(total=1, percent_sum=percent,
                                        done=int(status in _FINISHED), pending=int(pending)))
             for task_id, area, status, percent, pending in session.execute(
                 select(Task.id, Task.area_code, Task.approved_status, Task.approved_percent,
                        pending_clause())
                 .where(Task.plan_version_id == version_id).order_by(Task.position))}
    for task_id, org_id, printed, name in session.execute(
            select(TaskUnit.task_id, TaskUnit.org_id, TaskUnit.printed_text, Organization.name)
            .join(Task).outerjoin(Organization, Organization.id == TaskUnit.org_id)
            .where(Task.plan_version_id == version_id, TaskUnit.role == "lead")
            .order_by(TaskUnit.task_id, TaskUnit.position)):
        key = f"org:{org_id}" if org_id else f"text:{fold(printed)}"
        facts[task_id].leads.append((key, name or printed))
    soon_end = today + timedelta(days=due_days)
    for task_id, due, status in session.execute(
            select(Milestone.task_id, Milestone.due_date, Milestone.approved_status).join(Task)
            .where(Task.plan_version_id == version_id)):
        fact = facts[task_id]
        finished = fact.finished or status in _FINISHED
        fact.milestones.append((due, finished))
        if finished or due is None:
            continue
        if due < today:
            fact.late_since = min(fact.late_since or due, due)
        elif due <= soon_end:
            fact.next_due = min(fact.next_due or due, due)
    for fact in facts.values():
        active = fact.status not in SETTLED
        fact.figures.late = int(active and (fact.status == Status.OVERDUE.value
                                            or fact.late_since is not None))
        fact.figures.due_soon = int(active and fact.next_due is not None)
    return facts


def _months(tasks: Any, year: int, today: date) -> tuple[list[Month], int]:
    months = [Month(m) for m in range(1, 13)]
    undated = 0
    for fact in tasks:
        for due, finished in fact.milestones:
            if due is None:
                undated += not finished
            elif due.year == year:
                month = months[due.month - 1]
                if finished:
                    month.done += 1
                elif due < today and fact.status not in SETTLED:
                    month.late += 1
                else:
                    month.upcoming += 1
    return months, undated


@dataclass
class OrgNode:
    """An organization with its own plan's figures and those of its whole subtree."""

    id: int
    name: str
    kind: str
    plan_id: int | None = None
    version: int | None = None
    own: Figures = field(default_factory=Figures)
    subtree: Figures = field(default_factory=Figures)
    issuers: int = 0  # plan-issuing units in the subtree, this one included
    without_plan: int = 0  # of which have no plan for the year
    children: list[OrgNode] = field(default_factory=list)
    valid_from: date | None = None
    valid_to: date | None = None
    existed: bool = True  # in the tree's year
    merged_on: date | None = None  # shown under the unit it was merged into (sáp nhập) then

    @property
    def issues_plans(self) -> bool:
        """Had to issue a plan in the tree's year."""
        return self.kind in PLAN_ISSUERS and self.existed

    @property
    def units_below(self) -> int:
        """Plan-issuing units below this one."""
        return self.issuers - self.issues_plans

    @property
    def without_plan_below(self) -> int:
        return self.without_plan - (self.issues_plans and self.plan_id is None)

    @property
    def late_below(self) -> int:
        """Late tasks in the plans of the units below."""
        return self.subtree.late - self.own.late


def org_tree(session: Session, root_id: int, year: int, today: date,
             due_days: int = 14) -> OrgNode:
    """`root_id` and the plan-issuing units below it that existed in `year`, each with its plan's
    figures for `year` and those rolled up over its subtree. Internal units (offices, officer
    posts) are left out unless they have a plan of their own. A unit merged into another one of
    the tree (sáp nhập) is shown and counted under that successor, which is then shown even for
    a year before it existed: a 2024 plan of a dissolved commune counts under today's commune."""
    ids = scope_ids(session, root_id)
    first, last = date(year, 1, 1), date(year, 12, 31)
    parents: dict[int, int | None] = {}
    nodes: dict[int, OrgNode] = {}
    for i, name, kind, parent, valid_from, valid_to in session.execute(
            select(Organization.id, Organization.name, Organization.kind, Organization.parent_id,
                   Organization.valid_from, Organization.valid_to)
            .where(Organization.id.in_(ids))):
        existed = (valid_from is None or valid_from <= last) and (valid_to is None
                                                                  or valid_to >= first)
        parents[i] = parent
        nodes[i] = OrgNode(i, name, kind, valid_from=valid_from, valid_to=valid_to,
                           existed=existed)
    for org_id, plan_id, number, figures in _plan_figures(session, ids, year, today, due_days):
        node = nodes[org_id]
        node.plan_id, node.version, node.own = plan_id, number, figures
    successors = {m.merged_id: m for m in merges(session)
                  if m.merged_id in nodes and m.successor_id in nodes and m.merged_id != root_id}
    shown = {i for i, n in nodes.items() if i == root_id or n.plan_id is not None
             or n.issues_plans}
    pending = list(shown)
    while pending:  # the successors of what is shown
        merge = successors.get(pending.pop())
        if merge is not None and merge.successor_id not in shown:
            shown.add(merge.successor_id)
            pending.append(merge.successor_id)

    def above(i: int) -> int | None:
        merge = successors.get(i)
        if merge is None:
            return parents[i]
        nodes[i].merged_on = merge.effective_on
        return merge.successor_id

    for i in shown - {root_id}:
        parent, seen = above(i), {i}
        while parent is not None and parent not in shown and parent not in seen:
            seen.add(parent)
            parent = above(parent)
        nodes[parent if parent in shown and parent != i else root_id].children.append(nodes[i])
    root = nodes[root_id]
    _roll_up(root)
    return root


def _plan_figures(session: Session, org_ids: set[int], year: int, today: date,
                  due_days: int) -> list[tuple[int, int, int, Figures]]:
    finished = Task.approved_status.in_(_FINISHED)
    rows = session.execute(
        select(Plan.org_id, Plan.id, PlanVersion.number, func.count(Task.id),
               func.sum(case((finished, 1), else_=0)),
               func.sum(case((late_clause(today, approved=True), 1), else_=0)),
               func.sum(case((due_within_clause(today, due_days, approved=True), 1), else_=0)),
               func.sum(Task.approved_percent), func.sum(case((pending_clause(), 1), else_=0)))
        .join(PlanVersion, PlanVersion.id == Plan.current_version_id)
        .outerjoin(Task, Task.plan_version_id == PlanVersion.id)
        .where(Plan.year == year, Plan.org_id.in_(sorted(org_ids)))
        .group_by(Plan.org_id, Plan.id, PlanVersion.number))
    return [(org_id, plan_id, number,
             Figures(total, done or 0, late or 0, soon or 0, int(percent or 0), pending or 0))
            for org_id, plan_id, number, total, done, late, soon, percent, pending in rows]


def _roll_up(node: OrgNode) -> None:
    node.children.sort(key=lambda n: fold(n.name))
    node.subtree = Figures()
    node.subtree.add(node.own)
    issues = node.issues_plans
    node.issuers, node.without_plan = int(issues), int(issues and node.plan_id is None)
    for child in node.children:
        _roll_up(child)
        node.subtree.add(child.subtree)
        node.issuers += child.issuers
        node.without_plan += child.without_plan


def lineage(session: Session, task_id: int) -> list[int]:
    """The task and the same task in earlier versions of its plan, newest first."""
    chain = select(Task.id, Task.previous_task_id).where(Task.id == task_id).cte(recursive=True)
    chain = chain.union_all(select(Task.id, Task.previous_task_id)
                            .where(Task.id == chain.c.previous_task_id))
    return sorted(session.scalars(select(chain.c.id)), reverse=True)


def current_successor(session: Session, task_id: int) -> int | None:
    """The task carrying `task_id` on in its plan's current version (itself when current)."""
    current = task_id
    while current is not None:
        is_current = session.scalar(
            select(Plan.id).join(PlanVersion, PlanVersion.id == Plan.current_version_id)
            .join(Task, Task.plan_version_id == PlanVersion.id).where(Task.id == current))
        if is_current is not None:
            return current
        current = session.scalar(select(Task.id).where(Task.previous_task_id == current))
    return None
