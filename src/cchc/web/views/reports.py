"""Báo cáo định kỳ: a unit's report of a period (the draft several people edit, with history;
"Gửi báo cáo" locks a version), the level above's view of who sent, sent late or not yet, and
returns for correction; the compilation; downloads in Word, PDF and Excel; a stored plan
written back to Word."""

from __future__ import annotations

import io
import unicodedata
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.plan_dict import plan_from_dict
from cchc.errors import CchcError
from cchc.indicators.store import DossierStore
from cchc.reports.compilation import (
    SENT_LABELS, compile_report, most_overdue, ranking, sent_counts, submission_states,
    units_below)
from cchc.reports.drafts import (
    Drafting, find_report, printable, send, stored_report, with_draft)
from cchc.reports.periods import ReportCalendar, ReportPeriod
from cchc.reports.plan_export import export_plan
from cchc.reports.render import MEDIA_TYPES, ReportRenderError, render
from cchc.reports.unit_report import section_keys, section_title
from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.models import (
    PLAN_ISSUER_KINDS, Organization, Report, ReportEdit, ReportSubmission, User)
from cchc.store.services.reports import return_report, save_draft
from cchc.web.auth import current_principal, db_session
from cchc.web.params import Id, Year
from cchc.web.permissions import (
    Action, Forbidden, NotVisible, Principal, authorize_org, authorize_plan, from_above)
from cchc.web.templating import flash, render as render_page, vietnamese

router = APIRouter(include_in_schema=False)

DOCX = MEDIA_TYPES["docx"]
STATUS_LABELS = {"draft": "Dự thảo", "sent": "Đã gửi", "returned": "Bị trả lại"}
DOCUMENT_FIELDS = ("number", "recipients", "signer")


def download(content: bytes, filename: str, media_type: str) -> Response:
    """`content` as an attachment named `filename` (an ASCII fallback for old browsers)."""
    ascii_name = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode() or "tai-lieu"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": disposition})


@router.get("/plans/{plan_id}/export.docx", name="plan_export_docx")
def plan_export_docx(plan_id: Id, principal: Principal = Depends(current_principal),
                     session: Session = Depends(db_session)) -> Response:
    """The plan's current version in the shape of the originals (decision, body, appendix)."""
    plan = authorize_plan(session, principal, plan_id)
    if plan.current_version is None:
        raise NotVisible(f"plan {plan_id} has no version")
    buffer = io.BytesIO()
    export_plan(plan_from_dict(plan.current_version.plan_json), buffer)
    return download(buffer.getvalue(), f"ke-hoach-cchc-{plan.year}-{plan.org.code}.docx", DOCX)


def _drafting(request: Request) -> Drafting:
    settings = request.app.state.settings
    return Drafting(ReportCalendar.from_env(), DossierStore(settings.data_dir), settings.today())


def _period(how: Drafting, code: str) -> ReportPeriod:
    try:
        return how.period(code)
    except CchcError:
        raise NotVisible(f"period {code}") from None


def report_of(request: Request, session: Session, principal: Principal, org_id: int,
               period_code: str) -> tuple[Organization, Drafting, ReportPeriod]:
    """The organization (readable, issuing plans), how to draft, and the period."""
    org = _org(session, principal, org_id)
    how = _drafting(request)
    return org, how, _period(how, period_code)


def _org(session: Session, principal: Principal, org_id: int) -> Organization:
    authorize_org(principal, org_id)
    org = session.get(Organization, org_id)
    if org is None or org.kind not in PLAN_ISSUER_KINDS:
        raise NotVisible(f"organization {org_id}")
    return org


@router.get("/reports", name="reports_home")
def reports_home(request: Request, year: Year | None = None,
                 principal: Principal = Depends(current_principal),
                 session: Session = Depends(db_session)) -> Response:
    """The periods of the year for each organization of the user: its own report, and the
    reports of the units below it."""
    how = _drafting(request)
    year = year or how.calendar.current(how.today).year
    periods = how.calendar.periods(year)
    orgs = session.scalars(select(Organization).where(
        Organization.id.in_(principal.home_org_ids),
        Organization.kind.in_(PLAN_ISSUER_KINDS))).all()
    rows = []
    for org in orgs:
        reports = {r.period_code: r for r in session.scalars(select(Report).where(
            Report.org_id == org.id, Report.kind == "unit",
            Report.period_code.in_([p.code for p in periods])))}
        rows.append((org, [(p, reports.get(p.code)) for p in periods],
                     bool(units_below(session, org, periods[-1]))))
    return render_page(request, "reports/index.html", {
        "active": "reports", "year": year, "periods": periods, "rows": rows,
        "status_labels": STATUS_LABELS})


@router.get("/reports/{org_id}/{period_code}", name="report_page")
def report_page(request: Request, org_id: Id, period_code: str,
                principal: Principal = Depends(current_principal),
                session: Session = Depends(db_session)) -> Response:
    return _report_page(request, session, principal, org_id, period_code)


