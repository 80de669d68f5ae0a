"""An assessment as its pages and documents show it: every criterion in set order with the
unit's value and points (from what it typed, else from cchc's figure, with the calculation),
the survey results, the appraisal, the evidence; the sums at each stage; where the points
were lost. And the steps that need those sums: submitting (cchc's figures are frozen with the
self-score) and finalizing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.scoring.criteria import Area, CriteriaSet, Criterion
from cchc.scoring.facts import Context, Figure, figures
from cchc.scoring.rules import Scored, Value, score
from cchc.scoring.sets import read
from cchc.scoring.sheet import (
    ItemPoints,
    Loss,
    Totals,
    leaf_points,
    losses,
    self_score,
    survey_points,
    totals,
)
from cchc.store.models import Assessment, ScoreEvidence, ScoreItem, SurveyResult, User
from cchc.store.services import scoring as services

LOCKED = ("submitted", "explaining", "explained", "final")  # self-score no longer changes


@dataclass
class Line:
    """One row of the score table: an area, a group of criteria, or a scored criterion."""

    level: str  # area | group | leaf
    code: str
    name: str
    maximum: float
    depth: int
    area: Area
    criterion: Criterion | None = None
    item: ScoreItem | None = None
    figure: Figure | None = None  # cchc's figure (frozen at submission)
    typed: Value = field(default_factory=Value)
    self_scored: Scored | None = None  # the unit's points and how
    survey: Scored | None = None  # survey criteria
    survey_value: float | None = None
    evidence: list[ScoreEvidence] = field(default_factory=list)
    points: dict[str, float] = field(default_factory=dict)  # stage -> points of this line

    @property
    def is_survey(self) -> bool:
        return self.criterion is not None and self.criterion.assessed_by == "survey"

    @property
    def missing_evidence(self) -> bool:
        """A self-assessed criterion scored without evidence linked or uploaded."""
        return (self.level == "leaf" and not self.is_survey and not self.evidence
                and self.figure is None)

    @property
    def adjusted(self) -> bool:
        return self.item is not None and self.item.appraised_points is not None and (
            self.item.appraised_points != self.points.get("self"))


@dataclass
class Scoresheet:
    assessment: Assessment
    criteria_set: CriteriaSet
    lines: list[Line]
    totals: dict[str, Totals]  # self | appraised
    losses: list[Loss]  # areas, worst first, at the latest stage
    leaf_losses: dict[str, list[Loss]]

    @property
    def stage(self) -> str:
        """The latest stage the scores reached: self before submission, appraised after."""
        return "self" if self.assessment.status in ("draft", "approved", "submitted") \
            else "appraised"

    @property
    def total(self) -> float:
        return self.totals[self.stage].total

    def leaves(self) -> list[Line]:
        return [line for line in self.lines if line.level == "leaf"]

    def without_evidence(self) -> list[Line]:
        return [line for line in self.leaves() if line.missing_evidence]


def surveys_of(session: Session, org_id: int, year: int) -> dict[str, float]:
    return dict(session.execute(select(SurveyResult.code, SurveyResult.value).where(
        SurveyResult.org_id == org_id, SurveyResult.year == year)).all())


def build(session: Session, assessment: Assessment, context: Context) -> Scoresheet:
    criteria_set = read(assessment.criteria_set)
    items = {item.code: item for item in assessment.items}
    locked = assessment.status in LOCKED
    live = {} if locked else figures(session, context, criteria_set)
    surveys = surveys_of(session, assessment.org_id, assessment.year)
    lines: list[Line] = []
    points: dict[str, ItemPoints] = {}
    for area in criteria_set.areas:
        lines.append(Line("area", area.code, area.name, area.max, 0, area))
        for criterion, depth in area.walk():
            if not criterion.is_leaf:
                lines.append(Line("group", criterion.code, criterion.name, criterion.max,
                                  depth, area, criterion))
                continue
            line = _leaf(criterion, area, depth, items.get(criterion.code), live, locked,
                         surveys)
            lines.append(line)
            if line.item is not None:
                points[criterion.code] = ItemPoints(
                    line.self_scored.points if line.self_scored else None,
                    line.item.appraised_points)
    stages = {stage: totals(criteria_set, leaf_points(criteria_set, points, surveys, stage))
              for stage in ("self", "appraised")}
    for line in lines:
        for stage, found in stages.items():
            line.points[stage] = (found.areas if line.level == "area"
                                  else found.criteria)[line.code]
    sheet = Scoresheet(assessment, criteria_set, lines, stages, [], {})
    sheet.losses, sheet.leaf_losses = losses(criteria_set, stages[sheet.stage])
    return sheet


def _leaf(criterion: Criterion, area: Area, depth: int, item: ScoreItem | None,
          live: Mapping[str, Figure], locked: bool, surveys: Mapping[str, float]) -> Line:
    line = Line("leaf", criterion.code, criterion.name, criterion.max, depth, area, criterion,
                item)
    if criterion.assessed_by == "survey":
        line.survey_value = surveys.get(criterion.code)
        line.survey = survey_points(criterion, line.survey_value)
        return line
    if item is None:
        return line
    line.typed = Value.from_dict(item.value)
    line.evidence = list(item.evidence)
    if locked:
        frozen = item.computed
        line.figure = Figure(Value.from_dict(frozen["value"]), frozen["text"]) if frozen \
            else None
        stored = score(criterion.rule, criterion.max, line.typed) if not line.typed.empty \
            else None
        text = stored.text if stored else (frozen or {}).get("points_text", "")
        line.self_scored = Scored(item.self_points, text or "Không chấm")
    else:
        line.figure = live.get(criterion.code)
        line.self_scored, _ = self_score(criterion, line.typed, line.figure)
    return line


def submit_assessment(session: Session, assessment: Assessment, user: User | None,
                      context: Context) -> float:
    """Send the approved self-score up, freezing cchc's figures and the points as shown."""
    sheet = build(session, assessment, context)
    computed, self_points = {}, {}
    for line in sheet.leaves():
        if line.item is None:
            continue
        self_points[line.code] = line.self_scored.points if line.self_scored else None
        if line.figure is not None:
            from_figure = score(line.criterion.rule, line.maximum, line.figure.value)
            computed[line.code] = {"value": line.figure.value.to_dict(),
                                   "text": line.figure.text, "points": from_figure.points,
                                   "points_text": from_figure.text}
    total = sheet.totals["self"].total
    services.submit(session, assessment, user, computed, self_points, total)
    return total


def finalize_assessment(session: Session, assessment: Assessment, user: User | None,
                        context: Context) -> float:
    total = build(session, assessment, context).totals["appraised"].total
    services.finalize(session, assessment, user, total)
    return total
