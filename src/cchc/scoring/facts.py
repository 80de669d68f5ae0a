"""The figures cchc already holds, as values of the criteria that name them (`rule.source`):

- plan_issued      the organization's CCHC plan of the year was issued by the rule's date;
- tasks_on_time    tasks of the plan due in the year (up to today) that are done on time, by
                   the approved figures (số liệu đã duyệt);
- reports_on_time  periodic reports of the year already due that were first sent on time;
- indicator        a dossier rate (Decision 766) of the organization and the units below it
                   over the calendar year, from the stored one-stop-shop dossiers;
- evidence         evidence files attached to the plan's tasks of one reform area.

A figure without data (no plan stored, no dossiers, nothing due yet) is absent, never zero:
the criterion is then scored by hand. Each figure keeps what it was counted from, so a unit
can link those records as its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.areas import AREAS
from cchc.errors import CchcError
from cchc.indicators.aggregates import engine_for
from cchc.indicators.catalog import RATE_BY_ID
from cchc.indicators.periods import Reporting, periods
from cchc.indicators.store import DossierStore
from cchc.reports.periods import ReportCalendar
from cchc.scoring.criteria import CriteriaSet, Rule
from cchc.scoring.rules import Value, vn_number
from cchc.store.models import (
    Evidence,
    Milestone,
    Organization,
    Plan,
    PlanVersion,
    Report,
    ReportSubmission,
    Task,
)
from cchc.store.status import Status


@dataclass(frozen=True)
class Link:
    """A record of cchc a figure was counted from, linkable as evidence."""

    kind: str  # plan | report | evidence
    ref_id: int
    name: str


@dataclass(frozen=True)
class Figure:
    value: Value
    text: str  # where the value comes from, in words
    links: tuple[Link, ...] = field(default=())


@dataclass(frozen=True)
class Context:
    """What the figures are computed against."""

    org: Organization
    year: int
    today: date
    calendar: ReportCalendar
    store: DossierStore | None

    @property
    def cutoff(self) -> date:
        """The last day counted: the year's end, or today while the year runs."""
        return min(self.today, date(self.year, 12, 31))


def figures(session: Session, context: Context, criteria_set: CriteriaSet
            ) -> dict[str, Figure]:
    """The figure of every leaf whose rule names a source and has data, by criterion code."""
    out: dict[str, Figure] = {}
    plan = session.scalar(select(Plan).where(Plan.org_id == context.org.id,
                                             Plan.year == context.year))
    for leaf in criteria_set.leaves():
        rule = leaf.rule
        if rule is None or rule.source is None:
            continue
        found = _FIGURES[rule.source](session, context, plan, rule)
        if found is not None:
            out[leaf.code] = found
    return out


def _plan_issued(session: Session, context: Context, plan: Plan | None,
                 rule: Rule) -> Figure | None:
    version = plan.current_version if plan else None
    meta = (version.plan_json.get("meta") or {}) if version else {}
    issued = meta.get("issued_on")
    if not issued:
        return None
    issued_on, deadline = date.fromisoformat(issued), rule.deadline(context.year)
    number = f"số {meta['number']} " if meta.get("number") else ""
    return Figure(Value(yes=issued_on <= deadline),
                  f"Kế hoạch {number}ban hành ngày {issued_on:%d/%m/%Y}, hạn {deadline:%d/%m/%Y}",
                  (Link("plan", plan.id, f"Kế hoạch CCHC năm {plan.year} {number}".strip()),))


def _tasks_on_time(session: Session, context: Context, plan: Plan | None,
                   rule: Rule) -> Figure | None:
    if plan is None or plan.current_version_id is None:
        return None
    due = select(Milestone.task_id).where(Milestone.due_date.between(
        date(context.year, 1, 1), context.cutoff))
    rows = session.execute(select(Task.approved_status).where(
        Task.plan_version_id == plan.current_version_id, Task.id.in_(due))).scalars().all()
    if not rows:
        return None
    done = sum(status == Status.DONE.value for status in rows)
    return Figure(Value(numerator=done, denominator=len(rows)),
                  f"{done}/{len(rows)} nhiệm vụ đến hạn đến ngày {context.cutoff:%d/%m/%Y} "
                  "hoàn thành đúng hạn (số liệu đã duyệt)")


def _reports_on_time(session: Session, context: Context, plan: Plan | None,
                     rule: Rule) -> Figure | None:
    due = [p for p in context.calendar.periods(context.year) if p.due < context.today]
    if not due:
        return None
    reports = {r.period_code: r for r in session.scalars(select(Report).where(
        Report.org_id == context.org.id, Report.kind == "unit",
        Report.period_code.in_([p.code for p in due])))}
    firsts = dict(session.execute(select(ReportSubmission.report_id, ReportSubmission.late)
                                  .where(ReportSubmission.report_id.in_(
                                      [r.id for r in reports.values()]),
                                         ReportSubmission.number == 1)).all())
    on_time, late = [], []
    for period in due:
        report = reports.get(period.code)
        sent = report is not None and report.id in firsts
        (on_time if sent and not firsts[report.id] else late).append(period.label)
    text = f"{len(on_time)}/{len(due)} báo cáo định kỳ đã đến hạn gửi đúng hạn"
    if late:
        text += f" (muộn hoặc chưa gửi: {', '.join(late)})"
    links = tuple(Link("report", reports[p.code].id, f"Báo cáo {p.label}") for p in due
                  if p.code in reports and reports[p.code].id in firsts)
    return Figure(Value(numerator=len(on_time), denominator=len(due)), text, links)


def _indicator(session: Session, context: Context, plan: Plan | None,
               rule: Rule) -> Figure | None:
    rate = RATE_BY_ID[rule.indicator]
    if context.store is None or context.store.current() is None:
        return None
    try:
        engine = engine_for(context.store, Reporting())
    except CchcError:
        return None
    year = periods("year", context.year, Reporting())[0]
    rows = engine.indicators(kind="year", by=(), period=[year],
                             within=context.org.code).to_pylist()
    row = rows[0] if rows else None
    if row is None or not row.get(rate.denominator):
        return None
    numerator, denominator = int(row[rate.numerator]), int(row[rate.denominator])
    return Figure(Value(numerator=numerator, denominator=denominator),
                  f"{rate.label}: {numerator}/{denominator} hồ sơ năm {context.year} "
                  f"({vn_number(100 * numerator / denominator)}%, dữ liệu một cửa)")


def _evidence(session: Session, context: Context, plan: Plan | None,
              rule: Rule) -> Figure | None:
    if plan is None:
        return None
    found = session.execute(
        select(Evidence.id, Evidence.name).join(Task, Task.id == Evidence.task_id)
        .join(PlanVersion, PlanVersion.id == Task.plan_version_id)
        .where(PlanVersion.plan_id == plan.id, Task.area_code == rule.area)
        .order_by(Evidence.id)).all()
    area = AREAS.get(rule.area, rule.area)
    return Figure(Value(count=len(found)),
                  f"{len(found)} tài liệu kiểm chứng của các nhiệm vụ lĩnh vực “{area}”",
                  tuple(Link("evidence", evidence_id, name) for evidence_id, name in found))


_FIGURES = {"plan_issued": _plan_issued, "tasks_on_time": _tasks_on_time,
            "reports_on_time": _reports_on_time, "indicator": _indicator,
            "evidence": _evidence}

