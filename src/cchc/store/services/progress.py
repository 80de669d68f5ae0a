"""Progress updates on tasks and milestones, with optimistic locking.

The caller passes the version it showed the user (`expected_version`); if the record changed
since — read earlier or committed by a concurrent transaction meanwhile — the update raises
ConflictError and writes nothing: roll back, reload, let the user apply the change again.

Completion is judged on the day of the report (`today`): a task or milestone finished after its
deadline is "Hoàn thành trễ hạn", whatever was chosen, and a finished task finishes its open
milestones (each on time or late by its own date).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cchc.clock import vietnam_today
from cchc.domain.limits import too_long
from cchc.store import audit
from cchc.store.errors import ConflictError, InvalidUpdateError, NotFoundError
from cchc.store.models import Milestone, ProgressUpdate, Task, User
from cchc.store.services.comments import add_comment
from cchc.store.status import FINISHED, STATUS_LABELS, Status
from cchc.store.types import utcnow
from cchc.tracking.milestones import DEFAULT_CALENDAR
from cchc.tracking.periods import ReportingCalendar

Model = TypeVar("Model", Task, Milestone, ProgressUpdate)
_FINISHED = frozenset(s.value for s in FINISHED)


def update_task_progress(session: Session, task_id: int, user: User | None, status: str,
                         percent: int | None, note: str | None, expected_version: int, *,
                         today: date | None = None) -> ProgressUpdate:
    """Record the task's new status and percent (None: 100 when finished, 0 when not started,
    else unchanged), as of `today` (default: today in Vietnam)."""
    task = _get(session, Task, task_id)
    update = _record_progress(session, user, "task.progress", task, task, status, percent, note,
                              expected_version, today or vietnam_today())
    if update.status in _FINISHED:
        _finish_milestones(session, user, task, today or vietnam_today())
    return update


def update_milestone_progress(session: Session, milestone_id: int, user: User | None,
                              status: str, percent: int | None, note: str | None,
                              expected_version: int, *,
                              today: date | None = None) -> ProgressUpdate:
    """Record a milestone's new status and percent, e.g. a quarterly report sent."""
    milestone = _get(session, Milestone, milestone_id)
    return _record_progress(session, user, "milestone.progress", milestone.task, milestone,
                            status, percent, note, expected_version, today or vietnam_today())


def late_since(target: Task | Milestone) -> date | None:
    """The deadline `target` has missed if it finished now: its own date for a milestone; for a
    task, the earliest date of its open milestones (None when it has none dated)."""
    if isinstance(target, Milestone):
        return target.due_date
    dates = [m.due_date for m in target.milestones
             if m.status not in _FINISHED and m.due_date is not None]
    return min(dates, default=None)


def _finished_as(status: Status, target: Task | Milestone, today: date) -> Status:
    """`status`, or "done late" for a completion after the deadline."""
    due = late_since(target)
    late = (due is not None and due < today) or target.status == Status.OVERDUE.value
    return Status.DONE_LATE if status is Status.DONE and late else status


def _finish_milestones(session: Session, user: User | None, task: Task, today: date) -> None:
    """Milestones follow their task's completion: each open one is finished, late or not."""
    for milestone in task.milestones:
        if milestone.status in _FINISHED:
            continue
        before = audit.snapshot(milestone)
        milestone.status = _finished_as(Status.DONE, milestone, today).value
        milestone.percent, milestone.updated_at = 100, utcnow()
        _flush(session, milestone, milestone.version_id)
        audit.record(session, user, "milestone.follow_task", milestone, before)


def set_milestone_date(session: Session, milestone_id: int, user: User | None,
                       due_date: date | None, expected_version: int,
                       calendar: ReportingCalendar = DEFAULT_CALENDAR) -> Milestone:
    """Date a milestone, typically an event ("sau khi UBND tỉnh ban hành") once it happened."""
    milestone = _get(session, Milestone, milestone_id)
    _check_version(milestone, expected_version)
    before = audit.snapshot(milestone)
    milestone.due_date = due_date
    milestone.period_code = calendar.quarter_of(due_date).code if due_date else None
    milestone.updated_at = utcnow()
    _flush(session, milestone, expected_version)
    audit.record(session, user, "milestone.date", milestone, before)
    return milestone


def approve_progress(session: Session, update_id: int, user: User) -> ProgressUpdate:
    """A leader or the secretariat approves (phê duyệt) a progress update of someone else; the
    update's figures become the approved figures of its task or milestone, unless a later
    update of the same target was approved already."""
    update = _pending(session, update_id, user, "duyệt")
    before = audit.snapshot(update)
    update.approved_by, update.approved_at = user.id, utcnow()
    audit.record(session, user, "progress.approve", update, before)
    target = session.get(Milestone, update.milestone_id) if update.milestone_id else \
        session.get(Task, update.task_id)
    if not _later_approved(session, update):
        target_before = audit.snapshot(target)
        target.approved_status, target.approved_percent = update.status, update.percent
        audit.record(session, user, "progress.approved_figures", target, target_before)
    return update


