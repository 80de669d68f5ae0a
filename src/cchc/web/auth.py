"""Signing in: session cookie, CSRF tokens, login throttling, the current user of a request.

The session is a signed cookie (HttpOnly, SameSite=Lax, Secure on https) holding the user id and
a CSRF token. Every unsafe request (POST, PUT, PATCH, DELETE) must echo the token, as the form
field `csrf_token` or the `X-CSRF-Token` header (HTMX and API clients).
"""

from __future__ import annotations

import math
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterator
from threading import Lock
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from cchc.domain.vntext import fold
from cchc.store.models import User
from cchc.store.services import authenticate
from cchc.web.permissions import Principal, load_principal

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD, CSRF_HEADER = "csrf_token", "X-CSRF-Token"


class LoginRequired(Exception):
    """No one is signed in: pages redirect to the login form, the API answers 401."""


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
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    expected = request.session.get("csrf")
    if not (expected and isinstance(sent, str) and secrets.compare_digest(sent, expected)):
        raise CsrfError()


def sign_in(request: Request, user: User) -> None:
    """Start a new session for `user` (a fresh CSRF token: nothing of the old one survives)."""
    request.session.clear()
    request.session.update(uid=user.id, csrf=secrets.token_urlsafe(32))


def sign_out(request: Request) -> None:
    request.session.clear()


def db_session(request: Request) -> Iterator[Session]:
    """A database session for the request; views commit their writes themselves."""
    with request.app.state.session_factory() as session:
        yield session


def optional_principal(request: Request,
                       session: Session = Depends(db_session)) -> Principal | None:
    """The signed-in user's grants, or None."""
    user_id = request.session.get("uid")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active:
        return None
    principal = load_principal(session, user)
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


class LoginRefused(Exception):
    """Wrong credentials (400) or too many failures (429); the message is for the user."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def attempt_login(request: Request, session: Session, username: str, password: str) -> User:
    """The user with these credentials, signed in; LoginRefused otherwise."""
    throttle: LoginThrottle = request.app.state.throttle
    key = throttle.key(username, request.client.host if request.client else "")
    wait = throttle.wait(key)
    if wait > 0:
        raise LoginRefused(429, f"Tài khoản này đã đăng nhập sai {throttle.limit} lần liên "
                                f"tiếp. Vui lòng thử lại sau {max(1, math.ceil(wait / 60))} "
                                "phút.")
    user = authenticate(session, username, password)
    if user is None:
        throttle.failed(key)
        raise LoginRefused(400, "Tên đăng nhập hoặc mật khẩu không đúng.")
    session.commit()  # an upgraded password hash
    throttle.succeeded(key)
    sign_in(request, user)
    return user


class LoginThrottle:
    """Refuses a username from one address after `limit` failures within `window` seconds.

    Kept in memory: each server process counts on its own.
    """

    def __init__(self, limit: int, window: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = Lock()

    @staticmethod
    def key(username: str, address: str) -> tuple[str, str]:
        return fold(username), address

    def wait(self, key: tuple[str, str]) -> float:
        """Seconds before `key` may try again (0: now)."""
        with self._lock:
            failures = self._recent(key)
            if len(failures) < self.limit:
                return 0.0
            return failures[0] + self.window - self._clock()

    def failed(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._recent(key)
            self._failures.setdefault(key, deque()).append(self._clock())

    def succeeded(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        """The failures of `key` still within the window; forgets keys without any."""
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= self._clock() - self.window:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        return failures
