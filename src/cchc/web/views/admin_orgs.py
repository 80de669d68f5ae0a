"""Quản lý đơn vị: an administrator's organization tree — create a unit below one they manage,
and rename, move, close or merge into a successor the units below their own organization.

Authorization is permissions.authorize_org_change (a unit is changed from above: the
administrator of a province manages its communes and departments, not the province itself).
Every write goes through the audited store services; a refused change re-shows the page with
the reason (422) and writes nothing.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cchc.domain.vntext import collapse, fold
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import ORG_KIND_LABELS, ORG_KINDS, Organization, User
from cchc.store.queries import ancestor_ids, org_events
from cchc.store.services import (
    close_organization, create_organization, merge_organizations, move_organization,
    rename_organization)
from cchc.web.auth import current_principal, db_session
from cchc.web.dates import typed_day
from cchc.web.params import Id
from cchc.web.permissions import Action, NotVisible, Principal, authorize_org, authorize_org_change
from cchc.web.templating import flash, render

router = APIRouter(include_in_schema=False)
SEARCH_LIMIT = 50
_SHORT_CODE = re.compile(r"^[A-Z0-9_-]{1,20}$")


def _managed_roots(principal: Principal) -> list[int]:
    roots = [g.org_id for g in principal.grants if principal.may(Action.MANAGE, g.org_id)]
    if not roots:
        raise NotVisible("organization administration")
    return list(dict.fromkeys(roots))


def _unit(session: Session, org_id: int) -> Organization:
    org = session.get(Organization, org_id)
    if org is None:
        raise NotVisible(f"organization {org_id}")
    return org


def _by_code(session: Session, principal: Principal, code: str, role: str) -> Organization:
    org = session.scalar(select(Organization).where(Organization.code == collapse(code)))
    if org is None or not principal.may(Action.READ, org.id):
        raise InvalidUpdateError(f"Không có {role} mã «{collapse(code)}» trong phạm vi của bạn.")
    return org


def _day(text: str, label: str):
    day = typed_day(text, label[:1].upper() + label[1:])
    if day is None:
        raise InvalidUpdateError(f"Hãy nhập {label} (ngày/tháng/năm).")
    return day


def _actor(session: Session, principal: Principal) -> User:
    return session.get(User, principal.user_id)


@router.get("/admin/orgs", name="admin_orgs")
def org_list(request: Request, root: Id | None = None, q: str = "",
             principal: Principal = Depends(current_principal),
             session: Session = Depends(db_session)) -> Response:
    roots = _managed_roots(principal)
    root_id = root or roots[0]
    authorize_org(principal, root_id, Action.MANAGE)
    return _list_page(request, session, principal, _unit(session, root_id), q[:100])


def _list_page(request: Request, session: Session, principal: Principal, root: Organization,
               q: str = "", status: int = 200, error: str | None = None,
               form: dict | None = None) -> Response:
    managed = principal.orgs_for(Action.MANAGE)
    trail = [i for i in reversed(ancestor_ids(session, root.id)) if i in managed]
    names = dict(session.execute(select(Organization.id, Organization.name)
                                 .where(Organization.id.in_(trail))).all())
    below = dict(session.execute(
        select(Organization.parent_id, func.count()).where(Organization.parent_id.in_(
            select(Organization.id).where(Organization.parent_id == root.id)))
        .group_by(Organization.parent_id)).all())
    found = None
    if q:
        wanted = fold(q)
        found = [o for o in session.scalars(select(Organization).where(
            Organization.id.in_(sorted(managed)))) if wanted in fold(f"{o.code} {o.name}")]
        found = sorted(found, key=lambda o: fold(o.name))[:SEARCH_LIMIT]
    return render(request, "admin/orgs.html", {
        "root": root, "children": sorted(root.children, key=lambda o: (
            o.valid_to is not None, o.kind not in ("so", "phong", "bo_phan", "officer_post",
                                                   "khac"), fold(o.name))),
        "below": below, "trail": [(i, names[i]) for i in trail], "q": q, "found": found,
        "kinds": ORG_KIND_LABELS, "error": error, "form": form or {},
        "changeable": root.id not in {g.org_id for g in principal.grants}}, status)


@router.post("/admin/orgs/{root_id}/units", name="admin_org_create")
def org_create(request: Request, root_id: Id, code: str = Form(""), name: str = Form(""),
               kind: str = Form(""), valid_from: str = Form(""),
               principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    authorize_org(principal, root_id, Action.MANAGE)
    root = _unit(session, root_id)
    form = {"code": code, "name": name, "kind": kind, "valid_from": valid_from}
    try:
        short, title = collapse(code).upper(), collapse(name)[:255]
        if not _SHORT_CODE.match(short):
            raise InvalidUpdateError("Mã chỉ gồm chữ in hoa không dấu, số, _ và - (tối đa 20 "
                                     "ký tự), ví dụ BQLKKT.")
        if not title:
            raise InvalidUpdateError("Hãy nhập tên đơn vị.")
        if kind not in ORG_KINDS:
            raise InvalidUpdateError("Hãy chọn loại đơn vị.")
        full = f"{root.code}.{short}"
        if session.scalar(select(Organization.id).where(
                func.lower(Organization.code) == full.lower())):
            raise InvalidUpdateError(f"Mã {full} đã có đơn vị khác dùng.")
        begins = _day(valid_from, "ngày bắt đầu") if valid_from.strip() else None
        create_organization(session, _actor(session, principal), full, title, kind, root,
                            begins)
    except InvalidUpdateError as exc:
        session.rollback()
        return _list_page(request, session, principal, _unit(session, root_id), status=422,
                          error=str(exc), form=form)
    session.commit()
    flash(request, f"Đã thêm {title} (mã {full}).")
    return RedirectResponse(f"{request.url_for('admin_orgs')}?root={root_id}", status_code=303)


@router.get("/admin/orgs/{org_id}", name="admin_org")
def org_detail(request: Request, org_id: Id, principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    authorize_org_change(principal, org_id)
    return _detail(request, session, _unit(session, org_id))


def _detail(request: Request, session: Session, org: Organization, status: int = 200,
            error: str | None = None, form: dict | None = None) -> Response:
    return render(request, "admin/org.html", {
        "org": org, "kinds": ORG_KIND_LABELS, "history": org_events(session, org.id),
        "error": error, "form": form or {}}, status)


def _change(request: Request, session: Session, principal: Principal, org_id: int,
            form: dict, write) -> Response:
    """Apply `write(org, actor)` (it returns the message shown), or show why it was refused."""
    authorize_org_change(principal, org_id)
    org = _unit(session, org_id)
    try:
        message = write(org, _actor(session, principal))
    except InvalidUpdateError as exc:
        session.rollback()
        return _detail(request, session, _unit(session, org_id), 422, str(exc), form)
    session.commit()
    flash(request, message)
    return RedirectResponse(request.url_for("admin_org", org_id=org_id), status_code=303)


@router.post("/admin/orgs/{org_id}/rename", name="admin_org_rename")
def org_rename(request: Request, org_id: Id, name: str = Form(""), effective: str = Form(""),
               principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    def write(org: Organization, actor: User) -> str:
        title = collapse(name)[:255]
        if not title or title == org.name:
            raise InvalidUpdateError("Hãy nhập tên mới, khác tên hiện tại.")
        rename_organization(session, actor, org, title, _day(effective, "ngày hiệu lực"))
        return f"Đã đổi tên thành {title}."

    return _change(request, session, principal, org_id,
                   {"name": name, "effective": effective}, write)


@router.post("/admin/orgs/{org_id}/move", name="admin_org_move")
def org_move(request: Request, org_id: Id, parent: str = Form(""),
             principal: Principal = Depends(current_principal),
             session: Session = Depends(db_session)) -> Response:
    def write(org: Organization, actor: User) -> str:
        above = _by_code(session, principal, parent, "đơn vị cấp trên")
        authorize_org(principal, above.id, Action.MANAGE)
        if not move_organization(session, actor, org, above):
            raise InvalidUpdateError(f"{org.name} đã thuộc {above.name}.")
        return f"Đã chuyển {org.name} về {above.name}."

    return _change(request, session, principal, org_id, {"parent": parent}, write)


@router.post("/admin/orgs/{org_id}/close", name="admin_org_close")
def org_close(request: Request, org_id: Id, last_day: str = Form(""),
              principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    def write(org: Organization, actor: User) -> str:
        day = _day(last_day, "ngày cuối hoạt động")
        closed = close_organization(session, actor, org, day)
        if not closed:
            raise InvalidUpdateError(f"{org.name} đã kết thúc trước ngày {day:%d/%m/%Y}.")
        return f"{org.name} kết thúc ngày {day:%d/%m/%Y} ({closed} đơn vị, kể cả cấp dưới)."

    return _change(request, session, principal, org_id, {"last_day": last_day}, write)


@router.post("/admin/orgs/{org_id}/merge", name="admin_org_merge")
def org_merge(request: Request, org_id: Id, successor: str = Form(""),
              effective: str = Form(""), note: str = Form(""),
              principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    def write(org: Organization, actor: User) -> str:
        into = _by_code(session, principal, successor, "đơn vị kế thừa")
        authorize_org(principal, into.id, Action.MANAGE)
        day = _day(effective, "ngày sáp nhập")
        merge_organizations(session, actor, [org], into, day, collapse(note)[:500] or None)
        return f"Đã sáp nhập {org.name} vào {into.name} từ ngày {day:%d/%m/%Y}."

    return _change(request, session, principal, org_id,
                   {"successor": successor, "effective": effective, "note": note}, write)
