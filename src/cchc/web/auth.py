"""Signing in: session cookie, server-side sessions, CSRF tokens, login throttling, the current
user of a request.

The cookie is signed (HttpOnly, SameSite=Lax, Secure on https) and holds a random session token
and a CSRF token; the session itself is a row of `user_sessions`, so logout, a password change,
a disabled account or an administrator's "end all sessions" close it at once. Every unsafe
request (POST, PUT, PATCH, DELETE) must echo the CSRF token, as the form field `csrf_token` or
the `X-CSRF-Token` header (HTMX and API clients).

Other systems call /api/ with `Authorization: Bearer <API token>` instead
(store.services.api_tokens): no cookie, hence no CSRF token, and a rate limit per token.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from cchc.store.models import User
from cchc.store.services import authenticate
from cchc.store.services.login_throttle import (
    record_failure, record_success, wait_before_login)
from cchc.store.services.api_tokens import use_token
from cchc.store.services.sessions import end_session, resolve_session, start_session
from cchc.web.permissions import Principal, load_principal, load_token_principal

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD, CSRF_HEADER = "csrf_token", "X-CSRF-Token"


class LoginRequired(Exception):
    """No one is signed in: pages redirect to the login form, the API answers 401."""


class TokenRefused(Exception):
    """The bearer token is unknown or revoked: the API answers 401."""


class CsrfError(Exception):
    """The request did not echo the session's CSRF token: answer 403."""


class SchemeAwareSessions:
    """Starlette's signed-cookie sessions, with the Secure flag on https requests only."""

    def __init__(self, app: ASGIApp, secret_key: str, max_age: int) -> None:
        options = dict(secret_key=secret_key, session_cookie="cchc_session", max_age=max_age,
                       same_site="lax")
        self._plain = SessionMiddleware(app, https_only=False, **options)
        self._secure = SessionMiddleware(app, https_only=True, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secure = scope.get("scheme") in ("https", "wss")
        await (self._secure if secure else self._plain)(scope, receive, send)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request) -> None:
    """Dependency of every router: unsafe requests must echo the session's token."""
    if request.method in SAFE_METHODS or bearer_token(request) is not None:
        return  # a cross-site form cannot send an Authorization header
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    expected = request.session.get("csrf")
    if not (expected and isinstance(sent, str) and secrets.compare_digest(sent, expected)):
        raise CsrfError()


def sign_in(request: Request, session: Session, user: User) -> None:
    """Start a new session for `user` (a fresh CSRF token: nothing of the old one survives)."""
    settings = request.app.state.settings
    token = start_session(session, user, settings.session_max_age, client_address(request),
                          request.headers.get("user-agent"))
    request.session.clear()
    request.session.update(sid=token, csrf=secrets.token_urlsafe(32))


def sign_out(request: Request, session: Session) -> None:
    token = request.session.get("sid")
    if isinstance(token, str):
        end_session(session, token)
        session.commit()
    request.session.clear()


def session_token(request: Request) -> str | None:
    """The token of the browser's session (to keep it when the user ends the others)."""
    token = request.session.get("sid")
    return token if isinstance(token, str) else None


def client_address(request: Request) -> str:
    """The client's address; uvicorn reads X-Forwarded-For only from CCHC_TRUSTED_PROXIES."""
    return request.client.host if request.client else ""


def db_session(request: Request) -> Iterator[Session]:
    """A database session for the request; views commit their writes themselves."""
    with request.app.state.session_factory() as session:
        yield session


def bearer_token(request: Request) -> str | None:
    """The API token sent as `Authorization: Bearer …` to /api/, if any."""
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not request.url.path.startswith("/api/"):
        return None
    return secret.strip()


def optional_principal(request: Request,
                       session: Session = Depends(db_session)) -> Principal | None:
    """The signed-in user's grants, or None (no session, or one that ended); for a bearer
    token, the token's principal (TokenRefused if it opens nothing, TooManyRequests)."""
    secret = bearer_token(request)
    if secret is not None:
        api_token = use_token(session, secret, request.app.state.settings.api_requests_per_minute)
        if api_token is None:
            raise TokenRefused()
        principal = load_token_principal(session, api_token)
        request.state.principal = principal
        return principal
    token = session_token(request)
    row = resolve_session(session, token) if token else None
    if row is None:
        request.session.pop("sid", None)
        return None
    principal = load_principal(session, row.user)
    request.state.principal = principal
    return principal


def current_principal(principal: Principal | None = Depends(optional_principal)) -> Principal:
    if principal is None:
        raise LoginRequired()
    return principal


def safe_next(target: str | None) -> str:
    """A local path to go to after signing in; anything else (other sites) goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


class LoginRefused(Exception):
    """Wrong credentials (400) or too many failures (429); the message is for the user."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def attempt_login(request: Request, session: Session, username: str, password: str) -> User:
    """The user with these credentials, signed in; LoginRefused otherwise.

    Failures slow the next attempts down (store.services.login_throttle), counted in the
    database so that every worker process sees them."""
    if "\0" in username + password:  # no account has it; PostgreSQL text cannot hold it
        raise LoginRefused(400, WRONG_CREDENTIALS)
    address = client_address(request)
    wait = wait_before_login(session, username, address)
    if wait.total_seconds() > 0:
        raise LoginRefused(429, "Đăng nhập sai nhiều lần liên tiếp. Vui lòng đợi "
                                f"{max(1, math.ceil(wait.total_seconds()))} giây rồi thử lại.")
    user = authenticate(session, username, password)
    if user is None:
        record_failure(session, username, address)
        session.commit()
        raise LoginRefused(400, WRONG_CREDENTIALS)
    record_success(session, username, address)
    sign_in(request, session, user)
    session.commit()  # the session, and an upgraded password hash
    return user


def acting(permission: str):
    """Dependency: the current principal, holding `permission` if it is an API token
    (permissions.TOKEN_ACTIONS); users pass, their roles decide further down."""

    def principal_with(principal: Principal = Depends(current_principal)) -> Principal:
        principal.require(permission)
        return principal

    return principal_with
