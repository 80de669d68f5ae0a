"""A plan's targets (chỉ tiêu) measured from the dossiers of the plan's organization and every
unit below it (dotted codes: TH covers TH.TPTH and TH.TPTH.THIEUVAN) received in the plan
year: year to date, each CCHC report period (Q1, 6 months, 9 months, year), the monthly trend
and the procedures and units pulling the value down. Everything is read from the stored
monthly aggregates ($CCHC_DATA_DIR/aggregates/), never from the dossiers."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cchc.domain.plan import Target
from cchc.errors import CchcError
from cchc.indicators.aggregates import engine_for
from cchc.indicators.catalog import NO_DATA, POINTS, RATE_BY_ID, Rate
from cchc.indicators.engine import Engine
from cchc.indicators.periods import Kind, Period, Reporting, periods, year_to_date
from cchc.indicators.store import DossierStore
from cchc.indicators.targets import Attainment, measure

# The plan extractor's indicator ids (extract/recognizers/indicators.py) that dossiers measure,
# and the rate measuring each. The others — legal_doc_rate, tthc_published_rate,
# online_full_service_rate (a property of the online service, not of a dossier),
# e_certification_rate, feedback_resolved_rate, e_document_rate, e_report_rate,
# digital_signature_rate, online_meeting_rate, e_id_rate, review_rate, staff_rate,
# form_reduction_rate, other — are not in dossier records: "chưa đo tự động".
MEASURED: dict[str, str] = {
    "on_time_rate": "on_time_rate",
    "online_rate": "online_rate",
    "online_payment_rate": "online_payment_rate",
    "digitization_rate": "digitization_rate",
    "e_result_rate": "e_result_rate",
    "reuse_rate": "reuse_rate",
    "satisfaction_rate": "satisfaction_rate",
    "late_apology_rate": "late_apology_rate",
}
REPORT_KINDS: tuple[Kind, ...] = ("quarter", "half", "nine_months", "year")  # Q1, 6T, 9T, năm

NOT_MEASURED = "chưa đo tự động"


@dataclass(frozen=True)
class PeriodValue:
    """A CCHC report period and the target's value in it: None before the period is under
    way (its report is not the next one due) or without dossiers; provisional until its end."""

    period: Period
    attainment: Attainment | None
    counts: dict | None  # the subtree's counts in the period (Engine.indicators row)
    under_way: bool
    complete: bool


@dataclass
class TargetFigures:
    target: Target
    rate: Rate | None  # None: not measured from dossiers
    ytd: Attainment | None  # None: not measured, or no dossier in the plan's units and year
    periods: list[PeriodValue] = field(default_factory=list)
    points: tuple[float, float] | None = None  # estimated 766 points year to date, maximum

    @property
    def status(self) -> str:
        """đạt, chưa đạt, nguy cơ, chưa có dữ liệu or chưa đo tự động."""
        if self.rate is None:
            return NOT_MEASURED
        if self.ytd is None or self.ytd.actual is None:
            return NO_DATA
        return self.ytd.status


class PlanMeasures:
    """The dossier figures of the units under `root` in `year`, as far as `today`."""

    def __init__(self, store: DossierStore, root: str, year: int, today: dt.date,
                 cutoff_day: int = 14) -> None:
        self.root, self.year, self.today = root, year, today
        self.final = today > dt.date(year, 12, 31)
        months = 12 if self.final else today.month if today.year == year else 0
        self.span = year_to_date(year, months, Reporting()) if months else None
        reports = [periods(kind, year, Reporting("cchc", cutoff_day))[0]
                   for kind in REPORT_KINDS]
        # cumulative periods all start on 15/12: one is under way once the one before ended
        self.reports = [(p, p.start <= today and (i == 0 or reports[i - 1].end < today))
                        for i, p in enumerate(reports)]
        self._calendar = _engine(store, Reporting())
        report = _engine(store, Reporting("cchc", cutoff_day))
        month_periods = periods("month", year, Reporting())[:months]
        with _QUERIES:
            totals = self._rows(self._calendar, [self.span] if self.span else [])
            # each month's dossiers as they stand at the end of the span: they sum to the total
            self.monthly = list(self._rows(self._calendar, month_periods, self.span).values())
            self._by_report = self._rows(report, [p for p, under_way in self.reports
                                                  if under_way])
        self.total = totals.get(self.span.id) if self.span else None

    def measure(self, target: Target, by_procedure: Sequence[dict] = (),
                by_unit: Sequence[dict] = (), top: int = 5) -> TargetFigures:
        """The target's figures; with rows by procedure and unit, its drill-down."""
        rate_id = MEASURED.get(target.indicator) if target.unit == "%" else None
        if rate_id is None:
            return TargetFigures(target, None, None)
        rate, measured = RATE_BY_ID[rate_id], replace(target, indicator=rate_id)
        reports = [self._report_value(measured, p, under_way) for p, under_way in self.reports]
        if self.total is None:
            return TargetFigures(target, rate, None, reports)
        ytd = measure(measured, self.monthly, by_procedure, by_unit, top, final=self.final)
        points = next(((self.total[p.id], float(p.maximum)) for p in POINTS
                       if p.rate == rate_id and self.total[p.id] is not None), None)
        return TargetFigures(target, rate, ytd, reports, points)

    def drilldown(self, target: Target, visible: Callable[[list[str]], Collection[str]],
                  top: int = 10) -> TargetFigures:
        """The target's figures with the `top` procedures and units furthest below it, year
        to date; units only those of `visible(unit codes)`."""
        if self.total is None or self._calendar is None:
            return self.measure(target)
        with _QUERIES:
            procedures, units = (self._calendar.indicators(by=(by,), period=self.span,
                                                           within=self.root).to_pylist()
                                 for by in ("procedure", "org"))
        shown = visible([u["org_code"] for u in units])
        return self.measure(target, procedures, [u for u in units if u["org_code"] in shown],
                            top)

    def _report_value(self, target: Target, period: Period, under_way: bool) -> PeriodValue:
        row = self._by_report.get(period.id)
        attainment = measure(target, [row], final=True) if row else None
        return PeriodValue(period, attainment, row, under_way, period.end < self.today)

    def _rows(self, engine: Engine | None, chosen: list[Period],
              judged_at: Period | None = None) -> dict[str, dict]:
        """The subtree's counts over each period, by period id; none without dossiers."""
        if engine is None or not chosen:
            return {}
        rows = engine.indicators(by=(), period=chosen, within=self.root,
                                 judged_at=judged_at).to_pylist()
        return {row["period"]: row for row in rows if row["received"]}


# Engines over the stored aggregates, kept per data directory and scheme while the stored
# dossiers stay the same version; a DuckDB connection answers one query at a time.
_ENGINES: dict[tuple[Path, Reporting], tuple[str, Engine]] = {}
_QUERIES = threading.RLock()


def _engine(store: DossierStore, reporting: Reporting) -> Engine | None:
    """The engine over the stored aggregates, None while no dossier is stored."""
    version = store.current()
    if version is None:
        return None
    key = (store.root.resolve(), reporting)
    with _QUERIES:
        kept = _ENGINES.get(key)
        if kept is None or kept[0] != version.name:
            try:
                kept = _ENGINES[key] = (version.name, engine_for(store, reporting))
            except CchcError:
                return None
        return kept[1]
