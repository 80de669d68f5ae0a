"""Reminders about periodic reports through the daily reminder run: before the 20th the units
whose report is not sent; after it, the units late and the level above, once each."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cchc.reports.periods import ReportCalendar
from cchc.reports.reminders import REPORT_DUE, REPORT_LATE, REPORTS_MISSING, report_lines
from cchc.store.models import Notification, Organization, Report
from cchc.store.services.reports import open_report, send_report
from cchc.tracking.digest import compose
from cchc.tracking.reminders import ReminderSettings, remind

SETTINGS = ReminderSettings(days_ahead=7)


def given(factory) -> set[tuple[str, str, str]]:
    with factory() as s:
        return {(s.get(Organization, n.org_id).code, n.report_period, n.kind)
                for n in s.scalars(select(Notification).where(
                    Notification.report_period.is_not(None)))}


class TestReportReminders:
    def test_before_the_report_day_each_unit_is_told_once(self, factory, world):
        report = remind(factory, SETTINGS, date(2024, 3, 15))
        assert "2 về báo cáo định kỳ" in report.summary()
        assert given(factory) == {("qng.tb.ht", "2024-Q1", REPORT_DUE),
                                  ("qng.tb.ts", "2024-Q1", REPORT_DUE)}
        assert remind(factory, SETTINGS, date(2024, 3, 16)).reports == []

    def test_after_it_the_late_unit_and_the_level_above_are_told(self, factory, world):
        with factory.begin() as s:
            commune = s.get(Organization, world.commune.id)
            report = open_report(s, commune, "2024-Q1", "unit", {}, {})
            send_report(s, report, None, {"schema": "cchc.report/1"}, late=False)
        remind(factory, SETTINGS, date(2024, 3, 25))
        assert given(factory) == {("qng.tb.ts", "2024-Q1", REPORT_LATE),
                                  ("qng.tb", "2024-Q1", REPORTS_MISSING)}
        with factory() as s:
            notes = s.scalars(select(Notification).where(
                Notification.report_period.is_not(None)).order_by(Notification.org_id)).all()
            lines = report_lines(s, list(notes), date(2024, 3, 25), ReportCalendar())
            assert lines == [
                "1 đơn vị cấp dưới chưa gửi báo cáo CCHC Quý I/2024 (hạn 20/03/2024).",
                "Báo cáo CCHC Quý I/2024 của đơn vị đã quá hạn gửi (20/03/2024); đề nghị hoàn "
                "thiện và gửi ngay."]
            district = s.get(Organization, world.district.id)
            message = compose(district, [], date(2024, 3, 25), 7, "cchc@example.vn",
                              ["huyen@example.vn"], None, lines[:1])
            assert "báo cáo định kỳ" in message["Subject"]
            assert "BÁO CÁO ĐỊNH KỲ\n- 1 đơn vị cấp dưới chưa gửi" in message.get_content()
            assert s.scalar(select(Report.status)) == "sent"
