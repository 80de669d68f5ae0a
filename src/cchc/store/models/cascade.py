"""Cascaded obligations (nhiệm vụ cấp trên giao): a task an upper plan assigns to a class of
units ("UBND cấp xã") binds every member unit; each member reports its own progress on it,
with notes and evidence, without touching the upper plan's task."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from cchc.store.models.base import Base, progress_checks
from cchc.store.models.progress import EvidenceFile
from cchc.store.status import Status
from cchc.store.types import utcnow


class Obligation(Base):
    """Where one member unit stands on one cascaded task (created on its first report)."""

    __tablename__ = "obligations"
    __table_args__ = (UniqueConstraint("task_id", "org_id"), *progress_checks())

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED.value)
    percent: Mapped[int] = mapped_column(default=0)
    note: Mapped[str | None] = mapped_column(Text)  # the latest report's note
    version_id: Mapped[int]
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    updates: Mapped[list[ObligationUpdate]] = relationship(
        order_by="ObligationUpdate.id.desc()")
    evidence: Mapped[list[ObligationEvidence]] = relationship(
        order_by="ObligationEvidence.id")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version_id}


class ObligationUpdate(Base):
    """A member unit's progress report on a cascaded task; never edited."""

    __tablename__ = "obligation_updates"
    __table_args__ = progress_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    percent: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ObligationEvidence(Base):
    """An evidence file (tài liệu kiểm chứng) a member unit attached to its obligation, with
    the report it was sent with."""

    __tablename__ = "obligation_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id"), index=True)
    obligation_update_id: Mapped[int | None] = mapped_column(
        ForeignKey("obligation_updates.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("evidence_files.id"))
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(127))  # as uploaded, like the name
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[EvidenceFile] = relationship()
