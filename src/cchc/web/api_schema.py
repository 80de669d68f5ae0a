"""The OpenAPI document, told true: every answer an API operation can give, with its body.

FastAPI documents what a route declares; on top of that `truthful_openapi` adds to every
operation the errors the whole API shares, all in the one error shape (web.api_errors), and
the two ways to authenticate. What each operation adds of its own it declares with
`errors(…)`. Served at /api/openapi.json; browsable at /api/docs (Swagger UI from
static/vendor, no CDN).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response

from cchc.web.api_errors import DESCRIPTIONS, ApiError
from cchc.web.templating import render

PUBLIC = {("/api/session", "post"), ("/api/session", "delete")}  # no credentials needed
FILE = {200: {"description": "the file", "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary"}}}}}
SECURITY = {
    "token": {"type": "http", "scheme": "bearer",
              "description": "mã truy cập API (cchc tokens add, /admin/tokens): cchc_…"},
    "session": {"type": "apiKey", "in": "cookie", "name": "cchc_session",
                "description": "phiên đăng nhập (POST /api/session), ghi cần X-CSRF-Token"},
}
DESCRIPTION = """API JSON của cchc cho các hệ thống khác (trung tâm CNTT tỉnh): đọc kế hoạch,
nhiệm vụ, báo cáo tiến độ, nhập hồ sơ TTHC, đọc chỉ số, báo cáo, điểm Chỉ số CCHC.

Xác thực bằng `Authorization: Bearer <mã truy cập API>`. Mọi lỗi có một dạng:
`{"error": {"code": "...", "message": "...", "details": [...]}}`. Hướng dẫn: docs/api.md."""


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route for these error statuses, in the API's error shape."""
    return {status: {"model": ApiError, "description": DESCRIPTIONS[status]}
            for status in statuses}


def _error(status: int) -> dict[str, Any]:
    return {"description": DESCRIPTIONS[status], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/ApiError"}}}}


def _shared(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """The errors any operation of this kind can answer."""
    body = operation.get("requestBody", {}).get("content", {})
    statuses = set() if (path, method) == ("/api/session", "post") else {403}  # CSRF too
    if (path, method) not in PUBLIC:
        statuses |= {401, 429}
    if operation.get("parameters") or body:
        statuses |= {404, 422}
    if body:
        statuses |= {400, 413}  # a body that does not parse; too large
    return statuses


def truthful_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=DESCRIPTION,
                         routes=app.routes)
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    components["securitySchemes"] = SECURITY
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in _shared(path, method, operation) | {
                    int(s) for s in responses if s.isdigit() and int(s) >= 400}:
                responses[str(status)] = _error(status)
            operation["security"] = ([] if (path, method) in PUBLIC
                                     else [{"token": []}, {"session": []}])
    app.openapi_schema = schema
    return schema


def install(app: FastAPI) -> None:
    """The truthful document, and the page that shows it to integrators."""
    app.openapi = lambda: truthful_openapi(app)  # type: ignore[method-assign]

    @app.get("/api/docs", include_in_schema=False, name="api_docs")
    def api_docs(request: Request) -> Response:
        return render(request, "api_docs.html", {"openapi": app.openapi_url})
