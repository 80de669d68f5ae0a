"""Jinja2 templates and the Vietnamese formatting of dates, statuses and colours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.applications import Starlette
from starlette.responses import HTMLResponse

from cchc.domain.areas import AREAS
from cchc.domain.limits import MAX_TEXT
from cchc.store.models import ROLES
from cchc.store.photos import MAX_SIDE
from cchc.store.status import STATUS_LABELS
from cchc.store.uploads import ACCEPT
from cchc.web.auth import csrf_token
from cchc.web.dates import DATE_HINT, DATE_PATTERN
from cchc.clock import VIETNAM

RAG_LABELS = {"red": "Chậm", "amber": "Cần chú ý", "green": "Đúng tiến độ"}
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Ghi chú"}

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))


def vn_date(value: date | str | None) -> str:
    """dd/mm/yyyy, from a date or an ISO date string; "—" when there is none."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y") if value else "—"


def vn_datetime(value: datetime | None) -> str:
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M") if value else "—"


_STATUS_LABELS = {status.value: label for status, label in STATUS_LABELS.items()}


def status_label(code: str) -> str:
    return _STATUS_LABELS.get(code, code)


def file_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def vn_number(value: float | None, digits: int = 2) -> str:
    """A number as Vietnamese print it, a dot between thousands and a decimal comma, at most
    `digits` decimals: 12345 → "12.345", 99.5 → "99,5", None → "—"."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,"))


def tone(value: float | None, kind: str) -> str:
    """A headline figure's colour from its value: `kind` is what a non-zero value is ("bad" for
    overdue tasks, "good" for tasks done, "warn" for tasks due soon); none of a bad thing is
    good news, none of anything else no news ("neutral")."""
    if value:
        return kind
    return "good" if kind == "bad" else "neutral"


def megabytes(size: int) -> str:
    """A size in MB as an official reads it: "25 MB", "40,5 MB"."""
    return f"{size / 2**20:.1f}".removesuffix(".0").replace(".", ",") + " MB"


templates.env.filters.update(vn_date=vn_date, vn_datetime=vn_datetime, status_label=status_label,
                             area_label=lambda code: AREAS.get(code, code),
                             rag_label=lambda rag: RAG_LABELS.get(rag, "Chưa có nhiệm vụ"),
                             severity_label=lambda s: SEVERITY_LABELS.get(s, s),
                             file_size=file_size, megabytes=megabytes, vn_number=vn_number)
templates.env.globals.update(tone=tone, AREAS=AREAS, STATUS_LABELS=_STATUS_LABELS,
                             MAX_TEXT=MAX_TEXT, EVIDENCE_ACCEPT=ACCEPT, PHOTO_SIDE=MAX_SIDE,
                             ROLES=ROLES, RAG_LABELS=RAG_LABELS, DATE_PATTERN=DATE_PATTERN,
                             DATE_HINT=DATE_HINT)


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    """Render a page with what every page needs: the user, the CSRF token, flash messages."""
    settings = request.app.state.settings
    page = {"path": _paths(request.app),  # site-relative links, right behind any proxy
            "principal": getattr(request.state, "principal", None),
            "csrf_token": csrf_token(request), "today": settings.today(),
            "upload_limit": settings.max_upload_bytes,
            "flashes": request.session.pop("flash", []), **(context or {})}
    return templates.TemplateResponse(request, name, page, status_code=status_code)


def vietnamese(error: Exception) -> str:
    """The Vietnamese part of a store message ("vi / en" or "vi. English ...")."""
    text = str(error)
    return text.split(" / ")[0].split(" Update conflict:")[0].strip()


def _paths(app: Starlette) -> Callable[..., str]:
    """`app.url_path_for`, remembered: pages call it for every link, and each call walks
    every route."""
    paths = getattr(app.state, "path_cache", None)
    if paths is None:
        @lru_cache(maxsize=20_000)
        def cached(name: str, params: frozenset[tuple[str, Any]]) -> str:
            return str(app.url_path_for(name, **dict(params)))

        def paths(name: str, **params: Any) -> str:
            return cached(name, frozenset(params.items()))

        app.state.path_cache = paths
    return paths


def flash(request: Request, message: str, kind: str = "success") -> None:
    """A message for the next page shown (after a redirect)."""
    request.session.setdefault("flash", []).append({"kind": kind, "message": message})
