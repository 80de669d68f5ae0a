"""Writing users and their roles; checking a password."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store import audit
from cchc.store.errors import InvalidUpdateError, NotFoundError
from cchc.store.models import Delegation, Membership, Organization, Role, User
from cchc.store.passwords import (
    check_password_policy, hash_password, needs_rehash, verify_password)
from cchc.store.services.sessions import end_sessions
from cchc.store.types import utcnow

_SECRET = ("password_hash",)


def create_user(session: Session, actor: User | None, username: str, display_name: str,
                password: str, email: str | None = None) -> User:
    user = User(username=username, display_name=display_name, email=email,
                password_hash=hash_password(password))
    session.add(user)
    audit.record(session, actor, "user.create", user, after=audit.snapshot(user, _SECRET))
    return user


def add_account(session: Session, actor: User | None, username: str, display_name: str,
                password: str, org: Organization, role_code: str,
                email: str | None = None) -> User:
    """A new account holding one role, its password checked against the policy."""
    username = username.strip()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise InvalidUpdateError("Tên đăng nhập phải có 1–100 ký tự, không có dấu cách.")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidUpdateError(f"Tên đăng nhập '{username}' đã có.")
    check_password_policy(password, username, display_name)
    user = create_user(session, actor, username, display_name.strip() or username, password,
                       email)
    grant_role(session, actor, user, org, role_code)
    return user


def set_active(session: Session, actor: User | None, user: User, active: bool) -> None:
    """Disable (khóa) or enable an account; disabling ends its sessions at once."""
    before = audit.snapshot(user, _SECRET)
    user.active = active
    audit.record(session, actor, "user.enable" if active else "user.disable", user, before,
                 audit.snapshot(user, _SECRET))
    if not active:
        end_sessions(session, actor, user)


def set_password(session: Session, actor: User | None, user: User, password: str,
                 keep_token: str | None = None) -> None:
    """A new password (policy checked); every session but `keep_token`'s ends."""
    check_password_policy(password, user.username, user.display_name)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    audit.record(session, actor, "user.password", user,
                 after={"username": user.username, "password_hash": "changed"})
    end_sessions(session, actor, user, keep_token)


def change_own_password(session: Session, user: User, current: str, new: str,
                        keep_token: str | None) -> None:
    """The user changes their own password, proving the current one first."""
    if not verify_password(user.password_hash, current):
        raise InvalidUpdateError("Mật khẩu hiện tại không đúng.")
    if new == current:
        raise InvalidUpdateError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    set_password(session, user, user, new, keep_token)


def delegate(session: Session, actor: User | None, user: User, org: Organization, role_code: str,
             reason: str, valid_until: datetime | None = None) -> Delegation:
    """Let `user` act with `role_code` on the plans of `org` (ủy quyền), with a reason."""
    _role(session, role_code)
    if not reason.strip():
        raise InvalidUpdateError("Cần ghi lý do ủy quyền.")
    delegation = Delegation(user_id=user.id, org_id=org.id, role_code=role_code,
                            reason=reason.strip()[:500], granted_by=actor.id if actor else None,
                            valid_until=valid_until)
    session.add(delegation)
    audit.record(session, actor, "delegation.grant", delegation)
    return delegation


def revoke_delegation(session: Session, actor: User | None, delegation: Delegation) -> None:
    before = audit.snapshot(delegation)
    delegation.revoked_at = utcnow()
    audit.record(session, actor, "delegation.revoke", delegation, before)


def grant_role(session: Session, actor: User | None, user: User, org: Organization,
               role_code: str) -> Membership:
    """Give `user` the role in `org` and, through the tree, in every unit below it."""
    membership = Membership(user=user, org=org, role=_role(session, role_code))
    session.add(membership)
    audit.record(session, actor, "membership.grant", membership)
    return membership


def _role(session: Session, role_code: str) -> Role:
    role = session.scalar(select(Role).where(Role.code == role_code))
    if role is None:
        raise NotFoundError(f"Không có vai trò '{role_code}' / no such role '{role_code}'")
    return role


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None; upgrades an outdated hash."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        verify_password(_unknown_user_hash(), password)  # as slow as a known user: no hint
        return None
    if not user.active or not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        audit.record(session, user, "user.rehash", user, after={"password_hash": "rehashed"})
    return user


@cache
def _unknown_user_hash() -> str:
    return hash_password("no such user")
