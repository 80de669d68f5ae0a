"""The JSON API (/api, OpenAPI at /api/openapi.json): the pages' operations, same permissions.

Other systems send an API token (`Authorization: Bearer cchc_…`, made by an administrator at
/admin/tokens or with `cchc tokens add`). People sign in with POST /api/session (JSON); it sets
the session cookie and returns the CSRF token that every later POST must send as the
X-CSRF-Token header. Errors have one shape (web.api_errors). This module: plans, tasks,
progress, evidence, comments, approvals.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from fastapi import APIRouter, Depends, File, Header, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.areas import AREAS
from cchc.domain.limits import MAX_TEXT
from cchc.store.models import (
    Evidence, Milestone, Organization, Plan, PlanVersion, ProgressUpdate, Task, User)
from cchc.store.status import Status
from cchc.store.task_list import DUE_WINDOWS, TaskFilter, TaskRow, list_tasks
from cchc.store.errors import ConflictError
from cchc.web import operations
from cchc.web.api_errors import PreconditionFailed, PreconditionRequired, answer
from cchc.web.api_schema import FILE, errors
from cchc.web.auth import (
    LoginRefused, acting, attempt_login, csrf_token, db_session, sign_out)
from cchc.web.params import Id, Year
from cchc.web.permissions import Principal
from cchc.web.years import chosen_year, plan_years

router = APIRouter(prefix="/api", tags=["api"])
login_router = APIRouter(prefix="/api", tags=["api"])  # no CSRF token before signing in


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1024)


class GrantOut(BaseModel):
    role: str
    org_id: int
    org_name: str


class SessionOut(BaseModel):
    csrf_token: str
    user_id: int
    username: str
    display_name: str
    grants: list[GrantOut]


class PlanOut(BaseModel):
    id: int
    org_id: int
    org_name: str
    year: int
    version: int | None


class TaskRowOut(BaseModel):
    id: int
    no: str | None
    text: str
    area: str
    status: str
    percent: int
    version: int
    plan_id: int
    plan_org: str
    leads: list[str]
    late_since: date | None
    next_due: date | None

    @classmethod
    def of(cls, row: TaskRow) -> TaskRowOut:
        return cls(id=row.id, no=row.no, text=row.text, area=row.area, status=row.status,
                   percent=row.percent, version=row.version_id, plan_id=row.plan_id,
                   plan_org=row.plan_org, leads=row.leads, late_since=row.late_since,
                   next_due=row.next_due)


class TaskPageOut(BaseModel):
    total: int
    page: int
    pages: int
    items: list[TaskRowOut]


class UnitOut(BaseModel):
    role: str  # lead (chủ trì) | coop (phối hợp)
    printed: str
    org_id: int | None


class MilestoneOut(BaseModel):
    id: int
    label: str | None
    kind: str
    due_date: date | None
    status: str  # as shown: an open milestone past its date is "overdue"
    percent: int
    version: int


class UpdateOut(BaseModel):
    id: int
    milestone_id: int | None
    status: str
    percent: int
    note: str | None
    user: str
    created_at: datetime
    approved_by: str | None
    returned_by: str | None = None  # trả lại để chỉnh sửa


class EvidenceOut(BaseModel):
    id: int
    name: str
    size: int
    sha256: str
    mime: str
    created_at: datetime


class CommentOut(BaseModel):
    id: int
    author: str
    body: str
    created_at: datetime


class TaskOut(BaseModel):
    task: TaskRowOut
    units: list[UnitOut]
    milestones: list[MilestoneOut]
    updates: list[UpdateOut]
    evidence: list[EvidenceOut]
    comments: list[CommentOut]
    current_id: int | None  # the same task in the plan's current version
    can: dict[str, bool]


class ProgressIn(BaseModel):
    status: Status  # "done" after the deadline is recorded as "done_late"
    percent: int | None = Field(None, ge=0, le=100)
    note: str | None = Field(None, max_length=MAX_TEXT)
    version: int | None = Field(None, ge=0, lt=2**31,
                                description="version of the task (or milestone) the client "
                                            "showed; or send it as If-Match (ETag of GET task)")
    milestone_id: Id | None = None


class ProgressOut(BaseModel):
    update_id: int
    status: str  # as recorded: "done" after the deadline is "done_late"
    version: int  # the new version of the task or milestone


class CommentIn(BaseModel):
    body: str = Field(min_length=1, max_length=MAX_TEXT)


READ = acting("read_plans")
REPORT = acting("report_progress")


@login_router.post("/session", response_model=SessionOut, responses=errors(401, 429))
def sign_in(request: Request, credentials: Credentials,
            session: Session = Depends(db_session)) -> SessionOut | JSONResponse:
    """Sign in; the cookie carries the session, the answer the CSRF token. Wrong
    credentials: 401; too many failures: 429."""
    try:
        user = attempt_login(request, session, credentials.username.strip(),
                             credentials.password)
    except LoginRefused as exc:
        return answer(request, 401 if exc.status == 400 else exc.status, str(exc))
    grants = [GrantOut(role=m.role.code, org_id=m.org_id, org_name=m.org.name)
              for m in user.memberships]
    return SessionOut(csrf_token=csrf_token(request), user_id=user.id, username=user.username,
                      display_name=user.display_name, grants=grants)


@router.delete("/session", status_code=204)
def sign_off(request: Request, session: Session = Depends(db_session)) -> Response:
    sign_out(request, session)
    return Response(status_code=204)


@router.get("/plans", response_model=list[PlanOut])
def plans(request: Request, year: Year | None = None, principal: Principal = Depends(READ),
          session: Session = Depends(db_session)) -> list[PlanOut]:
    """Plans of the year whose tasks the user may read (all of them, or their units')."""
    year = chosen_year(year, plan_years(session, principal), request.app.state.settings.today())
    rows = session.execute(
        select(Plan.id, Plan.org_id, Organization.name, Plan.year, PlanVersion.number)
        .join(Organization, Organization.id == Plan.org_id)
        .outerjoin(PlanVersion, PlanVersion.id == Plan.current_version_id)
        .where(Plan.year == year, principal.task_scope.plan_clause())
        .order_by(Organization.name))
    return [PlanOut(id=i, org_id=o, org_name=n, year=y, version=v) for i, o, n, y, v in rows]


@router.get("/tasks", response_model=TaskPageOut)
def tasks(request: Request, year: Year | None = None, plan_id: Id | None = None,
          area: str | None = None, unit_id: Id | None = None, status: Status | None = None,
          due: str | None = Query(None, description="overdue | 7 | 14 | 30 | 90"),
          q: str = Query("", max_length=200),
          page: int = Query(1, description="from 1; past the last: the last"),
          principal: Principal = Depends(READ),
          session: Session = Depends(db_session)) -> TaskPageOut:
    """Current tasks the user may read, filtered; `q` ignores case and diacritics."""
    settings = request.app.state.settings
    today = settings.today()
    flt = TaskFilter(year=chosen_year(year, plan_years(session, principal), today),
                     plan_id=plan_id, area=area if area in AREAS else None, lead_org_id=unit_id,
                     status=status.value if status else None,
                     due=due if due in DUE_WINDOWS else None, q=q.strip())
    found = list_tasks(session, principal.task_scope, flt, today, request.app.state.search,
                       page, settings.page_size)
    return TaskPageOut(total=found.total, page=found.page, pages=found.pages,
                       items=[TaskRowOut.of(r) for r in found.rows])


@router.get("/tasks/{task_id}", response_model=TaskOut, responses={200: {"headers": {
    "ETag": {"description": "the task's version: send it back as If-Match",
             "schema": {"type": "string"}}}}})
def task(request: Request, response: Response, task_id: Id,
         principal: Principal = Depends(READ), session: Session = Depends(db_session)) -> TaskOut:
    d = operations.task_detail(session, principal, task_id, request.app.state.settings.today())
    response.headers["ETag"] = f'"{d.row.version_id}"'
    return TaskOut(
        task=TaskRowOut.of(d.row),
        units=[UnitOut(role=u.role, printed=u.printed_text, org_id=u.org_id)
               for u in d.leads + d.partners],
        milestones=[MilestoneOut(id=m.id, label=m.label, kind=m.kind, due_date=m.due_date,
                                 status=d.milestone_status[m.id], percent=m.percent,
                                 version=m.version_id)
                    for m in d.milestones],
        updates=[UpdateOut(id=h.update.id, milestone_id=h.update.milestone_id,
                           status=h.update.status, percent=h.update.percent,
                           note=h.update.note, user=h.user, created_at=h.update.created_at,
                           approved_by=h.approver if h.update.approved_at else None,
                           returned_by=h.approver if h.update.returned_at else None)
                 for h in d.history],
        evidence=[_evidence_out(e) for e, _ in d.evidence],
        comments=[CommentOut(id=c.id, author=a, body=c.body, created_at=c.created_at)
                  for c, a in d.comments],
        current_id=d.current_id, can=asdict(d.can))


def _evidence_out(e: Evidence) -> EvidenceOut:
    return EvidenceOut(id=e.id, name=e.name, size=e.file.size, sha256=e.file.sha256,
                       mime=e.mime, created_at=e.created_at)


@router.post("/tasks/{task_id}/progress", response_model=ProgressOut,
             responses=errors(409, 412, 428))
def progress(request: Request, task_id: Id, body: ProgressIn,
             if_match: str | None = Header(None, max_length=100, description=(
                 'the ETag of GET /api/tasks/{task_id} (or of the milestone: its "version")')),
             principal: Principal = Depends(REPORT),
             session: Session = Depends(db_session)) -> ProgressOut:
    """Record progress under optimistic locking, with If-Match (412 when it is no longer
    current) or the body's `version` (409); neither: 428."""
    expected = _version(if_match) if if_match is not None else body.version
    if expected is None:
        raise PreconditionRequired()
    try:
        update = operations.record_progress(
            session, principal, task_id, body.status.value, body.percent, body.note, expected,
            body.milestone_id, request.app.state.settings.today())
    except ConflictError as exc:
        if if_match is not None:
            raise PreconditionFailed(str(exc)) from exc
        raise
    target = (session.get(Task, task_id) if body.milestone_id is None
              else session.get(Milestone, body.milestone_id))
    return ProgressOut(update_id=update.id, status=update.status, version=target.version_id)


def _version(etag: str) -> int:
    """The version an If-Match value names (`"3"`, `W/"3"`); -1 (matches none) otherwise."""
    value = etag.strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() and int(value) < 2**31 else -1


@router.post("/tasks/{task_id}/evidence", response_model=EvidenceOut, status_code=201,
             responses=errors(409))
def evidence(request: Request, task_id: Id, file: UploadFile = File(...),
             principal: Principal = Depends(REPORT),
             session: Session = Depends(db_session)) -> EvidenceOut:
    stored = operations.attach_evidence(
        session, principal, request.app.state.files, task_id, file.filename or "", file.file,
        file.size, request.app.state.settings.max_upload_bytes, file.content_type)
    return _evidence_out(stored)


@router.get("/evidence/{evidence_id}", response_class=FileResponse, responses=FILE)
def evidence_download(request: Request, evidence_id: Id, principal: Principal = Depends(READ),
                      session: Session = Depends(db_session)) -> FileResponse:
    return operations.evidence_download(session, principal, request.app.state.files, evidence_id)


@router.get("/tasks/{task_id}/comments", response_model=list[CommentOut])
def comments(request: Request, task_id: Id, principal: Principal = Depends(READ),
             session: Session = Depends(db_session)) -> list[CommentOut]:
    d = operations.task_detail(session, principal, task_id, request.app.state.settings.today())
    return [CommentOut(id=c.id, author=a, body=c.body, created_at=c.created_at)
            for c, a in d.comments]


@router.post("/tasks/{task_id}/comments", response_model=CommentOut, status_code=201,
             responses=errors(409))
def comment(task_id: Id, body: CommentIn, principal: Principal = Depends(REPORT),
            session: Session = Depends(db_session)) -> CommentOut:
    made = operations.add_comment(session, principal, task_id, body.body)
    return CommentOut(id=made.id, author=principal.display_name, body=made.body,
                      created_at=made.created_at)


@router.post("/updates/{update_id}/approve", response_model=UpdateOut, responses=errors(409))
def approve(update_id: Id, principal: Principal = Depends(READ),
            session: Session = Depends(db_session)) -> UpdateOut:
    """Approve someone else's progress update (never one's own: 403)."""
    return _update_out(session, operations.approve_update(session, principal, update_id))


class ReturnIn(BaseModel):
    reason: str = Field(min_length=1, max_length=operations.MAX_REASON)


@router.post("/updates/{update_id}/return", response_model=UpdateOut, responses=errors(409))
def give_back(update_id: Id, body: ReturnIn, principal: Principal = Depends(READ),
              session: Session = Depends(db_session)) -> UpdateOut:
    """Send someone else's progress update back for correction, with the reason."""
    return _update_out(session, operations.return_update(session, principal, update_id,
                                                         body.reason))


def _update_out(session: Session, update: ProgressUpdate) -> UpdateOut:
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(
        [i for i in (update.user_id, update.approved_by, update.returned_by) if i]))).all())
    return UpdateOut(id=update.id, milestone_id=update.milestone_id, status=update.status,
                     percent=update.percent, note=update.note,
                     user=names.get(update.user_id, "—"), created_at=update.created_at,
                     approved_by=names.get(update.approved_by),
                     returned_by=names.get(update.returned_by))
