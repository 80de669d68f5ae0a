"""Writing users and their roles; checking a password."""

from __future__ import annotations

from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store import audit
from cchc.store.errors import NotFoundError
from cchc.store.models import Membership, Organization, Role, User
from cchc.store.passwords import hash_password, needs_rehash, verify_password

_SECRET = ("password_hash",)


def create_user(session: Session, actor: User | None, username: str, display_name: str,
                password: str, email: str | None = None) -> User:
    user = User(username=username, display_name=display_name, email=email,
                password_hash=hash_password(password))
    session.add(user)
    audit.record(session, actor, "user.create", user, after=audit.snapshot(user, _SECRET))
    return user


def grant_role(session: Session, actor: User | None, user: User, org: Organization,
               role_code: str) -> Membership:
    """Give `user` the role in `org` and, through the tree, in every unit below it."""
    role = session.scalar(select(Role).where(Role.code == role_code))
    if role is None:
        raise NotFoundError(f"Không có vai trò '{role_code}' / no such role '{role_code}'")
    membership = Membership(user=user, org=org, role=role)
    session.add(membership)
    audit.record(session, actor, "membership.grant", membership)
    return membership


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
