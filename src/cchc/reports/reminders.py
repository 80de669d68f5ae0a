"""Reminders about periodic reports, given by the daily reminder run (`cchc remind`):

- before the report day (within the reminder window): each unit whose report is not sent yet
  is told it is due (report_due);
- after it (for a month): the unit is told its report is late (report_late), and the level
  above — the nearest organization above it that issues plans — that reports are missing
  (reports_missing), with how many.

Each is recorded once per unit, period and kind (an in-app notification, a line of the unit's
email digest). A unit must report when it issues plans, has a plan for the period's year and
has an organization above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.reports.periods import ReportCalendar, ReportPeriod
from cchc.store.models import (
    PLAN_ISSUER_KINDS, Notification, Organization, Plan, Report)
from cchc.store.services.notifications import insert_once

REPORT_DUE, REPORT_LATE, REPORTS_MISSING = "report_due", "report_late", "reports_missing"
KINDS = (REPORT_DUE, REPORT_LATE, REPORTS_MISSING)
LATE_FOR = timedelta(days=31)  # how long after the report day a missing report is chased


@dataclass(frozen=True)
class ReportReminder:
    org_id: int
    period_code: str
    kind: str


def due_report_reminders(session: Session, today: date, days_ahead: int,
                         calendar: ReportCalendar) -> list[ReportReminder]:
    """The report reminders not given yet."""
    periods = [p for year in (today.year - 1, today.year, today.year + 1)
               for p in calendar.periods(year)
               if p.due - timedelta(days=days_ahead) <= today <= p.due + LATE_FOR]
    given = set(session.execute(select(Notification.org_id, Notification.report_period,
                                       Notification.kind)
                                .where(Notification.report_period.in_([p.code for p in periods]),
                                       Notification.kind.in_(KINDS))).all())
    out = []
    for period in periods:
        missing = _missing(session, period)
        if today <= period.due:
            out += [ReportReminder(org_id, period.code, REPORT_DUE) for org_id in missing]
            continue
        out += [ReportReminder(org_id, period.code, REPORT_LATE) for org_id in missing]
        out += [ReportReminder(org_id, period.code, REPORTS_MISSING)
                for org_id in sorted(set(missing.values()))]
    return [r for r in out if (r.org_id, r.period_code, r.kind) not in given]


def _missing(session: Session, period: ReportPeriod) -> dict[int, int]:
    """Units that must report for the period and have not sent it: unit id -> the
    organization above it that receives the report."""
    orgs = {org_id: (parent, kind) for org_id, parent, kind in session.execute(
        select(Organization.id, Organization.parent_id, Organization.kind))}
    planned = set(session.scalars(select(Plan.org_id).where(Plan.year == period.year)))
    sent = set(session.scalars(select(Report.org_id).where(
        Report.period_code == period.code, Report.kind == "unit", Report.status == "sent")))
    out = {}
    for org_id in sorted(planned - sent):
        if orgs[org_id][1] not in PLAN_ISSUER_KINDS:
            continue
        above = orgs[org_id][0]
        while above is not None and orgs[above][1] not in PLAN_ISSUER_KINDS:
            above = orgs[above][0]
        if above is not None:
            out[org_id] = above
    return out


def record_report_reminder(session: Session, reminder: ReportReminder,
                           day: date) -> Notification | None:
    """The new notification, or None when it was given already."""
    return insert_once(session, Notification(org_id=reminder.org_id, kind=reminder.kind,
                                             report_period=reminder.period_code, day=day))


def report_lines(session: Session, notifications: list[Notification], today: date,
                 calendar: ReportCalendar) -> list[str]:
    """The digest's lines about reports, in Vietnamese."""
    lines = []
    for notification in notifications:
        period = calendar.period(notification.report_period)
        if notification.kind == REPORT_DUE:
            lines.append(f"Báo cáo CCHC {period.label} của đơn vị cần gửi cấp trên trước ngày "
                         f"{period.due:%d/%m/%Y} (còn {(period.due - today).days} ngày).")
        elif notification.kind == REPORT_LATE:
            lines.append(f"Báo cáo CCHC {period.label} của đơn vị đã quá hạn gửi "
                         f"({period.due:%d/%m/%Y}); đề nghị hoàn thiện và gửi ngay.")
        else:
            count = len(units_missing(session, notification.org_id, period))
            lines.append(f"{count} đơn vị cấp dưới chưa gửi báo cáo CCHC {period.label} (hạn "
                         f"{period.due:%d/%m/%Y}).")
    return lines


def units_missing(session: Session, upper_id: int, period: ReportPeriod) -> list[int]:
    """The units reporting to `upper_id` that have not sent their report of the period."""
    return [org for org, above in _missing(session, period).items() if above == upper_id]
