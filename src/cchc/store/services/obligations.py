"""A member unit's progress on a task its class was assigned by an upper plan (nghĩa vụ của
đơn vị thành viên): optimistic locking as for tasks, every report kept, every write audited."""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cchc.domain.limits import too_long
from cchc.store import audit
from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.files import EvidenceFiles
from cchc.store.models import (
    Obligation, ObligationEvidence, ObligationUpdate, Organization, Task, User)
from cchc.store.services.evidence import stored_file
from cchc.store.services.progress import checked_percent, checked_status
from cchc.store.types import utcnow


def obligation_of(session: Session, task: Task, org: Organization,
                  user: User | None = None) -> Obligation:
    """The unit's obligation row for the task, made on first use."""
    found = session.scalar(select(Obligation).where(Obligation.task_id == task.id,
                                                    Obligation.org_id == org.id))
    if found is None:
        found = Obligation(task_id=task.id, org_id=org.id)
        session.add(found)
        audit.record(session, user, "obligation.create", found)
    return found


def report_obligation(session: Session, task: Task, org: Organization, user: User | None,
                      status: str, percent: int | None, note: str | None,
                      expected_version: int | None) -> ObligationUpdate:
    """Record the unit's new status on the cascaded task (ConflictError when someone else
    reported since `expected_version`; None: the row does not exist yet)."""
    if reason := too_long(note, "Nội dung báo cáo"):
        raise InvalidUpdateError(reason)
    obligation = obligation_of(session, task, org, user)
    if expected_version is not None and obligation.version_id != expected_version:
        raise ConflictError("obligations", obligation.id, expected_version,
                            obligation.version_id)
    code = checked_status(status)
    percent = checked_percent(code, percent, obligation.percent)
    before = audit.snapshot(obligation)
    obligation.status, obligation.percent = code.value, percent
    obligation.note = (note or "").strip() or obligation.note
    obligation.updated_at, obligation.updated_by = utcnow(), user.id if user else None
    update = ObligationUpdate(obligation_id=obligation.id, status=code.value, percent=percent,
                              note=(note or "").strip() or None,
                              user_id=user.id if user else None)
    session.add(update)
    ident = obligation.id
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError("obligations", ident, expected_version or 0, None) from exc
    audit.record(session, user, "obligation.progress", obligation, before)
    return update


def add_obligation_evidence(session: Session, files: EvidenceFiles, task: Task,
                            org: Organization, user: User | None, name: str,
                            content: bytes | BinaryIO, mime: str,
                            update: ObligationUpdate | None = None) -> ObligationEvidence:
    """Attach an evidence file to the unit's obligation (stored once per sha256), and to the
    report `update` it was sent with."""
    obligation = obligation_of(session, task, org, user)
    file = stored_file(session, files, content)
    evidence = ObligationEvidence(obligation_id=obligation.id, file=file, name=name, mime=mime,
                                  obligation_update_id=update.id if update else None,
                                  user_id=user.id if user else None)
    session.add(evidence)
    audit.record(session, user, "obligation.evidence", evidence,
                 after={**audit.snapshot(evidence), "sha256": file.sha256})
    return evidence
