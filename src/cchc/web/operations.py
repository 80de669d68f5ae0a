"""What pages and the API do to tasks, in one place: read a task with its history, record
progress, attach evidence, comment, approve, urge. Every function checks permissions first and
commits its own write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from sqlalchemy import select
from starlette.datastructures import UploadFile
from starlette.responses import FileResponse
from sqlalchemy.orm import Session

from cchc.store import services
from cchc.store.dashboard import current_successor, lineage
from cchc.store.errors import InvalidUpdateError
from cchc.store.files import EvidenceFiles
from cchc.store.models import (
    Comment, Evidence, Milestone, Notification, Organization, Plan, PlanVersion, ProgressUpdate,
    Task,
    TaskUnit, User)
from cchc.store.status import FINISHED
from cchc.store.task_list import SETTLED, TaskRow, milestone_status, task_rows
from cchc.store.uploads import CheckedUpload, Upload, base_name, checked
from cchc.web.permissions import (
    Action, NotVisible, Principal, authorize_decision, authorize_task, task_access)
from cchc.web.templating import megabytes

_FINISHED = frozenset(s.value for s in FINISHED)


MAX_REASON = 2_000


class OutdatedTask(Exception):
    """The task belongs to an earlier version of its plan; `current_id` carries it on."""

    def __init__(self, current_id: int | None) -> None:
        self.current_id = current_id
        super().__init__("Kế hoạch đã có phiên bản mới; hãy cập nhật nhiệm vụ ở phiên bản "
                         "hiện hành.")


class UploadTooLarge(Exception):
    def __init__(self, limit: int, name: str | None = None) -> None:
        message = upload_too_large(limit)
        super().__init__(f"“{name}”: {message}" if name else message)


def upload_too_large(limit: int) -> str:
    """The one message for an upload over `limit` bytes, wherever it is caught."""
    return f"Tệp tải lên quá lớn: tối đa {megabytes(limit)} mỗi tệp."


@dataclass
class HistoryEntry:
    update: ProgressUpdate
    user: str
    approver: str | None  # who approved or returned it
    milestone: str | None
    files: list[Evidence] = field(default_factory=list)  # evidence sent with the update


@dataclass(frozen=True)
class Attachments:
    """Evidence files sent with a progress report, where they go and how large each may be."""

    files: EvidenceFiles
    uploads: Sequence[Upload]
    limit: int  # bytes per file

    @classmethod
    def sent(cls, files: EvidenceFiles, parts: Sequence[UploadFile], limit: int) -> Attachments:
        """The files a form sent; a file input left empty sends a nameless part, left out."""
        return cls(files, [Upload(p.filename, p.file, p.size, p.content_type)
                           for p in parts if p.filename], limit)


@dataclass(frozen=True)
class Abilities:
    """What the reader may do on a task page."""

    update: bool
    comment: bool
    approve: bool
    urge: bool
    give_back: bool  # trả lại (return for correction)


@dataclass
class TaskDetail:
    """A task page's content and what the reader may do there."""

    task: Task
    row: TaskRow
    plan: Plan
    version: PlanVersion
    leads: list[TaskUnit]
    partners: list[TaskUnit]
    milestones: list[Milestone]
    history: list[HistoryEntry]
    evidence: list[tuple[Evidence, str]]  # (evidence, uploader)
    comments: list[tuple[Comment, str]]  # (comment, author)
    current_id: int | None  # the task in the plan's current version
    can: Abilities
    reader_id: int  # nobody approves or returns their own update
    milestone_status: dict[int, str]  # milestone id -> status as shown (late ones overdue)
    plan_readable: bool  # may the reader open the whole plan (its dashboard)?

    @property
    def is_current(self) -> bool:
        return self.current_id == self.task.id


