"""Reminders (nhắc việc): each unit's digest of overdue and soon-due milestones (`cchc remind`).

A milestone of a current plan, not finished nor paused (nor its task), is reminded to each unit
that leads its task — every member below the plan's organization when a class leads ("UBND cấp
xã"), the plan's organization when no lead is known — once when it comes within `days_ahead`
days of its due date (due_soon) and once more after it (overdue), at most `max_overdue_days`
late. Each reminder is an in-app notification (unique per milestone, unit, day and kind) and a
line of the unit's email digest, sent to the unit's members — or, for a unit without accounts,
to those of the nearest unit above it. A digest that could not be sent is sent again by a later
run the same day.
"""

from __future__ import annotations

import os
import smtplib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import QueryableAttribute, Session, sessionmaker

from cchc.clock import today_from_env, vietnam_today
from cchc.errors import CchcError
from cchc.store import open_database
from cchc.store.models import (
    Membership,
    Milestone,
    Notification,
    Organization,
    Plan,
    Role,
    Task,
    TaskUnit,
    UnitClassMember,
    User,
)
from cchc.store.queries import ancestor_ids, subtree_ids
from cchc.store.services import mark_email_sent, record_notification
from cchc.store.status import FINISHED, Status
from cchc.reports.periods import ReportCalendar
from cchc.reports.reminders import (
    ReportReminder, due_report_reminders, record_report_reminder, report_lines)
from cchc.tracking.digest import DUE_SOON, OVERDUE, compose, digest_items, unit_title
from cchc.tracking.mail import SmtpSettings, smtp_connection

KINDS = (DUE_SOON, OVERDUE)
RECIPIENT_ROLES = ("leader", "secretariat", "unit_officer")  # not admins, not reviewers above
_QUIET = tuple(s.value for s in (*FINISHED, Status.PAUSED))


@dataclass(frozen=True)
class ReminderSettings:
    """CCHC_REMIND_DAYS, CCHC_REMIND_MAX_OVERDUE_DAYS, CCHC_REMIND_AT (HH:MM, Vietnam time),
    CCHC_REMIND_REPORTS (0: no reminders about periodic reports), CCHC_SITE_URL, CCHC_TODAY
    (ISO date, for demonstrations) and the CCHC_SMTP_* settings."""

    days_ahead: int = 7
    max_overdue_days: int = 60  # older overdue milestones are left to the dashboard
    run_at: time = time(7, 0)  # when the daily schedule runs
    smtp: SmtpSettings | None = None  # None: in-app notifications only
    site_url: str | None = None  # shown in emails
    today: Callable[[], date] = field(default=vietnam_today)
    reports: bool = True  # also remind of periodic reports due, late and missing below

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> ReminderSettings:
        return cls(days_ahead=_int(environ, "CCHC_REMIND_DAYS", cls.days_ahead),
                   max_overdue_days=_int(environ, "CCHC_REMIND_MAX_OVERDUE_DAYS",
                                         cls.max_overdue_days),
                   run_at=_time(environ, "CCHC_REMIND_AT", cls.run_at),
                   smtp=SmtpSettings.from_env(environ),
                   site_url=environ.get("CCHC_SITE_URL") or None,
                   today=today_from_env(environ),
                   reports=environ.get("CCHC_REMIND_REPORTS", "1") != "0")


@dataclass(frozen=True)
class Reminder:
    org_id: int
    milestone_id: int
    kind: str  # due_soon | overdue


@dataclass
class ReminderReport:
    """What a run did (or, dry, would do)."""

    day: date
    reminders: list[Reminder]
    dry_run: bool = False
    emails: int = 0
    email_error: str | None = None
    email_off: bool = False
    planned: list[str] = field(default_factory=list)  # dry run: one line per unit
    reports: list[ReportReminder] = field(default_factory=list)  # about periodic reports

    def summary(self) -> str:
        kinds = Counter(r.kind for r in self.reminders)
        units = len({r.org_id for r in self.reminders})
        head = (f"{'Chạy thử nhắc việc' if self.dry_run else 'Nhắc việc'} ngày "
                f"{self.day:%d/%m/%Y}: {len(self.reminders)} thông báo "
                f"{'sẽ tạo' if self.dry_run else 'mới'} cho {units} đơn vị "
                f"({kinds[OVERDUE]} quá hạn, {kinds[DUE_SOON]} sắp đến hạn)"
                + (f", {len(self.reports)} về báo cáo định kỳ" if self.reports else ""))
        if self.dry_run:
            return "\n".join([head + "; không gửi, không ghi gì.", *self.planned])
        tail = [f"đã gửi {self.emails} email"]
        if self.email_off:
            tail = ["chưa cấu hình máy chủ thư (CCHC_SMTP_HOST) nên chỉ nhắc trong hệ thống"]
        if self.email_error:
            tail.append(f"lỗi gửi thư: {self.email_error} (lần chạy sau trong ngày sẽ gửi lại)")
        return f"{head}; {'; '.join(tail)}."


