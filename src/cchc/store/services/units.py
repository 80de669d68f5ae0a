"""Printed unit names (cơ quan chủ trì / phối hợp as printed) and the units they stand for.

A mapping is confirmed once per organization and remembered for that organization's next plans.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.plan import UnitRef
from cchc.domain.vntext import fold
from cchc.store import audit
from cchc.store.models import Organization, UnitClass, UnitMapping, User


@dataclass(frozen=True)
class Resolved:
    """What a printed unit stands for: one unit, a class of units, or nothing known yet."""

    org_id: int | None = None
    unit_class_id: int | None = None


def remember_unit_mapping(session: Session, user: User | None, scope: Organization, text: str,
                          org: Organization | None = None,
                          unit_class: UnitClass | None = None) -> UnitMapping:
    """Confirm that `text`, printed in plans of `scope`, means `org` (or `unit_class`)."""
    session.flush()
    folded = fold(text)
    mapping = session.scalar(select(UnitMapping).where(
        UnitMapping.scope_org_id == scope.id, UnitMapping.folded_text == folded))
    before = audit.snapshot(mapping) if mapping else None
    if mapping is None:
        mapping = UnitMapping(scope_org_id=scope.id, folded_text=folded)
        session.add(mapping)
    mapping.org_id = org.id if org else None
    mapping.unit_class_id = unit_class.id if unit_class else None
    mapping.confirmed_by = user.id if user else None
    audit.record(session, user, "unit_mapping.confirm", mapping, before)
    return mapping


class UnitResolver:
    """Resolves printed units for plans of one organization: remembered mappings first, then
    the unit or class code the extractor suggested (UnitRef.unit_id)."""

    def __init__(self, session: Session, scope: Organization) -> None:
        self._session = session
        self._remembered = {
            m.folded_text: Resolved(m.org_id, m.unit_class_id)
            for m in session.scalars(select(UnitMapping).where(
                UnitMapping.scope_org_id == scope.id))}
        self._by_code: dict[tuple[bool, str], Resolved] = {}

    def resolve(self, ref: UnitRef) -> Resolved:
        remembered = self._remembered.get(fold(ref.text))
        if remembered is not None:
            return remembered
        if ref.unit_id is None:
            return Resolved()
        key = (ref.is_class, ref.unit_id)
        if key not in self._by_code:
            self._by_code[key] = self._lookup(*key)
        return self._by_code[key]

    def _lookup(self, is_class: bool, code: str) -> Resolved:
        if is_class:
            return Resolved(unit_class_id=self._session.scalar(
                select(UnitClass.id).where(UnitClass.code == code)))
        return Resolved(org_id=self._session.scalar(
            select(Organization.id).where(Organization.code == code)))
