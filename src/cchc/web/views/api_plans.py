"""The API's organizations and plans: the tree the caller reaches, a plan with its versions,
one version as the cchc.plan/1 document, and importing a plan document as `cchc plan import`
does (tracking/importing.py: parse, lint, map the units scoring the threshold, store a new
version; replacing the current one only when asked)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from cchc.errors import CchcError
from cchc.store.errors import InvalidUpdateError
from cchc.store.files import SourceDocuments
from cchc.store.models import ORG_KINDS, Organization, PlanVersion, User
from cchc.store.services.plans import version_changes
from cchc.tracking.importing import import_parsed, read_plan_file
from cchc.web.api_errors import Conflict
from cchc.web.api_schema import errors
from cchc.web.auth import acting, db_session
from cchc.web.params import Id
from cchc.web.permissions import Action, NotVisible, Principal, authorize_org, authorize_plan

router = APIRouter(prefix="/api", tags=["plans"])
READ = acting("read_plans")
IMPORTER = acting("import_plans")
PAGE_SIZE = 200


class OrganizationOut(BaseModel):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None


class OrganizationPageOut(BaseModel):
    total: int
    page: int
    pages: int
    items: list[OrganizationOut]


def _org_out(o: Organization) -> OrganizationOut:
    return OrganizationOut(id=o.id, code=o.code, name=o.name, kind=o.kind,
                           parent_id=o.parent_id, valid_from=o.valid_from, valid_to=o.valid_to)


@router.get("/organizations", response_model=OrganizationPageOut)
def organizations(kind: Literal[ORG_KINDS] | None = None,  # type: ignore[valid-type]
                  page: int = Query(1, description="from 1; past the last: the last"),
                  principal: Principal = Depends(READ),
                  session: Session = Depends(db_session)) -> OrganizationPageOut:
    """The organizations whose plans the caller may read, by code, 200 a page."""
    reach = sorted(principal.orgs_for(Action.READ))
    query = select(Organization).where(Organization.id.in_(reach))
    if kind:
        query = query.where(Organization.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = session.scalars(query.order_by(Organization.code)
                           .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return OrganizationPageOut(total=total, page=page, pages=pages,
                               items=[_org_out(o) for o in rows])


@router.get("/organizations/{org_id}", response_model=OrganizationOut)
def organization(org_id: Id, principal: Principal = Depends(READ),
                 session: Session = Depends(db_session)) -> OrganizationOut:
    authorize_org(principal, org_id)
    org = session.get(Organization, org_id)
    if org is None:
        raise NotVisible(f"organization {org_id}")
    return _org_out(org)


class VersionOut(BaseModel):
    id: int
    number: int
    created_at: datetime
    source_name: str | None
    source_sha256: str | None
    tasks: int
    current: bool


class PlanDetailOut(BaseModel):
    id: int
    org_id: int
    year: int
    current_version: int | None
    versions: list[VersionOut]


@router.get("/plans/{plan_id}", response_model=PlanDetailOut)
def plan(plan_id: Id, principal: Principal = Depends(READ),
         session: Session = Depends(db_session)) -> PlanDetailOut:
    """A plan and its versions, the current one marked."""
    found = authorize_plan(session, principal, plan_id)
    current = found.current_version.number if found.current_version else None
    return PlanDetailOut(id=found.id, org_id=found.org_id, year=found.year,
                         current_version=current, versions=[
                             VersionOut(id=v.id, number=v.number, created_at=v.created_at,
                                        source_name=v.source_name, source_sha256=v.source_sha256,
                                        tasks=len(v.tasks), current=v.number == current)
                             for v in found.versions])


@router.get("/plans/{plan_id}/versions/{number}", response_model=dict[str, Any])
def plan_version(plan_id: Id, number: Id, principal: Principal = Depends(READ),
                 session: Session = Depends(db_session)) -> dict[str, Any]:
    """One version as the cchc.plan/1 document (src/cchc/extract/schema/plan.schema.json)."""
    authorize_plan(session, principal, plan_id)
    version = session.scalar(select(PlanVersion).where(PlanVersion.plan_id == plan_id,
                                                       PlanVersion.number == number))
    if version is None:
        raise NotVisible(f"plan {plan_id} version {number}")
    return version.plan_json


class PlanImportOut(BaseModel):
    plan_id: int
    version: int
    tasks: int
    unmatched_units: list[str]
    summary: str


@router.post("/plan-imports", response_model=PlanImportOut, status_code=201,
             responses=errors(409))
async def import_plan(request: Request, org_id: Id = Form(...), file: UploadFile = File(...),
                      replace: bool = Form(False, description="replace the current version"),
                      principal: Principal = Depends(IMPORTER),
                      session: Session = Depends(db_session)) -> PlanImportOut:
    """Import a plan document (.docx, .doc, .pdf, .html, .txt, scans) for `org_id`; a plan of
    that year already there is replaced only with `replace` (else 409, saying what would
    change)."""
    authorize_org(principal, org_id, Action.EDIT_PLAN)
    limit = request.app.state.settings.max_upload_bytes
    content = await file.read(limit + 1)
    name = Path((file.filename or "").replace("\0", "")).name or "ke-hoach"
    if not content or len(content) > limit:
        raise InvalidUpdateError("Hãy gửi tệp kế hoạch (tối đa "
                                 f"{limit // (1024 * 1024)} MB).")
    return await run_in_threadpool(_import, request, session, principal, org_id, name,
                                   content, replace)


def _import(request: Request, session: Session, principal: Principal, org_id: int,
            name: str, content: bytes, replace: bool) -> PlanImportOut:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            parsed, sha256 = read_plan_file(path)
        except CchcError as exc:
            raise InvalidUpdateError(str(exc).replace(str(path), name)) from exc
    org = session.get(Organization, org_id)
    changes = version_changes(session, org, parsed.plan)
    if changes.current_id is not None and not replace:
        raise Conflict(f"Kế hoạch năm {parsed.plan.meta.year} của {org.name} đã có phiên bản "
                       f"{changes.current_number}. {changes.summary()} Gửi lại với "
                       "replace=true để thay phiên bản.")
    outcome = import_parsed(session, org, parsed, session.get(User, principal.user_id), name,
                            sha256)
    SourceDocuments(request.app.state.settings.data_dir).put(content)
    session.commit()
    return PlanImportOut(plan_id=outcome.version.plan_id, version=outcome.version.number,
                         tasks=len(outcome.version.tasks),
                         unmatched_units=[u.text for u in outcome.unmatched],
                         summary=outcome.summary())
