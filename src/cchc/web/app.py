"""The web application: `create_app(session_factory, settings)`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.files import EvidenceFiles
from cchc.store.task_list import SearchIndex
from cchc.web import api_errors, api_schema
from cchc.web.auth import CsrfError, LoginRequired, SchemeAwareSessions, check_csrf
from cchc.web.drafts import ImportDrafts
from cchc.web.operations import OutdatedTask, UploadTooLarge, upload_too_large
from cchc.web.params import NOT_FOUND
from cchc.web.permissions import Forbidden, NotVisible
from cchc.web.settings import Settings
from cchc.web.templating import render, vietnamese
from cchc.web.timing import ServerTiming
from cchc.web.views import (
    account, admin_orgs, admin_tokens, admin_users, api, api_dossiers, api_plans, api_reports,
    cascade, dashboard, dossiers, editor, imports, login, mine, orgs, reports, targets, tasks)
from cchc.web.views import criteria_sets, scoring, scoring_results

STATIC = Path(__file__).with_name("static")
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(session_factory: sessionmaker[Session], settings: Settings) -> FastAPI:
    app = FastAPI(title="cchc — theo dõi kế hoạch cải cách hành chính", version="1",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.session_factory = session_factory
    app.state.settings = settings
    app.state.search = SearchIndex()
    app.state.files = EvidenceFiles(settings.data_dir)
    app.state.drafts = ImportDrafts(settings.data_dir / "imports")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.login_router)  # JSON only: a cross-site form cannot post it
    for module in (login, dashboard, targets, tasks, mine, orgs, imports, editor, account,
                   admin_users, admin_tokens, admin_orgs, reports, cascade, dossiers,
                   criteria_sets, scoring_results, scoring, api, api_plans, api_dossiers,
                   api_reports):
        app.include_router(module.router, dependencies=[Depends(check_csrf)])
    _add_error_pages(app)
    api_errors.install(app)
    api_schema.install(app)
    app.add_middleware(SchemeAwareSessions, secret_key=settings.secret_key,
                       max_age=int(settings.session_max_age.total_seconds()))
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + FORM_OVERHEAD,
                       upload_limit=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ServerTiming)
    return app


NOT_FOUND_MESSAGE = "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu."
SERVER_ERROR_MESSAGE = ("Máy chủ gặp lỗi nên chưa thực hiện được yêu cầu. Hãy thử lại sau ít phút; "
                        "nếu vẫn lỗi, hãy báo quản trị hệ thống.")
_HTTP_MESSAGES = {
    400: "Không đọc được dữ liệu gửi lên (biểu mẫu hỏng hoặc có trường quá dài). "
         "Hãy tải lại trang rồi thử lại.",
    404: NOT_FOUND_MESSAGE,
    405: "Trang này không nhận thao tác bạn vừa gửi.",
    413: "Dữ liệu gửi lên quá lớn.",
    429: "Bạn gửi quá nhiều yêu cầu trong thời gian ngắn; hãy đợi một lát rồi thử lại.",
}


_is_api = api_errors.is_api


def _error(request: Request, status: int, message: str | Exception,
           headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return api_errors.answer(request, status, str(message), headers)
    text = vietnamese(message) if isinstance(message, Exception) else message
    return render(request, "error.html", {"status": status, "message": text,
                                          "back": _came_from(request)}, status)


def _came_from(request: Request) -> str | None:
    """The page of this site the request was sent from, to offer the way back to it."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or referer.path == request.url.path:
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if _is_api(request):
            return api_errors.answer(request, 401, api_errors.UNAUTHORIZED)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(request.url_for("login_form").include_query_params(
            next=target), status_code=303)

    @app.exception_handler(CsrfError)
    async def csrf_failed(request: Request, _exc: CsrfError) -> Response:
        return _error(request, 403, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                                    "Hãy tải lại trang rồi thử lại.")

    @app.exception_handler(NotVisible)
    async def not_visible(request: Request, _exc: NotVisible) -> Response:
        return _error(request, 404, NOT_FOUND_MESSAGE)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, _exc: Forbidden) -> Response:
        return _error(request, 403, "Bạn không có quyền thực hiện thao tác này.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc, BodyTooLarge) else _HTTP_MESSAGES.get(
            exc.status_code, "Không thực hiện được yêu cầu.")
        return _error(request, exc.status_code, message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(e["type"] == NOT_FOUND or e["loc"][:1] == ("path",) for e in errors):
            return _error(request, 404, NOT_FOUND_MESSAGE)  # an id no row can have
        if _is_api(request):
            return api_errors.invalid(errors)
        return _error(request, 422, "Dữ liệu gửi lên không hợp lệ; hãy kiểm tra lại biểu mẫu.")

    @app.exception_handler(Exception)
    async def server_error(request: Request, _exc: Exception) -> Response:
        """A fault of ours (the server logs it): said in Vietnamese, never a stack trace."""
        try:
            return _error(request, 500, SERVER_ERROR_MESSAGE)
        except Exception:  # the fault may be in what every page needs: a plain page then
            return HTMLResponse(f'<!doctype html><html lang="vi"><meta charset="utf-8">'
                                f'<title>Lỗi máy chủ</title><h1>Lỗi máy chủ</h1>'
                                f'<p>{SERVER_ERROR_MESSAGE}</p><p><a href="/">Về trang chủ</a>',
                                status_code=500)

    for error, status in ((ConflictError, 409), (OutdatedTask, 409), (InvalidUpdateError, 422),
                          (UploadTooLarge, 413)):
        app.add_exception_handler(error, _answer_with(status))


def _answer_with(status: int):
    """An exception handler answering `status` with the error's message."""

    async def handler(request: Request, exc: Exception) -> Response:
        return _error(request, status, exc)

    return handler


class SecurityHeaders:
    """Headers on every response: no framing, no sniffing, scripts from this site only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"same-origin"),
                            (b"content-security-policy", _CSP.encode())]
            await send(message)

        await self.app(scope, receive, with_headers)


FORM_OVERHEAD = 1024 * 1024  # room for the form's other fields around an upload


class BodyTooLarge(HTTPException):
    """The request body exceeds the limit: answered 413 like any error (a page, or JSON)."""

    def __init__(self, upload_limit: int) -> None:
        super().__init__(413, upload_too_large(upload_limit))


class BodyLimit:
    """Stops reading a request body past `limit` bytes, before it fills the disk.

    Reading a body declared or found larger raises BodyTooLarge inside the app, so the answer
    is the app's own 413 page (or JSON under /api/), naming the upload limit `upload_limit`
    that forms and upload checks use; a request whose body is never read goes through.
    """

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app, self.limit, self.upload_limit = app, limit, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        refused = declared.isdigit() and int(declared) > self.limit
        received = 0

        async def counted() -> Message:
            nonlocal received
            if not refused:
                message = await receive()
                received += len(message.get("body", b""))
                if received <= self.limit:
                    return message
            raise BodyTooLarge(self.upload_limit)

        await self.app(scope, counted, send)
