"""Server-side sign-in sessions (phiên đăng nhập), login throttling and delegations (ủy quyền)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cchc.store.models.base import Base
from cchc.store.models.orgs import Organization
from cchc.store.models.users import User
from cchc.store.types import utcnow


class UserSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its sha256.

    Deleting the row ends the session at once (logout, password change, account disabled,
    "end all sessions")."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    address: Mapped[str | None] = mapped_column(String(64))  # client IP
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship()


class LoginThrottleEntry(Base):
    """Failed sign-ins counted under one key (an account, an address, or both), shared by every
    worker process; `blocked_until` is when the next attempt may be checked."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    blocked_until: Mapped[datetime | None]


class Delegation(Base):
    """An administrator lets `user` act with `role` on the plans of `org` (ủy quyền), e.g. the
    province secretariat entering progress for a commune that has no officer yet."""

    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    role_code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(500))
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    valid_until: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    org: Mapped[Organization] = relationship()