def run_reminders(dry_run: bool = False) -> str:
    """`cchc remind`: remind every unit of the configured database; the summary."""
    settings = ReminderSettings.from_env()
    with open_database() as factory:
        return remind(factory, settings, dry_run=dry_run).summary()


def remind(factory: sessionmaker[Session], settings: ReminderSettings,
           today: date | None = None, dry_run: bool = False) -> ReminderReport:
    """Record today's new reminders, then email every unit its pending digest."""
    today = today or settings.today()
    with factory() as session:
        reminders = due_reminders(session, today, settings)
        reports = due_report_reminders(session, today, settings.days_ahead,
                                       ReportCalendar.from_env()) if settings.reports else []
        if dry_run:
            return ReminderReport(today, reminders, dry_run=True,
                                  planned=_planned(session, reminders), reports=reports)
    with factory.begin() as session:
        for reminder in reminders:
            record_notification(session, session.get(Organization, reminder.org_id),
                                session.get(Milestone, reminder.milestone_id), reminder.kind,
                                today)
        for report_reminder in reports:
            record_report_reminder(session, report_reminder, today)
    report = ReminderReport(today, reminders, email_off=settings.smtp is None,
                            reports=reports)
    if settings.smtp is not None:
        try:
            report.emails = send_digests(factory, settings, settings.smtp, today)
        except (smtplib.SMTPException, OSError) as exc:
            report.email_error = str(exc) or type(exc).__name__
    return report


def due_reminders(session: Session, today: date, settings: ReminderSettings) -> list[Reminder]:
    """The reminders not given yet: (unit, milestone, kind) for every open milestone due
    between `max_overdue_days` ago and `days_ahead` from today."""
    candidates = (
        select(Milestone.id, Milestone.due_date, Milestone.task_id, Plan.org_id)
        .join(Task, Task.id == Milestone.task_id)
        .join(Plan, Plan.current_version_id == Task.plan_version_id)
        .where(Milestone.due_date.between(today - timedelta(days=settings.max_overdue_days),
                                          today + timedelta(days=settings.days_ahead)),
               Milestone.status.not_in(_QUIET), Task.status.not_in(_QUIET)))
    rows = session.execute(candidates).all()
    given = set(session.execute(
        select(Notification.milestone_id, Notification.org_id, Notification.kind)
        .where(Notification.kind.in_(KINDS),
               Notification.milestone_id.in_(_ids(candidates, Milestone.id)))).all())
    units = _LeadUnits(session, _ids(candidates, Milestone.task_id))
    reminders = []
    for milestone_id, due, task_id, plan_org_id in rows:
        kind = OVERDUE if due < today else DUE_SOON
        reminders += [Reminder(org_id, milestone_id, kind)
                      for org_id in sorted(units.of(task_id, plan_org_id))
                      if (milestone_id, org_id, kind) not in given]
    return reminders


def send_digests(factory: sessionmaker[Session], settings: ReminderSettings,
                 smtp: SmtpSettings, today: date) -> int:
    """Email each unit its reminders of `today` not emailed yet; the number of emails sent.

    One transaction per unit: its notifications are marked sent only once the server took the
    message (on PostgreSQL they are locked meanwhile, so two runs do not both send them).
    """
    with factory() as session:
        org_ids = sorted(set(session.scalars(_pending(today).with_only_columns(
            Notification.org_id))) | set(session.scalars(_pending_reports(today)
                                                          .with_only_columns(
                                                              Notification.org_id))))
    calendar = ReportCalendar.from_env()
    sent = 0
    with ExitStack() as stack:
        connection = None
        for org_id in org_ids:
            with factory.begin() as session:
                pending = session.scalars(
                    _pending(today).where(Notification.org_id == org_id)
                    .with_for_update(skip_locked=True, of=Notification)).all()
                about_reports = session.scalars(
                    _pending_reports(today).where(Notification.org_id == org_id)
                    .with_for_update(skip_locked=True, of=Notification)).all()
                org = session.get(Organization, org_id)
                recipients = recipients_of(session, org)
                items = digest_items(session, pending)
                lines = report_lines(session, list(about_reports), today, calendar)
                if not (recipients and (items or lines)):
                    continue
                connection = connection or stack.enter_context(smtp_connection(smtp))
                connection.send_message(compose(org, items, today, settings.days_ahead,
                                                smtp.sender, recipients, settings.site_url,
                                                lines))
                for notification in [*pending, *about_reports]:
                    mark_email_sent(session, notification)
            sent += 1
    return sent


