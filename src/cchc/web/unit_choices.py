"""Which organization each unit printed in a plan stands for: suggestions for the import preview.

Suggested, in order: the choice already made in this draft, the mapping remembered from an
earlier plan of the same organization, the class or unit the extractor recognized, then the
closest name among the importing organization's units (fuzzy, diacritics ignored).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.plan import UnitRef
from cchc.domain.vntext import fold
from cchc.store.models import Organization, UnitClass, UnitMapping
from cchc.store.queries import subtree_ids
from cchc.web.drafts import Draft

SUGGESTIONS = 8
AUTO_SELECT_SCORE = 85.0


@dataclass(frozen=True)
class Option:
    value: str  # "org:ID" | "class:ID"
    label: str


@dataclass(frozen=True)
class UnitChoice:
    printed: str
    tasks: int
    options: list[Option]
    selected: str  # "" when nothing is chosen yet
    remembered: bool


class UnitCatalog:
    """The units a plan of `org` may name: its subtree, and every class of units."""

    def __init__(self, session: Session, org: Organization) -> None:
        self.scope = org
        ids = subtree_ids(session, org.id)
        self.orgs = {f"org:{i}": name for i, name in session.execute(
            select(Organization.id, Organization.name).where(Organization.id.in_(ids)))}
        self.codes = dict(session.execute(
            select(Organization.code, Organization.id).where(Organization.id.in_(ids))).all())
        self.classes = {f"class:{i}": name for i, name in session.execute(
            select(UnitClass.id, UnitClass.name).order_by(UnitClass.name))}
        self.class_codes = dict(session.execute(select(UnitClass.code, UnitClass.id)).all())
        self._folded = {value: fold(name) for value, name in self.orgs.items()}
        self.remembered = {folded: (f"org:{o}" if o else f"class:{c}") for folded, o, c in
                           session.execute(select(UnitMapping.folded_text, UnitMapping.org_id,
                                                  UnitMapping.unit_class_id)
                                           .where(UnitMapping.scope_org_id == org.id))}

    def label(self, value: str) -> str:
        return self.orgs.get(value) or self.classes.get(value) or ""

    def allows(self, value: str) -> bool:
        return value in self.orgs or value in self.classes

    def choices(self, draft: Draft) -> list[UnitChoice]:
        refs = _refs(draft)
        return [self._choice(printed, count, refs.get(printed), draft.units.get(printed))
                for printed, count in draft.printed_units().items()]

    def _choice(self, printed: str, count: int, ref: UnitRef | None,
                chosen: str | None) -> UnitChoice:
        remembered = self.remembered.get(fold(printed))
        recognized = self._recognized(ref)
        matches = process.extract(fold(ref.name if ref and ref.name else printed), self._folded,
                                  scorer=fuzz.token_set_ratio, limit=SUGGESTIONS)
        best = next((value for _, score, value in matches if score >= AUTO_SELECT_SCORE), "")
        selected = next(v for v in (chosen, remembered, recognized, best, "") if v is not None)
        values = [v for v in (selected, remembered, recognized) if v] + [v for *_, v in matches]
        options = [Option(v, self.label(v)) for v in dict.fromkeys(values) if self.allows(v)]
        options += [Option(v, name) for v, name in self.classes.items()
                    if v not in {o.value for o in options}]
        return UnitChoice(printed, count, options, selected if self.allows(selected) else "",
                          remembered is not None and selected == remembered)

    def _recognized(self, ref: UnitRef | None) -> str | None:
        if ref is None or ref.unit_id is None:
            return None
        if ref.is_class and ref.unit_id in self.class_codes:
            return f"class:{self.class_codes[ref.unit_id]}"
        if ref.unit_id in self.codes:
            return f"org:{self.codes[ref.unit_id]}"
        return None


def _refs(draft: Draft) -> dict[str, UnitRef]:
    plan = draft.domain_plan
    return {ref.text: ref for task in plan.tasks for ref in task.lead_units + task.coop_units}
