"""Plans (kế hoạch), their versions, tasks (nhiệm vụ), assigned units, milestones (mốc), targets.

A plan is one organization's plan for one year; every import or edit adds a version and moves
`Plan.current_version` to it, nothing is overwritten.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from cchc.store.models.base import Base, progress_checks
from cchc.store.models.orgs import Organization
from cchc.store.status import Status
from cchc.store.types import utcnow


class ReformArea(Base):
    """A reform area (lĩnh vực CCHC), see cchc.domain.areas."""

    __tablename__ = "reform_areas"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("org_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    year: Mapped[int]
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_versions.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    org: Mapped[Organization] = relationship()
    current_version: Mapped[PlanVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True)
    versions: Mapped[list[PlanVersion]] = relationship(
        foreign_keys="PlanVersion.plan_id", back_populates="plan", order_by="PlanVersion.number")


class PlanVersion(Base):
    """One imported or edited state of a plan, with its source and lint findings."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    number: Mapped[int]  # 1, 2, ... within the plan
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    source_name: Mapped[str | None] = mapped_column(String(255))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    plan_json: Mapped[dict[str, Any]]  # cchc.plan/1
    findings: Mapped[list[Any]]  # lint findings, as JSON

    plan: Mapped[Plan] = relationship(foreign_keys=[plan_id], back_populates="versions")
    tasks: Mapped[list[Task]] = relationship(back_populates="plan_version",
                                             order_by="Task.position")
    targets: Mapped[list[Target]] = relationship(order_by="Target.position")


class Tracked:
    """Current progress of a task or milestone, guarded by optimistic locking (version_id)."""

    status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED.value)
    percent: Mapped[int] = mapped_column(default=0)
    version_id: Mapped[int]
    updated_at: Mapped[datetime | None]
    # the figures of the latest approved update (số liệu đã duyệt): what dashboards count
    approved_status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED.value)
    approved_percent: Mapped[int] = mapped_column(default=0)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[CheckConstraint, ...]:
        return progress_checks()

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version_id}


class Task(Tracked, Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    position: Mapped[int]  # order in the plan
    no: Mapped[str | None] = mapped_column(String(32))  # số thứ tự as printed
    area_code: Mapped[str] = mapped_column(ForeignKey("reform_areas.code"))
    text: Mapped[str] = mapped_column(Text)  # nội dung
    objective: Mapped[str | None] = mapped_column(Text)  # mục tiêu
    activities: Mapped[list[Any]]  # hoạt động
    outputs: Mapped[list[Any]]  # sản phẩm
    deadline_text: Mapped[str | None] = mapped_column(Text)  # thời gian hoàn thành, as printed
    schedule: Mapped[list[Any]]  # normalized schedule items (ScheduleItem.to_dict)
    budget: Mapped[str | None] = mapped_column(Text)  # kinh phí
    source_where: Mapped[str | None] = mapped_column(String(255))
    previous_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))  # same task
    # in the plan's previous version, whose progress it carries on

    plan_version: Mapped[PlanVersion] = relationship(back_populates="tasks")
    units: Mapped[list[TaskUnit]] = relationship(order_by="TaskUnit.position")
    milestones: Mapped[list[Milestone]] = relationship(back_populates="task",
                                                       order_by="Milestone.position")


class TaskUnit(Base):
    """A lead (chủ trì) or cooperating (phối hợp) unit as printed, and what it maps to."""

    __tablename__ = "task_units"
    __table_args__ = (
        CheckConstraint("role IN ('lead', 'coop')", name="role"),
        CheckConstraint("org_id IS NULL OR unit_class_id IS NULL", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    role: Mapped[str] = mapped_column(String(4))
    position: Mapped[int]
    printed_text: Mapped[str] = mapped_column(Text)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    unit_class_id: Mapped[int | None] = mapped_column(ForeignKey("unit_classes.id"), index=True)


class Milestone(Tracked, Base):
    """A dated occurrence of a task's schedule (see cchc.tracking.milestones)."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    position: Mapped[int]
    label: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))  # due | window | recurring | continuous | event
    due_date: Mapped[date | None] = mapped_column(index=True)  # None: event not yet dated
    period_code: Mapped[str | None] = mapped_column(String(16))  # "2024-Q2"

    task: Mapped[Task] = relationship(back_populates="milestones")


class Target(Base):
    """A measurable objective (chỉ tiêu) of a plan version."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    area_code: Mapped[str] = mapped_column(ForeignKey("reform_areas.code"))
    indicator: Mapped[str] = mapped_column(String(64))
    comparator: Mapped[str] = mapped_column(String(2))
    value: Mapped[float]
    unit: Mapped[str] = mapped_column(String(32))
    source_where: Mapped[str | None] = mapped_column(String(255))
