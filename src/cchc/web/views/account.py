"""Tài khoản của tôi: change my password, see and end my sign-in sessions."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from cchc.store.errors import InvalidUpdateError
from cchc.store.models import User
from cchc.store.passwords import MAX_LENGTH, PasswordRejected
from cchc.store.services.sessions import (
    active_sessions, end_session_by_id, end_sessions, is_current)
from cchc.store.services.users import change_own_password
from cchc.web.auth import current_principal, db_session, session_token
from cchc.web.params import Id
from cchc.web.permissions import Principal
from cchc.web.templating import flash, render

router = APIRouter(include_in_schema=False)


def _page(request: Request, session: Session, principal: Principal, status: int = 200,
          error: str | None = None) -> Response:
    user = session.get(User, principal.user_id)
    token = session_token(request) or ""
    sessions = [(row, is_current(row, token)) for row in active_sessions(session, user)]
    return render(request, "account.html", {"user": user, "sessions": sessions,
                                            "error": error, "max_length": MAX_LENGTH}, status)


@router.get("/account", name="account")
def account(request: Request, principal: Principal = Depends(current_principal),
            session: Session = Depends(db_session)) -> Response:
    return _page(request, session, principal)


@router.post("/account/password", name="account_password")
def change_password(request: Request, current: str = Form(""), new: str = Form(""),
                    confirm: str = Form(""), principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    try:
        if new != confirm:
            raise InvalidUpdateError("Mật khẩu nhập lại không khớp với mật khẩu mới.")
        change_own_password(session, session.get(User, principal.user_id), current[:MAX_LENGTH],
                            new, session_token(request))
    except (InvalidUpdateError, PasswordRejected) as exc:
        session.rollback()
        return _page(request, session, principal, 422, str(exc))
    session.commit()
    flash(request, "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.")
    return RedirectResponse(request.url_for("account"), status_code=303)


@router.post("/account/sessions/{session_id}/end", name="account_end_session")
def end_one(request: Request, session_id: Id, principal: Principal = Depends(current_principal),
            session: Session = Depends(db_session)) -> Response:
    end_session_by_id(session, session.get(User, principal.user_id), session_id)
    session.commit()
    flash(request, "Đã kết thúc phiên đăng nhập.")
    return RedirectResponse(request.url_for("account"), status_code=303)


@router.post("/account/sessions/end-others", name="account_end_others")
def end_others(request: Request, principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    user = session.get(User, principal.user_id)
    ended = end_sessions(session, user, user, session_token(request))
    session.commit()
    flash(request, f"Đã kết thúc {ended} phiên đăng nhập khác.")
    return RedirectResponse(request.url_for("account"), status_code=303)
