"""The API's dossier imports and indicators: the nightly push of a one-stop-shop export, and
the Decision 766 figures it feeds.

An import is the web app's (web/dossier_imports.py): the same checks, dry run, quarantine
and background run. `POST /api/dossier-imports` answers 202 with the import's status
resource (`Location`), to read until `state` is no longer "running"; its `exit_code` is the
one `cchc dossiers import` would give (0 all stored, 1 some rows quarantined, 2 nothing
stored). A file with no row to store is refused at once (422, nothing stored).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from cchc.errors import CchcError
from cchc.indicators.aggregates import engine_for
from cchc.indicators.catalog import not_computable
from cchc.indicators.engine import parent_map
from cchc.indicators.periods import Reporting, kind_of, period_of
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import DossierImport, Organization
from cchc.web.api_schema import errors
from cchc.web.auth import acting, db_session
from cchc.web.dossier_imports import (
    app_imports, authorized_import, dry_run, history, reach, upload_error)
from cchc.web.params import Id
from cchc.web.permissions import Action, NotVisible, Principal, authorize_org

router = APIRouter(prefix="/api", tags=["dossiers"])
IMPORTER = acting("import_dossiers")
READER = acting("read_indicators")
IMPORT = Action.IMPORT_DOSSIERS
PERIOD = r"^(19|2[01])\d\d(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?$"


class DossierImportOut(BaseModel):
    id: int
    org_id: int
    file_name: str
    sha256: str
    size: int
    profile: str
    state: Literal["running", "done", "failed"]
    stage: str | None = Field(description="while running: queued, read, check, store, "
                                          "aggregates, quarantine")
    rows: int | None
    loaded: int | None
    replaced: int | None
    quarantined: int | None
    rules: dict[str, int] | None = Field(description="rule → quarantined rows breaking it")
    error: str | None
    exit_code: int | None = Field(description="as cchc dossiers import: 0 all stored, "
                                              "1 some quarantined, 2 nothing stored")
    started_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, r: DossierImport) -> DossierImportOut:
        code = None if r.state == "running" else (
            2 if r.state == "failed" or not r.loaded else 1 if r.quarantined else 0)
        return cls(id=r.id, org_id=r.org_id, file_name=r.file_name, sha256=r.sha256,
                   size=r.size, profile=r.profile, state=r.state, stage=r.stage, rows=r.rows,
                   loaded=r.loaded, replaced=r.replaced, quarantined=r.quarantined,
                   rules=r.rules, error=r.error, exit_code=code, started_at=r.started_at,
                   finished_at=r.finished_at)


@router.post("/dossier-imports", response_model=DossierImportOut, status_code=202,
             responses={202: {"headers": {"Location": {
                 "description": "the import's status resource", "schema": {"type": "string"}}}}})
async def import_dossiers(request: Request, response: Response, org_id: Id = Form(...),
                          file: UploadFile = File(...),
                          profile: str = Form("", max_length=100,
                                              description="mapping profile; empty: the one "
                                                          "recognizing most columns"),
                          principal: Principal = Depends(IMPORTER),
                          session: Session = Depends(db_session)) -> DossierImportOut:
    """Import a one-stop-shop export (.csv, .xlsx) for `org_id` and the units below it; rows
    of other units and rows breaking a rule are quarantined."""
    authorize_org(principal, org_id, IMPORT)
    limit = request.app.state.settings.max_upload_bytes
    content = await file.read(limit + 1)
    name = (file.filename or "").replace("\0", "")
    error = upload_error(name, content, limit)
    if error:
        raise InvalidUpdateError(error)
    imports, org = app_imports(request.app), session.get(Organization, org_id)
    today = request.app.state.settings.today()
    try:
        draft = await run_in_threadpool(dry_run, imports, session, principal.user_id, org, name,
                                        content, profile or None, today)
    except CchcError as exc:
        raise InvalidUpdateError(f"Không nhập được tệp: {exc}") from exc
    if not draft.preview["loaded"]:
        imports.drafts.discard(draft)
        raise InvalidUpdateError(
            f"Không có dòng nào hợp lệ để lưu ({draft.preview['quarantined']} dòng bị cách "
            "ly); không hồ sơ nào được lưu.")
    import_id = await run_in_threadpool(imports.start, request.app.state.session_factory,
                                        draft, reach(session, org), today)
    response.headers["Location"] = str(request.url_for("api_dossier_import",
                                                       import_id=import_id))
    session.expire_all()
    return DossierImportOut.of(session.get(DossierImport, import_id))


@router.get("/dossier-imports", response_model=list[DossierImportOut])
def imports(principal: Principal = Depends(IMPORTER),
            session: Session = Depends(db_session)) -> list[DossierImportOut]:
    """The latest 50 imports for the organizations the caller imports for, newest first."""
    return [DossierImportOut.of(r) for r, _, _ in history(session, principal.orgs_for(IMPORT))]


@router.get("/dossier-imports/{import_id}", response_model=DossierImportOut,
            name="api_dossier_import")
def import_status(import_id: Id, principal: Principal = Depends(IMPORTER),
                  session: Session = Depends(db_session)) -> DossierImportOut:
    return DossierImportOut.of(authorized_import(session, principal, import_id))


@router.get("/dossier-imports/{import_id}/quarantine.csv", response_class=FileResponse,
            responses={200: {"description": "the quarantined rows: row, reason, rule, cells",
                             "content": {"text/csv": {"schema": {"type": "string"}}}}})
def quarantine(request: Request, import_id: Id, principal: Principal = Depends(IMPORTER),
               session: Session = Depends(db_session)) -> FileResponse:
    """The quarantined rows of a finished import (404 when none was quarantined)."""
    record = authorized_import(session, principal, import_id)
    path = app_imports(request.app).folder(record.id) / "quarantine.csv"
    if record.state == "running" or not path.exists():
        raise NotVisible(f"quarantine of import {import_id}")
    return FileResponse(path, media_type="text/csv; charset=utf-8",
                        filename=f"cach-ly-{record.id}.csv")


class IndicatorsOut(BaseModel):
    org_id: int
    org_code: str
    period: str
    scheme: str
    figures: dict[str, int | float | str | None] | None = Field(
        description="counts, rates and Decision 766 points of the unit and the units below "
                    "it; null without dossiers for the period")
    no_data: list[str] = Field(description="indicators the imported files give no source for")


@router.get("/indicators", response_model=IndicatorsOut, responses=errors(422))
def indicators(request: Request, org_id: Id,
               period: str = Query(..., max_length=7, pattern=PERIOD,
                                   description="2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024"),
               scheme: Literal["calendar", "cchc"] = "calendar",
               principal: Principal = Depends(READER),
               session: Session = Depends(db_session)) -> IndicatorsOut:
    """Dossier indicators of an organization and everything below it over a period."""
    authorize_org(principal, org_id)
    org = session.get(Organization, org_id)
    reporting = Reporting(scheme)
    try:
        chosen = period_of(period, reporting)
        kind = kind_of(period, reporting)
    except (CchcError, ValueError) as exc:
        raise InvalidUpdateError(f"Kỳ '{period}' không hợp lệ: {exc}") from exc
    row = None
    try:
        engine = engine_for(app_imports(request.app).store, reporting)
    except CchcError:
        engine = None  # no dossiers imported yet
    if engine is not None:
        table = engine.indicators(kind, ("org",), parents=parent_map(engine.org_codes()),
                                  period=chosen.id, within=org.code)
        row = next((r for r in table.to_pylist() if r["org_code"] == org.code), None)
    return IndicatorsOut(org_id=org.id, org_code=org.code, period=chosen.id, scheme=scheme,
                         figures=row, no_data=sorted(not_computable(row)) if row else [])
