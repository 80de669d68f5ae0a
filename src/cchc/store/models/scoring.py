"""The PAR-index self-assessment (tự đánh giá, chấm điểm Chỉ số CCHC): criteria sets as
installed or edited, one assessment per organization and year, its score per criterion with
the evidence linked or uploaded, the appraisal by the level above (thẩm định) and the survey
results (điều tra xã hội học) per unit.

An assessment moves draft (tự chấm) → approved (lãnh đạo phê duyệt) → submitted (gửi cấp
trên: the self-score and the criteria set are locked) → explaining (cấp trên yêu cầu giải
trình) → explained (đơn vị đã giải trình) → final (điểm chính thức)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from cchc.store.models.base import Base, one_of
from cchc.store.models.orgs import Organization
from cchc.store.models.progress import EvidenceFile
from cchc.store.types import utcnow

ASSESSMENT_STATUSES = ("draft", "approved", "submitted", "explaining", "explained", "final")
SCORE_EVIDENCE_KINDS = ("task", "evidence", "report", "plan", "file")


class CriteriaSetRecord(Base):
    """A criteria set (bộ tiêu chí) as its YAML text: shipped with cchc, or copied for a year
    by an organization that then edits it. Frozen once an assessment using it is submitted."""

    __tablename__ = "criteria_sets"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    version: Mapped[int]
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(255))
    yaml_text: Mapped[str] = mapped_column(Text)
    shipped_name: Mapped[str | None] = mapped_column(String(128))  # file of the package
    owner_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("criteria_sets.id"))
    frozen_at: Mapped[datetime | None]  # first submission of an assessment using it
    revision: Mapped[int]  # optimistic lock: two administrators editing the text
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime | None]

    owner: Mapped[Organization | None] = relationship()

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.revision}


class Assessment(Base):
    """One organization's self-assessment of one year, and its appraisal."""

    __tablename__ = "score_assessments"
    __table_args__ = (UniqueConstraint("org_id", "year"),
                      CheckConstraint(one_of("status", ASSESSMENT_STATUSES), name="status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    year: Mapped[int] = mapped_column(index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_sets.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    difficulties: Mapped[str | None] = mapped_column(Text)  # khó khăn, vướng mắc
    proposals: Mapped[str | None] = mapped_column(Text)  # đề xuất, kiến nghị
    document: Mapped[dict[str, Any]]  # số, nơi nhận, người ký of the printed report
    self_total: Mapped[float | None]  # at submission
    final_total: Mapped[float | None]  # at finalization
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None]
    finalized_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    finalized_at: Mapped[datetime | None]
    version_id: Mapped[int]  # optimistic lock: two people scoring at once
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime | None]

    org: Mapped[Organization] = relationship()
    criteria_set: Mapped[CriteriaSetRecord] = relationship()
    items: Mapped[list[ScoreItem]] = relationship(back_populates="assessment",
                                                  order_by="ScoreItem.id")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version_id}


class ScoreItem(Base):
    """A scored criterion of an assessment: the unit's value and points, the computed figure
    frozen at submission, the appraiser's points and comment, the unit's explanation."""

    __tablename__ = "score_items"
    __table_args__ = (UniqueConstraint("assessment_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("score_assessments.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))  # the criterion's code in the set
    value: Mapped[dict[str, Any]]  # scoring.rules.Value as typed by the unit
    self_points: Mapped[float | None]  # điểm tự chấm
    computed: Mapped[dict[str, Any] | None]  # {points, text, value} of cchc's figure
    explanation: Mapped[str | None] = mapped_column(Text)  # giải trình khi thiếu tài liệu
    appraised_points: Mapped[float | None]  # điểm thẩm định
    appraisal_comment: Mapped[str | None] = mapped_column(Text)
    unit_response: Mapped[str | None] = mapped_column(Text)  # giải trình của đơn vị
    updated_at: Mapped[datetime | None]

    assessment: Mapped[Assessment] = relationship(back_populates="items")
    evidence: Mapped[list[ScoreEvidence]] = relationship(order_by="ScoreEvidence.id")


class ScoreEvidence(Base):
    """Evidence of a criterion (tài liệu kiểm chứng): a task, a task's evidence file, a sent
    report or the plan linked from cchc, or a file uploaded for it."""

    __tablename__ = "score_evidence"
    __table_args__ = (CheckConstraint(one_of("kind", SCORE_EVIDENCE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("score_items.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    ref_id: Mapped[int | None]  # the task, evidence, report or plan linked
    file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_files.id"))
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str | None] = mapped_column(String(127))  # of an uploaded file, as uploaded
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[EvidenceFile | None] = relationship()


class SurveyResult(Base):
    """A survey criterion's result for a unit and year (SIPAS or the province's survey), in
    percent, entered or imported by the level above."""

    __tablename__ = "score_surveys"
    __table_args__ = (UniqueConstraint("org_id", "year", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    year: Mapped[int]
    code: Mapped[str] = mapped_column(String(32))
    value: Mapped[float]  # percent
    source: Mapped[str | None] = mapped_column(String(255))  # "SIPAS 2025", a file name
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
