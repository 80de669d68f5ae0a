"""Sửa kế hoạch: correct a task of the current plan; the result is the plan's next version."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from cchc.domain import plan as domain
from cchc.domain.areas import AREAS
from cchc.domain.corrections import Correction
from cchc.domain.plan_dict import plan_from_dict
from cchc.extract.lint import lint
from cchc.store.corrections import record_corrections
from cchc.store.models import Plan, PlanVersion, User
from cchc.store.plan_edits import save_task_edit
from cchc.web.auth import current_principal, db_session
from cchc.web.params import Id
from cchc.web.permissions import Action, NotVisible, Principal, authorize_plan
from cchc.web.plan_edits import EditError, edit_task, merge_task, split_task
from cchc.web.templating import flash, render

router = APIRouter(include_in_schema=False)

STALE = ("Kế hoạch vừa được người khác sửa hoặc nhập lại (nay là phiên bản {current}). "
         "Nội dung bạn nhập vẫn được giữ bên dưới; hãy kiểm tra rồi lưu lại.")


def _editable(session: Session, principal: Principal, plan_id: int) -> Plan:
    plan = authorize_plan(session, principal, plan_id, Action.EDIT_PLAN)
    if plan.current_version is None:
        raise NotVisible(f"plan {plan_id} has no version")
    return plan


@router.get("/plans/{plan_id}/edit", name="plan_editor")
def editor(request: Request, plan_id: Id, principal: Principal = Depends(current_principal),
           session: Session = Depends(db_session)) -> Response:
    plan = _editable(session, principal, plan_id)
    return render(request, "editor/plan.html", {"plan": plan, "version": plan.current_version,
                                                "tasks": plan.current_version.plan_json["tasks"]})


@router.get("/plans/{plan_id}/tasks/{position}/edit", name="plan_task_form")
def task_form(request: Request, plan_id: Id, position: Id,
              principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    plan = _editable(session, principal, plan_id)
    tasks = plan.current_version.plan_json["tasks"]
    if not 1 <= position <= len(tasks):
        raise NotVisible(f"task {position}")
    return _form(request, plan, position, tasks[position - 1])


def _form(request: Request, plan: Plan, position: int, values: dict, status_code: int = 200,
          error: str | None = None) -> Response:
    return render(request, "editor/task.html", {
        "plan": plan, "position": position, "t": values, "areas": AREAS, "error": error,
        "version": plan.current_version.number,
        "split_action": request.url_for("plan_task_split", plan_id=plan.id, position=position),
        "merge_action": request.url_for("plan_task_merge", plan_id=plan.id, position=position)
        if position > 1 else None}, status_code)


@router.post("/plans/{plan_id}/tasks/{position}/edit", name="plan_task_save")
def task_save(request: Request, plan_id: Id, position: Id, version: int = Form(...),
              no: str = Form(""), area: str = Form(...), text: str = Form(""),
              outputs: str = Form(""), lead: str = Form(""), coop: str = Form(""),
              deadline_text: str = Form(""), budget: str = Form(""),
              principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    plan = _editable(session, principal, plan_id)
    fields = {"no": no, "area": area, "text": text, "outputs": outputs, "lead": lead,
              "coop": coop, "deadline_text": deadline_text, "budget": budget}
    shown = {**fields, **{k: fields[k].splitlines() for k in ("outputs", "lead", "coop")}}
    current = plan.current_version
    if current.number != version:
        return _form(request, plan, position, shown, 409, STALE.format(current=current.number))
    edited = plan_from_dict(current.plan_json)
    try:
        changes = edit_task(edited, position - 1, fields)
    except EditError as exc:
        return _form(request, plan, position, shown, 422, str(exc))
    if not changes:
        flash(request, "Không có thay đổi nào.")
        return RedirectResponse(request.url_for("plan_editor", plan_id=plan_id), status_code=303)
    new = _save(session, plan, edited, position, principal, changes)
    flash(request, f"Đã lưu nhiệm vụ {edited.tasks[position - 1].no or position}: kế hoạch "
                   f"nay là phiên bản {new.number}.")
    return RedirectResponse(request.url_for("plan_editor", plan_id=plan_id), status_code=303)


@router.post("/plans/{plan_id}/tasks/{position}/split", name="plan_task_split")
def task_split(request: Request, plan_id: Id, position: Id, version: int = Form(...),
               first: str = Form(""), second: str = Form(""),
               principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    """Two tasks read as one: the first keeps the task's progress, the second starts anew."""
    return _restructure(request, session, principal, plan_id, position, version,
                        lambda edited: split_task(edited, position - 1, first, second), position,
                        "Đã tách nhiệm vụ {no} thành hai: kế hoạch nay là phiên bản {number}.")


@router.post("/plans/{plan_id}/tasks/{position}/merge", name="plan_task_merge")
def task_merge(request: Request, plan_id: Id, position: Id, version: int = Form(...),
               principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    """The rest of the task above joins it; the task above keeps its progress."""
    return _restructure(request, session, principal, plan_id, position, version,
                        lambda edited: merge_task(edited, position - 1), position - 1,
                        "Đã gộp vào nhiệm vụ {no}: kế hoạch nay là phiên bản {number}.")


def _restructure(request: Request, session: Session, principal: Principal, plan_id: int,
                 position: int, version: int,
                 change: Callable[[domain.Plan], list[Correction]], kept: int,
                 done: str) -> Response:
    """Split or merge on the current version, saved as the next; the task at `kept` carries
    the progress of the task at that position before."""
    plan = _editable(session, principal, plan_id)
    current = plan.current_version
    tasks = current.plan_json["tasks"]
    if not 1 <= position <= len(tasks):
        raise NotVisible(f"task {position}")
    if current.number != version:
        return _form(request, plan, position, tasks[position - 1], 409,
                     STALE.format(current=current.number))
    edited = plan_from_dict(current.plan_json)
    try:
        changes = change(edited)
    except EditError as exc:
        return _form(request, plan, position, tasks[position - 1], 422, str(exc))
    new = _save(session, plan, edited, kept, principal, changes)
    flash(request, done.format(no=edited.tasks[kept - 1].no or kept, number=new.number))
    return RedirectResponse(request.url_for("plan_editor", plan_id=plan_id), status_code=303)


def _save(session: Session, plan: Plan, edited: domain.Plan, position: int,
          principal: Principal, changes: list[Correction]) -> PlanVersion:
    """The edited plan as the next version, its corrections kept with its document."""
    user = session.get(User, principal.user_id)
    new = save_task_edit(session, plan, edited, position, user, [str(c) for c in changes],
                         [f.to_dict() for f in lint(edited)])
    record_corrections(session, new, user, "editor", changes)
    session.commit()
    return new