def _report_page(request: Request, session: Session, principal: Principal, org_id: int,
                 period_code: str, status_code: int = 200, error: str | None = None,
                 typed: dict[str, str] | None = None) -> Response:
    org, how, period = report_of(request, session, principal, org_id, period_code)
    report = find_report(session, org, period.code)
    content = printable(session, org, period, how)
    sections = {**content["sections"], **(typed or {})}
    keys = section_keys(content)
    editable = principal.may(Action.REPORT, org.id) and (report is None
                                                         or report.status != "sent")
    names = _user_names(session, report)
    return render_page(request, "reports/page.html", {
        "active": "reports", "org": org, "period": period, "report": report, "c": content,
        "sections": [(key, section_title(content, key), sections.get(key, ""))
                     for key in keys],
        "section_names": {key: section_title(content, key) for key in keys}
        | {"document": "Thể thức văn bản"},
        "document": {**content["document"], **{k: v for k, v in (typed or {}).items()
                                               if k in DOCUMENT_FIELDS}},
        "editable": editable, "can_send": editable,
        "can_return": report is not None and report.status == "sent"
        and from_above(principal, Action.RETURN, org.id),
        "history": _history(session, report, names), "submissions": _submissions(report, names),
        "status_labels": STATUS_LABELS, "error": error,
        "version": report.version_id if report else 0,
        "late": how.today > period.due and (report is None or report.first_sent_at is None),
    }, status_code)


def _user_names(session: Session, report: Report | None) -> dict[int, str]:
    if report is None:
        return {}
    ids = {e.user_id for e in session.scalars(select(ReportEdit).where(
        ReportEdit.report_id == report.id))}
    ids |= {s.sent_by for s in report.submissions} | {s.returned_by for s in report.submissions}
    return dict(session.execute(select(User.id, User.display_name)
                                .where(User.id.in_([i for i in ids if i]))).all())


def _history(session: Session, report: Report | None,
             names: dict[int, str]) -> list[dict[str, Any]]:
    if report is None:
        return []
    edits = session.scalars(select(ReportEdit).where(ReportEdit.report_id == report.id)
                            .order_by(ReportEdit.at.desc(), ReportEdit.id.desc())).all()
    return [{"at": e.at, "who": names.get(e.user_id, "—"), "section": e.section,
             "after": e.after or ""} for e in edits]


def _submissions(report: Report | None, names: dict[int, str]) -> list[dict[str, Any]]:
    if report is None:
        return []
    return [{"number": s.number, "sent_at": s.sent_at, "who": names.get(s.sent_by, "—"),
             "sha256": s.content_sha256, "late": s.late, "returned_at": s.returned_at,
             "returned_by": names.get(s.returned_by, "—"), "comment": s.return_comment}
            for s in reversed(report.submissions)]


def _form_sections(form: Any, keys: list[str]) -> dict[str, str]:
    return {key: str(form.get(f"s:{key}", "")) for key in keys if f"s:{key}" in form}


@router.post("/reports/{org_id}/{period_code}", name="report_save")
async def report_save(request: Request, org_id: Id, period_code: str,
                      principal: Principal = Depends(current_principal),
                      session: Session = Depends(db_session)) -> Response:
    """Save the draft (lưu dự thảo); "Gửi báo cáo" saves then sends."""
    form = await request.form()
    authorize_org(principal, org_id, Action.REPORT)
    org, how, period = report_of(request, session, principal, org_id, period_code)
    user = session.get(User, principal.user_id)
    report, content = stored_report(session, org, period, how, user)
    typed = _form_sections(form, section_keys(content))
    document = {key: str(form.get(key, "")).strip() for key in DOCUMENT_FIELDS if key in form}
    document["deputy"] = form.get("deputy") == "1"
    typed_all = {**typed, **{k: v for k, v in document.items() if k != "deputy"}}
    try:
        version = int(str(form.get("version", "0")) or 0)
        changed = save_draft(session, report, user, typed, document,
                             version if version else report.version_id)
        if form.get("send") == "1":
            submission = send(session, report, with_draft(content, report), user, how)
    except ConflictError:
        session.rollback()
        return _report_page(request, session, principal, org_id, period_code, 409,
                            "Người khác vừa lưu dự thảo này. Nội dung mới nhất đang hiển thị; "
                            "phần bạn vừa nhập vẫn được giữ trong biểu mẫu — hãy kiểm tra rồi "
                            "lưu lại.", typed_all)
    except InvalidUpdateError as exc:
        session.rollback()
        return _report_page(request, session, principal, org_id, period_code, 422,
                            vietnamese(exc), typed_all)
    session.commit()
    if form.get("send") == "1":
        flash(request, f"Đã gửi báo cáo {period.label} (lần {submission.number}; mã kiểm tra "
                       f"{submission.content_sha256[:12]}).")
    else:
        flash(request, "Đã lưu dự thảo." if changed else "Không có thay đổi nào.")
    return RedirectResponse(request.url_for("report_page", org_id=org_id,
                                            period_code=period_code), status_code=303)


