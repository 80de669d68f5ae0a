"""Documents in Word: a stored plan written back to .docx."""

from __future__ import annotations

import io
import unicodedata
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session

from cchc.domain.plan_dict import plan_from_dict
from cchc.reports.plan_export import export_plan
from cchc.web.auth import current_principal, db_session
from cchc.web.permissions import NotVisible, Principal, authorize_plan

router = APIRouter(include_in_schema=False)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content: bytes, filename: str, media_type: str) -> Response:
    """`content` as an attachment named `filename` (an ASCII fallback for old browsers)."""
    ascii_name = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode() or "tai-lieu"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": disposition})


@router.get("/plans/{plan_id}/export.docx", name="plan_export_docx")
def plan_export_docx(plan_id: int, principal: Principal = Depends(current_principal),
                     session: Session = Depends(db_session)) -> Response:
    """The plan's current version in the shape of the originals (decision, body, appendix)."""
    plan = authorize_plan(session, principal, plan_id)
    if plan.current_version is None:
        raise NotVisible(f"plan {plan_id} has no version")
    buffer = io.BytesIO()
    export_plan(plan_from_dict(plan.current_version.plan_json), buffer)
    return download(buffer.getvalue(), f"ke-hoach-cchc-{plan.year}-{plan.org.code}.docx", DOCX)
