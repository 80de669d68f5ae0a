"""A report as its unit works on it: the data drafted now with the narrative and document
settings of the stored draft, sent as a locked version, printed as sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.indicators.store import DossierStore
from cchc.reports.periods import ReportCalendar, ReportPeriod
from cchc.reports.unit_report import draft_report
from cchc.store.models import Organization, Report, ReportSubmission, User
from cchc.store.services.reports import open_report, send_report


@dataclass(frozen=True)
class Drafting:
    """What drafting needs besides the database: the calendar, the dossiers, today."""

    calendar: ReportCalendar
    store: DossierStore | None
    today: date

    def period(self, code: str) -> ReportPeriod:
        return self.calendar.period(code)


def stored_report(session: Session, org: Organization, period: ReportPeriod, how: Drafting,
                  user: User | None = None) -> tuple[Report, dict[str, Any]]:
    """The unit's report of the period (created, pre-filled, on first use) and its content as
    it would be sent today: fresh figures, the draft's narrative."""
    fresh = draft_report(session, org, period, how.today, how.calendar, how.store)
    report = open_report(session, org, period.code, "unit", fresh["sections"],
                         fresh["document"], user)
    return report, with_draft(fresh, report)


def with_draft(fresh: dict[str, Any], report: Report) -> dict[str, Any]:
    """`fresh` content with the narrative and settings the draft holds (a section the data
    added since, e.g. an area with tasks due now, keeps its pre-filled text)."""
    sections = {key: report.sections.get(key, text) for key, text in fresh["sections"].items()}
    return {**fresh, "sections": sections, "document": {**fresh["document"], **report.document,
                                                        "sent_on": None}}


def send(session: Session, report: Report, content: dict[str, Any], user: User | None,
         how: Drafting) -> ReportSubmission:
    """Send the report as it stands today; late when after the period's report day."""
    period = how.period(report.period_code)
    sent = {**content, "document": {**content["document"], "sent_on": how.today.isoformat()}}
    return send_report(session, report, user, sent, late=period.is_late(how.today))


def printable(session: Session, org: Organization, period: ReportPeriod,
              how: Drafting) -> dict[str, Any]:
    """What to print: the version sent (while it stands), else the draft as of today (the
    pre-filled one when nobody opened the report yet). Writes nothing."""
    report = find_report(session, org, period.code)
    if report is not None and report.status == "sent":
        return report.submissions[-1].content
    fresh = draft_report(session, org, period, how.today, how.calendar, how.store)
    return with_draft(fresh, report) if report is not None else fresh


def find_report(session: Session, org: Organization, period_code: str,
                kind: str = "unit") -> Report | None:
    return session.scalar(select(Report).where(Report.org_id == org.id,
                                               Report.period_code == period_code,
                                               Report.kind == kind))
