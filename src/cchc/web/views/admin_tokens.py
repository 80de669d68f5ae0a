"""Mã truy cập API: an administrator makes a token for another system (named, bound to one of
the organizations they manage, with chosen permissions), sees when it was last used, and
revokes it. The secret is shown once, on the page that made it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from cchc.store.errors import InvalidUpdateError
from cchc.store.models import TOKEN_PERMISSIONS, ApiToken, Organization, User
from cchc.store.services.api_tokens import create_token, list_tokens, revoke_token
from cchc.web.auth import current_principal, db_session
from cchc.web.params import Id
from cchc.web.permissions import Action, NotVisible, Principal
from cchc.web.templating import flash, render
from cchc.web.views.admin_users import managed_org, managed_scope, org_choices

router = APIRouter(include_in_schema=False)


def _page(request: Request, session: Session, principal: Principal, status: int = 200,
          error: str | None = None, form: dict | None = None,
          secret: str | None = None) -> Response:
    scope = managed_scope(principal)
    return render(request, "admin/tokens.html", {
        "tokens": list_tokens(session, scope), "orgs": org_choices(session, scope),
        "permissions": TOKEN_PERMISSIONS, "error": error, "form": form or {},
        "secret": secret}, status)


@router.get("/admin/tokens", name="admin_tokens")
def token_list(request: Request, principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    return _page(request, session, principal)


@router.post("/admin/tokens", name="admin_token_add")
async def token_add(request: Request, name: str = Form(""), org: str = Form(""),
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    scope = managed_scope(principal)
    chosen = [str(p) for p in (await request.form()).getlist("permission")]
    form = {"name": name, "org": org, "permissions": chosen}
    try:
        target: Organization = managed_org(session, scope, org[:64])
        _token, secret = create_token(session, session.get(User, principal.user_id),
                                      name[:200], target, chosen)
    except InvalidUpdateError as exc:
        session.rollback()
        return _page(request, session, principal, 422, str(exc), form)
    session.commit()
    return _page(request, session, principal, secret=secret)


@router.post("/admin/tokens/{token_id}/revoke", name="admin_token_revoke")
def token_revoke(request: Request, token_id: Id,
                 principal: Principal = Depends(current_principal),
                 session: Session = Depends(db_session)) -> Response:
    token = session.get(ApiToken, token_id)
    if token is None or token.org_id not in principal.orgs_for(Action.MANAGE):
        raise NotVisible(f"api token {token_id}")
    revoke_token(session, session.get(User, principal.user_id), token)
    session.commit()
    flash(request, f"Đã thu hồi mã truy cập “{token.name}”.")
    return RedirectResponse(request.url_for("admin_tokens"), status_code=303)
