"""Kết quả Chỉ số CCHC of the units below an organization: ranking with ties, points per
area and where they were lost, last year beside this year, a chart per area; and the survey
results (điều tra xã hội học) the level above enters or imports per unit."""

from __future__ import annotations

import csv
import io
import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from cchc.domain.vntext import fold
from cchc.reports.compilation import units_below
from cchc.reports.periods import ReportCalendar
from cchc.scoring.assessments import surveys_of
from cchc.scoring.results import STAGE_LABELS, results
from cchc.scoring.sets import read
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import Organization, User
from cchc.store.services.scoring import record_survey
from cchc.web.auth import current_principal, db_session
from cchc.web.permissions import Action, Forbidden, Principal, from_above
from cchc.web.templating import flash, render, vietnamese
from cchc.web.views.scoring import find_assessment, scored_org, scoring_context

router = APIRouter(include_in_schema=False)
MAX_SURVEY_BYTES = 5 * 1024 * 1024


def _units(session: Session, org: Organization, year: int) -> list[Organization]:
    return units_below(session, org, ReportCalendar.from_env().periods(year)[-1])


@router.get("/scoring/results/{org_id}/{year}", name="scoring_results")
def scoring_results(request: Request, org_id: int, year: int,
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    org = scored_org(session, principal, org_id)
    groups, waiting = results(session, _units(session, org, year), year,
                              lambda unit: scoring_context(request, unit, year))
    return render(request, "scoring/results.html", {
        "active": "scoring", "org": org, "year": year, "groups": groups, "waiting": waiting,
        "stage_labels": STAGE_LABELS,
        "charts": json.dumps([g.chart() for g in groups], ensure_ascii=False)})


def _survey_rows(session: Session, principal: Principal, org: Organization, year: int):
    """Per unit the user appraises: its assessment's survey criteria and their results."""
    rows = []
    for unit in _units(session, org, year):
        if not from_above(principal, Action.APPRAISE, unit.id):
            continue
        assessment = find_assessment(session, unit.id, year)
        leaves = [leaf for leaf in read(assessment.criteria_set).leaves()
                  if leaf.assessed_by == "survey"] if assessment else []
        rows.append((unit, leaves, surveys_of(session, unit.id, year)))
    return rows


@router.get("/scoring/surveys/{org_id}/{year}", name="scoring_surveys")
def scoring_surveys(request: Request, org_id: int, year: int,
                    principal: Principal = Depends(current_principal),
                    session: Session = Depends(db_session)) -> Response:
    return _surveys_page(request, session, principal, org_id, year)


def _surveys_page(request: Request, session: Session, principal: Principal, org_id: int,
                  year: int, errors: list[str] | None = None, status: int = 200) -> Response:
    org = scored_org(session, principal, org_id)
    return render(request, "scoring/surveys.html", {
        "active": "scoring", "org": org, "year": year,
        "rows": _survey_rows(session, principal, org, year), "errors": errors or []}, status)


def _percent(text: str, where: str) -> float | None:
    raw = str(text).strip().replace("%", "").replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InvalidUpdateError(f"{where}: '{text}' không phải là số phần trăm") from None


@router.post("/scoring/surveys/{org_id}/{year}", name="scoring_surveys_save")
async def scoring_surveys_save(request: Request, org_id: int, year: int,
                               principal: Principal = Depends(current_principal),
                               session: Session = Depends(db_session)) -> Response:
    """Results typed in the table, or a CSV / Excel file with the columns mã đơn vị, mã tiêu
    chí, kết quả (%): all saved, or none with every bad row named."""
    form = await request.form()
    org = scored_org(session, principal, org_id)
    rows = _survey_rows(session, principal, org, year)
    if not rows:
        raise Forbidden(Action.APPRAISE)
    user = session.get(User, principal.user_id)
    upload = form.get("file")
    errors: list[str] = []
    entries: list[tuple[Organization, str, float, str]] = []
    allowed = {(unit.code, leaf.code): unit for unit, leaves, _ in rows for leaf in leaves}
    try:
        if upload is not None and getattr(upload, "filename", ""):
            data = await upload.read(MAX_SURVEY_BYTES + 1)
            if len(data) > MAX_SURVEY_BYTES:
                raise InvalidUpdateError("Tệp quá lớn (tối đa 5 MB).")
            for number, (unit_code, code, value) in _table_rows(upload.filename, data):
                where = f"{upload.filename}, dòng {number}"
                unit = allowed.get((unit_code.strip(), code.strip()))
                if unit is None:
                    errors.append(f"{where}: đơn vị '{unit_code}' hoặc tiêu chí '{code}' không "
                                  "thuộc các tiêu chí điều tra của đơn vị cấp dưới")
                    continue
                try:
                    percent = _percent(value, where)
                except InvalidUpdateError as exc:
                    errors.append(str(exc))
                    continue
                if percent is None:
                    errors.append(f"{where}: thiếu kết quả")
                    continue
                entries.append((unit, code.strip(), percent, upload.filename))
            if not entries and not errors:
                errors.append(f"{upload.filename}: không có dòng kết quả nào")
        else:
            source = str(form.get("source", "")).strip() or None
            for unit, leaves, current in rows:
                for leaf in leaves:
                    key = f"v:{unit.id}:{leaf.code}"
                    if key not in form:
                        continue
                    percent = _percent(str(form[key]), f"{unit.name}, tiêu chí {leaf.code}")
                    if percent is not None and percent != current.get(leaf.code):
                        entries.append((unit, leaf.code, percent, source))
        if errors:
            raise InvalidUpdateError("; ".join(errors))
        for unit, code, percent, source in entries:
            record_survey(session, unit, year, code, percent, source, user)
    except InvalidUpdateError as exc:
        session.rollback()
        return _surveys_page(request, session, principal, org_id, year,
                             errors or [vietnamese(exc)], 422)
    session.commit()
    flash(request, f"Đã lưu {len(entries)} kết quả điều tra.")
    return RedirectResponse(request.url_for("scoring_surveys", org_id=org_id, year=year),
                            status_code=303)


HEADERS = {"ma don vi": 0, "ma tieu chi": 1, "ket qua": 2, "ket qua (%)": 2}


def _table_rows(name: str, data: bytes) -> list[tuple[int, tuple[str, str, str]]]:
    """(row number, (unit code, criterion code, percent)) of a CSV or XLSX file whose first
    row names the columns (mã đơn vị, mã tiêu chí, kết quả)."""
    if name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook
            raise InvalidUpdateError(f"{name}: không đọc được tệp Excel ({exc})") from None
        table = [["" if v is None else str(v) for v in row]
                 for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidUpdateError(f"{name}: tệp CSV phải mã hóa UTF-8") from None
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", ",;\t")
        table = list(csv.reader(io.StringIO(text), dialect))
    if not table:
        raise InvalidUpdateError(f"{name}: tệp rỗng")
    columns = {HEADERS[fold(h).strip()]: i for i, h in enumerate(table[0])
               if fold(h).strip() in HEADERS}
    if set(columns) != {0, 1, 2}:
        raise InvalidUpdateError(f"{name}, dòng 1: cần các cột “Mã đơn vị”, “Mã tiêu chí”, "
                                 "“Kết quả (%)”")
    return [(number, tuple(row[columns[k]] if columns[k] < len(row) else "" for k in range(3)))
            for number, row in enumerate(table[1:], 2) if any(cell.strip() for cell in row)]