@router.post("/reports/{org_id}/{period_code}/return", name="report_return")
def report_return(request: Request, org_id: Id, period_code: str, comment: str = Form(""),
                  principal: Principal = Depends(current_principal),
                  session: Session = Depends(db_session)) -> Response:
    """The level above sends the report back for correction, with what to correct."""
    org = _org(session, principal, org_id)
    if not from_above(principal, Action.RETURN, org.id):
        raise Forbidden(Action.RETURN)
    period = _period(_drafting(request), period_code)
    report = find_report(session, org, period.code)
    if report is None:
        raise NotVisible(f"report {org_id} {period_code}")
    try:
        return_report(session, report, session.get(User, principal.user_id), comment)
    except InvalidUpdateError as exc:
        session.rollback()
        return _report_page(request, session, principal, org_id, period_code, 422,
                            vietnamese(exc))
    session.commit()
    flash(request, f"Đã trả lại báo cáo của {org.name} để chỉnh sửa.")
    return RedirectResponse(request.url_for("report_overview", org_id=_overseer(
        session, principal, org), period_code=period_code), status_code=303)


def _overseer(session: Session, principal: Principal, org: Organization) -> int:
    """The user's own organization above `org` (else the nearest one above it they read),
    whose overview lists it."""
    above = []
    parent = org.parent
    while parent is not None:
        above.append(parent)
        parent = parent.parent
    home = set(principal.home_org_ids)
    chosen = next((o for o in above if o.id in home), None) or next(
        (o for o in above if principal.may(Action.READ, o.id)), org)
    return chosen.id


@router.get("/reports/{org_id}/{period_code}/download.{fmt}", name="report_download")
def report_download(request: Request, org_id: Id, period_code: str, fmt: str,
                    version: Id | None = None,
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    """The report as Word, PDF or Excel: a sent version by number, else as it stands."""
    org, how, period = report_of(request, session, principal, org_id, period_code)
    if fmt not in MEDIA_TYPES:
        raise NotVisible(fmt)
    return _file(report_content(session, org, period, how, version), fmt,
                 f"bao-cao-cchc-{period.code}-{org.code}")


def report_content(session: Session, org: Organization, period: ReportPeriod, how: Drafting,
                   version: int | None) -> dict[str, Any]:
    """A sent version of the report by number (NotVisible if there is none), else the report
    as it stands."""
    if version is None:
        return printable(session, org, period, how)
    report = find_report(session, org, period.code)
    submission = session.scalar(select(ReportSubmission).where(
        ReportSubmission.report_id == (report.id if report else -1),
        ReportSubmission.number == version))
    if submission is None:
        raise NotVisible(f"version {version}")
    return submission.content


def _file(content: dict[str, Any], fmt: str, stem: str) -> Response:
    try:
        data = render(content, fmt)
    except ReportRenderError as exc:
        return Response(str(exc).split(" / ")[0], status_code=503,
                        media_type="text/plain; charset=utf-8")
    return download(data, f"{stem}.{fmt}", MEDIA_TYPES[fmt])


@router.get("/reports/{org_id}/{period_code}/units", name="report_overview")
def report_overview(request: Request, org_id: Id, period_code: str,
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    """Per period, which units below have sent (on time or late), not sent, or were
    returned."""
    org, how, period = report_of(request, session, principal, org_id, period_code)
    units = units_below(session, org, period)
    states = submission_states(session, [u.id for u in units], period.code)
    rows = [(u, *states.get(u.id, ("missing", None))) for u in units]
    counts = {state: 0 for state in SENT_LABELS}
    for _, state, _ in rows:
        counts[state] += 1
    return render_page(request, "reports/overview.html", {
        "active": "reports", "org": org, "period": period, "rows": rows, "counts": counts,
        "labels": SENT_LABELS, "overdue": how.today > period.due,
        "periods": how.calendar.periods(period.year)})


@router.get("/reports/{org_id}/{period_code}/compilation", name="report_compilation")
def report_compilation(request: Request, org_id: Id, period_code: str,
                       principal: Principal = Depends(current_principal),
                       session: Session = Depends(db_session)) -> Response:
    org, how, period = report_of(request, session, principal, org_id, period_code)
    content = compile_report(session, org, period, how)
    return render_page(request, "reports/compilation.html", {
        "active": "reports", "org": org, "period": period, "c": content,
        "ranking": ranking(content["units"]), "most_overdue": most_overdue(content["units"]),
        "counts": sent_counts(content["units"]), "labels": SENT_LABELS})


@router.get("/reports/{org_id}/{period_code}/compilation.{fmt}",
            name="report_compilation_download")
def report_compilation_download(request: Request, org_id: Id, period_code: str, fmt: str,
                                principal: Principal = Depends(current_principal),
                                session: Session = Depends(db_session)) -> Response:
    org, how, period = report_of(request, session, principal, org_id, period_code)
    if fmt not in MEDIA_TYPES:
        raise NotVisible(fmt)
    return _file(compile_report(session, org, period, how), fmt,
                 f"tong-hop-cchc-{period.code}-{org.code}")
