"""Đăng nhập / đăng xuất."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from cchc.web.auth import (
    LoginRefused, attempt_login, db_session, optional_principal, safe_next, sign_out)
from cchc.web.permissions import Principal
from cchc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/login", name="login_form")
def login_form(request: Request, next: str = "/",
               principal: Principal | None = Depends(optional_principal)) -> Response:
    if principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""),
          next: str = Form("/"), session: Session = Depends(db_session)) -> Response:
    try:
        attempt_login(request, session, username.strip(), password)
    except LoginRefused as exc:
        return render(request, "login.html", {"next": safe_next(next), "username": username,
                                              "error": str(exc)}, exc.status)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: Session = Depends(db_session)) -> Response:
    sign_out(request, session)
    return RedirectResponse(request.url_for("login_form"), status_code=303)
