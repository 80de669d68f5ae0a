"""Cây đơn vị: an upper level's subordinate units, each with its plan status and overdue count,
figures rolled up over each subtree; drill down one level at a time. Units merged into another
are shown under it for the years before the merger, and the unit's history (sáp nhập, đổi tên)
is listed below."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.dashboard import org_tree
from cchc.store.models import Organization
from cchc.store.queries import ancestor_ids, org_events
from cchc.web.auth import current_principal, db_session
from cchc.web.params import Id, Year
from cchc.web.permissions import PLAN_READERS, Action, NotVisible, Principal, authorize_org
from cchc.web.templating import render
from cchc.web.years import chosen_year, tree_years

router = APIRouter(include_in_schema=False)


@router.get("/orgs", name="org_tree")
def tree(request: Request, root: Id | None = None, year: Year | None = None,
         principal: Principal = Depends(current_principal),
         session: Session = Depends(db_session)) -> Response:
    roots = [g for g in principal.grants if g.role in PLAN_READERS]
    if not roots:
        raise NotVisible("organization tree")
    root_id = root or roots[0].org_id
    authorize_org(principal, root_id, Action.READ)
    settings = request.app.state.settings
    years = tree_years(session, root_id)
    year = chosen_year(year, years, settings.today())
    readable = principal.orgs_for(Action.READ)
    trail = [i for i in reversed(ancestor_ids(session, root_id)) if i in readable]
    names = dict(session.execute(select(Organization.id, Organization.name)
                                 .where(Organization.id.in_(trail))).all())
    return render(request, "orgs.html", {
        "node": org_tree(session, root_id, year, settings.today(), settings.due_soon_days),
        "year": year, "years": years, "roots": roots, "history": org_events(session, root_id),
        "manages": principal.may(Action.MANAGE, root_id),
        "trail": [(i, names[i]) for i in trail]})
