"""Quản trị tài khoản: an administrator's accounts, within the organizations they manage.

An administrator manages an account when every role it holds lies in their scope (their own
organization and the organizations below it), so a commune's administrator cannot touch a
province official's account. Every write goes through the audited store services.
"""

from __future__ import annotations

from datetime import datetime, time

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.clock import VIETNAM
from cchc.domain.vntext import fold
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import (
    ROLE_ALIASES, ROLES, Delegation, Membership, Organization, User, UserSession)
from cchc.store.passwords import MAX_LENGTH, PasswordRejected
from cchc.store.services import accounts, grant_role, users
from cchc.store.services.sessions import end_sessions
from cchc.store.types import utcnow
from cchc.web.auth import current_principal, db_session
from cchc.web.dates import typed_day
from cchc.web.params import Id
from cchc.web.permissions import Action, Forbidden, NotVisible, Principal
from cchc.web.templating import flash, render

router = APIRouter(include_in_schema=False)
MAX_CSV_BYTES = 1024 * 1024
_INPUT_ERRORS = (InvalidUpdateError, PasswordRejected)


def managed_scope(principal: Principal) -> frozenset[int]:
    """The organizations the administrator manages; Forbidden-as-404 for everyone else."""
    orgs = principal.orgs_for(Action.MANAGE)
    if not orgs:
        raise NotVisible("administration")
    return orgs


def _managed_user(session: Session, principal: Principal, user_id: int) -> User:
    """The account, if all its roles lie in the administrator's scope."""
    scope = managed_scope(principal)
    user = session.get(User, user_id)
    held = set(session.scalars(select(Membership.org_id).where(Membership.user_id == user_id)))
    if user is None or not held or not held <= scope:
        raise NotVisible(f"user {user_id}")
    return user


def managed_org(session: Session, scope: frozenset[int], code: str) -> Organization:
    org = session.scalar(select(Organization).where(Organization.code == code.strip()))
    if org is None or org.id not in scope:
        raise InvalidUpdateError(f"Không có đơn vị mã '{code.strip()}' trong phạm vi quản lý.")
    return org


def _role(name: str) -> str:
    if name not in ROLES:
        raise InvalidUpdateError("Hãy chọn một vai trò.")
    return name


def org_choices(session: Session, scope: frozenset[int]) -> list[tuple[str, str]]:
    return sorted(session.execute(select(Organization.code, Organization.name)
                                  .where(Organization.id.in_(sorted(scope)))).all(),
                  key=lambda row: fold(row[1]))


def _list_page(request: Request, session: Session, principal: Principal, q: str = "",
               status: int = 200, error: str | None = None, form: dict | None = None,
               created: list[tuple[str, str | None]] | None = None) -> Response:
    scope = managed_scope(principal)
    codes = set(session.scalars(select(Organization.code)
                                .where(Organization.id.in_(sorted(scope)))))
    rows = [r for r in accounts.list_accounts(session, scope)
            if all(org_code in codes for _, org_code, _ in r.roles)]
    if q:
        wanted = fold(q)
        rows = [r for r in rows if wanted in fold(f"{r.user.username} {r.user.display_name}")]
    return render(request, "admin/users.html", {
        "rows": rows, "q": q, "error": error, "form": form or {}, "created": created or [],
        "orgs": org_choices(session, scope), "roles": ROLES, "aliases": ROLE_ALIASES,
        "max_length": MAX_LENGTH}, status)