def recipients_of(session: Session, org: Organization) -> list[str]:
    """Email addresses of the unit's members, or of the nearest unit above that has some."""
    for org_id in [org.id, *ancestor_ids(session, org.id)]:
        emails = sorted(set(session.scalars(
            select(User.email).join(Membership, Membership.user_id == User.id)
            .join(Role, Role.id == Membership.role_id)
            .where(Membership.org_id == org_id, Role.code.in_(RECIPIENT_ROLES),
                   User.active.is_(True), User.email.is_not(None)))))
        if emails:
            return emails
    return []


class _LeadUnits:
    """The units that must act on each task: its lead units, a lead class's members below the
    plan's organization, else the plan's organization itself."""

    def __init__(self, session: Session, task_ids: Select[tuple[int]]) -> None:
        self._session = session
        self._leads: dict[int, list[tuple[int | None, int | None]]] = defaultdict(list)
        for task_id, org_id, class_id in session.execute(
                select(TaskUnit.task_id, TaskUnit.org_id, TaskUnit.unit_class_id)
                .where(TaskUnit.task_id.in_(task_ids), TaskUnit.role == "lead")):
            self._leads[task_id].append((org_id, class_id))
        self._members: dict[int, set[int]] = defaultdict(set)
        for class_id, org_id in session.execute(
                select(UnitClassMember.class_id, UnitClassMember.org_id)):
            self._members[class_id].add(org_id)
        self._subtrees: dict[int, set[int]] = {}

    def of(self, task_id: int, plan_org_id: int) -> set[int]:
        units: set[int] = set()
        for org_id, class_id in self._leads.get(task_id, []):
            if org_id is not None:
                units.add(org_id)
            elif class_id is not None:
                units |= self._members[class_id] & self._subtree(plan_org_id)
        return units or {plan_org_id}

    def _subtree(self, org_id: int) -> set[int]:
        if org_id not in self._subtrees:
            self._subtrees[org_id] = subtree_ids(self._session, org_id)
        return self._subtrees[org_id]


def _pending(today: date) -> Select[tuple[Notification]]:
    """Today's reminders not emailed yet, about milestones of current plan versions."""
    return (select(Notification)
            .join(Milestone, Milestone.id == Notification.milestone_id)
            .join(Task, Task.id == Milestone.task_id)
            .join(Plan, Plan.current_version_id == Task.plan_version_id)
            .where(Notification.day == today, Notification.kind.in_(KINDS),
                   Notification.sent_email_at.is_(None)))


def _pending_reports(today: date) -> Select[tuple[Notification]]:
    """Today's reminders about periodic reports not emailed yet."""
    return select(Notification).where(Notification.day == today,
                                      Notification.report_period.is_not(None),
                                      Notification.sent_email_at.is_(None))


def _ids(candidates: Select[tuple[int, date, int, int]],
         column: QueryableAttribute[int]) -> Select[tuple[int]]:
    return candidates.with_only_columns(column).distinct()


def _planned(session: Session, reminders: list[Reminder]) -> list[str]:
    """Dry run: one line per unit, with the addresses its digest would go to."""
    by_unit = Counter((r.org_id, r.kind) for r in reminders)
    lines = []
    for org_id in sorted({r.org_id for r in reminders}):
        org = session.get(Organization, org_id)
        recipients = ", ".join(recipients_of(session, org)) or "không có địa chỉ email"
        lines.append(f"  {unit_title(org)}: {by_unit[org_id, OVERDUE]} quá hạn, "
                     f"{by_unit[org_id, DUE_SOON]} sắp đến hạn → {recipients}")
    return lines


def _time(environ: Mapping[str, str], name: str, default: time) -> time:
    value = environ.get(name)
    try:
        return time.fromisoformat(value) if value else default
    except ValueError:
        raise CchcError(f"{name} phải có dạng HH:MM, nhận '{value}' / {name} must be HH:MM, "
                        f"got '{value}'") from None


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name)
    if not value:
        return default
    if not value.isdigit():
        raise CchcError(f"{name} phải là số ngày, nhận '{value}' / {name} must be a number of "
                        f"days, got '{value}'")
    return int(value)
