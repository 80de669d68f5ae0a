"""Nhập kế hoạch: upload → preview with lint findings → corrections → units → confirm."""

from __future__ import annotations

from concurrent.futures import TimeoutError as FutureTimeout

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from cchc.domain.corrections import Correction
from cchc.domain.plan import Plan
from cchc.errors import CchcError
from cchc.store import audit
from cchc.store.corrections import record_corrections
from cchc.store.files import SourceDocuments
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import Organization, UnitClass, User
from cchc.store.services import import_plan, remember_unit_mapping
from cchc.store.services.plans import NO_TASKS, VersionChanges, version_changes
from cchc.web.auth import current_principal, db_session
from cchc.web.dates import typed_day
from cchc.web.drafts import Draft, DraftNotFound, ImportDrafts
from cchc.web.operations import upload_too_large
from cchc.web.params import Id, optional_id
from cchc.web.permissions import Action, NotVisible, Principal, authorize_org
from cchc.web.plan_edits import EditError, edit_meta, edit_task, merge_task, split_task
from cchc.web.templating import flash, render, vietnamese
from cchc.web.unit_choices import UnitCatalog

router = APIRouter(include_in_schema=False)

ACCEPTED = ".docx,.doc,.pdf,.txt,.md,.html,.htm,.png,.jpg,.jpeg,.tif,.tiff"
READ_WAIT_SECONDS = 3.0  # an upload read within this goes straight to the preview


def _drafts(request: Request) -> ImportDrafts:
    return request.app.state.drafts


def _importable_orgs(session: Session, principal: Principal) -> list[tuple[int, str]]:
    """Organizations the user may import plans for, plan issuers first."""
    ids = principal.orgs_for(Action.EDIT_PLAN)
    return list(session.execute(
        select(Organization.id, Organization.name).where(Organization.id.in_(sorted(ids)))
        .order_by(Organization.kind.in_(("bo_phan", "officer_post", "phong")),
                  Organization.name)).all()) if ids else []


@router.get("/import", name="import_form")
def import_form(request: Request, principal: Principal = Depends(current_principal),
                session: Session = Depends(db_session)) -> Response:
    orgs = _importable_orgs(session, principal)
    if not orgs:
        raise NotVisible("import")
    return render(request, "imports/upload.html", {"orgs": orgs, "accepted": ACCEPTED})


@router.post("/import", name="import_upload")
async def import_upload(request: Request, org: Id = Form(...), file: UploadFile = File(...),
                        principal: Principal = Depends(current_principal),
                        session: Session = Depends(db_session)) -> Response:
    authorize_org(principal, org, Action.EDIT_PLAN)
    error, status, limit = None, 422, request.app.state.settings.max_upload_bytes
    content = await file.read(limit + 1)
    if not file.filename or not content:
        error = "Hãy chọn tệp kế hoạch (.docx, .doc, .pdf, .txt, .html)."
    elif len(content) > limit:
        error, status = upload_too_large(limit), 413
    else:
        reading = await run_in_threadpool(_drafts(request).begin, principal.user_id, org,
                                          file.filename, content)
        try:
            draft = await run_in_threadpool(reading.result, READ_WAIT_SECONDS)
        except FutureTimeout:  # a scanned plan: OCR takes a while
            return RedirectResponse(request.url_for("import_reading", token=reading.token),
                                    status_code=303)
        except CchcError as exc:
            _drafts(request).forget(reading.token)
            error = f"Không đọc được tệp: {exc}"
        else:
            if not draft.plan["tasks"]:  # nothing to review: not a plan
                _drafts(request).discard(draft)
                error = vietnamese(InvalidUpdateError(NO_TASKS.format(source=file.filename)))
    if error:
        return render(request, "imports/upload.html", {
            "orgs": _importable_orgs(session, principal), "accepted": ACCEPTED,
            "error": error, "org_id": org}, status)
    return RedirectResponse(request.url_for("import_preview", token=draft.token), status_code=303)


@router.get("/import/reading/{token}", name="import_reading")
def import_reading(request: Request, token: str, principal: Principal = Depends(current_principal),
                   session: Session = Depends(db_session)) -> Response:
    """The progress of reading an upload (OCR of a scanned plan); it reloads itself until the
    preview is ready."""
    try:
        state = _drafts(request).reading(token, principal.user_id)
    except DraftNotFound:
        raise NotVisible(f"draft {token}") from None
    if state["state"] == "ready":
        return RedirectResponse(request.url_for("import_preview", token=token), status_code=303)
    if state["state"] == "failed":
        _drafts(request).forget(token)
        return render(request, "imports/upload.html", {
            "orgs": _importable_orgs(session, principal), "accepted": ACCEPTED,
            "error": f"Không đọc được tệp: {state['message']}"}, 422)
    return render(request, "imports/reading.html", {"reading": state})


