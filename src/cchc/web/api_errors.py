"""The API's one error shape, for every error under /api/ (pages answer Vietnamese HTML):

    {"error": {"code": "not_found", "message": "<Vietnamese>", "details": [...]}}

`code` is stable for programs (`CODES`), `message` is for people, `details` lists the fields
of a request that does not validate. A 405 names the path's methods in `Allow`, a 401 asks
for a bearer token (`WWW-Authenticate`), a 429 says when to retry (`Retry-After`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.routing import Match

from cchc.store.services.api_tokens import TooManyRequests
from cchc.web.auth import TokenRefused
from cchc.web.validation import reason

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 412: "precondition_failed",
    413: "too_large", 422: "invalid_request", 428: "precondition_required",
    429: "too_many_requests", 500: "server_error", 503: "unavailable",
}
DESCRIPTIONS = {
    400: "Thân yêu cầu hỏng: không đọc được (JSON, biểu mẫu multipart)",
    401: "Chưa đăng nhập, hoặc mã truy cập API không hợp lệ hay đã bị thu hồi",
    403: "Không có quyền (vai trò, quyền của mã API) hoặc thiếu mã CSRF của phiên",
    404: "Không có, hoặc nằm ngoài phạm vi được xem (mã ngoài khoảng 1…2^31−1 cũng vậy)",
    409: "Xung đột: dữ liệu đã được người khác thay đổi, hoặc phiên bản kế hoạch đã cũ",
    412: "If-Match không khớp ETag hiện tại",
    413: "Tệp hoặc thân yêu cầu quá lớn",
    422: "Dữ liệu gửi lên không hợp lệ (xem details)",
    428: "Thiếu If-Match (hoặc trường version)",
    429: "Quá nhiều yêu cầu: đợi Retry-After giây",
    503: "Máy chủ thiếu công cụ cần cho việc này (LibreOffice để in PDF)",
}
_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")
UNAUTHORIZED = "Chưa đăng nhập, hoặc mã truy cập API không hợp lệ hay đã bị thu hồi."


class ErrorItem(BaseModel):
    field: str = Field(description="where: body.percent, query.year, path.task_id…")
    code: str = Field(description="the validator's stable code (missing, int_parsing…)")
    message: str


class ErrorDetail(BaseModel):
    code: str = Field(description=", ".join(CODES.values()))
    message: str = Field(description="for people, in Vietnamese")
    details: list[ErrorItem] = []


class ApiError(BaseModel):
    """Every error answer of the API."""

    error: ErrorDetail


class Conflict(Exception):
    """The request collides with what is stored (a plan version to replace): 409."""


class Unavailable(Exception):
    """The server lacks what this needs (LibreOffice for a PDF): 503."""


class PreconditionFailed(Exception):
    """If-Match names a version that is no longer current: 412."""


class PreconditionRequired(Exception):
    """A write under optimistic locking came without If-Match (nor `version`): 428."""


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(status: int, message: str, details: Sequence[Mapping[str, str]] = (),
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": CODES.get(status, "error"), "message": message,
                      "details": list(details)}}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def answer(request: Request, status: int, message: str,
           headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The API's answer for an HTTP error raised anywhere (405 gets the path's `Allow`)."""
    if status == 405:
        headers = {**(headers or {}), "Allow": allowed_methods(request)}
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="cchc"'}
    return error_response(status, message, headers=headers)


def invalid(errors: Sequence[dict[str, Any]]) -> JSONResponse:
    """422 for a request that does not validate: every field, its code and reason."""
    details = [{"field": ".".join(str(p) for p in e["loc"]), "code": e["type"],
                "message": reason(e)} for e in errors]
    return error_response(422, "Dữ liệu gửi lên không hợp lệ — "
                          + "; ".join(d["message"] for d in details) + ".", details)


def allowed_methods(request: Request) -> str:
    """The methods some route takes on the request's path, as an `Allow` value."""
    path, root = request.scope["path"], request.scope.get("root_path", "")

    def takes(method: str) -> bool:
        probe = {"type": "http", "path": path, "root_path": root, "method": method}
        return any(route.matches(dict(probe))[0] is Match.FULL
                   for route in request.app.router.routes)

    return ", ".join(filter(takes, _METHODS))


def install(app: FastAPI) -> None:
    """The API-only errors: an unknown or revoked token, a token over its rate, If-Match."""

    for error, status in ((Conflict, 409), (Unavailable, 503), (PreconditionFailed, 412)):
        app.add_exception_handler(error, _answer_with(status))

    @app.exception_handler(PreconditionRequired)
    async def precondition_required(_request: Request, _exc: Exception) -> JSONResponse:
        return error_response(428, "Hãy gửi If-Match (ETag của nhiệm vụ khi đọc) hoặc trường "
                                   "version để không ghi đè thay đổi của người khác.")

    @app.exception_handler(TokenRefused)
    async def token_refused(request: Request, _exc: TokenRefused) -> JSONResponse:
        return answer(request, 401, UNAUTHORIZED)

    @app.exception_handler(TooManyRequests)
    async def too_many(_request: Request, exc: TooManyRequests) -> JSONResponse:
        return error_response(429, "Mã truy cập API đã gửi quá nhiều yêu cầu trong một phút; "
                                   f"hãy thử lại sau {exc.retry_after} giây.",
                              headers={"Retry-After": str(exc.retry_after)})


def _answer_with(status: int):
    """A handler answering `status` with the error's message."""

    async def handler(_request: Request, exc: Exception) -> JSONResponse:
        return error_response(status, str(exc))

    return handler
