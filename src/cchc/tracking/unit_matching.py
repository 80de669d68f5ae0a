"""Printed units of a plan (cơ quan chủ trì / phối hợp as printed) → units of the organization tree.

For each distinct printed unit the best suggestion is, in order: the mapping confirmed earlier for
the same organization (remembered, reused next year); the class of units or the canonical unit the
extractor recognized (UnitRef.unit_id), looked up among the units nearest the plan's organization;
a fuzzy match of folded names (rapidfuzz). Nearest means: the organization and everything below
it, then each level above with the units directly under it. Two equally near units with the same
canonical id are ambiguous and suggest nothing: a wrong unit is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cchc.domain import plan as domain
from cchc.domain.vntext import fold
from cchc.extract.units import default_vocabulary
from cchc.store.models import Organization, UnitClass, UnitMapping
from cchc.store.queries import ancestor_ids, subtree_ids

AUTO_ACCEPT = 90.0  # score from which the CLI confirms a suggestion without asking
FUZZY_FLOOR = 60.0  # below this a fuzzy candidate is not worth showing

# The People's Committee an organization of each kind stands for (its name may not tell:
# "UBND thành phố Thanh Hóa" reads as a district or a province).
_COMMITTEE_UNIT = {"tinh": "tinh.ubnd", "huyen": "huyen.ubnd", "xa": "xa.ubnd",
                   "phuong": "xa.ubnd", "thi_tran": "xa.ubnd", "dac_khu": "xa.ubnd"}

Source = Literal["remembered", "class", "canonical", "fuzzy"]


@dataclass(frozen=True)
class UnitSuggestion:
    """What a printed unit probably means: one unit, a class of units, or nothing found."""

    text: str  # as printed
    org: Organization | None = None
    unit_class: UnitClass | None = None
    score: float = 0.0
    source: Source | None = None

    @property
    def matched(self) -> bool:
        return self.org is not None or self.unit_class is not None

    @property
    def label(self) -> str | None:
        """The name of the unit or class suggested."""
        target = self.org or self.unit_class
        return target.name if target else None


def canonical_unit_id(org: Organization) -> str | None:
    """The vocabulary unit (data/units.yaml) an organization is: by kind for a People's
    Committee, else by its name ("Công chức Văn phòng - Thống kê" → xa.vp_tk)."""
    if org.kind in _COMMITTEE_UNIT:
        return _COMMITTEE_UNIT[org.kind]
    ref = default_vocabulary().match(org.name)
    return None if ref.is_class else ref.unit_id


def printed_units(plan: domain.Plan) -> list[domain.UnitRef]:
    """Each distinct printed unit of the plan's tasks (lead, then partners), first seen first."""
    seen: dict[str, domain.UnitRef] = {}
    for task in plan.tasks:
        refs = [*(task.lead_units or map(domain.UnitRef, task.lead)),
                *(task.coop_units or map(domain.UnitRef, task.coop))]
        for ref in refs:
            seen.setdefault(fold(ref.text), ref)
    return list(seen.values())


def suggest_units(session: Session, scope: Organization, plan: domain.Plan,
                  year: int | None = None) -> list[UnitSuggestion]:
    """The best suggestion for every printed unit of `plan`, issued by `scope`."""
    return _Matcher(session, scope, year or plan.meta.year).suggest_all(printed_units(plan))


class _Matcher:
    def __init__(self, session: Session, scope: Organization, year: int | None) -> None:
        self._session = session
        self._remembered = {m.folded_text: m for m in session.scalars(
            select(UnitMapping).where(UnitMapping.scope_org_id == scope.id))}
        self._classes = {c.code: c for c in session.scalars(select(UnitClass))}
        self._tiers = [[org for org in tier if _valid_in(org, year)]
                       for tier in _nearest_first(session, scope)]
        self._canonical = {org.id: canonical_unit_id(org) for tier in self._tiers
                           for org in tier}

    def suggest_all(self, refs: list[domain.UnitRef]) -> list[UnitSuggestion]:
        return [self.suggest(ref) for ref in refs]

    def suggest(self, ref: domain.UnitRef) -> UnitSuggestion:
        remembered = self._remembered.get(fold(ref.text))
        if remembered is not None:
            get = self._session.get
            return UnitSuggestion(
                ref.text, remembered.org_id and get(Organization, remembered.org_id),
                remembered.unit_class_id and get(UnitClass, remembered.unit_class_id), 100.0,
                "remembered")
        if ref.is_class:
            unit_class = self._classes.get(ref.unit_id or "")
            return (UnitSuggestion(ref.text, unit_class=unit_class, score=ref.score,
                                   source="class") if unit_class else UnitSuggestion(ref.text))
        if ref.unit_id is not None:
            return self._by_canonical_id(ref)
        return self._by_name(ref.text)

    def _by_canonical_id(self, ref: domain.UnitRef) -> UnitSuggestion:
        for tier in self._tiers:
            found = [org for org in tier if self._canonical[org.id] == ref.unit_id]
            if len(found) == 1:
                return UnitSuggestion(ref.text, found[0], score=ref.score, source="canonical")
            if found:
                return UnitSuggestion(ref.text)  # ambiguous
        return self._by_name(ref.text)

    def _by_name(self, text: str) -> UnitSuggestion:
        best = UnitSuggestion(text)
        for tier in self._tiers:
            choices = {org.id: fold(org.name) for org in tier}
            match = process.extractOne(fold(text), choices, scorer=fuzz.token_sort_ratio,
                                       score_cutoff=max(FUZZY_FLOOR, best.score + 1e-9))
            if match is None:
                continue
            _, score, org_id = match
            best = UnitSuggestion(text, next(o for o in tier if o.id == org_id), score=score,
                                  source="fuzzy")
            if score >= AUTO_ACCEPT:
                break
        return best


def _nearest_first(session: Session, scope: Organization) -> Iterator[list[Organization]]:
    """The scope's subtree, then each level above with the units directly under it."""
    taken = subtree_ids(session, scope.id)
    yield list(session.scalars(select(Organization).where(Organization.id.in_(taken))
                               .order_by(Organization.id)))
    for ancestor in ancestor_ids(session, scope.id):
        tier = [org for org in session.scalars(
            select(Organization).where(or_(Organization.id == ancestor,
                                           Organization.parent_id == ancestor))
            .order_by(Organization.id)) if org.id not in taken]
        taken |= {org.id for org in tier}
        yield tier


def _valid_in(org: Organization, year: int | None) -> bool:
    """The unit existed at some time during the plan year (always, when the year is unknown)."""
    if year is None:
        return True
    return ((org.valid_from is None or org.valid_from <= date(year, 12, 31))
            and (org.valid_to is None or org.valid_to >= date(year, 1, 1)))
