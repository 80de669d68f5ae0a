"""Chỉ số CCHC: an organization's self-assessment of a year (tự chấm điểm: values, evidence
linked from cchc or uploaded, explanations, cchc's figures with their calculation), its
approval by the leadership and submission, the appraisal by the level above (thẩm định) with
the unit's explanation round and the final score, the audit history, and downloads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cchc.errors import CchcError
from cchc.indicators.store import DossierStore
from cchc.reports.periods import ReportCalendar
from cchc.reports.render import MEDIA_TYPES, ReportRenderError
from cchc.scoring import export
from cchc.scoring.assessments import Line, build, finalize_assessment, submit_assessment
from cchc.scoring.criteria import RULE_KINDS
from cchc.scoring.facts import Context
from cchc.scoring.rules import Value, describe, score, vn_number
from cchc.scoring.sets import read, sets_for
from cchc.scoring.sheet import STAGES
from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.models import (
    PLAN_ISSUER_KINDS,
    Assessment,
    AuditEntry,
    CriteriaSetRecord,
    Evidence,
    Organization,
    Plan,
    PlanVersion,
    Report,
    ScoreEvidence,
    ScoreItem,
    Task,
    User,
)
from cchc.store.services import scoring as services
from cchc.store.services.scoring import STATUS_LABELS, SelfScore
from cchc.store.uploads import base_name, media_type
from cchc.web.auth import current_principal, db_session
from cchc.web.operations import UploadTooLarge
from cchc.web.params import Id, Year
from cchc.web.permissions import Action, Forbidden, NotVisible, Principal, authorize_org, from_above
from cchc.web.templating import flash, render, templates, vietnamese
from cchc.web.views.reports import download

router = APIRouter(include_in_schema=False)
templates.env.filters.setdefault("points", lambda v: "—" if v is None else vn_number(v))

EVIDENCE_KINDS = {"task": "Nhiệm vụ", "evidence": "Tài liệu kiểm chứng của nhiệm vụ",
                  "report": "Báo cáo định kỳ", "plan": "Kế hoạch CCHC", "file": "Tệp tải lên"}


def scoring_context(request: Request, org: Organization, year: int) -> Context:
    settings = request.app.state.settings
    return Context(org, year, settings.today(), ReportCalendar.from_env(),
                   DossierStore(settings.data_dir))


def scored_org(session: Session, principal: Principal, org_id: int,
               action: Action = Action.READ) -> Organization:
    authorize_org(principal, org_id, action)
    org = session.get(Organization, org_id)
    if org is None or org.kind not in PLAN_ISSUER_KINDS:
        raise NotVisible(f"organization {org_id}")
    return org


def find_assessment(session: Session, org_id: int, year: int) -> Assessment | None:
    return session.scalar(select(Assessment).where(Assessment.org_id == org_id,
                                                   Assessment.year == year))


def _assessment(session: Session, org_id: int, year: int) -> Assessment:
    assessment = find_assessment(session, org_id, year)
    if assessment is None:
        raise NotVisible(f"assessment {org_id} {year}")
    return assessment


def _appraiser(principal: Principal, org: Organization) -> None:
    if not from_above(principal, Action.APPRAISE, org.id):
        raise Forbidden(Action.APPRAISE)


def _user(session: Session, principal: Principal) -> User:
    return session.get(User, principal.user_id)


def _back(request: Request, org_id: int, year: int, message: str) -> Response:
    flash(request, message)
    return RedirectResponse(request.url_for("assessment_page", org_id=org_id, year=year),
                            status_code=303)


@router.get("/scoring", name="scoring_home")
def scoring_home(request: Request, year: Year | None = None,
                 principal: Principal = Depends(current_principal),
                 session: Session = Depends(db_session)) -> Response:
    """The user's organizations: their self-assessment of the year, the sets that apply, and
    the results of the units below."""
    year = year or request.app.state.settings.today().year - 1
    orgs = session.scalars(select(Organization).where(
        Organization.id.in_(principal.home_org_ids),
        Organization.kind.in_(PLAN_ISSUER_KINDS))).all()
    rows = [(org, find_assessment(session, org.id, year), sets_for(session, org.kind, year),
             principal.may(Action.SCORE, org.id),
             session.scalar(select(Organization.id).where(
                 Organization.parent_id == org.id,
                 Organization.kind.in_(PLAN_ISSUER_KINDS)).limit(1)) is not None)
            for org in orgs]
    return render(request, "scoring/index.html", {
        "active": "scoring", "year": year, "rows": rows, "status_labels": STATUS_LABELS,
        "can_install": any(principal.may(Action.MANAGE, g.org_id) for g in principal.grants)})


@router.post("/scoring/{org_id}/{year}/open", name="assessment_open")
def assessment_open(request: Request, org_id: Id, year: Year, set_id: Id = Form(...),
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    """Start the year's self-assessment with a criteria set that applies to the unit."""
    org = scored_org(session, principal, org_id, Action.SCORE)
    record = session.get(CriteriaSetRecord, set_id)
    if record is None or record not in sets_for(session, org.kind, year):
        raise NotVisible(f"criteria set {set_id}")
    services.open_assessment(session, org, year, record, read(record),
                             _user(session, principal))
    session.commit()
    return _back(request, org_id, year, f"Đã mở bản tự chấm điểm năm {year} theo "
                                        f"“{record.name}”.")


