"""Chỉ tiêu: a plan's targets measured from the one-stop-shop dossiers of the plan's
organization and the units below it — the dashboard's section, one row per distinct target
with every place the plan states it, and the page of one target (chi tiết) with the
procedures and units pulling its value down."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.plan import Target as PlanTarget
from cchc.domain.vntext import fold
from cchc.indicators.catalog import POINTS_NOTE
from cchc.indicators.plan_targets import PeriodValue, PlanMeasures, TargetFigures
from cchc.indicators.store import DossierStore
from cchc.store.models import Organization, Plan, Target
from cchc.web.auth import current_principal, db_session
from cchc.web.params import Id
from cchc.web.permissions import Action, NotVisible, Principal, authorize_plan
from cchc.web.templating import render

router = APIRouter(include_in_schema=False)

# What the numerator and the denominator of each rate count, as the drill-down's columns say
# ("có ghi nhận": dossiers whose export records the indicator's source, catalog.RATES).
TERMS = {
    "on_time_rate": ("Đúng hạn, trước hạn", "Hồ sơ tiếp nhận"),
    "online_rate": ("Nộp trực tuyến", "Hồ sơ tiếp nhận"),
    "online_payment_rate": ("Thanh toán trực tuyến", "Hồ sơ có phí, lệ phí (có ghi nhận)"),
    "digitization_rate": ("Thành phần được số hóa", "Thành phần hồ sơ"),
    "e_result_rate": ("Có kết quả điện tử", "Hồ sơ đã giải quyết (có ghi nhận)"),
    "reuse_rate": ("Tái sử dụng dữ liệu số hóa", "Hồ sơ tiếp nhận (có ghi nhận)"),
    "satisfaction_rate": ("Hài lòng (4–5 điểm)", "Hồ sơ được đánh giá"),
    "late_apology_rate": ("Có phiếu xin lỗi", "Hồ sơ trễ hạn (có ghi nhận)"),
}


@dataclass
class TargetRow:
    """A distinct target as the dashboard lists it, with every statement of it in the plan."""

    target_id: int  # the first statement's: its drill-down
    figures: TargetFigures
    statements: list[tuple[str, str | None]]  # (the plan's words, where: "Phụ lục, dòng 15")

    @property
    def title(self) -> str:
        """What the row measures: the indicator, which no other row shares, else the words."""
        return self.figures.rate.label if self.figures.rate else self.statements[0][0]

    @property
    def official(self) -> PeriodValue | None:
        """The latest CCHC report period with a value: the figure a report states."""
        return next((p for p in reversed(self.figures.periods)
                     if p.attainment is not None and p.attainment.actual is not None), None)


@dataclass
class TargetsSection:
    """The dashboard's "Chỉ tiêu": each distinct target with its figures."""

    measures: PlanMeasures
    rows: list[TargetRow]

    @property
    def measured(self) -> list[TargetRow]:
        return [row for row in self.rows if row.figures.rate is not None]

    @property
    def unmeasured(self) -> list[TargetRow]:
        return [row for row in self.rows if row.figures.rate is None]

    def count(self, status: str) -> int:
        return sum(row.figures.status == status for row in self.rows)


def targets_section(request: Request, plan: Plan, targets: list[Target]) -> TargetsSection:
    """The figures of `targets` (the plan's current version) for the dashboard: a target the
    plan states in several places, or in several words, is one row."""
    measures = _measures(request, plan)
    return TargetsSection(measures, list(_distinct(measures, targets).values()))


def _distinct(measures: PlanMeasures, targets: list[Target]) -> dict[tuple, TargetRow]:
    """One row per distinct target (by `_sameness`), in the order the plan first states each."""
    rows: dict[tuple, TargetRow] = {}
    for target in targets:
        figures = measures.measure(_plan_target(target))
        row = rows.setdefault(_sameness(target, figures), TargetRow(target.id, figures, []))
        if (target.text, target.source_where) not in row.statements:
            row.statements.append((target.text, target.source_where))
    return rows


def _sameness(target: Target, figures: TargetFigures) -> tuple:
    """What makes two statements one target: the same indicator measured against the same
    level (a stated level, "đạt 98%", is a floor like "từ 98% trở lên"); for an indicator not
    measured, the same words too."""
    level = ("<=" if target.comparator == "<=" else ">=", target.value, target.unit)
    if figures.rate is not None:
        return (figures.rate.id, *level)
    return (target.indicator, *level, fold(target.text))


@router.get("/plans/{plan_id}/targets/{target_id}", name="target_detail")
def target_detail(request: Request, plan_id: Id, target_id: Id,
                  principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    plan = authorize_plan(session, principal, plan_id)
    target = session.scalar(select(Target).where(
        Target.id == target_id, Target.plan_version_id == plan.current_version_id))
    if target is None:
        raise NotVisible(f"target {target_id}")
    measures = _measures(request, plan)
    figures = measures.drilldown(_plan_target(target),
                                 lambda codes: _in_scope(session, principal, codes))
    same = _distinct(measures, list(plan.current_version.targets))[_sameness(target, figures)]
    units = [s.code for s in figures.ytd.units] if figures.ytd else []
    names = dict(session.execute(select(Organization.code, Organization.name)
                                 .where(Organization.code.in_(units))).all())
    return render(request, "targets/detail.html", {
        "plan": plan, "target": target, "f": figures, "m": measures, "unit_names": names,
        "statements": same.statements,
        "terms": TERMS.get(figures.rate.id) if figures.rate else None,
        "points_note": POINTS_NOTE, "trend": _trend_json(figures)})


def _trend_json(figures: TargetFigures) -> str:
    """The monthly values and the target, as static/targets.js draws them."""
    months = figures.ytd.monthly if figures.ytd else []
    return json.dumps({"labels": [f"Th{int(period[-2:])}" for period, _ in months],
                       "values": [round(value, 2) for _, value in months],
                       "target": figures.target.value}).replace("<", "\\u003c")


def _measures(request: Request, plan: Plan) -> PlanMeasures:
    settings = request.app.state.settings
    return PlanMeasures(DossierStore(settings.data_dir), plan.org.code, plan.year,
                        settings.today())


def _plan_target(target: Target) -> PlanTarget:
    return PlanTarget(target.text, target.area_code, target.indicator, target.comparator,
                      target.value, target.unit)


def _in_scope(session: Session, principal: Principal, codes: Collection[str]) -> set[str]:
    """The dossier units the user may see: those whose nearest organization on record (the
    unit itself, else the closest unit above it by dotted code) is one whose plans they read."""
    prefixes = {prefix for code in codes for prefix in _lineage(code)}
    known = dict(session.execute(select(Organization.code, Organization.id)
                                 .where(Organization.code.in_(prefixes))).all())
    readable = principal.orgs_for(Action.READ)
    return {code for code in codes
            if next((known[p] for p in _lineage(code) if p in known), None) in readable}


def _lineage(code: str) -> list[str]:
    """TH.TPTH.THIEUVAN → itself, TH.TPTH, TH."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
