"""Reminders: each unit's digest of overdue and soon-due milestones, by email and in the app."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from cchc.cli import app
from cchc.errors import CchcError
from cchc.store.models import AuditEntry, Notification, Organization
from cchc.tracking.mail import SmtpSettings
from cchc.tracking.reminders import ReminderSettings, remind
from tests.tracking.small_plans import THIEU_VAN, TODAY


def settings(smtp: SmtpSettings | None) -> ReminderSettings:
    """Milestone reminders only (those about periodic reports: tests/web/
    test_report_reminders.py)."""
    return ReminderSettings(smtp=smtp, site_url="https://cchc.thieuvan.example", reports=False)


def notifications(factory: sessionmaker[Session]) -> set[tuple[str, str, str]]:
    """(unit code, kind, day) of every notification."""
    with factory() as s:
        return {(org.code, n.kind, n.day.isoformat()) for n, org in s.execute(
            select(Notification, Organization).join(Organization,
                                                    Organization.id == Notification.org_id))}


def by_recipient(inbox) -> dict[tuple[str, ...], object]:
    return {tuple(sorted(rcpts)): message for rcpts, message in inbox.messages}


class TestDigest:
    def test_each_unit_gets_its_overdue_and_soon_due_milestones_by_email(
            self, factory, plans, smtp_server):
        smtp, inbox = smtp_server

        report = remind(factory, settings(smtp), TODAY)

        assert report.emails == 3
        mails = by_recipient(inbox)
        assert set(mails) == {("canbo@thieuvan.example",),  # Tư pháp - Hộ tịch
                              ("lanhdao@thieuvan.example", "thuongtruc@thieuvan.example")}
        justice = mails["canbo@thieuvan.example",]
        assert justice["Subject"] == ("[CCHC] Nhắc việc: 1 việc sắp đến hạn — Công chức Tư "
                                      "pháp - Hộ tịch (UBND xã Thiệu Vân)")
        body = justice.get_content()
        assert "[1] Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch" in body
        assert "Hạn: 28/03/2024 (còn 3 ngày)" in body
        assert "Chủ trì: Công chức Tư pháp - Hộ tịch · Kế hoạch CCHC năm 2024 của UBND xã " \
               "Thiệu Vân" in body
        assert "tại https://cchc.thieuvan.example" in body

    def test_a_unit_without_accounts_is_written_to_through_the_unit_above(
            self, factory, plans, smtp_server):
        smtp, inbox = smtp_server

        remind(factory, settings(smtp), TODAY)

        subjects = {m["Subject"]: m.get_content() for _, m in inbox.messages}
        office = subjects["[CCHC] Nhắc việc: 1 việc quá hạn — Công chức Văn phòng - Thống kê "
                          "(UBND xã Thiệu Vân)"]
        assert "ĐÃ QUÁ HẠN (1)" in office
        assert "Báo cáo công tác cải cách hành chính quý I" in office
        assert "Hạn: 10/03/2024 (đã quá 15 ngày)" in office
        commune = subjects["[CCHC] Nhắc việc: 1 việc sắp đến hạn — UBND xã Thiệu Vân"]
        assert "Số hóa hồ sơ" in commune and "của UBND tỉnh Thanh Hóa" in commune

    def test_it_notifies_in_the_app_the_units_concerned_and_no_others(self, factory, plans,
                                                                       smtp_server):
        remind(factory, settings(smtp_server[0]), TODAY)

        assert notifications(factory) == {
            (f"{THIEU_VAN}.TPHT", "due_soon", "2024-03-25"),
            (f"{THIEU_VAN}.VPTK", "overdue", "2024-03-25"),
            (THIEU_VAN, "due_soon", "2024-03-25"),  # the province's task for every commune
            ("TH.TPTH.THIEUTAN", "due_soon", "2024-03-25"),  # no account: in the app only
        }  # not: due after 7 days, already done, more than 60 days late, Bắc Kạn's communes


class TestNeverTwice:
    def test_running_twice_the_same_day_sends_nothing_new(self, factory, plans, smtp_server):
        smtp, inbox = smtp_server
        remind(factory, settings(smtp), TODAY)
        before = notifications(factory)

        again = remind(factory, settings(smtp), TODAY)

        assert again.reminders == [] and again.emails == 0
        assert len(inbox.messages) == 3 and notifications(factory) == before
        assert again.summary() == ("Nhắc việc ngày 25/03/2024: 0 thông báo mới cho 0 đơn vị "
                                   "(0 quá hạn, 0 sắp đến hạn); đã gửi 0 email.")

    def test_it_nudges_once_more_after_the_due_date_and_then_stops(self, factory, plans,
                                                                   smtp_server):
        smtp, inbox = smtp_server
        remind(factory, settings(smtp), TODAY)
        remind(factory, settings(smtp), date(2024, 3, 26))  # still due soon: nothing new
        assert len(inbox.messages) == 3

        late = remind(factory, settings(smtp), date(2024, 3, 29))
        remind(factory, settings(smtp), date(2024, 3, 30))

        assert [r.kind for r in late.reminders] == ["overdue"]
        assert len(inbox.messages) == 4  # the 30th brought nothing
        rcpts, nudge = inbox.messages[-1]
        assert rcpts == ["canbo@thieuvan.example"]
        assert "ĐÃ QUÁ HẠN (1)" in nudge.get_content()
        assert "Hạn: 28/03/2024 (đã quá 1 ngày)" in nudge.get_content()


class TestDryRun:
    def test_it_sends_nothing_and_writes_nothing(self, factory, plans, smtp_server):
        smtp, inbox = smtp_server
        with factory() as s:
            audit = s.scalar(select(func.count()).select_from(AuditEntry))

        report = remind(factory, settings(smtp), TODAY, dry_run=True)

        assert inbox.messages == [] and notifications(factory) == set()
        with factory() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry)) == audit
        summary = report.summary()
        assert summary.startswith("Chạy thử nhắc việc ngày 25/03/2024: 4 thông báo sẽ tạo cho "
                                  "4 đơn vị (1 quá hạn, 3 sắp đến hạn); không gửi, không ghi gì.")
        assert ("  Công chức Tư pháp - Hộ tịch (UBND xã Thiệu Vân): 0 quá hạn, 1 sắp đến hạn → "
                "canbo@thieuvan.example") in summary
        assert "UBND xã Thiệu Tân: 0 quá hạn, 1 sắp đến hạn → không có địa chỉ email" in summary


class TestMailServerTrouble:
    def test_digests_not_delivered_are_sent_by_the_next_run_the_same_day(
            self, factory, plans, smtp_server, closed_port):
        smtp, inbox = smtp_server
        down = replace(smtp, port=closed_port)

        first = remind(factory, settings(down), TODAY)
        second = remind(factory, settings(smtp), TODAY)

        assert first.email_error and "lần chạy sau trong ngày sẽ gửi lại" in first.summary()
        assert len(first.reminders) == 4 and second.reminders == []
        assert second.emails == 3 and len(inbox.messages) == 3

    def test_without_a_mail_server_it_reminds_in_the_app_only(self, factory, plans):
        report = remind(factory, settings(None), TODAY)

        assert len(notifications(factory)) == 4
        assert "chưa cấu hình máy chủ thư (CCHC_SMTP_HOST)" in report.summary()


class TestCommand:
    def test_cchc_remind_reads_its_settings_from_the_environment(self, db_url, plans,
                                                                 smtp_server, monkeypatch):
        smtp, inbox = smtp_server
        for name, value in {"CCHC_DATABASE_URL": db_url, "CCHC_SMTP_HOST": smtp.host,
                            "CCHC_SMTP_PORT": str(smtp.port), "CCHC_SMTP_FROM": smtp.sender,
                            "CCHC_TODAY": TODAY.isoformat(), "CCHC_REMIND_DAYS": "3"}.items():
            monkeypatch.setenv(name, value)

        result = CliRunner().invoke(app, ["remind"])

        assert result.exit_code == 0, result.output
        assert "Nhắc việc ngày 25/03/2024: 2 thông báo mới cho 2 đơn vị" in result.output
        assert {m["From"] for _, m in inbox.messages} == {
            "Theo dõi kế hoạch CCHC <nhacviec@cchc.example>"}

    def test_dry_run_option(self, db_url, plans, monkeypatch):
        monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
        monkeypatch.setenv("CCHC_TODAY", TODAY.isoformat())

        result = CliRunner().invoke(app, ["remind", "--dry-run"])

        assert result.exit_code == 0 and "không gửi, không ghi gì" in result.output

    @pytest.mark.parametrize("name, value", [("CCHC_SMTP_TLS", "tls1.3"),
                                             ("CCHC_REMIND_DAYS", "một tuần"),
                                             ("CCHC_REMIND_AT", "7 giờ")])
    def test_a_bad_setting_is_named(self, name, value):
        with pytest.raises(CchcError, match=name):
            ReminderSettings.from_env({"CCHC_SMTP_HOST": "mail.example", name: value})