@router.get("/import/{token}/pages/{page}", name="import_page_image")
def import_page_image(request: Request, token: str, page: int,
                      principal: Principal = Depends(current_principal)) -> Response:
    """A page of the uploaded scan, shown beside the rows read from it."""
    draft = _draft(request, principal, token)
    if page not in draft.scanned_pages:
        raise NotVisible(f"page {page}")
    return Response(_drafts(request).page_image(draft, page), media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


def _draft(request: Request, principal: Principal, token: str) -> Draft:
    """The user's draft, while they may still import for its organization."""
    try:
        draft = _drafts(request).load(token, principal.user_id)
    except DraftNotFound:
        raise NotVisible(f"draft {token}") from None
    authorize_org(principal, draft.org_id, Action.EDIT_PLAN)
    return draft


@router.get("/import/{token}", name="import_preview")
def import_preview(request: Request, token: str, principal: Principal = Depends(current_principal),
                   session: Session = Depends(db_session)) -> Response:
    return _preview(request, session, _draft(request, principal, token))


def _preview(request: Request, session: Session, draft: Draft, status_code: int = 200,
             error: str | None = None) -> Response:
    org = session.get(Organization, draft.org_id)
    severities = [f["severity"] for f in draft.findings]
    return render(request, "imports/preview.html", {
        "draft": draft, "org": org, "plan": draft.plan, "error": error,
        "changes": _changes(session, org, draft),
        "units": UnitCatalog(session, org).choices(draft),
        "counts": {s: severities.count(s) for s in ("error", "warning", "info")}}, status_code)


def _changes(session: Session, org: Organization, draft: Draft) -> VersionChanges | None:
    """What confirming would change in the plan's current version; None without a year."""
    try:
        return version_changes(session, org, draft.domain_plan)
    except InvalidUpdateError:
        return None


@router.post("/import/{token}/meta", name="import_meta")
def import_meta(request: Request, token: str, number: str = Form(""), issued_on: str = Form(""),
                year: str = Form(""), title: str = Form(""),
                principal: Principal = Depends(current_principal),
                session: Session = Depends(db_session)) -> Response:
    draft = _draft(request, principal, token)
    plan = draft.domain_plan
    try:
        changes = edit_meta(plan, number, typed_day(issued_on, "Ngày ban hành"),
                            int(year) if year.strip() else None, title)
    except (EditError, InvalidUpdateError) as exc:
        return _preview(request, session, draft, 422, str(exc))
    except ValueError:
        return _preview(request, session, draft, 422, "Năm kế hoạch phải là một số.")
    return _save_edit(request, draft, plan, changes)


@router.get("/import/{token}/tasks/{index}", name="import_task_form")
def import_task_form(request: Request, token: str, index: int,
                     principal: Principal = Depends(current_principal)) -> Response:
    return _task_form(request, _draft(request, principal, token), index)


def _task_form(request: Request, draft: Draft, index: int, status_code: int = 200,
               error: str | None = None) -> Response:
    if not 0 <= index < len(draft.plan["tasks"]):
        raise NotVisible(f"task {index}")
    return render(request, "imports/task_form.html", {
        "draft": draft, "index": index, "task": draft.plan["tasks"][index], "error": error},
        status_code)


@router.post("/import/{token}/tasks/{index}", name="import_task")
def import_task(request: Request, token: str, index: int, lead: str = Form(""),
                coop: str = Form(""), deadline_text: str = Form(""),
                text: str | None = Form(None), outputs: str | None = Form(None),
                principal: Principal = Depends(current_principal)) -> Response:
    draft = _draft(request, principal, token)
    plan = draft.domain_plan
    fields = {"lead": lead, "coop": coop, "deadline_text": deadline_text,
              **({"text": text} if text is not None else {}),
              **({"outputs": outputs} if outputs is not None else {})}
    try:
        changes = edit_task(plan, index, fields)
    except EditError as exc:
        return _task_form(request, draft, index, 422, str(exc))
    return _save_edit(request, draft, plan, changes)


@router.post("/import/{token}/tasks/{index}/split", name="import_task_split")
def import_task_split(request: Request, token: str, index: int, first: str = Form(""),
                      second: str = Form(""),
                      principal: Principal = Depends(current_principal)) -> Response:
    """Two tasks read as one: the text before the cut stays, the rest becomes a new task."""
    draft = _draft(request, principal, token)
    plan = draft.domain_plan
    try:
        changes = split_task(plan, index, first, second)
    except EditError as exc:
        return _task_form(request, draft, index, 422, str(exc))
    return _save_edit(request, draft, plan, changes)


@router.post("/import/{token}/tasks/{index}/merge", name="import_task_merge")
def import_task_merge(request: Request, token: str, index: int,
                      principal: Principal = Depends(current_principal)) -> Response:
    """A task that is the rest of the one above it joins it."""
    draft = _draft(request, principal, token)
    plan = draft.domain_plan
    try:
        changes = merge_task(plan, index)
    except EditError as exc:
        return _task_form(request, draft, index, 422, str(exc))
    return _save_edit(request, draft, plan, changes)


def _save_edit(request: Request, draft: Draft, plan: Plan, changes: list[Correction]) -> Response:
    drafts = _drafts(request)
    drafts.relint(draft, plan)
    draft.edited += [str(change) for change in changes]
    draft.corrections += [change.to_dict() for change in changes]
    drafts.save(draft)
    flash(request, "Đã lưu chỉnh sửa; danh sách lỗi đã được kiểm tra lại." if changes
          else "Không có thay đổi nào.")
    return RedirectResponse(request.url_for("import_preview", token=draft.token),
                            status_code=303)


def _unit_form(form: FormData, session: Session, draft: Draft) -> str | None:
    """Read the unit choices of the preview form into the draft; an error message if any
    choice names a unit outside the organization."""
    catalog = UnitCatalog(session, session.get(Organization, draft.org_id))
    for n, printed in enumerate(draft.printed_units()):
        value = str(form.get(f"unit-{n}", ""))
        if value and not catalog.allows(value):
            return f"Đơn vị được chọn cho “{printed}” không thuộc phạm vi của đơn vị nhập."
        draft.units[printed] = value
    return None


@router.post("/import/{token}/units", name="import_units")
async def import_units(request: Request, token: str,
                       principal: Principal = Depends(current_principal),
                       session: Session = Depends(db_session)) -> Response:
    return await run_in_threadpool(_save_units, request, session, principal, token,
                                   await request.form())


def _save_units(request: Request, session: Session, principal: Principal, token: str,
                form: FormData) -> Response:
    draft = _draft(request, principal, token)
    error = _unit_form(form, session, draft)
    if error:
        return _preview(request, session, draft, 422, error)
    _drafts(request).save(draft)
    flash(request, "Đã lưu lựa chọn đơn vị.")
    return RedirectResponse(request.url_for("import_preview", token=token), status_code=303)


@router.post("/import/{token}/confirm", name="import_confirm")
async def import_confirm(request: Request, token: str,
                         principal: Principal = Depends(current_principal),
                         session: Session = Depends(db_session)) -> Response:
    return await run_in_threadpool(_confirm, request, session, principal, token,
                                   await request.form())


def _confirm(request: Request, session: Session, principal: Principal, token: str,
             form: FormData) -> Response:
    """Remember the unit mappings and store the plan as a new version, in one transaction."""
    draft = _draft(request, principal, token)
    error = _unit_form(form, session, draft)
    org = session.get(Organization, draft.org_id)
    changes = _changes(session, org, draft)
    if not error and changes and changes.current_id is not None and "replace" not in form:
        error = (f"Hãy đánh dấu ô “Đồng ý thay phiên bản {changes.current_number}” sau khi xem "
                 "các thay đổi, rồi xác nhận lần nữa.")
    if error:
        return _preview(request, session, draft, 422, error)
    user = session.get(User, principal.user_id)
    try:
        for printed, value in draft.units.items():
            if value:
                kind, ident = value.split(":")
                remember_unit_mapping(
                    session, user, org, printed,
                    org=session.get(Organization, int(ident)) if kind == "org" else None,
                    unit_class=session.get(UnitClass, int(ident)) if kind == "class" else None)
        version = import_plan(session, org, draft.domain_plan, user, draft.source_name,
                              draft.source_sha256, draft.findings,
                              replacing=optional_id(str(form.get("replace", ""))))
        if draft.edited:
            audit.record(session, user, "plan.import_edits", version,
                         after={"edits": draft.edited})
        record_corrections(session, version, user, "import",
                           [Correction.from_dict(c) for c in draft.corrections])
        SourceDocuments(request.app.state.settings.data_dir).put(
            _drafts(request).source(draft).read_bytes())  # what corrections are measured on
        session.commit()
    except InvalidUpdateError as exc:
        session.rollback()
        _drafts(request).save(draft)
        return _preview(request, session, draft, 422, vietnamese(exc))
    _drafts(request).discard(draft)
    flash(request, f"Đã nhập kế hoạch {version.plan.year} của {org.name} "
                   f"(phiên bản {version.number}, {len(version.tasks)} nhiệm vụ).")
    return RedirectResponse(request.url_for("plan_dashboard", plan_id=version.plan_id),
                            status_code=303)


@router.post("/import/{token}/discard", name="import_discard")
def import_discard(request: Request, token: str,
                   principal: Principal = Depends(current_principal)) -> Response:
    _drafts(request).discard(_draft(request, principal, token))
    flash(request, "Đã hủy bản nháp.")
    return RedirectResponse(request.url_for("import_form"), status_code=303)
