"""The organization tree (cây tổ chức) with validity dates, merge/split history and unit classes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cchc.store.models.base import Base, one_of
from cchc.store.types import utcnow

ORG_KINDS = ("tinh", "huyen", "xa", "phuong", "thi_tran", "dac_khu", "so", "phong", "bo_phan",
             "officer_post", "khac")
# kinds of organization that issue CCHC plans of their own: a role held above one of them
# reads its plans (cấp trên) but does not work on them
PLAN_ISSUER_KINDS = ("tinh", "huyen", "xa", "phuong", "thi_tran", "dac_khu", "so")
ORG_EVENT_KINDS = ("merge", "split", "rename")  # sáp nhập | chia tách | đổi tên
ORG_KIND_LABELS = {
    "tinh": "Tỉnh, thành phố", "huyen": "Huyện, quận, thị xã, thành phố thuộc tỉnh",
    "xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn", "dac_khu": "Đặc khu",
    "so": "Sở, ban, ngành", "phong": "Phòng, văn phòng", "bo_phan": "Bộ phận, trung tâm",
    "officer_post": "Chức danh công chức", "khac": "Đơn vị khác"}


class Organization(Base):
    """A unit of any level: province, commune, department, office, officer post (chức danh)."""

    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint(one_of("kind", ORG_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]  # last day the unit existed (e.g. 30/6/2025 for a district)
    # From the official register (danh mục đơn vị hành chính): its name there and the data
    # version that last listed the unit; both None for units created otherwise.
    official_name: Mapped[str | None] = mapped_column(String(255))
    register_version: Mapped[str | None] = mapped_column(String(20))

    parent: Mapped[Organization | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Organization]] = relationship(back_populates="parent")


class OrgEvent(Base):
    """A merge (sáp nhập), split (chia tách) or rename (đổi tên) on a date."""

    __tablename__ = "org_events"
    __table_args__ = (CheckConstraint(one_of("kind", ORG_EVENT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    effective_on: Mapped[date]  # ngày hiệu lực
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    links: Mapped[list[OrgEventLink]] = relationship(cascade="all, delete-orphan")


class OrgEventLink(Base):
    """An organization on the `from` or `to` side of an event."""

    __tablename__ = "org_event_links"
    __table_args__ = (CheckConstraint("side IN ('from', 'to')", name="side"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("org_events.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    side: Mapped[str] = mapped_column(String(4), primary_key=True)

    org: Mapped[Organization] = relationship()


class UnitClass(Base):
    """A class of units ("class.ubnd_cap_xa": every commune People's Committee)."""

    __tablename__ = "unit_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))

    members: Mapped[list[Organization]] = relationship(secondary="unit_class_members")


class UnitClassMember(Base):
    __tablename__ = "unit_class_members"

    class_id: Mapped[int] = mapped_column(ForeignKey("unit_classes.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True,
                                        index=True)


class UnitMapping(Base):
    """A printed unit name, folded, mapped to a unit or class within one organization's plans.

    Confirmed once, remembered for next year's plan of the same organization.
    """

    __tablename__ = "unit_mappings"
    __table_args__ = (
        UniqueConstraint("scope_org_id", "folded_text"),
        CheckConstraint("org_id IS NULL OR unit_class_id IS NULL", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    folded_text: Mapped[str] = mapped_column(String(500))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    unit_class_id: Mapped[int | None] = mapped_column(ForeignKey("unit_classes.id"))
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
