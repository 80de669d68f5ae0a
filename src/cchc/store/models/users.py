"""Users, roles (vai trò) and memberships: a role held in an organization covers its subtree."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cchc.domain.vntext import fold
from cchc.store.models.base import Base
from cchc.store.models.orgs import Organization
from cchc.store.types import utcnow

ROLES: dict[str, str] = {
    "admin": "Quản trị hệ thống",
    "leader": "Lãnh đạo",
    "secretariat": "Thường trực CCHC",
    "unit_officer": "Cán bộ đơn vị",
    "reviewer": "Cấp trên theo dõi",
}


# the role names an administrator types (cchc users add --role quan_tri), for each role code
ROLE_ALIASES: dict[str, str] = {
    "quan_tri": "admin", "lanh_dao": "leader", "thuong_truc": "secretariat",
    "can_bo": "unit_officer", "cap_tren": "reviewer",
}


def role_code(name: str) -> str | None:
    """The role code for a code or a Vietnamese alias ("quan_tri", "Quản trị hệ thống")."""
    wanted = fold(name).replace(" ", "_").replace("-", "_")
    for code, label in ROLES.items():
        if wanted in (code, fold(label).replace(" ", "_")):
            return code
    return ROLE_ALIASES.get(wanted)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime | None]

    memberships: Mapped[list[Membership]] = relationship(back_populates="user")


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))


class Membership(Base):
    """User holds role in org (and, through the tree, in every unit below it)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "org_id", "role_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"))

    user: Mapped[User] = relationship(back_populates="memberships")
    org: Mapped[Organization] = relationship()
    role: Mapped[Role] = relationship()
