"""Reading the organization tree and what each unit has to do."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from cchc.store.models import (
    PLAN_ISSUER_KINDS, Organization, OrgEvent, OrgEventLink, Plan, Task, TaskUnit,
    UnitClassMember)


def _subtree(roots: Collection[int]) -> Select[tuple[int]]:
    tree = select(Organization.id).where(Organization.id.in_(roots)).cte(recursive=True)
    tree = tree.union_all(select(Organization.id).where(Organization.parent_id == tree.c.id))
    return select(tree.c.id)


def subtree_ids(session: Session, org_id: int) -> set[int]:
    """`org_id` and every unit below it, at any depth."""
    return set(session.scalars(_subtree([org_id])))


@dataclass(frozen=True)
class Merge:
    """A unit merged (sáp nhập) into its successor (đơn vị kế thừa) from a date."""

    merged_id: int
    successor_id: int
    effective_on: date


def _merges() -> Select:
    merged, successor = aliased(OrgEventLink), aliased(OrgEventLink)
    return (select(merged.org_id.label("merged_id"), successor.org_id.label("successor_id"),
                   OrgEvent.effective_on)
            .join(successor, (successor.event_id == merged.event_id) & (successor.side == "to"))
            .join(OrgEvent, OrgEvent.id == merged.event_id)
            .where(merged.side == "from", OrgEvent.kind == "merge",
                   merged.org_id != successor.org_id))


def merges(session: Session) -> list[Merge]:
    """Every recorded merge, oldest first."""
    return [Merge(*row) for row in session.execute(_merges().order_by(OrgEvent.effective_on))]


def scope_ids(session: Session, org_id: int) -> set[int]:
    """The scope of a role held in `org_id`: its subtree, and the subtree of every unit merged
    into a unit of it (at any remove), whose plans and duties the successor carries on."""
    ids: set[int] = set()
    roots = {org_id}
    while roots:
        found = set(session.scalars(_subtree(roots)))
        ids |= found
        edges = _merges().subquery()
        roots = set(session.scalars(select(edges.c.merged_id).where(
            edges.c.successor_id.in_(_subtree(roots))))) - ids
    return ids


def class_members_under(session: Session, class_ids: Collection[int], org_id: int) -> set[int]:
    """The members of the unit classes `class_ids` below `org_id`: whom a plan of `org_id`
    addresses when it names those classes ("UBND cấp xã" in a province plan: its communes)."""
    if not class_ids:
        return set()
    return set(session.scalars(select(UnitClassMember.org_id).where(
        UnitClassMember.class_id.in_(sorted(class_ids)), UnitClassMember.org_id != org_id,
        UnitClassMember.org_id.in_(_subtree([org_id])))))


def own_unit_ids(session: Session, org_id: int) -> set[int]:
    """`org_id` and its internal units, down to (not into) the next organization below that
    issues plans of its own: the scope in which a role held at `org_id` works."""
    tree = select(Organization.id).where(Organization.id == org_id).cte(recursive=True)
    tree = tree.union_all(select(Organization.id).where(
        Organization.parent_id == tree.c.id, Organization.kind.not_in(PLAN_ISSUER_KINDS)))
    return set(session.scalars(select(tree.c.id)))


def ancestor_ids(session: Session, org_id: int) -> list[int]:
    """The units above `org_id`, nearest first."""
    up = (select(Organization.parent_id.label("id"), literal(1).label("depth"))
          .where(Organization.id == org_id).cte(recursive=True))
    up = up.union_all(select(Organization.parent_id, up.c.depth + 1)
                      .where(Organization.id == up.c.id))
    return list(session.scalars(select(up.c.id).where(up.c.id.is_not(None))
                                .order_by(up.c.depth)))


def obligations(session: Session, org: Organization, year: int) -> Select[tuple[Task]]:
    """Tasks of the current plans for `year` that `org` must carry out: those naming it, and
    those of plans above it naming a class it belongs to ("UBND cấp xã")."""
    named = select(TaskUnit.task_id).where(TaskUnit.org_id == org.id)
    by_class = select(TaskUnit.task_id).where(TaskUnit.unit_class_id.in_(
        select(UnitClassMember.class_id).where(UnitClassMember.org_id == org.id)))
    return (select(Task)
            .join(Plan, Plan.current_version_id == Task.plan_version_id)
            .where(Plan.year == year,
                   or_(Task.id.in_(named),
                       Task.id.in_(by_class) & Plan.org_id.in_(ancestor_ids(session, org.id))))
            .order_by(Plan.id, Task.position))


def org_events(session: Session, org_id: int) -> list[OrgEvent]:
    """The merges, splits and renames `org_id` took part in, oldest first."""
    return list(session.scalars(
        select(OrgEvent).where(OrgEvent.id.in_(select(OrgEventLink.event_id).where(
            OrgEventLink.org_id == org_id))).order_by(OrgEvent.effective_on, OrgEvent.id)))


def issuer_chain(session: Session, org_id: int) -> list[int]:
    """The organization whose plan `org_id` works under — itself when it issues plans, else
    the nearest one above it that does (a commune for its officer posts) — then the ones above
    that, nearest first."""
    chain = [org_id, *ancestor_ids(session, org_id)]
    kinds = dict(session.execute(select(Organization.id, Organization.kind)
                                 .where(Organization.id.in_(chain))).all())
    first = next((n for n, i in enumerate(chain) if kinds.get(i) in PLAN_ISSUER_KINDS),
                 len(chain) - 1)
    return chain[first:]


@dataclass(frozen=True)
class Assignment:
    """A task of a current plan that names a unit as lead (chủ trì) or partner (phối hợp), or
    names a class the unit belongs to (role "class", e.g. "UBND cấp xã")."""

    task_id: int
    plan_org_id: int
    unit_id: int
    role: str  # lead | coop | class


def assignments(session: Session, unit_ids: frozenset[int], year: int) -> list[Assignment]:
    """What the current plans of `year` give to any of `unit_ids`, in plan order: tasks naming
    a unit, and tasks of plans above a unit naming a class it belongs to."""
    if not unit_ids:
        return []
    units = sorted(unit_ids)
    given = union_all(
        select(TaskUnit.task_id, TaskUnit.org_id.label("unit_id"), TaskUnit.role)
        .where(TaskUnit.org_id.in_(units)),
        select(TaskUnit.task_id, UnitClassMember.org_id, literal("class"))
        .join(UnitClassMember, UnitClassMember.class_id == TaskUnit.unit_class_id)
        .where(UnitClassMember.org_id.in_(units))).subquery()
    rows = session.execute(
        select(given.c.task_id, Plan.org_id, given.c.unit_id, given.c.role)
        .join(Task, Task.id == given.c.task_id)
        .join(Plan, Plan.current_version_id == Task.plan_version_id)
        .where(Plan.year == year).order_by(Plan.id, Task.position))
    above: dict[int, set[int]] = {}
    found = []
    for row in rows:
        given = Assignment(*row)
        if given.role == "class":  # a class is addressed by the plans of levels above it
            if given.unit_id not in above:
                above[given.unit_id] = set(ancestor_ids(session, given.unit_id))
            if given.plan_org_id not in above[given.unit_id]:
                continue
        found.append(given)
    return found