def task_detail(session: Session, principal: Principal, task_id: int, today: date) -> TaskDetail:
    task = authorize_task(session, principal, task_id)
    access = task_access(session, task_id)
    version = session.get(PlanVersion, task.plan_version_id)
    chain = lineage(session, task_id)
    names = _user_names(session, chain)
    history = [HistoryEntry(u, names.get(u.user_id, "—"),
                            names.get(u.approved_by or u.returned_by), label)
               for u, label in session.execute(
                   select(ProgressUpdate, Milestone.label)
                   .outerjoin(Milestone, Milestone.id == ProgressUpdate.milestone_id)
                   .where(ProgressUpdate.task_id.in_(chain))
                   .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()))]
    evidence = [(e, names.get(e.user_id, "—")) for e in session.scalars(
        select(Evidence).where(Evidence.task_id.in_(chain)).order_by(Evidence.id.desc()))]
    sent_with = {h.update.id: h.files for h in history}
    for e, _ in reversed(evidence):
        if e.progress_update_id in sent_with:
            sent_with[e.progress_update_id].append(e)
    comments = [(c, names.get(c.user_id, "—")) for c in session.scalars(
        select(Comment).where(Comment.task_id.in_(chain)).order_by(Comment.id))]
    current_id = current_successor(session, task_id)
    assert access is not None
    current = current_id == task_id  # earlier versions are read-only
    can = Abilities(*(current and access.allows(principal, action)
                      for action in (Action.UPDATE, Action.COMMENT, Action.APPROVE, Action.URGE,
                                     Action.RETURN)))
    return TaskDetail(task, task_rows(session, [task_id], today)[0], version.plan, version,
                      [u for u in task.units if u.role == "lead"],
                      [u for u in task.units if u.role == "coop"],
                      list(task.milestones), history, evidence, comments, current_id, can,
                      principal.user_id,
                      {m.id: milestone_status(m, today) for m in task.milestones},
                      principal.may(Action.READ, version.plan.org_id))


def _user_names(session: Session, chain: list[int]) -> dict[int | None, str]:
    ids = set()
    for model, columns in ((ProgressUpdate, ("user_id", "approved_by", "returned_by")),
                           (Evidence, ("user_id",)), (Comment, ("user_id",))):
        for column in columns:
            ids |= set(session.scalars(select(getattr(model, column))
                                       .where(model.task_id.in_(chain))))
    ids.discard(None)
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _writable(session: Session, principal: Principal, task_id: int, action: Action) -> Task:
    task = authorize_task(session, principal, task_id, action)
    current = current_successor(session, task_id)
    if current != task_id:
        raise OutdatedTask(current)
    return task


def record_progress(session: Session, principal: Principal, task_id: int, status: str,
                    percent: int | None, note: str | None, expected_version: int,
                    milestone_id: int | None, today: date,
                    attachments: Attachments | None = None) -> ProgressUpdate:
    """Record progress on the task, or on one of its milestones (mốc), as of `today`, under
    optimistic locking: ConflictError when the version shown is no longer the stored one.
    The evidence files sent with it are checked first, all of them: one refused (size, type,
    an unreadable photo) and nothing is written; else each belongs to the update."""
    task = _writable(session, principal, task_id, Action.UPDATE)
    uploads = checked_uploads(attachments) if attachments else []
    user = session.get(User, principal.user_id)
    note = (note or "").strip() or None
    if milestone_id is None:
        update = services.update_task_progress(session, task_id, user, status, percent, note,
                                               expected_version, today=today)
    else:
        milestone = session.get(Milestone, milestone_id)
        if milestone is None or milestone.task_id != task_id:
            raise InvalidUpdateError("Mốc không thuộc nhiệm vụ này.")
        update = services.update_milestone_progress(session, milestone_id, user, status, percent,
                                                    note, expected_version, today=today)
    for upload in uploads:
        services.add_evidence(session, attachments.files, task, user, upload.name,
                              upload.content, upload.mime, update=update)
    session.commit()
    return update


def checked_uploads(attachments: Attachments) -> list[CheckedUpload]:
    """Every upload fit to store, sizes first (nothing read of a file too large)."""
    for upload in attachments.uploads:
        if upload.size is not None and upload.size > attachments.limit:
            raise UploadTooLarge(attachments.limit, base_name(upload.name))
    return [checked(upload) for upload in attachments.uploads]


