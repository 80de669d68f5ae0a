"""Periodic CCHC reports (báo cáo định kỳ): a unit's report of one period, its draft edited by
several people with history, and the versions sent up the tree (gửi báo cáo), each locked with
its content hash, which the level above may return for correction (trả lại)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from cchc.store.models.base import Base, one_of
from cchc.store.models.orgs import Organization
from cchc.store.types import utcnow

REPORT_KINDS = ("unit", "compilation")  # báo cáo của đơn vị | báo cáo tổng hợp của cấp trên
REPORT_STATUSES = ("draft", "sent", "returned")  # dự thảo | đã gửi | bị trả lại


class Report(Base):
    """One organization's report of one period (2024-Q1, 2024-H1, 2024-9M, 2024)."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("org_id", "period_code", "kind"),
        CheckConstraint(one_of("kind", REPORT_KINDS), name="kind"),
        CheckConstraint(one_of("status", REPORT_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    period_code: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="unit")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    sections: Mapped[dict[str, Any]]  # narrative of the draft: section key -> text
    document: Mapped[dict[str, Any]]  # số, nơi nhận, người ký, ký thay
    version_id: Mapped[int]  # optimistic lock: two editors of one draft
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_sent_at: Mapped[datetime | None]  # on time or late is judged on the first sending

    org: Mapped[Organization] = relationship()
    submissions: Mapped[list[ReportSubmission]] = relationship(
        back_populates="report", order_by="ReportSubmission.number")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version_id}


class ReportEdit(Base):
    """One change to one section of a draft (lịch sử chỉnh sửa)."""

    __tablename__ = "report_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    section: Mapped[str] = mapped_column(String(40))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportSubmission(Base):
    """A sent version: its content frozen, with its sha256, who sent it and when; the level
    above may return it with a comment, after which the unit edits and sends again."""

    __tablename__ = "report_submissions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    number: Mapped[int]  # 1, 2, ... within the report
    content: Mapped[dict[str, Any]]  # cchc.report/1, as printed
    content_sha256: Mapped[str] = mapped_column(String(64))
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    late: Mapped[bool] = mapped_column(default=False)  # sent after the report day
    returned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    returned_at: Mapped[datetime | None]
    return_comment: Mapped[str | None] = mapped_column(Text)

    report: Mapped[Report] = relationship(back_populates="submissions")