@router.get("/admin/users", name="admin_users")
def user_list(request: Request, q: str = "", principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    return _list_page(request, session, principal, q[:100])


@router.post("/admin/users", name="admin_user_add")
def user_add(request: Request, username: str = Form(""), name: str = Form(""),
             email: str = Form(""), org: str = Form(""), role: str = Form(""),
             password: str = Form(""), principal: Principal = Depends(current_principal),
             session: Session = Depends(db_session)) -> Response:
    scope = managed_scope(principal)
    form = {"username": username, "name": name, "email": email, "org": org, "role": role}
    try:
        new = password[:MAX_LENGTH] or accounts.generated_password()
        users.add_account(session, session.get(User, principal.user_id), username[:100],
                          name[:255], new, managed_org(session, scope, org), _role(role),
                          email.strip()[:255] or None)
    except _INPUT_ERRORS as exc:
        session.rollback()
        return _list_page(request, session, principal, status=422, error=str(exc), form=form)
    session.commit()
    return _list_page(request, session, principal,
                      created=[(username.strip(), None if password else new)])


@router.post("/admin/users/import", name="admin_users_import")
async def user_import(request: Request, file: UploadFile = File(...),
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    scope = managed_scope(principal)
    data = await file.read(MAX_CSV_BYTES + 1)
    try:
        if len(data) > MAX_CSV_BYTES:
            raise InvalidUpdateError("Tệp CSV quá lớn (tối đa 1 MB); hãy chia nhỏ tệp.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidUpdateError(f"{file.filename}: tệp CSV phải ở mã UTF-8.") from None
        made = accounts.import_accounts(session, session.get(User, principal.user_id), text,
                                        file.filename or "tệp CSV", scope)
    except _INPUT_ERRORS as exc:
        session.rollback()
        return _list_page(request, session, principal, status=422, error=str(exc))
    session.commit()
    return _list_page(request, session, principal, created=made)


def _detail(request: Request, session: Session, principal: Principal, user: User,
            status: int = 200, error: str | None = None,
            new_password: str | None = None) -> Response:
    scope = managed_scope(principal)
    return render(request, "admin/user.html", {
        "user": user, "error": error, "new_password": new_password,
        "memberships": list(session.scalars(select(Membership)
                                            .where(Membership.user_id == user.id))),
        "delegations": list(session.scalars(select(Delegation)
                                            .where(Delegation.user_id == user.id)
                                            .order_by(Delegation.id.desc()))),
        "session_count": len(list(session.scalars(select(UserSession.id).where(
            UserSession.user_id == user.id, UserSession.expires_at > utcnow())))),
        "orgs": org_choices(session, scope), "roles": ROLES, "max_length": MAX_LENGTH,
        "self": user.id == principal.user_id}, status)


@router.get("/admin/users/{user_id}", name="admin_user")
def user_detail(request: Request, user_id: Id, principal: Principal = Depends(current_principal),
                session: Session = Depends(db_session)) -> Response:
    return _detail(request, session, principal, _managed_user(session, principal, user_id))


@router.post("/admin/users/{user_id}/active", name="admin_user_active")
def user_active(request: Request, user_id: Id, active: str = Form(""),
                principal: Principal = Depends(current_principal),
                session: Session = Depends(db_session)) -> Response:
    user = _managed_user(session, principal, user_id)
    if user.id == principal.user_id:
        raise Forbidden(Action.MANAGE)  # nobody locks themselves out
    users.set_active(session, session.get(User, principal.user_id), user, active == "1")
    session.commit()
    flash(request, "Đã mở khóa tài khoản." if active == "1" else
          "Đã khóa tài khoản; mọi phiên đăng nhập của tài khoản đã kết thúc.")
    return RedirectResponse(request.url_for("admin_user", user_id=user_id), status_code=303)


@router.post("/admin/users/{user_id}/password", name="admin_user_password")
def user_password(request: Request, user_id: Id, password: str = Form(""),
                  principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    user = _managed_user(session, principal, user_id)
    new = password[:MAX_LENGTH] or accounts.generated_password()
    try:
        users.set_password(session, session.get(User, principal.user_id), user, new)
    except _INPUT_ERRORS as exc:
        session.rollback()
        return _detail(request, session, principal, user, 422, str(exc))
    session.commit()
    return _detail(request, session, principal, user, new_password=None if password else new)


@router.post("/admin/users/{user_id}/end-sessions", name="admin_user_end_sessions")
def user_end_sessions(request: Request, user_id: Id,
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    user = _managed_user(session, principal, user_id)
    ended = end_sessions(session, session.get(User, principal.user_id), user)
    session.commit()
    flash(request, f"Đã kết thúc {ended} phiên đăng nhập.")
    return RedirectResponse(request.url_for("admin_user", user_id=user_id), status_code=303)


@router.post("/admin/users/{user_id}/roles", name="admin_user_role")
def user_role(request: Request, user_id: Id, org: str = Form(""), role: str = Form(""),
              principal: Principal = Depends(current_principal),
              session: Session = Depends(db_session)) -> Response:
    user = _managed_user(session, principal, user_id)
    try:
        target = managed_org(session, managed_scope(principal), org)
        code = _role(role)
        if session.scalar(select(Membership.id).where(
                Membership.user_id == user.id, Membership.org_id == target.id,
                Membership.role.has(code=code))):
            raise InvalidUpdateError("Tài khoản đã có vai trò này tại đơn vị này.")
        grant_role(session, session.get(User, principal.user_id), user, target, code)
    except _INPUT_ERRORS as exc:
        session.rollback()
        return _detail(request, session, principal, user, 422, str(exc))
    session.commit()
    flash(request, "Đã giao vai trò.")
    return RedirectResponse(request.url_for("admin_user", user_id=user_id), status_code=303)


@router.post("/admin/users/{user_id}/delegations", name="admin_user_delegate")
def user_delegate(request: Request, user_id: Id, org: str = Form(""), role: str = Form(""),
                  reason: str = Form(""), until: str = Form(""),
                  principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    user = _managed_user(session, principal, user_id)
    try:
        valid_until = _end_of(until) if until else None
        users.delegate(session, session.get(User, principal.user_id), user,
                       managed_org(session, managed_scope(principal), org), _role(role),
                       reason[:500], valid_until)
    except _INPUT_ERRORS as exc:
        session.rollback()
        return _detail(request, session, principal, user, 422, str(exc))
    session.commit()
    flash(request, "Đã ủy quyền.")
    return RedirectResponse(request.url_for("admin_user", user_id=user_id), status_code=303)


@router.post("/admin/delegations/{delegation_id}/revoke", name="admin_delegation_revoke")
def delegation_revoke(request: Request, delegation_id: Id,
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    delegation = session.get(Delegation, delegation_id)
    if delegation is None or delegation.org_id not in managed_scope(principal):
        raise NotVisible(f"delegation {delegation_id}")
    users.revoke_delegation(session, session.get(User, principal.user_id), delegation)
    session.commit()
    flash(request, "Đã thu hồi ủy quyền.")
    return RedirectResponse(request.url_for("admin_user", user_id=delegation.user_id),
                            status_code=303)


def _end_of(text: str) -> datetime:
    """The end of a day typed as dd/mm/yyyy (or yyyy-mm-dd), in Vietnam."""
    return datetime.combine(typed_day(text, "Ngày hết hạn"), time.max, VIETNAM)
