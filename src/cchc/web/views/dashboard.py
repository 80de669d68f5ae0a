"""Trang chủ and the plan dashboard (bảng theo dõi kế hoạch)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.dashboard import PlanDashboard, plan_dashboard
from cchc.store.models import Plan
from cchc.web.auth import current_principal, db_session
from cchc.web.params import Id
from cchc.web.permissions import PLAN_READERS, Action, Principal, authorize_plan
from cchc.web.templating import render
from cchc.web.views.targets import targets_section
from cchc.web.years import chosen_year, plan_years

router = APIRouter(include_in_schema=False)

MONTHS = [f"Th{m}" for m in range(1, 13)]


@router.get("/", name="home")
def home(request: Request, principal: Principal = Depends(current_principal),
         session: Session = Depends(db_session)) -> Response:
    """Plan readers land on their own organization's plan; unit officers on their work."""
    if not principal.has_role(*PLAN_READERS):
        return RedirectResponse(request.url_for("my_work"), status_code=303)
    year = chosen_year(None, plan_years(session, principal), request.app.state.settings.today())
    for org_id in principal.home_org_ids:
        plan_id = session.scalar(select(Plan.id).where(Plan.org_id == org_id, Plan.year == year))
        if plan_id is not None:
            return RedirectResponse(request.url_for("plan_dashboard", plan_id=plan_id),
                                    status_code=303)
    return RedirectResponse(request.url_for("org_tree"), status_code=303)


@router.get("/plans/{plan_id}", name="plan_dashboard")
def dashboard(request: Request, plan_id: Id, principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    plan = authorize_plan(session, principal, plan_id)
    settings = request.app.state.settings
    figures = plan_dashboard(session, plan, settings.today(), settings.due_soon_days)
    other_years = session.execute(select(Plan.year, Plan.id).where(Plan.org_id == plan.org_id)
                                  .order_by(Plan.year.desc())).all()
    return render(request, "dashboard.html", {
        "d": figures, "other_years": other_years, "chart": _chart_data(figures),
        "targets": targets_section(request, plan, figures.targets),
        "can_edit": principal.may(Action.EDIT_PLAN, plan.org_id),
        "due_days": settings.due_soon_days})


def _chart_data(figures: PlanDashboard) -> str:
    """The milestone timeline as Chart.js reads it (static/app.js draws it)."""
    return json.dumps({
        "labels": MONTHS,
        "series": [
            {"label": "Đã hoàn thành", "key": "done", "data": [m.done for m in figures.months]},
            {"label": "Quá hạn", "key": "late", "data": [m.late for m in figures.months]},
            {"label": "Chưa đến hạn", "key": "upcoming",
             "data": [m.upcoming for m in figures.months]}]},
        ensure_ascii=False).replace("<", "\\u003c")  # safe inside <script>
