"""Server-side sign-in sessions: the browser keeps a random token, the database its hash.

A session lives until it expires or its row is deleted: by logout, a password change (every
other session of the user), the account being disabled, or an administrator ending them.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cchc.store import audit
from cchc.store.models import User, UserSession
from cchc.store.types import utcnow

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, lifetime: timedelta, address: str | None,
                  user_agent: str | None) -> str:
    """A new session for `user`; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(UserSession(token_hash=_hash(token), user_id=user.id, created_at=now,
                            last_seen_at=now, expires_at=now + lifetime,
                            address=(address or "")[:64] or None,
                            user_agent=(user_agent or "")[:255] or None))
    session.flush()
    return token


def resolve_session(session: Session, token: str) -> UserSession | None:
    """The live session of `token` whose user is active, or None; notes that it was seen."""
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    now = utcnow()
    if row is None or row.expires_at <= now or not row.user.active:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    return row


def end_session(session: Session, token: str) -> None:
    """Log out: the token opens nothing any more."""
    session.execute(delete(UserSession).where(UserSession.token_hash == _hash(token)))


def end_sessions(session: Session, actor: User | None, user: User,
                 keep_token: str | None = None) -> int:
    """End every session of `user` (but the one of `keep_token`); returns how many ended."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_token:
        query = query.where(UserSession.token_hash != _hash(keep_token))
    ended = session.execute(query).rowcount or 0
    audit.record(session, actor, "user.end_sessions", user,
                 after={"username": user.username, "ended": ended})
    return ended


def active_sessions(session: Session, user: User, now: datetime | None = None) -> list[UserSession]:
    """The user's sessions that have not expired, most recently seen first."""
    return list(session.scalars(
        select(UserSession).where(UserSession.user_id == user.id,
                                  UserSession.expires_at > (now or utcnow()))
        .order_by(UserSession.last_seen_at.desc())))


def is_current(row: UserSession, token: str) -> bool:
    return secrets.compare_digest(row.token_hash, _hash(token))


def end_session_by_id(session: Session, user: User, session_id: int) -> bool:
    """End one of `user`'s own sessions (the "Phiên đăng nhập" page); False if not theirs."""
    result = session.execute(delete(UserSession).where(UserSession.id == session_id,
                                                       UserSession.user_id == user.id))
    return bool(result.rowcount)