@router.get("/scoring/{org_id}/{year}", name="assessment_page")
def assessment_page(request: Request, org_id: Id, year: Year,
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    return _page(request, session, principal, org_id, year)


def _abilities(principal: Principal, assessment: Assessment, org: Organization) -> dict:
    status = assessment.status
    score = principal.may(Action.SCORE, org.id)
    appraise = from_above(principal, Action.APPRAISE, org.id)
    return {"score": score and status == "draft",
            "approve": principal.may(Action.APPROVE, org.id) and status == "draft"
            and assessment.updated_by != principal.user_id,
            "reopen": principal.may(Action.APPROVE, org.id) and status == "approved",
            "submit": score and status == "approved",
            "appraise": appraise and status in services.APPRAISABLE,
            "respond": score and status == "explaining"}


def _page(request: Request, session: Session, principal: Principal, org_id: int, year: int,
          status_code: int = 200, error: str | None = None) -> Response:
    org = scored_org(session, principal, org_id)
    assessment = find_assessment(session, org_id, year)
    if assessment is None:
        return render(request, "scoring/not_started.html", {
            "active": "scoring", "org": org, "year": year,
            "sets": sets_for(session, org.kind, year),
            "can_open": principal.may(Action.SCORE, org.id)}, status_code)
    sheet = build(session, assessment, scoring_context(request, org, year))
    return render(request, "scoring/assessment.html", {
        "active": "scoring", "org": org, "year": year, "a": assessment, "sheet": sheet,
        "can": _abilities(principal, assessment, org), "status_labels": STATUS_LABELS,
        "stages": STAGES, "kinds": RULE_KINDS, "error": error,
        "names": _names(session, [assessment.approved_by, assessment.submitted_by,
                                  assessment.finalized_by])}, status_code)


def _names(session: Session, ids: list[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i]
    return dict(session.execute(select(User.id, User.display_name)
                                .where(User.id.in_(wanted))).all()) if wanted else {}


def _number(form: Any, key: str, what: str) -> float | None:
    raw = str(form.get(key, "")).strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidUpdateError(f"{what}: '{raw}' không phải là số") from None
    if value < 0:
        raise InvalidUpdateError(f"{what}: không nhận số âm")
    return value


def typed_value(form: Any, line: Line) -> Value:
    """What the unit typed for a criterion (nothing typed: cchc's figure is used)."""
    what = f"Tiêu chí {line.code}"
    kind = line.criterion.rule.kind if line.criterion.rule else "manual"
    if kind == "manual":
        points = _number(form, f"p:{line.code}", what)
        if points is not None and points > line.maximum:
            raise InvalidUpdateError(f"{what}: tối đa {line.maximum:g} điểm")
        return Value(points=points)
    if kind == "yes_no":
        answer = str(form.get(f"y:{line.code}", ""))
        return Value(yes=answer == "1") if answer in ("0", "1") else Value()
    if kind in ("ratio", "bands"):
        numerator = _number(form, f"n:{line.code}", what)
        denominator = _number(form, f"d:{line.code}", what)
        if (numerator is None) != (denominator is None):
            raise InvalidUpdateError(f"{what}: nhập cả số đạt và tổng số")
        if numerator is not None and (not denominator or numerator > denominator):
            raise InvalidUpdateError(f"{what}: số đạt phải từ 0 đến tổng số, tổng số lớn hơn 0")
        return Value(numerator=numerator, denominator=denominator)
    return Value(count=_number(form, f"c:{line.code}", what))


@router.post("/scoring/{org_id}/{year}", name="assessment_save")
async def assessment_save(request: Request, org_id: Id, year: Year,
                          principal: Principal = Depends(current_principal),
                          session: Session = Depends(db_session)) -> Response:
    """Save the self-score: values, explanations, difficulties and proposals."""
    form = await request.form()
    org = scored_org(session, principal, org_id, Action.SCORE)
    assessment = _assessment(session, org_id, year)
    context = scoring_context(request, org, year)
    try:
        sheet = build(session, assessment, context)
        scores = {}
        for line in sheet.leaves():
            if line.item is None or f"x:{line.code}" not in form:
                continue
            typed = typed_value(form, line)  # nothing typed: cchc's figure, scored when shown
            points = score(line.criterion.rule, line.maximum, typed).points \
                if not typed.empty else None
            scores[line.code] = SelfScore(typed.to_dict(), points,
                                          str(form.get(f"x:{line.code}", "")))
        texts = {key: str(form[key]) for key in ("difficulties", "proposals") if key in form}
        version = int(str(form.get("version") or assessment.version_id))
        changed = services.save_self_scores(session, assessment, _user(session, principal),
                                            scores, texts, version)
    except ConflictError:
        session.rollback()
        return _page(request, session, principal, org_id, year, 409,
                     "Người khác vừa lưu bản tự chấm này; trang đang hiện nội dung mới nhất, "
                     "hãy nhập lại phần của bạn.")
    except InvalidUpdateError as exc:
        session.rollback()
        return _page(request, session, principal, org_id, year, 422, vietnamese(exc))
    session.commit()
    return _back(request, org_id, year, f"Đã lưu {len(changed)} thay đổi." if changed
                 else "Không có thay đổi nào.")


def _step(request: Request, session: Session, principal: Principal, org_id: int, year: int,
          action: Action, step, message: str) -> Response:
    """Run a workflow step on the assessment; a refused step shows the page with why."""
    org = scored_org(session, principal, org_id)
    if action is Action.APPRAISE:
        _appraiser(principal, org)
    else:
        authorize_org(principal, org_id, action)
    assessment = _assessment(session, org_id, year)
    try:
        step(assessment, org, _user(session, principal))
    except (InvalidUpdateError, CchcError) as exc:
        session.rollback()
        return _page(request, session, principal, org_id, year, 422, vietnamese(exc))
    session.commit()
    return _back(request, org_id, year, message)


@router.post("/scoring/{org_id}/{year}/approve", name="assessment_approve")
def assessment_approve(request: Request, org_id: Id, year: Year,
                       principal: Principal = Depends(current_principal),
                       session: Session = Depends(db_session)) -> Response:
    """Leadership approves the self-score (not whoever last scored it)."""
    def step(assessment: Assessment, org: Organization, user: User) -> None:
        if assessment.updated_by == user.id:
            raise Forbidden(Action.APPROVE)
        services.approve(session, assessment, user)
    return _step(request, session, principal, org_id, year, Action.APPROVE, step,
                 "Đã phê duyệt bản tự chấm; thường trực CCHC có thể gửi cấp trên.")


@router.post("/scoring/{org_id}/{year}/reopen", name="assessment_reopen")
def assessment_reopen(request: Request, org_id: Id, year: Year, comment: str = Form(""),
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    return _step(request, session, principal, org_id, year, Action.APPROVE,
                 lambda a, org, user: services.reopen(session, a, user, comment),
                 "Đã trả lại bản tự chấm để chấm lại.")


@router.post("/scoring/{org_id}/{year}/submit", name="assessment_submit")
def assessment_submit(request: Request, org_id: Id, year: Year,
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    """Send the approved self-score to the level above: locked from now on."""
    return _step(request, session, principal, org_id, year, Action.SCORE,
                 lambda a, org, user: submit_assessment(session, a, user,
                                                        scoring_context(request, org, year)),
                 "Đã gửi bản tự chấm lên cấp trên; điểm tự chấm đã được khóa.")


@router.post("/scoring/{org_id}/{year}/appraise", name="assessment_appraise")
async def assessment_appraise(request: Request, org_id: Id, year: Year,
                              principal: Principal = Depends(current_principal),
                              session: Session = Depends(db_session)) -> Response:
    """The level above's adjusted points and comments; "ask" then sends them to the unit
    for its explanation, "finalize" makes the score official."""
    form = await request.form()
    org = scored_org(session, principal, org_id)
    _appraiser(principal, org)
    assessment = _assessment(session, org_id, year)
    user = _user(session, principal)
    try:
        changes = {}
        for item in assessment.items:
            if f"m:{item.code}" in form:
                points = _number(form, f"a:{item.code}", f"Tiêu chí {item.code}")
                criterion = read(assessment.criteria_set).criterion(item.code)
                if points is not None and points > criterion.max:
                    raise InvalidUpdateError(f"Tiêu chí {item.code}: tối đa "
                                             f"{criterion.max:g} điểm")
                changes[item.code] = (points, str(form.get(f"m:{item.code}", "")))
        version = int(str(form.get("version") or assessment.version_id))
        changed = services.appraise(session, assessment, user, changes, version)
        then = str(form.get("then", ""))
        if then == "ask":
            services.ask_explanation(session, assessment, user)
        elif then == "finalize":
            finalize_assessment(session, assessment, user, scoring_context(request, org, year))
    except ConflictError:
        session.rollback()
        return _page(request, session, principal, org_id, year, 409,
                     "Người khác vừa lưu kết quả thẩm định; hãy kiểm tra rồi nhập lại.")
    except InvalidUpdateError as exc:
        session.rollback()
        return _page(request, session, principal, org_id, year, 422, vietnamese(exc))
    session.commit()
    done = {"ask": "Đã gửi kết quả thẩm định để đơn vị giải trình.",
            "finalize": "Đã chốt điểm chính thức."}.get(then, "")
    return _back(request, org_id, year, f"Đã lưu thẩm định ({len(changed)} tiêu chí thay đổi)."
                 f" {done}".strip())


@router.post("/scoring/{org_id}/{year}/respond", name="assessment_respond")
async def assessment_respond(request: Request, org_id: Id, year: Year,
                             principal: Principal = Depends(current_principal),
                             session: Session = Depends(db_session)) -> Response:
    """The unit's explanation of the appraisal, per criterion; "send" returns it above."""
    form = await request.form()
    scored_org(session, principal, org_id, Action.SCORE)
    assessment = _assessment(session, org_id, year)
    user = _user(session, principal)
    try:
        services.save_responses(session, assessment, user, {
            item.code: str(form[f"r:{item.code}"]) for item in assessment.items
            if f"r:{item.code}" in form})
        if form.get("send") == "1":
            services.send_explanation(session, assessment, user)
    except InvalidUpdateError as exc:
        session.rollback()
        return _page(request, session, principal, org_id, year, 422, vietnamese(exc))
    session.commit()
    return _back(request, org_id, year, "Đã gửi giải trình lên cấp trên."
                 if form.get("send") == "1" else "Đã lưu giải trình.")


# -- evidence per criterion -----------------------------------------------------------------
def _item(assessment: Assessment, code: str) -> ScoreItem:
    item = next((i for i in assessment.items if i.code == code), None)
    if item is None:
        raise NotVisible(f"criterion {code}")
    return item


def candidates(session: Session, org: Organization, year: int) -> dict[str, list]:
    """What of cchc a criterion can link as evidence: the plan, its tasks and their evidence
    files, the reports the unit sent."""
    plan = session.scalar(select(Plan).where(Plan.org_id == org.id, Plan.year == year))
    if plan is None:
        tasks, files = [], []
    else:
        tasks = session.execute(select(Task.id, Task.no, Task.text)
                                .where(Task.plan_version_id == plan.current_version_id)
                                .order_by(Task.position)).all()
        files = session.execute(
            select(Evidence.id, Evidence.name, Task.no).join(Task, Task.id == Evidence.task_id)
            .join(PlanVersion, PlanVersion.id == Task.plan_version_id)
            .where(PlanVersion.plan_id == plan.id).order_by(Evidence.id)).all()
    reports = session.execute(select(Report.id, Report.period_code).where(
        Report.org_id == org.id, Report.kind == "unit", Report.first_sent_at.is_not(None),
        or_(Report.period_code == str(year), Report.period_code.like(f"{year}-%")))
        .order_by(Report.period_code)).all()
    return {"plan": [(plan.id, f"Kế hoạch CCHC năm {year}")] if plan else [],
            "task": [(i, f"Nhiệm vụ {no or ''}: {text[:120]}") for i, no, text in tasks],
            "evidence": [(i, f"{name} (nhiệm vụ {no or '—'})") for i, name, no in files],
            "report": [(i, f"Báo cáo {code}") for i, code in reports]}


@router.get("/scoring/{org_id}/{year}/c/{code}", name="criterion_page")
def criterion_page(request: Request, org_id: Id, year: Year, code: str,
                   principal: Principal = Depends(current_principal),
                   session: Session = Depends(db_session)) -> Response:
    """One criterion: how it is scored, cchc's figure, its evidence, what may be linked."""
    org = scored_org(session, principal, org_id)
    assessment = _assessment(session, org_id, year)
    sheet = build(session, assessment, scoring_context(request, org, year))
    line = next((l for l in sheet.leaves() if l.code == code), None)
    if line is None:
        raise NotVisible(f"criterion {code}")
    can = _abilities(principal, assessment, org)
    return render(request, "scoring/criterion.html", {
        "active": "scoring", "org": org, "year": year, "a": assessment, "line": line,
        "can": can, "kinds": RULE_KINDS, "evidence_kinds": EVIDENCE_KINDS,
        "link_url": lambda evidence: _link_url(request, evidence, org_id, year),
        "candidates": candidates(session, org, year) if can["score"] else {},
        "history": _history(session, assessment, code)})


def _link_url(request: Request, evidence: ScoreEvidence, org_id: int, year: int) -> str | None:
    paths = request.app.url_path_for
    if evidence.kind == "file":
        return paths("score_file", org_id=org_id, year=year, evidence_id=evidence.id)
    if evidence.kind == "task":
        return paths("task_page", task_id=evidence.ref_id)
    if evidence.kind == "evidence":
        return paths("evidence_download", evidence_id=evidence.ref_id)
    if evidence.kind == "plan":
        return paths("plan_dashboard", plan_id=evidence.ref_id)
    return None


@router.post("/scoring/{org_id}/{year}/c/{code}/evidence", name="criterion_evidence")
def criterion_evidence(request: Request, org_id: Id, year: Year, code: str,
                       link: str = Form(""), file: UploadFile | None = File(None),
                       principal: Principal = Depends(current_principal),
                       session: Session = Depends(db_session)) -> Response:
    """Link a record of cchc ("task:12") or upload a file as the criterion's evidence."""
    org = scored_org(session, principal, org_id, Action.SCORE)
    item = _item(_assessment(session, org_id, year), code)
    user = _user(session, principal)
    settings = request.app.state.settings
    try:
        if file is not None and file.filename:
            if file.size is not None and file.size > settings.max_upload_bytes:
                raise UploadTooLarge(settings.max_upload_bytes)
            name = base_name(file.filename)
            services.add_score_evidence(session, item, user, "file", name, upload=(
                request.app.state.files, file.file, media_type(name, file.content_type)))
        else:
            kind, _, ref = link.partition(":")
            choices = dict(candidates(session, org, year).get(kind, []))
            if not ref.isdigit() or int(ref) not in choices:
                raise InvalidUpdateError("Hãy chọn tài liệu trong danh sách hoặc chọn tệp để "
                                         "tải lên.")
            services.add_score_evidence(session, item, user, kind, choices[int(ref)],
                                        ref_id=int(ref))
    except InvalidUpdateError as exc:
        session.rollback()
        flash(request, vietnamese(exc), "error")
        return RedirectResponse(request.url_for("criterion_page", org_id=org_id, year=year,
                                                code=code), status_code=303)
    session.commit()
    flash(request, "Đã thêm tài liệu kiểm chứng.")
    return RedirectResponse(request.url_for("criterion_page", org_id=org_id, year=year,
                                            code=code), status_code=303)


@router.post("/scoring/{org_id}/{year}/c/{code}/evidence/{evidence_id}/delete",
             name="criterion_evidence_delete")
def criterion_evidence_delete(request: Request, org_id: Id, year: Year, code: str,
                              evidence_id: Id,
                              principal: Principal = Depends(current_principal),
                              session: Session = Depends(db_session)) -> Response:
    scored_org(session, principal, org_id, Action.SCORE)
    item = _item(_assessment(session, org_id, year), code)
    evidence = session.get(ScoreEvidence, evidence_id)
    if evidence is None or evidence.item_id != item.id:
        raise NotVisible(f"evidence {evidence_id}")
    try:
        services.remove_score_evidence(session, evidence, item, _user(session, principal))
    except InvalidUpdateError as exc:
        session.rollback()
        flash(request, vietnamese(exc), "error")
    else:
        session.commit()
        flash(request, "Đã bỏ tài liệu kiểm chứng.")
    return RedirectResponse(request.url_for("criterion_page", org_id=org_id, year=year,
                                            code=code), status_code=303)


@router.get("/scoring/{org_id}/{year}/files/{evidence_id}", name="score_file")
def score_file(request: Request, org_id: Id, year: Year, evidence_id: Id,
               principal: Principal = Depends(current_principal),
               session: Session = Depends(db_session)) -> Response:
    scored_org(session, principal, org_id)
    assessment = _assessment(session, org_id, year)
    evidence = session.get(ScoreEvidence, evidence_id)
    if evidence is None or evidence.file is None or evidence.item_id not in {
            i.id for i in assessment.items}:
        raise NotVisible(f"evidence {evidence_id}")
    return FileResponse(request.app.state.files.path(evidence.file.sha256),
                        media_type=evidence.mime, filename=evidence.name,
                        content_disposition_type="attachment")


# -- history --------------------------------------------------------------------------------
ACTIONS = {"score.open": "Mở bản tự chấm", "score.self": "Tự chấm", "score.texts":
           "Khó khăn, đề xuất", "score.approve": "Lãnh đạo phê duyệt", "score.reopen":
           "Lãnh đạo trả lại", "score.submit": "Gửi cấp trên", "score.appraise": "Thẩm định",
           "score.ask_explanation": "Yêu cầu giải trình", "score.respond": "Giải trình",
           "score.explain": "Gửi giải trình", "score.finalize": "Chốt điểm chính thức",
           "score.evidence_add": "Thêm tài liệu kiểm chứng",
           "score.evidence_remove": "Bỏ tài liệu kiểm chứng"}


def _history(session: Session, assessment: Assessment, code: str | None = None
             ) -> list[dict[str, Any]]:
    """The assessment's audit entries (or one criterion's), newest first."""
    items = {str(i.id): i.code for i in assessment.items if code is None or i.code == code}
    clauses = [(AuditEntry.entity == "score_items") & AuditEntry.entity_id.in_(list(items))]
    if code is None:
        clauses.append((AuditEntry.entity == "score_assessments")
                       & (AuditEntry.entity_id == str(assessment.id)))
    clauses.append((AuditEntry.entity == "score_evidence") & AuditEntry.action.like("score.%"))
    rows = session.execute(select(AuditEntry, User.display_name)
                           .outerjoin(User, User.id == AuditEntry.user_id)
                           .where(or_(*clauses))
                           .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).all()
    out = []
    for entry, who in rows:
        if entry.entity == "score_evidence":
            if (entry.after or entry.before or {}).get("item_id") not in {
                    int(i) for i in items}:
                continue
            subject = (entry.after or entry.before or {}).get("code")
        else:
            subject = items.get(entry.entity_id) if entry.entity == "score_items" else None
        out.append({"at": entry.at, "who": who or "—", "action": ACTIONS.get(entry.action,
                                                                             entry.action),
                    "code": subject, "before": entry.before or {}, "after": entry.after or {},
                    "before_text": _described(entry.before), "after_text": _described(entry.after)})
    return out


FIELDS = {"status": "trạng thái", "value": "giá trị", "self_points": "điểm tự chấm",
          "explanation": "giải trình", "appraised_points": "điểm thẩm định",
          "appraisal_comment": "nhận xét", "unit_response": "giải trình của đơn vị",
          "self_total": "tổng điểm tự chấm", "final_total": "điểm chính thức",
          "difficulties": "khó khăn", "proposals": "đề xuất", "comment": "lý do",
          "name": "tài liệu", "sha256": "mã SHA-256"}
STATUS_WORDS = STATUS_LABELS


def _described(values: dict[str, Any] | None) -> str:
    """An audit entry's values in words: "điểm thẩm định: 1,5; nhận xét: ..."."""
    parts = []
    for key, value in (values or {}).items():
        if key not in FIELDS or value in (None, {}, ""):
            continue
        if key == "status":
            value = STATUS_WORDS.get(value, value)
        elif isinstance(value, float):
            value = vn_number(value)
        elif isinstance(value, dict):
            value = describe(Value.from_dict(value)) or vn_number(value.get("points", 0))
        parts.append(f"{FIELDS[key]}: {value}")
    return "; ".join(parts)


@router.get("/scoring/{org_id}/{year}/history", name="assessment_history")
def assessment_history(request: Request, org_id: Id, year: Year,
                       principal: Principal = Depends(current_principal),
                       session: Session = Depends(db_session)) -> Response:
    org = scored_org(session, principal, org_id)
    assessment = _assessment(session, org_id, year)
    return render(request, "scoring/history.html", {
        "active": "scoring", "org": org, "year": year, "a": assessment,
        "history": _history(session, assessment)})



@router.get("/scoring/{org_id}/{year}/export.{fmt}", name="assessment_export")
def assessment_export(request: Request, org_id: Id, year: Year, fmt: str,
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    """The self-assessment report (Word, PDF) or the scores with their evidence (Excel)."""
    org = scored_org(session, principal, org_id)
    if fmt not in export.FORMATS:
        raise NotVisible(fmt)
    sheet = build(session, _assessment(session, org_id, year),
                  scoring_context(request, org, year))
    try:
        data = export.render(sheet, org, request.app.state.settings.today(), fmt)
    except ReportRenderError as exc:
        return Response(str(exc).split(" / ")[0], status_code=503,
                        media_type="text/plain; charset=utf-8")
    return download(data, f"tu-cham-chi-so-cchc-{year}-{org.code}.{fmt}", MEDIA_TYPES[fmt])
