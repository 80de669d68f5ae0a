"""An assessment's score sheet: the points of each criterion at a stage — self-assessed (tự
chấm), appraised (thẩm định) — summed up the tree with each group's maximum as its cap, the
bonus area added and the penalty area subtracted up to their caps, survey criteria scored
from the survey results; and where the points were lost.

Plain data in, plain data out: the web pages, the exports and the ranking use the same sums.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cchc.scoring.criteria import CriteriaSet, Criterion
from cchc.scoring.facts import Figure
from cchc.scoring.rules import Scored, Value, rounded, score

STAGES = {"self": "Tự chấm", "appraised": "Thẩm định", "final": "Chính thức"}


@dataclass(frozen=True)
class ItemPoints:
    """What the sums need of one scored criterion."""

    self_points: float | None
    appraised_points: float | None = None


def self_score(leaf: Criterion, typed: Value, figure: Figure | None) -> tuple[Scored, Value]:
    """The unit's points for a leaf: from the value it typed, else from cchc's figure."""
    value = typed if not typed.empty or figure is None else figure.value
    return score(leaf.rule, leaf.max, value), value


def survey_points(leaf: Criterion, percent: float | None) -> Scored:
    """A survey criterion's points from its result in percent."""
    if percent is None:
        return Scored(None, "Chưa có kết quả điều tra")
    return score(leaf.rule, leaf.max, Value(numerator=percent, denominator=100))


def leaf_points(criteria_set: CriteriaSet, items: Mapping[str, ItemPoints],
                surveys: Mapping[str, float], stage: str) -> dict[str, float | None]:
    """Each leaf's points at `stage` (self, appraised or final): survey leaves from their
    results; the others as self-assessed, or as appraised where the appraiser changed them."""
    out: dict[str, float | None] = {}
    for leaf in criteria_set.leaves():
        if leaf.assessed_by == "survey":
            out[leaf.code] = survey_points(leaf, surveys.get(leaf.code)).points
            continue
        item = items.get(leaf.code)
        if item is None:
            out[leaf.code] = None
        elif stage != "self" and item.appraised_points is not None:
            out[leaf.code] = item.appraised_points
        else:
            out[leaf.code] = item.self_points
    return out


@dataclass(frozen=True)
class Totals:
    criteria: dict[str, float]  # every criterion, leaves and groups, capped at its max
    areas: dict[str, float]  # each area as it counts: a penalty area's points are positive
    total: float  # normal areas + bonus − penalty, within 0 .. max_points
    self_part: float  # of the normal areas, the self-assessed points
    survey_part: float  # and the survey points
    scored: int  # leaves with points
    leaves: int


def totals(criteria_set: CriteriaSet, points: Mapping[str, float | None]) -> Totals:
    criteria: dict[str, float] = {}

    def sum_up(criterion: Criterion) -> float:
        if criterion.is_leaf:
            got = points.get(criterion.code) or 0.0
        else:
            got = sum(sum_up(child) for child in criterion.children)
        criteria[criterion.code] = rounded(min(got, criterion.max))
        return criteria[criterion.code]

    areas = {area.code: rounded(min(sum(sum_up(c) for c in area.criteria), area.max))
             for area in criteria_set.areas}
    total = sum(area.sign * areas[area.code] for area in criteria_set.areas)
    parts = {"self": 0.0, "survey": 0.0}
    for area in criteria_set.areas:
        if area.type == "normal":
            for leaf in area.leaves():
                parts[leaf.assessed_by] += criteria[leaf.code]
    leaves = criteria_set.leaves()
    return Totals(criteria, areas, rounded(min(max(total, 0.0), criteria_set.max_points)),
                  rounded(parts["self"]), rounded(parts["survey"]),
                  sum(points.get(leaf.code) is not None for leaf in leaves), len(leaves))


@dataclass(frozen=True)
class Loss:
    """Points a unit did not get: of an area, or of one criterion."""

    code: str
    name: str
    maximum: float
    points: float

    @property
    def lost(self) -> float:
        return rounded(self.maximum - self.points)


def losses(criteria_set: CriteriaSet, found: Totals) -> tuple[list[Loss], dict[str, list[Loss]]]:
    """Where the points were lost: each normal area, worst first; and in each area its leaves
    that lost points, worst first (penalties count as lost points of their area)."""
    areas, leaves = [], {}
    for area in criteria_set.areas:
        if area.type == "bonus":
            continue
        if area.type == "penalty":
            got = found.areas[area.code]
            if got:
                areas.append(Loss(area.code, area.name, got, 0.0))
            leaves[area.code] = [Loss(leaf.code, leaf.name, found.criteria[leaf.code], 0.0)
                                 for leaf in area.leaves() if found.criteria[leaf.code]]
            continue
        areas.append(Loss(area.code, area.name, area.max, found.areas[area.code]))
        leaves[area.code] = sorted((Loss(leaf.code, leaf.name, leaf.max,
                                         found.criteria[leaf.code])
                                    for leaf in area.leaves()
                                    if found.criteria[leaf.code] < leaf.max),
                                   key=lambda loss: (-loss.lost, loss.code))
    return sorted((a for a in areas if a.lost > 0), key=lambda a: (-a.lost, a.code)), leaves

