"""Nhập hồ sơ TTHC: upload an export → dry-run preview (profile, mappings, first rows, what
would be quarantined) → confirm → progress → result with the quarantined rows as Excel; and
the history of imports. The CCHC secretariat or administrator of an organization imports the
dossiers of its units and the organizations below it (Action.IMPORT_DOSSIERS); rows of other
units are quarantined."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from cchc.errors import CchcError
from cchc.indicators.catalog import NO_DATA, RATE_BY_ID
from cchc.indicators.profiles import available_profiles, column_labels
from cchc.indicators.schema import BY_NAME
from cchc.indicators.validation import RULES
from cchc.store.models import Organization
from cchc.web.auth import current_principal, db_session
from cchc.web.dossier_imports import (
    ACCEPTED, STAGES, DossierDraft, Imports, app_imports, authorized_import, dry_run, history,
    reach, upload_error)
from cchc.web.drafts import DraftNotFound
from cchc.web.params import Id
from cchc.web.permissions import Action, NotVisible, Principal, authorize_org
from cchc.web.templating import flash, render

router = APIRouter(include_in_schema=False)
IMPORT = Action.IMPORT_DOSSIERS


def _imports(request: Request) -> Imports:
    return app_imports(request.app)


def _orgs(session: Session, principal: Principal) -> list[tuple[int, str]]:
    """Organizations the user may import dossiers for, the highest first."""
    ids = principal.orgs_for(IMPORT)
    return list(session.execute(select(Organization.id, Organization.name)
                                .where(Organization.id.in_(sorted(ids)))
                                .order_by(Organization.code)).all()) if ids else []


def _form(request: Request, session: Session, principal: Principal, status: int = 200,
          **context) -> Response:
    orgs = _orgs(session, principal)
    if not orgs:
        raise NotVisible("dossier import")
    return render(request, "dossiers/upload.html", {
        "orgs": orgs, "accepted": ACCEPTED, "profiles": available_profiles(),
        "history": history(session, principal.orgs_for(IMPORT)),
        "limit_mb": request.app.state.settings.max_upload_bytes // (1024 * 1024), **context},
        status)


@router.get("/dossiers/import", name="dossier_import_form")
def import_form(request: Request, principal: Principal = Depends(current_principal),
                session: Session = Depends(db_session)) -> Response:
    return _form(request, session, principal)


@router.post("/dossiers/import", name="dossier_upload")
async def upload(request: Request, org: Id = Form(...), profile: str = Form(""),
                 file: UploadFile = File(...), principal: Principal = Depends(current_principal),
                 session: Session = Depends(db_session)) -> Response:
    authorize_org(principal, org, IMPORT)
    limit = request.app.state.settings.max_upload_bytes
    content = await file.read(limit + 1)
    name = file.filename or ""
    error = upload_error(name, content, limit)
    if error is None:
        try:
            draft = await run_in_threadpool(
                dry_run, _imports(request), session, principal.user_id,
                session.get(Organization, org), name, content, profile or None,
                request.app.state.settings.today())
        except CchcError as exc:
            error = f"Không nhập được tệp: {exc}".replace(str(Path(name)), name)
    if error:
        return _form(request, session, principal, 422, error=error, org_id=org)
    return RedirectResponse(request.url_for("dossier_preview", token=draft.token),
                            status_code=303)


def _draft(request: Request, principal: Principal, token: str) -> DossierDraft:
    """The user's draft, while they may still import for its organization."""
    try:
        draft = _imports(request).drafts.load(token, principal.user_id)
    except DraftNotFound:
        raise NotVisible(f"dossier draft {token}") from None
    authorize_org(principal, draft.org_id, IMPORT)
    return draft


def _preview(request: Request, session: Session, draft: DossierDraft, status: int = 200,
             error: str | None = None) -> Response:
    p = draft.preview
    return render(request, "dossiers/preview.html", {
        "draft": draft, "p": p, "org": session.get(Organization, draft.org_id),
        "error": error, "profiles": available_profiles(), "labels": column_labels(),
        "portal": {name: c.portal for name, c in BY_NAME.items()}, "rules": RULES,
        "no_data": [RATE_BY_ID[r] for r in p["no_data"]], "NO_DATA": NO_DATA,
        "unknown": [v for v in p["values"] if v["value"] is None]}, status)


