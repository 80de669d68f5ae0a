"""Bộ tiêu chí: the criteria sets stored, each shown as its tree; an administrator installs
the shipped sets, copies a set for a new year (owned by their organization) and edits its
text — checked with line numbers, refused once a submitted assessment uses it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.errors import CchcError
from cchc.scoring.criteria import AREA_TYPES, ASSESSED_BY, RULE_KINDS, CriteriaError
from cchc.scoring.sets import copy_for_year, install_shipped, read, save_text
from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.models import CriteriaSetRecord, Organization, User
from cchc.web.auth import current_principal, db_session
from cchc.web.params import Id
from cchc.web.permissions import Action, Forbidden, NotVisible, Principal, authorize_org
from cchc.web.templating import flash, render, vietnamese

router = APIRouter(include_in_schema=False)


def _managed_orgs(session: Session, principal: Principal) -> list[Organization]:
    """The organizations whose sets the user may keep: those they administer."""
    ids = [g.org_id for g in principal.grants if principal.may(Action.MANAGE, g.org_id)]
    return list(session.scalars(select(Organization).where(Organization.id.in_(ids))))


def _record(session: Session, set_id: int) -> CriteriaSetRecord:
    record = session.get(CriteriaSetRecord, set_id)
    if record is None:
        raise NotVisible(f"criteria set {set_id}")
    return record


def _editable(principal: Principal, record: CriteriaSetRecord) -> bool:
    return record.owner_org_id is not None and record.frozen_at is None and principal.may(
        Action.MANAGE, record.owner_org_id)


@router.get("/scoring/sets", name="criteria_sets")
def criteria_sets(request: Request, principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    records = session.scalars(select(CriteriaSetRecord).order_by(
        CriteriaSetRecord.year.desc(), CriteriaSetRecord.code,
        CriteriaSetRecord.version.desc())).all()
    return render(request, "scoring/sets.html", {
        "active": "scoring", "records": [(r, read(r)) for r in records],
        "can_install": bool(_managed_orgs(session, principal))})


@router.post("/scoring/sets/install", name="criteria_sets_install")
def criteria_sets_install(request: Request, principal: Principal = Depends(current_principal),
                          session: Session = Depends(db_session)) -> Response:
    if not _managed_orgs(session, principal):
        raise Forbidden(Action.MANAGE)
    installed = install_shipped(session, session.get(User, principal.user_id))
    session.commit()
    flash(request, f"Đã nạp {len(installed)} bộ tiêu chí có sẵn của cchc.")
    return RedirectResponse(request.url_for("criteria_sets"), status_code=303)


@router.get("/scoring/sets/{set_id}", name="criteria_set_page")
def criteria_set_page(request: Request, set_id: Id,
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    record = _record(session, set_id)
    return render(request, "scoring/set.html", {
        "active": "scoring", "r": record, "s": read(record), "kinds": RULE_KINDS,
        "types": AREA_TYPES, "assessed": ASSESSED_BY,
        "editable": _editable(principal, record),
        "owners": _managed_orgs(session, principal),
        "next_year": request.app.state.settings.today().year})


@router.post("/scoring/sets/{set_id}/copy", name="criteria_set_copy")
def criteria_set_copy(request: Request, set_id: Id, year: int = Form(...),
                      owner: int = Form(...), principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    """A copy for a new year, owned and edited by one of the user's organizations."""
    record = _record(session, set_id)
    authorize_org(principal, owner, Action.MANAGE)
    try:
        copy = copy_for_year(session, record, year, session.get(Organization, owner),
                             session.get(User, principal.user_id))
    except CchcError as exc:
        session.rollback()
        flash(request, vietnamese(exc), "error")
        return RedirectResponse(request.url_for("criteria_set_page", set_id=set_id),
                                status_code=303)
    session.commit()
    flash(request, f"Đã sao chép thành phiên bản {copy.version} cho năm {year}; hãy đối chiếu "
                   "với văn bản gốc và sửa điểm.")
    return RedirectResponse(request.url_for("criteria_set_edit", set_id=copy.id),
                            status_code=303)


@router.get("/scoring/sets/{set_id}/edit", name="criteria_set_edit")
def criteria_set_edit(request: Request, set_id: Id,
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    record = _record(session, set_id)
    if not _editable(principal, record):
        raise Forbidden(Action.MANAGE)
    return render(request, "scoring/set_edit.html", {
        "active": "scoring", "r": record, "text": record.yaml_text, "problems": []})


@router.post("/scoring/sets/{set_id}/edit", name="criteria_set_save")
def criteria_set_save(request: Request, set_id: Id, text: str = Form(...),
                      revision: int = Form(...),
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    """Store the edited text after checking it; every problem is shown with its line."""
    record = _record(session, set_id)
    if not _editable(principal, record):
        raise Forbidden(Action.MANAGE)
    try:
        save_text(session, record, text, session.get(User, principal.user_id), revision)
    except CriteriaError as exc:
        session.rollback()
        return render(request, "scoring/set_edit.html", {
            "active": "scoring", "r": record, "text": text, "problems": exc.problems}, 422)
    except (ConflictError, InvalidUpdateError) as exc:
        session.rollback()
        return render(request, "scoring/set_edit.html", {
            "active": "scoring", "r": record, "text": text,
            "problems": [("", 0, vietnamese(exc))]}, 409 if isinstance(exc, ConflictError)
            else 422)
    session.commit()
    flash(request, "Đã lưu bộ tiêu chí.")
    return RedirectResponse(request.url_for("criteria_set_page", set_id=set_id),
                            status_code=303)