def attach_evidence(session: Session, principal: Principal, files: EvidenceFiles, task_id: int,
                    name: str, content: BinaryIO, size: int | None, limit: int,
                    mime: str | None = None) -> Evidence:
    """Store an uploaded file as evidence (tài liệu kiểm chứng) of the task, on its own."""
    task = _writable(session, principal, task_id, Action.UPDATE)
    if size is not None and size > limit:
        raise UploadTooLarge(limit)
    upload = checked(Upload(name, content, size, mime))
    evidence = services.add_evidence(session, files, task, session.get(User, principal.user_id),
                                     upload.name, upload.content, upload.mime)
    session.commit()
    return evidence


def evidence_file(session: Session, principal: Principal, evidence_id: int) -> Evidence:
    """An evidence record the user may download (its task is readable)."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotVisible(f"evidence {evidence_id}")
    authorize_task(session, principal, evidence.task_id)
    return evidence


def evidence_download(session: Session, principal: Principal, files: EvidenceFiles,
                      evidence_id: int) -> FileResponse:
    """The evidence file as an attachment, for the page and the API alike."""
    evidence = evidence_file(session, principal, evidence_id)
    return FileResponse(files.path(evidence.file.sha256), media_type=evidence.mime,
                        filename=evidence.name, content_disposition_type="attachment")


def add_comment(session: Session, principal: Principal, task_id: int, body: str) -> Comment:
    task = _writable(session, principal, task_id, Action.COMMENT)
    comment = services.add_comment(session, task, session.get(User, principal.user_id), body)
    session.commit()
    return comment


def approve_update(session: Session, principal: Principal, update_id: int) -> ProgressUpdate:
    """Approve (phê duyệt) someone else's progress update on a task the user may approve."""
    authorize_decision(session, principal, update_id, Action.APPROVE)
    approved = services.approve_progress(session, update_id, session.get(User, principal.user_id))
    session.commit()
    return approved


def return_update(session: Session, principal: Principal, update_id: int,
                  reason: str) -> ProgressUpdate:
    """Send someone else's progress update back for correction, with the reason."""
    authorize_decision(session, principal, update_id, Action.RETURN)
    reason = reason.strip()
    if not reason:
        raise InvalidUpdateError("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")
    if len(reason) > MAX_REASON:
        raise InvalidUpdateError(f"Lý do trả lại dài tối đa {MAX_REASON} ký tự.")
    returned = services.return_progress(session, update_id, session.get(User, principal.user_id),
                                        reason)
    session.commit()
    return returned


def urge(session: Session, principal: Principal, task_id: int, today: date) -> int:
    """Remind (đôn đốc) the lead units of the task's next unfinished milestone; returns how
    many units got a new reminder (none twice a day)."""
    task = _writable(session, principal, task_id, Action.URGE)
    if task.status in SETTLED:
        raise InvalidUpdateError("Nhiệm vụ đã hoàn thành hoặc tạm dừng, không cần đôn đốc.")
    open_ones = [m for m in task.milestones if m.status not in _FINISHED and m.due_date]
    if not open_ones:
        raise InvalidUpdateError("Nhiệm vụ không có mốc nào đang chờ thực hiện.")
    milestone = min(open_ones, key=lambda m: m.due_date)
    user = session.get(User, principal.user_id)
    sent = 0
    for unit in task.units:
        if unit.role == "lead" and unit.org_id is not None:
            org = session.get(Organization, unit.org_id)
            sent += services.record_notification(session, org, milestone, "urge", today,
                                                 user) is not None
    session.commit()
    return sent


def notifications_for(session: Session, org_ids: frozenset[int],
                      limit: int = 20) -> list[tuple[Notification, Milestone, Task]]:
    """Recent reminders to the user's units, with the milestone and task they are about."""
    if not org_ids:
        return []
    return [tuple(row) for row in session.execute(
        select(Notification, Milestone, Task)
        .join(Milestone, Milestone.id == Notification.milestone_id)
        .join(Task, Task.id == Milestone.task_id)
        .where(Notification.org_id.in_(sorted(org_ids)))
        .order_by(Notification.day.desc(), Notification.id.desc()).limit(limit))]
