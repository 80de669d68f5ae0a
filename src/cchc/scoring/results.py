"""Results across the units below an organization (kết quả, xếp hạng): each unit's score at
the furthest stage it reached — official (chính thức), being appraised (đang thẩm định) or
self-assessed and submitted (tự chấm) — ranked per criteria set with ties sharing a rank, its
points per area, last year's score beside it, and the charts' data per area."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.scoring.assessments import Scoresheet, build
from cchc.scoring.criteria import CriteriaSet
from cchc.scoring.facts import Context
from cchc.scoring.ranking import Entry, Ranked, rank
from cchc.scoring.sets import read
from cchc.store.models import Assessment, Organization

STAGE_LABELS = {"final": "Chính thức", "appraised": "Đang thẩm định", "self": "Tự chấm",
                None: "Chưa gửi"}


@dataclass
class UnitResult:
    org: Organization
    assessment: Assessment | None
    sheet: Scoresheet | None = None
    stage: str | None = None  # final | appraised | self | None (not submitted)
    previous: float | None = None  # last year's score, same rule

    @property
    def score(self) -> float | None:
        if self.sheet is None or self.stage is None:
            return None
        if self.stage == "final":
            return self.assessment.final_total
        return self.sheet.totals["appraised" if self.stage == "appraised" else "self"].total

    def area(self, code: str) -> float | None:
        if self.sheet is None or self.stage is None:
            return None
        return self.sheet.totals["self" if self.stage == "self" else "appraised"].areas[code]


@dataclass
class SetResults:
    """The units assessed with one criteria set, ranked."""

    criteria_set: CriteriaSet
    ranked: list[tuple[Ranked, UnitResult]] = field(default_factory=list)

    def chart(self) -> list[dict]:
        """Per area, every ranked unit's points: the data of one bar chart each."""
        shown = [(r, u) for r, u in self.ranked if r.rank is not None]
        return [{"code": a.code, "name": a.name, "max": a.max, "type": a.type,
                 "labels": [u.org.name for _, u in shown],
                 "values": [u.area(a.code) for _, u in shown]}
                for a in self.criteria_set.areas]


def stage_of(assessment: Assessment | None) -> str | None:
    if assessment is None or assessment.status in ("draft", "approved"):
        return None
    if assessment.status == "final":
        return "final"
    return "appraised" if assessment.status in ("explaining", "explained") else "self"


def _score_of(assessment: Assessment | None, sheet: Scoresheet | None) -> float | None:
    stage = stage_of(assessment)
    if stage is None:
        return None
    if stage == "final":
        return assessment.final_total
    return assessment.self_total if stage == "self" else sheet.totals["appraised"].total


def results(session: Session, units: list[Organization], year: int,
            context_of: Callable[[Organization], Context]
            ) -> tuple[list[SetResults], list[UnitResult]]:
    """The units' results of `year` grouped by criteria set (code), each group ranked; and
    the units that have not opened an assessment."""
    ids = [u.id for u in units]
    this_year = {a.org_id: a for a in session.scalars(select(Assessment).where(
        Assessment.org_id.in_(ids), Assessment.year == year))}
    last_year = {a.org_id: a for a in session.scalars(select(Assessment).where(
        Assessment.org_id.in_(ids), Assessment.year == year - 1))}
    groups: dict[str, SetResults] = {}
    waiting: list[UnitResult] = []
    for unit in units:
        assessment = this_year.get(unit.id)
        result = UnitResult(unit, assessment, stage=stage_of(assessment))
        before = last_year.get(unit.id)
        if before is not None and stage_of(before) is not None:
            result.previous = _score_of(before, build(session, before, context_of(unit))
                                        if stage_of(before) == "appraised" else None)
        if assessment is None:
            waiting.append(result)
            continue
        result.sheet = build(session, assessment, context_of(unit))
        criteria_set = read(assessment.criteria_set)
        groups.setdefault(criteria_set.code, SetResults(criteria_set)).ranked.append(
            (None, result))
    for group in groups.values():
        by_org = {u.org.id: u for _, u in group.ranked}
        group.ranked = [(r, by_org[r.entry.org_id]) for r in rank(
            Entry(u.org.id, u.org.name, u.score) for u in by_org.values())]
    return sorted(groups.values(), key=lambda g: g.criteria_set.code), waiting
