"""API tokens: create (the secret shown once), list, revoke, and resolve a presented secret.

A secret is `cchc_` and 43 random URL-safe characters (256 bits); the table keeps its SHA-256
and its first characters. Every use notes when the token was last used and counts the
requests of the current minute in the token's row, so every worker process enforces the same
rate limit (like store.services.login_throttle).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from cchc.store import audit
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import TOKEN_PERMISSIONS, ApiToken, Organization, User
from cchc.store.types import utcnow

PREFIX = "cchc_"
WINDOW = timedelta(minutes=1)
_UNUSABLE_PASSWORD = "!api-token"  # no argon2 hash: the service account never signs in


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, actor: User | None, name: str, org: Organization,
                 permissions: list[str]) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once); InvalidUpdateError on a bad name or
    permission."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= 100:
        raise InvalidUpdateError("Tên mã truy cập phải có 1–100 ký tự.")
    unknown = [p for p in permissions if p not in TOKEN_PERMISSIONS]
    if unknown or not permissions:
        raise InvalidUpdateError(
            f"Quyền không hợp lệ: {', '.join(unknown) or '(chưa chọn quyền nào)'}. Các quyền: "
            + ", ".join(TOKEN_PERMISSIONS) + ".")
    secret = PREFIX + secrets.token_urlsafe(32)
    account = User(username=f"api-{secrets.token_hex(6)}", display_name=f"Mã API: {name}",
                   password_hash=_UNUSABLE_PASSWORD, active=False)
    session.add(account)
    session.flush()
    token = ApiToken(name=name, token_hash=_hash(secret), prefix=secret[:12], org_id=org.id,
                     permissions=sorted(set(permissions), key=list(TOKEN_PERMISSIONS).index),
                     user_id=account.id, created_by=actor.id if actor else None)
    session.add(token)
    audit.record(session, actor, "api_token.create", token,
                 after=audit.snapshot(token, ("token_hash",)))
    return token, secret


def list_tokens(session: Session, org_ids: frozenset[int] | None = None) -> list[ApiToken]:
    """The tokens (of organizations `org_ids`), live ones first, newest first."""
    query = select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    if org_ids is not None:
        query = query.where(ApiToken.org_id.in_(sorted(org_ids)))
    return list(session.scalars(query))


def revoke_token(session: Session, actor: User | None, token: ApiToken) -> None:
    """The token opens nothing any more (revoking twice changes nothing)."""
    if token.revoked_at is not None:
        return
    before = audit.snapshot(token, ("token_hash",))
    token.revoked_at = utcnow()
    audit.record(session, actor, "api_token.revoke", token, before,
                 audit.snapshot(token, ("token_hash",)))


class TooManyRequests(Exception):
    """The token used up its requests of the minute; `retry_after` seconds until the next."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(retry_after)


def use_token(session: Session, secret: str, per_minute: int,
              now: datetime | None = None) -> ApiToken | None:
    """The live token of `secret` (None: unknown or revoked), its use counted and committed;
    TooManyRequests past `per_minute` requests in its current minute."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or token.revoked_at is not None:
        return None
    now = now or utcnow()
    fresh = (ApiToken.window_started_at.is_(None)
             | (ApiToken.window_started_at <= now - WINDOW))
    session.execute(update(ApiToken).where(ApiToken.id == token.id).values(
        last_used_at=now,
        window_started_at=case((fresh, now), else_=ApiToken.window_started_at),
        window_requests=case((fresh, 1), else_=ApiToken.window_requests + 1)))
    session.commit()
    session.refresh(token)
    if token.window_requests > per_minute:
        waited = now - token.window_started_at
        raise TooManyRequests(max(1, int((WINDOW - waited).total_seconds()) + 1))
    return token
