"""Reminders (nhắc việc): at most one per milestone, unit, day and kind (a database constraint)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cchc.store import audit
from cchc.store.models import Milestone, Notification, Organization, User
from cchc.store.types import utcnow


def record_notification(session: Session, org: Organization, milestone: Milestone, kind: str,
                        day: date, user: User | None = None) -> Notification | None:
    """The new notification, or None when this one was already recorded for that day."""
    return insert_once(session, Notification(org_id=org.id, milestone_id=milestone.id,
                                             kind=kind, day=day,
                                             user_id=user.id if user else None))


def insert_once(session: Session, notification: Notification) -> Notification | None:
    """Store `notification` unless the same one was (a unique constraint); None then."""
    try:
        with session.begin_nested():
            session.add(notification)
    except IntegrityError:
        return None
    audit.record(session, None, "notification.create", notification)
    return notification


def mark_email_sent(session: Session, notification: Notification) -> None:
    before = audit.snapshot(notification)
    notification.sent_email_at = utcnow()
    audit.record(session, None, "notification.email", notification, before)
