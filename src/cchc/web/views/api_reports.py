"""The API's periodic reports and self-assessment scores, read as the pages show them: a
unit's report of a period (the draft as it stands, or a sent version) with its figures and
history of submissions, downloads in Word, PDF and Excel; an organization's self-assessment
of a year, criterion by criterion, with the totals of each stage."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from cchc.reports.drafts import find_report
from cchc.reports.render import MEDIA_TYPES, ReportRenderError, render
from cchc.scoring.assessments import build
from cchc.web.api_errors import Unavailable
from cchc.web.api_schema import errors
from cchc.web.auth import acting, db_session
from cchc.web.params import Id, Year
from cchc.web.permissions import NotVisible, Principal
from cchc.web.views.reports import report_of, download, report_content
from cchc.web.views.scoring import find_assessment, scored_org, scoring_context

router = APIRouter(prefix="/api", tags=["reports"])
REPORTS = acting("read_reports")
SCORES = acting("read_scores")
PERIOD = Path(max_length=7, pattern=r"^(19|2[01])\d\d(-(Q[1-4]|H[12]|9M))?$",
              description="2024-Q1, 2024-H1, 2024-9M, 2024")
DOCUMENT = {200: {"description": "the document", "content": {
    media: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA_TYPES.values()}},
    **errors(503)}


class SubmissionOut(BaseModel):
    number: int
    sent_at: datetime
    late: bool
    sha256: str
    returned_at: datetime | None
    return_comment: str | None


class ReportOut(BaseModel):
    org_id: int
    period: str
    status: Literal["none", "draft", "sent", "returned"]
    version: int | None = Field(description="the draft's version (optimistic lock)")
    content: dict[str, Any] = Field(description="the report as printed: document fields, "
                                                "figures, sections")
    submissions: list[SubmissionOut]


@router.get("/reports/{org_id}/{period_code}", response_model=ReportOut)
def report(request: Request, org_id: Id, period_code: str = PERIOD,
           version: Id | None = Query(None, description="a sent version's number: its content "
                                                        "as sent; none: as it stands"),
           principal: Principal = Depends(REPORTS),
           session: Session = Depends(db_session)) -> ReportOut:
    """A unit's report of a period as it stands (the draft drafted from the data until it is
    sent) or as one of its sent versions was, with the versions it sent."""
    org, how, period = report_of(request, session, principal, org_id, period_code)
    found = find_report(session, org, period.code)
    return ReportOut(
        org_id=org.id, period=period.code, status=found.status if found else "none",
        version=found.version_id if found else None,
        content=report_content(session, org, period, how, version),
        submissions=[SubmissionOut(number=s.number, sent_at=s.sent_at, late=s.late,
                                   sha256=s.content_sha256, returned_at=s.returned_at,
                                   return_comment=s.return_comment)
                     for s in (found.submissions if found else [])])


@router.get("/reports/{org_id}/{period_code}/document", response_class=Response,
            responses=DOCUMENT)
def report_document(request: Request, org_id: Id,
                    period_code: str = PERIOD,
                    format: Literal["docx", "pdf", "xlsx"] = "docx",
                    version: Id | None = Query(None, description="a sent version's number; "
                                                                "none: as it stands"),
                    principal: Principal = Depends(REPORTS),
                    session: Session = Depends(db_session)) -> Response:
    """The report as Word, PDF or Excel (Decree 30/2020 layout)."""
    org, how, period = report_of(request, session, principal, org_id, period_code)
    content = report_content(session, org, period, how, version)
    try:
        data = render(content, format)
    except ReportRenderError as exc:
        raise Unavailable(str(exc).split(" / ")[0]) from exc
    return download(data, f"bao-cao-cchc-{period.code}-{org.code}.{format}",
                    MEDIA_TYPES[format])


class ScoreLineOut(BaseModel):
    level: Literal["area", "group", "leaf"]
    code: str
    name: str
    maximum: float
    points: dict[str, float] = Field(description="stage (self, appraised…) → points")
    evidence: int


class ScoresOut(BaseModel):
    org_id: int
    year: int
    status: str
    criteria_set: str
    stage: str
    total: float
    totals: dict[str, float]
    lines: list[ScoreLineOut]


@router.get("/scores/{org_id}/{year}", response_model=ScoresOut)
def scores(request: Request, org_id: Id, year: Year, principal: Principal = Depends(SCORES),
           session: Session = Depends(db_session)) -> ScoresOut:
    """An organization's self-assessment of the PAR index (Chỉ số CCHC) of a year, with the
    appraised points once the level above has appraised it (404: not started)."""
    org = scored_org(session, principal, org_id)
    assessment = find_assessment(session, org_id, year)
    if assessment is None:
        raise NotVisible(f"assessment {org_id} {year}")
    sheet = build(session, assessment, scoring_context(request, org, year))
    return ScoresOut(
        org_id=org.id, year=year, status=assessment.status,
        criteria_set=sheet.criteria_set.code, stage=sheet.stage, total=sheet.total,
        totals={stage: t.total for stage, t in sheet.totals.items()},
        lines=[ScoreLineOut(level=line.level, code=line.code, name=line.name,
                            maximum=line.maximum, points=line.points,
                            evidence=len(line.evidence)) for line in sheet.lines])

