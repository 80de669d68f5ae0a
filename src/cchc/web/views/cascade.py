"""Nhiệm vụ giao cho các đơn vị: an upper plan's tasks assigned to a class of units, per member
unit — the unit × task matrix with drill-down, the coverage check of the lower plans, and each
unit's own page to report on what it owes (progress, notes, evidence)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import FileResponse

from cchc.reports.cascade import (
    STATE_LABELS, STATES, CascadeMatrix, Cell, cascade_matrix, coverage)
from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.models import (
    Obligation, ObligationEvidence, Organization, Plan, PlanVersion, Task, User)
from cchc.store.services.obligations import add_obligation_evidence, report_obligation
from cchc.store.status import FINISHED, Status
from cchc.web.auth import current_principal, db_session
from cchc.web.operations import Attachments, UploadTooLarge, checked_uploads
from cchc.web.params import Id
from cchc.web.permissions import (
    Action, NotVisible, Principal, authorize_org, authorize_plan)
from cchc.web.templating import flash, render, vietnamese

router = APIRouter(include_in_schema=False)
FINISHED_CODES = frozenset(s.value for s in FINISHED)


@router.get("/plans/{plan_id}/cascade", name="cascade_matrix")
def matrix_page(request: Request, plan_id: Id,
                principal: Principal = Depends(current_principal),
                session: Session = Depends(db_session)) -> Response:
    """The unit × task matrix (done / in progress / overdue / not started)."""
    plan, matrix = _matrix(request, session, principal, plan_id)
    return render(request, "cascade/matrix.html", {
        "plan": plan, "m": matrix, "labels": STATE_LABELS, "states": STATES,
        "totals": matrix.counts()})


@router.get("/plans/{plan_id}/cascade/units/{org_id}", name="cascade_unit")
def unit_page(request: Request, plan_id: Id, org_id: Id,
              principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    """Drill-down: what one unit owes to this plan and where it stands on each task."""
    plan, matrix = _matrix(request, session, principal, plan_id)
    unit = _one(matrix.units, org_id)
    rows = [(t, matrix.cells[org_id, t.id]) for t in matrix.tasks
            if (org_id, t.id) in matrix.cells]
    return render(request, "cascade/unit.html", {"plan": plan, "unit": unit, "rows": rows,
                                                 "labels": STATE_LABELS,
                                                 "counts": matrix.counts(unit_id=org_id)})


@router.get("/plans/{plan_id}/cascade/tasks/{task_id}", name="cascade_task")
def task_column(request: Request, plan_id: Id, task_id: Id,
                principal: Principal = Depends(current_principal),
                session: Session = Depends(db_session)) -> Response:
    """Drill-down: every unit that owes one task, and where each stands."""
    plan, matrix = _matrix(request, session, principal, plan_id)
    task = _one(matrix.tasks, task_id)
    rows = [(u, matrix.cells[u.id, task_id]) for u in matrix.units
            if (u.id, task_id) in matrix.cells]
    return render(request, "cascade/task.html", {"plan": plan, "task": task, "rows": rows,
                                                 "labels": STATE_LABELS,
                                                 "counts": matrix.counts(task_id=task_id)})


def _matrix(request: Request, session: Session, principal: Principal,
            plan_id: int) -> tuple[Plan, CascadeMatrix]:
    plan = authorize_plan(session, principal, plan_id)
    return plan, cascade_matrix(session, plan, request.app.state.settings.today())


def _one(items: list[Any], ident: int) -> Any:
    """The unit or task of the matrix with that id; NotVisible when there is none."""
    found = next((item for item in items if item.id == ident), None)
    if found is None:
        raise NotVisible(f"{ident}")
    return found


@router.get("/plans/{plan_id}/coverage", name="cascade_coverage")
def coverage_page(request: Request, plan_id: Id,
                  principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    """Per member unit, the cascaded tasks its own plan of the year lacks."""
    plan, matrix = _matrix(request, session, principal, plan_id)
    return render(request, "cascade/coverage.html", {
        "plan": plan, "rows": coverage(session, matrix), "tasks": len(matrix.tasks)})


def _owed(session: Session, principal: Principal, task_id: int, org_id: int,
          today: date, action: Action = Action.READ) -> tuple[Task, Plan, Organization, Cell]:
    """The cascaded task and the unit owing it, if the user may do `action` for that unit."""
    authorize_org(principal, org_id, action)
    plan = session.scalar(select(Plan).join(PlanVersion, PlanVersion.plan_id == Plan.id)
                          .join(Task, Task.plan_version_id == PlanVersion.id)
                          .where(Task.id == task_id))
    if plan is None or plan.current_version_id != session.get(Task, task_id).plan_version_id:
        raise NotVisible(f"task {task_id}")
    matrix = cascade_matrix(session, plan, today)
    cell = matrix.cells.get((org_id, task_id))
    if cell is None:
        raise NotVisible(f"obligation {task_id} {org_id}")
    return session.get(Task, task_id), plan, session.get(Organization, org_id), cell


@router.get("/obligations/{task_id}/{org_id}", name="obligation_page")
def obligation_page(request: Request, task_id: Id, org_id: Id,
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    return _obligation_page(request, session, principal, task_id, org_id)


def _obligation_page(request: Request, session: Session, principal: Principal, task_id: int,
                     org_id: int, status_code: int = 200, error: str | None = None,
                     form: dict[str, str] | None = None) -> Response:
    task, plan, org, cell = _owed(session, principal, task_id, org_id,
                                  request.app.state.settings.today())
    row = session.scalar(select(Obligation).where(Obligation.task_id == task_id,
                                                  Obligation.org_id == org_id))
    who = {u.user_id for u in row.updates} | {e.user_id for e in row.evidence} if row else set()
    names = dict(session.execute(select(User.id, User.display_name)
                                 .where(User.id.in_([i for i in who if i]))).all())
    return render(request, "cascade/obligation.html", {
        "task": task, "plan": plan, "org": org, "cell": cell, "row": row, "names": names,
        "labels": STATE_LABELS, "statuses": list(Status), "error": error, "form": form or {},
        "can_update": principal.may(Action.UPDATE, org_id)}, status_code)


@router.post("/obligations/{task_id}/{org_id}/progress", name="obligation_progress")
def obligation_progress(request: Request, task_id: Id, org_id: Id, status: str = Form(...),
                        percent: str = Form(""), note: str = Form(""),
                        version: str = Form(""), files: list[UploadFile] = File([]),
                        principal: Principal = Depends(current_principal),
                        session: Session = Depends(db_session)) -> Response:
    """The unit reports its own progress on the task (not the upper plan's task itself), with
    the evidence files sent in the same form: one refused and nothing is written."""
    task, _, org, _ = _owed(session, principal, task_id, org_id,
                            request.app.state.settings.today(), Action.UPDATE)
    form = {"status": status, "percent": percent, "note": note}
    attachments = Attachments.sent(request.app.state.files, files,
                                   request.app.state.settings.max_upload_bytes)
    user = session.get(User, principal.user_id)
    try:
        uploads = checked_uploads(attachments)
        amount = None if status in FINISHED_CODES or not percent.strip() else int(percent)
        update = report_obligation(session, task, org, user, status, amount, note,
                                   int(version) if version.isdigit() else None)
        for upload in uploads:
            add_obligation_evidence(session, attachments.files, task, org, user, upload.name,
                                    upload.content, upload.mime, update)
    except ValueError:
        session.rollback()
        return _obligation_page(request, session, principal, task_id, org_id, 422,
                                "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100.", form)
    except ConflictError:
        session.rollback()
        return _obligation_page(request, session, principal, task_id, org_id, 409,
                                "Người khác vừa báo cáo nhiệm vụ này; hãy kiểm tra rồi lưu lại.",
                                form)
    except (InvalidUpdateError, UploadTooLarge) as exc:
        session.rollback()
        return _obligation_page(request, session, principal, task_id, org_id,
                                413 if isinstance(exc, UploadTooLarge) else 422,
                                vietnamese(exc), form)
    session.commit()
    flash(request, "Đã lưu báo cáo tiến độ của đơn vị" + (
        f" và {len(uploads)} tệp kiểm chứng." if uploads else "."))
    return RedirectResponse(request.url_for("obligation_page", task_id=task_id, org_id=org_id),
                            status_code=303)


@router.get("/obligation-evidence/{evidence_id}", name="obligation_evidence_download")
def obligation_evidence_download(request: Request, evidence_id: Id,
                                 principal: Principal = Depends(current_principal),
                                 session: Session = Depends(db_session)) -> Response:
    evidence = session.get(ObligationEvidence, evidence_id)
    if evidence is None:
        raise NotVisible(f"evidence {evidence_id}")
    obligation = session.get(Obligation, evidence.obligation_id)
    authorize_org(principal, obligation.org_id)
    return FileResponse(request.app.state.files.path(evidence.file.sha256),
                        media_type=evidence.mime, filename=evidence.name)