@router.get("/dossiers/import/{token}", name="dossier_preview")
def preview(request: Request, token: str, principal: Principal = Depends(current_principal),
            session: Session = Depends(db_session)) -> Response:
    return _preview(request, session, _draft(request, principal, token))


@router.post("/dossiers/import/{token}/profile", name="dossier_profile")
async def choose_profile(request: Request, token: str, profile: str = Form(""),
                         principal: Principal = Depends(current_principal),
                         session: Session = Depends(db_session)) -> Response:
    draft = _draft(request, principal, token)
    organization = session.get(Organization, draft.org_id)
    try:
        await run_in_threadpool(_imports(request).drafts.preview, draft, profile or None,
                                reach(session, organization), request.app.state.settings.today())
    except CchcError as exc:
        return _preview(request, session, draft, 422, f"Không dùng được hồ sơ ánh xạ này: {exc}")
    flash(request, "Đã kiểm tra lại tệp với hồ sơ ánh xạ "
                   f"“{draft.preview['profile']}”.")
    return RedirectResponse(request.url_for("dossier_preview", token=token), status_code=303)


@router.post("/dossiers/import/{token}/confirm", name="dossier_confirm")
async def confirm(request: Request, token: str, principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    draft = _draft(request, principal, token)
    if not draft.preview["loaded"]:
        return _preview(request, session, draft, 422,
                        "Không có dòng nào hợp lệ để lưu; hãy sửa tệp hoặc chọn hồ sơ ánh xạ khác.")
    settings = request.app.state.settings
    import_id = await run_in_threadpool(
        _imports(request).start, request.app.state.session_factory, draft,
        reach(session, session.get(Organization, draft.org_id)), settings.today())
    return RedirectResponse(request.url_for("dossier_import", import_id=import_id),
                            status_code=303)


@router.post("/dossiers/import/{token}/discard", name="dossier_discard")
def discard(request: Request, token: str, principal: Principal = Depends(current_principal)
            ) -> Response:
    _imports(request).drafts.discard(_draft(request, principal, token))
    flash(request, "Đã hủy tệp vừa tải lên; chưa có hồ sơ nào được lưu.")
    return RedirectResponse(request.url_for("dossier_import_form"), status_code=303)


@router.get("/dossiers/imports/{import_id}", name="dossier_import")
def import_status(request: Request, import_id: Id,
                  principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    return _status(request, session, principal, import_id, "dossiers/status.html")


@router.get("/dossiers/imports/{import_id}/progress", name="dossier_import_progress")
def import_progress(request: Request, import_id: Id,
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    """The progress bar while the import runs; the result once it is over (HTMX swaps it in
    and stops asking)."""
    return _status(request, session, principal, import_id, "dossiers/_progress.html")


def _status(request: Request, session: Session, principal: Principal, import_id: int,
            template: str) -> Response:
    record = authorized_import(session, principal, import_id)
    stages = list(STAGES)
    return render(request, template, {
        "r": record, "org": session.get(Organization, record.org_id), "stages": STAGES,
        "step": stages.index(record.stage) if record.stage in STAGES else len(stages),
        "total": len(stages), "rules": RULES,
        "has_quarantine": _imports(request).quarantine_xlsx(record.id).exists()})


@router.get("/dossiers/imports/{import_id}/quarantine.xlsx", name="dossier_quarantine")
def quarantine(request: Request, import_id: Id,
               principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    record = authorized_import(session, principal, import_id)
    path = _imports(request).quarantine_xlsx(record.id)
    if not path.exists():
        raise NotVisible(f"quarantine of import {import_id}")
    return FileResponse(path, filename=f"dong-bi-cach-ly-{Path(record.file_name).stem}.xlsx",
                        media_type="application/vnd.openxmlformats-officedocument."
                                   "spreadsheetml.sheet", content_disposition_type="attachment")
