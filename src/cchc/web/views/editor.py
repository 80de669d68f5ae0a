"""Sửa kế hoạch: correct a task of the current plan; the result is the plan's next version."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from cchc.domain.areas import AREAS
from cchc.extract.lint import lint
from cchc.store.models import Plan, User
from cchc.store.plan_edits import save_task_edit
from cchc.web.auth import current_principal, db_session
from cchc.web.params import Id
from cchc.web.permissions import Action, NotVisible, Principal, authorize_plan
from cchc.domain.plan_dict import plan_from_dict
from cchc.web.plan_edits import EditError, edit_task
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
        "version": plan.current_version.number}, status_code)


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
    new = save_task_edit(session, plan, edited, position, session.get(User, principal.user_id),
                         changes, [f.to_dict() for f in lint(edited)])
    session.commit()
    flash(request, f"Đã lưu nhiệm vụ {edited.tasks[position - 1].no or position}: kế hoạch "
                   f"nay là phiên bản {new.number}.")
    return RedirectResponse(request.url_for("plan_editor", plan_id=plan_id), status_code=303)
