"""Danh sách nhiệm vụ (filters, search) and the task page (progress, evidence, comments)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.areas import AREAS
from cchc.domain.limits import MAX_TEXT
from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.models import Organization, Plan, Task, TaskUnit
from cchc.store.status import FINISHED, Status
from cchc.store.task_list import DUE_WINDOWS, TaskFilter, list_tasks
from cchc.web import operations
from cchc.web.auth import current_principal, db_session
from cchc.web.operations import Attachments, OutdatedTask, UploadTooLarge
from cchc.web.params import Id, optional_id, optional_year
from cchc.web.permissions import Principal
from cchc.web.templating import flash, render, status_label, vietnamese
from cchc.web.years import chosen_year, plan_years

router = APIRouter(include_in_schema=False)

DUE_LABELS = {"overdue": "Đã quá hạn", "7": "Đến hạn trong 7 ngày",
              "14": "Đến hạn trong 14 ngày", "30": "Đến hạn trong 30 ngày",
              "90": "Đến hạn trong 90 ngày"}
STATUS_CODES = frozenset(s.value for s in Status)
FINISHED_CODES = frozenset(s.value for s in FINISHED)  # always 100%: the form's percent is moot
PLAN_CHOICES_LIMIT = 300  # beyond this many plans, pick one from the organization tree


@router.get("/tasks", name="task_list")
def task_list(request: Request, year: str | None = None, plan: str | None = None,
              area: str | None = None, unit: str | None = None, status: str | None = None,
              due: str | None = None, q: str = Query("", max_length=200), page: int = 1,
              pending: str | None = None, principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    settings = request.app.state.settings
    today = settings.today()
    years = plan_years(session, principal)
    flt = TaskFilter(year=chosen_year(optional_year(year), years, today),
                     plan_id=optional_id(plan),
                     area=area if area in AREAS else None,
                     lead_org_id=optional_id(unit),
                     status=status if status in STATUS_CODES else None,
                     due=due if due in DUE_WINDOWS else None, q=q.strip(),
                     pending=pending == "1")
    results = list_tasks(session, principal.task_scope, flt, today, request.app.state.search,
                         page, settings.page_size)
    context = {"flt": flt, "results": results, "years": years, "due_labels": DUE_LABELS,
               "query": _query_without_page(request)}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "task-results":
        return render(request, "tasks/_results.html", context)
    return render(request, "tasks/list.html", {
        **context, "plans": _plan_choices(session, principal, flt),
        "units": _lead_units(session, principal, flt)})


def _query_without_page(request: Request) -> str:
    return urlencode([(k, v) for k, v in request.query_params.multi_items()
                      if k != "page" and v])


def _plan_choices(session: Session, principal: Principal,
                  flt: TaskFilter) -> list[tuple[int, str]]:
    """The plans of the year to choose from, the chosen one always among them."""
    orgs = principal.task_scope.plan_orgs
    if not orgs:
        return []
    rows = session.execute(
        select(Plan.id, Organization.name).join(Organization, Organization.id == Plan.org_id)
        .where(Plan.year == flt.year, Plan.org_id.in_(sorted(orgs)))
        .order_by(Plan.id != (flt.plan_id or 0), Organization.name)
        .limit(PLAN_CHOICES_LIMIT)).all()
    return sorted(((plan_id, name) for plan_id, name in rows), key=lambda row: row[1])


def _lead_units(session: Session, principal: Principal,
                flt: TaskFilter) -> list[tuple[int, str]]:
    """Units leading tasks of the chosen plan (or of the user's own units)."""
    if flt.plan_id:
        tasks = select(Task.id).join(Plan, Plan.current_version_id == Task.plan_version_id).where(
            Plan.id == flt.plan_id, principal.task_scope.clause())
        unit_ids = select(TaskUnit.org_id).where(TaskUnit.task_id.in_(tasks),
                                                 TaskUnit.role == "lead")
    else:
        unit_ids = sorted(principal.unit_orgs)
    return list(session.execute(select(Organization.id, Organization.name)
                                .where(Organization.id.in_(unit_ids))
                                .order_by(Organization.name)).all())


@router.get("/tasks/{task_id}", name="task_page")
def task_page(request: Request, task_id: Id, principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    return _task_page(request, session, principal, task_id)


def _task_page(request: Request, session: Session, principal: Principal, task_id: int,
               status_code: int = 200, error: str | None = None,
               form: dict[str, Any] | None = None) -> Response:
    detail = operations.task_detail(session, principal, task_id,
                                    request.app.state.settings.today())
    return render(request, "tasks/page.html", {"d": detail, "error": error, "form": form or {},
                                               "statuses": list(Status)}, status_code)


@router.post("/tasks/{task_id}/progress", name="task_progress")
def task_progress(request: Request, task_id: Id, status: str = Form(...),
                  percent: str = Form(""), note: str = Form(""), version: int = Form(...),
                  milestone: str = Form(""), files: list[UploadFile] = File([]),
                  principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    """A progress report (báo cáo tiến độ) on the task or one of its milestones, with the
    evidence files sent in the same form."""
    form = {"status": status, "percent": percent, "note": note[:MAX_TEXT],
            "milestone": milestone}
    attachments = Attachments.sent(request.app.state.files, files,
                                   request.app.state.settings.max_upload_bytes)
    try:
        update = operations.record_progress(
            session, principal, task_id, status,
            None if status in FINISHED_CODES else _percent(percent), note, version,
            optional_id(milestone), request.app.state.settings.today(), attachments)
    except ConflictError:
        session.rollback()
        return _task_page(request, session, principal, task_id, 409, CONFLICT, form)
    except (InvalidUpdateError, OutdatedTask, UploadTooLarge) as exc:
        session.rollback()
        return _task_page(request, session, principal, task_id, _status_of(exc),
                          vietnamese(exc), form)
    saved = "Đã lưu cập nhật tiến độ" + (f" và {len(attachments.uploads)} tệp kiểm chứng"
                                         if attachments.uploads else "")
    flash(request, f"{saved}." if update.status == status else
          f"{saved}, ghi nhận “{status_label(update.status)}” vì đã quá hạn.")
    return _back_to(request, task_id)


CONFLICT = ("Nhiệm vụ đã được người khác cập nhật trong lúc bạn đang sửa. Thông tin mới nhất "
            "đang hiển thị; nội dung bạn vừa nhập vẫn được giữ nguyên trong biểu mẫu — hãy "
            "kiểm tra rồi bấm “Lưu cập nhật” lần nữa.")


def _percent(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidUpdateError("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100.") from None


def _status_of(exc: Exception) -> int:
    return 409 if isinstance(exc, OutdatedTask) else 413 if isinstance(
        exc, UploadTooLarge) else 422


def _back_to(request: Request, task_id: int) -> Response:
    return RedirectResponse(request.url_for("task_page", task_id=task_id), status_code=303)


@router.get("/evidence/{evidence_id}", name="evidence_download")
def evidence_download(request: Request, evidence_id: Id,
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    return operations.evidence_download(session, principal, request.app.state.files, evidence_id)


@router.post("/tasks/{task_id}/comments", name="task_comment")
def task_comment(request: Request, task_id: Id, body: str = Form(""),
                 principal: Principal = Depends(current_principal),
                 session: Session = Depends(db_session)) -> Response:
    try:
        operations.add_comment(session, principal, task_id, body)
    except (InvalidUpdateError, OutdatedTask) as exc:
        session.rollback()
        return _task_page(request, session, principal, task_id, _status_of(exc), vietnamese(exc),
                          {"comment": body[:MAX_TEXT]})
    flash(request, "Đã gửi ý kiến.")
    return _back_to(request, task_id)


@router.post("/updates/{update_id}/approve", name="approve_update")
def approve(request: Request, update_id: Id, principal: Principal = Depends(current_principal),
            session: Session = Depends(db_session)) -> Response:
    try:
        update = operations.approve_update(session, principal, update_id)
    except InvalidUpdateError as exc:
        session.rollback()
        flash(request, vietnamese(exc), "error")
        return RedirectResponse(request.url_for("my_work"), status_code=303)
    flash(request, "Đã duyệt cập nhật tiến độ.")
    return _back_to(request, update.task_id)


@router.post("/updates/{update_id}/return", name="return_update")
def give_back(request: Request, update_id: Id, reason: str = Form(""),
              principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    try:
        update = operations.return_update(session, principal, update_id, reason)
    except InvalidUpdateError as exc:
        session.rollback()
        flash(request, vietnamese(exc), "error")
        return RedirectResponse(request.url_for("my_work"), status_code=303)
    flash(request, "Đã trả lại cập nhật để đơn vị chỉnh sửa.")
    return _back_to(request, update.task_id)


@router.post("/tasks/{task_id}/urge", name="task_urge")
def urge(request: Request, task_id: Id, principal: Principal = Depends(current_principal),
         session: Session = Depends(db_session)) -> Response:
    try:
        sent = operations.urge(session, principal, task_id, request.app.state.settings.today())
    except (InvalidUpdateError, OutdatedTask) as exc:
        session.rollback()
        return _task_page(request, session, principal, task_id, _status_of(exc), vietnamese(exc))
    flash(request, f"Đã gửi nhắc việc tới {sent} đơn vị chủ trì." if sent else
          "Hôm nay đơn vị chủ trì đã được nhắc việc này rồi.")
    return _back_to(request, task_id)
