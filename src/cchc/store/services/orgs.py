"""Writing the organization tree: units, merge/split/rename events, unit classes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.orm import Session

from cchc.store import audit
from cchc.store.models import (
    Organization, OrgEvent, OrgEventLink, UnitClass, UnitClassMember, User)


def create_organization(session: Session, user: User | None, code: str, name: str, kind: str,
                        parent: Organization | None = None, valid_from: date | None = None,
                        valid_to: date | None = None) -> Organization:
    org = Organization(code=code, name=name, kind=kind, parent=parent, valid_from=valid_from,
                       valid_to=valid_to)
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