def return_progress(session: Session, update_id: int, user: User, reason: str) -> ProgressUpdate:
    """Send a progress update back for correction (trả lại, yêu cầu chỉnh sửa), with the reason
    as a comment on the task."""
    update = _pending(session, update_id, user, "trả lại")
    before = audit.snapshot(update)
    update.returned_by, update.returned_at = user.id, utcnow()
    audit.record(session, user, "progress.return", update, before)
    add_comment(session, _get(session, Task, update.task_id), user,
                f"Trả lại cập nhật #{update.id}: {reason}",
                session.get(Milestone, update.milestone_id) if update.milestone_id else None)
    return update


def _pending(session: Session, update_id: int, user: User, verb: str) -> ProgressUpdate:
    """The update, if it still waits for a decision and `user` did not report it."""
    update = _get(session, ProgressUpdate, update_id)
    if update.approved_at is not None or update.returned_at is not None:
        raise InvalidUpdateError(f"Cập nhật #{update_id} đã được xử lý (duyệt hoặc trả lại).")
    if update.user_id == user.id:
        raise InvalidUpdateError(f"Không thể tự {verb} cập nhật #{update_id} do chính mình báo "
                                 "cáo; người khác có quyền duyệt sẽ xử lý.")
    return update


def _later_approved(session: Session, update: ProgressUpdate) -> bool:
    """Was a later update of the same task or milestone approved already?"""
    return session.query(ProgressUpdate.id).filter(
        ProgressUpdate.task_id == update.task_id,
        ProgressUpdate.milestone_id.is_(None) if update.milestone_id is None
        else ProgressUpdate.milestone_id == update.milestone_id,
        ProgressUpdate.id > update.id, ProgressUpdate.approved_at.is_not(None)).first() is not None


def _record_progress(session: Session, user: User | None, action: str, task: Task,
                     target: Task | Milestone, status: str, percent: int | None,
                     note: str | None, expected_version: int, today: date) -> ProgressUpdate:
    _check_version(target, expected_version)
    if reason := too_long(note, "Nội dung báo cáo"):
        raise InvalidUpdateError(reason)
    status = _finished_as(checked_status(status), target, today)
    percent = checked_percent(status, percent, target.percent)
    before = audit.snapshot(target)
    target.status, target.percent, target.updated_at = status.value, percent, utcnow()
    update = ProgressUpdate(task_id=task.id,
                            milestone_id=target.id if isinstance(target, Milestone) else None,
                            status=status.value, percent=percent, note=note,
                            user_id=user.id if user else None)
    session.add(update)
    _flush(session, target, expected_version)
    audit.record(session, user, action, target, before)
    return update


def _get(session: Session, model: type[Model], ident: int) -> Model:
    row = session.get(model, ident)
    if row is None:
        raise NotFoundError(f"Không tìm thấy {model.__tablename__} #{ident} / "
                            f"{model.__tablename__} #{ident} not found")
    return row


def _check_version(target: Task | Milestone, expected_version: int) -> None:
    if target.version_id != expected_version:
        raise ConflictError(target.__tablename__, target.id, expected_version, target.version_id)


def _flush(session: Session, target: Task | Milestone, expected_version: int) -> None:
    """Write the change; a concurrent commit in between makes the guarded UPDATE miss."""
    entity, ident = target.__tablename__, target.id  # unreadable once the flush failed
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(entity, ident, expected_version, None) from exc


def checked_status(code: str) -> Status:
    try:
        return Status(code)
    except ValueError:
        known = ", ".join(f"{s.value} ({label})" for s, label in STATUS_LABELS.items())
        raise InvalidUpdateError(f"Trạng thái không hợp lệ '{code}' / unknown status '{code}'; "
                                 f"one of: {known}") from None


def checked_percent(status: Status, requested: int | None, current: int) -> int:
    if requested is None:
        return 100 if status in FINISHED else 0 if status is Status.NOT_STARTED else current
    if not 0 <= requested <= 100:
        raise InvalidUpdateError(f"Tỷ lệ phải từ 0 đến 100, nhận {requested} / "
                                 f"percent must be 0–100, got {requested}")
    if status in FINISHED and requested != 100:
        raise InvalidUpdateError(f"'{STATUS_LABELS[status]}' cần 100%, nhận {requested}% / "
                                 f"a finished item is 100%, got {requested}%")
    return requested
