"""Writing the organization tree: units, merge/split/rename events, unit classes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.orm import Session

from cchc.store import audit
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import (
    Organization, OrgEvent, OrgEventLink, UnitClass, UnitClassMember, User)


def create_organization(session: Session, user: User | None, code: str, name: str, kind: str,
                        parent: Organization | None = None, valid_from: date | None = None,
                        valid_to: date | None = None, official_name: str | None = None,
                        register_version: str | None = None) -> Organization:
    org = Organization(code=code, name=name, kind=kind, parent=parent, valid_from=valid_from,
                       valid_to=valid_to, official_name=official_name,
                       register_version=register_version)
    session.add(org)
    audit.record(session, user, "org.create", org)
    return org


def record_org_event(session: Session, user: User | None, kind: str, effective_on: date,
                     from_orgs: Sequence[Organization], to_orgs: Sequence[Organization],
                     note: str | None = None) -> OrgEvent:
    """Record a merge (sáp nhập), split (chia tách) or rename (đổi tên) effective on a date.

    Units on the `from` side that do not continue on the `to` side end the day before.
    """
    event = OrgEvent(kind=kind, effective_on=effective_on, note=note)
    event.links = ([OrgEventLink(org=org, side="from") for org in from_orgs]
                   + [OrgEventLink(org=org, side="to") for org in to_orgs])
    session.add(event)
    for org in from_orgs:
        if org not in to_orgs and org.valid_to is None:
            before = audit.snapshot(org)
            org.valid_to = effective_on - timedelta(days=1)
            audit.record(session, user, "org.close", org, before)
    audit.record(session, user, f"org.{kind}", event, after={
        "kind": kind, "effective_on": effective_on.isoformat(), "note": note,
        "from": [org.code for org in from_orgs], "to": [org.code for org in to_orgs]})
    return event


def create_unit_class(session: Session, user: User | None, code: str, name: str) -> UnitClass:
    unit_class = UnitClass(code=code, name=name)
    session.add(unit_class)
    audit.record(session, user, "unit_class.create", unit_class)
    return unit_class


def add_to_unit_class(session: Session, user: User | None, unit_class: UnitClass,
                      org: Organization) -> None:
    """Make `org` a member of `unit_class` (an "UBND cấp xã" task then applies to it)."""
    session.flush()
    member = UnitClassMember(class_id=unit_class.id, org_id=org.id)
    session.add(member)
    audit.record(session, user, "unit_class.add", member)


def update_organization(session: Session, user: User | None, org: Organization, action: str,
                        **values: object) -> bool:
    """Set column values of `org` and audit them as `action`; False when nothing changed."""
    changed = {key: value for key, value in values.items() if getattr(org, key) != value}
    if not changed:
        return False
    before = audit.snapshot(org)
    for key, value in changed.items():
        setattr(org, key, value)
    audit.record(session, user, action, org, before)
    return True


def rename_organization(session: Session, user: User | None, org: Organization, name: str,
                        effective_on: date, **values: object) -> bool:
    """Give `org` a new name from `effective_on`, kept in its history as a rename (đổi tên)."""
    old = org.name
    if not update_organization(session, user, org, "org.rename", name=name, **values):
        return False
    if old != name:
        record_org_event(session, user, "rename", effective_on, [org], [org],
                         note=f"{old} → {name}"[:500])
    return True


def move_organization(session: Session, user: User | None, org: Organization,
                      parent: Organization | None) -> bool:
    """Place `org` under `parent`; refused (InvalidUpdateError) under itself or its own unit."""
    above = parent
    while above is not None:
        if above.id == org.id:
            raise InvalidUpdateError(
                f"Không thể chuyển {org.name} vào chính nó hoặc đơn vị trực thuộc của nó. "
                f"Cannot move {org.code} under itself.")
        above = above.parent
    return update_organization(session, user, org, "org.move", parent=parent)


def close_organization(session: Session, user: User | None, org: Organization,
                       last_day: date) -> int:
    """End `org` and its open units below on `last_day` (ngày cuối tồn tại); how many ended."""
    if org.valid_from is not None and last_day < org.valid_from:
        raise InvalidUpdateError(
            f"Ngày kết thúc {last_day:%d/%m/%Y} trước ngày thành lập {org.valid_from:%d/%m/%Y} "
            f"của {org.name}. {org.code} cannot end before it began.")
    closed = 0
    pending = [org]
    while pending:
        unit = pending.pop()
        if unit.valid_to is None or unit.valid_to > last_day:
            closed += update_organization(session, user, unit, "org.close", valid_to=last_day)
        pending += unit.children
    return closed


def merge_organizations(session: Session, user: User | None, merged: Sequence[Organization],
                        successor: Organization, effective_on: date,
                        note: str | None = None) -> OrgEvent:
    """Merge (sáp nhập) `merged` into `successor` from `effective_on`: the merged units and the
    units below them end the day before; their plans are counted under the successor."""
    for org in merged:
        above = successor
        while above is not None and above.id != org.id:
            above = above.parent
        if above is not None:
            raise InvalidUpdateError(f"{org.name} không thể sáp nhập vào chính nó hoặc đơn vị "
                                     f"trực thuộc nó. {org.code} cannot merge into itself.")
    if successor.valid_to is not None and successor.valid_to < effective_on:
        raise InvalidUpdateError(
            f"Đơn vị kế thừa {successor.name} đã kết thúc ngày {successor.valid_to:%d/%m/%Y}. "
            f"Successor {successor.code} ended before {effective_on}.")
    event = record_org_event(session, user, "merge", effective_on, merged, [successor], note)
    for org in merged:
        close_organization(session, user, org, effective_on - timedelta(days=1))
    return event
