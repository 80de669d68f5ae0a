"""What happens to tasks over the year: progress updates, evidence, comments, notifications."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cchc.store.models.base import Base, progress_checks
from cchc.store.types import utcnow


class ProgressUpdate(Base):
    """A progress report (báo cáo tiến độ) on a task or one of its milestones; never edited."""

    __tablename__ = "progress_updates"
    __table_args__ = progress_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    percent: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    returned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # trả lại,
    returned_at: Mapped[datetime | None]  # yêu cầu chỉnh sửa, with the reason as a comment


class EvidenceFile(Base):
    """Stored content (tài liệu kiểm chứng), once per sha256, under CCHC_DATA_DIR/evidence/.
    The same bytes may be uploaded under several names and types: those belong to Evidence."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)  # bytes
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Evidence(Base):
    """An evidence file attached to a task (or milestone) under the name and media type it was
    uploaded with, and to the progress update it was sent with, if any."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("evidence_files.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"))
    progress_update_id: Mapped[int | None] = mapped_column(ForeignKey("progress_updates.id"),
                                                           index=True)
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(127))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[EvidenceFile] = relationship()


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """A reminder (nhắc việc) to a unit about a milestone — at most one per milestone, day,
    kind — or about a periodic report (báo cáo định kỳ) — at most one per period and kind."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("milestone_id", "org_id", "day", "kind"),
        UniqueConstraint("report_period", "org_id", "kind"),
        CheckConstraint("(milestone_id IS NULL) <> (report_period IS NULL)", name="subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"))
    report_period: Mapped[str | None] = mapped_column(String(16))  # "2024-Q1"
    kind: Mapped[str] = mapped_column(String(20))  # due_soon | overdue | report_due | ...
    day: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_email_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
