"""Writing periodic reports: the draft (several editors, each change kept), sending a version
up the tree (gửi báo cáo: locked with its content hash), and the level above returning it for
correction (trả lại) with a comment. Every write is audited."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cchc.store import audit
from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.models import Organization, Report, ReportEdit, ReportSubmission, User
from cchc.store.types import utcnow

EDITABLE = ("draft", "returned")
MAX_SECTION_CHARS = 20_000


def content_hash(content: Mapping[str, Any]) -> str:
    """sha256 of the content in canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def open_report(session: Session, org: Organization, period_code: str, kind: str,
                sections: Mapping[str, str], document: Mapping[str, Any],
                user: User | None = None) -> Report:
    """The report of `org` for the period, created with the given pre-filled draft when it
    does not exist yet."""
    report = session.scalar(select(Report).where(Report.org_id == org.id,
                                                 Report.period_code == period_code,
                                                 Report.kind == kind).with_for_update())
    if report is None:
        report = Report(org_id=org.id, period_code=period_code, kind=kind,
                        sections=dict(sections), document=dict(document), status="draft")
        session.add(report)
        audit.record(session, user, "report.create", report)
    return report


def save_draft(session: Session, report: Report, user: User | None,
               sections: Mapping[str, str], document: Mapping[str, Any],
               expected_version: int) -> list[str]:
    """Store the edited sections and document settings; the keys that changed.

    ConflictError when someone saved the draft since `expected_version` was shown;
    InvalidUpdateError once the report is sent (until it is returned)."""
    _check_editable(report)
    if report.version_id != expected_version:
        raise ConflictError("reports", report.id, expected_version, report.version_id)
    changed = []
    new_sections = dict(report.sections)
    for key, text in sections.items():
        text = text.replace("\r\n", "\n").strip()
        if len(text) > MAX_SECTION_CHARS:
            raise InvalidUpdateError(f"Mục '{key}' dài quá {MAX_SECTION_CHARS} ký tự / "
                                     f"section '{key}' is too long")
        if key in report.sections and report.sections[key] != text:
            session.add(ReportEdit(report_id=report.id, section=key,
                                   before=report.sections[key], after=text,
                                   user_id=user.id if user else None))
            new_sections[key] = text
            changed.append(key)
    new_document = {**report.document, **document}
    if new_document != report.document:
        session.add(ReportEdit(report_id=report.id, section="document",
                               before=json.dumps(report.document, ensure_ascii=False),
                               after=json.dumps(new_document, ensure_ascii=False),
                               user_id=user.id if user else None))
        changed.append("document")
    if not changed:
        return []
    before = audit.snapshot(report)
    report.sections, report.document = new_sections, new_document
    report.updated_at, report.updated_by = utcnow(), user.id if user else None
    _flush(session, report, expected_version)
    audit.record(session, user, "report.edit", report, before)
    return changed


def send_report(session: Session, report: Report, user: User | None,
                content: Mapping[str, Any], late: bool) -> ReportSubmission:
    """Lock `content` (the report as printed) as the next sent version."""
    _check_editable(report)
    number = (session.scalar(select(func.max(ReportSubmission.number))
                             .where(ReportSubmission.report_id == report.id)) or 0) + 1
    now = utcnow()
    submission = ReportSubmission(report_id=report.id, number=number, content=dict(content),
                                  content_sha256=content_hash(content),
                                  sent_by=user.id if user else None, sent_at=now, late=late)
    session.add(submission)
    before = audit.snapshot(report)
    report.status = "sent"
    report.first_sent_at = report.first_sent_at or now
    audit.record(session, user, "report.send", report, before,
                 after={"status": "sent", "number": number, "late": late,
                        "content_sha256": submission.content_sha256})
    return submission


def return_report(session: Session, report: Report, user: User | None,
                  comment: str) -> ReportSubmission:
    """The level above sends the latest version back for correction, saying why."""
    comment = comment.strip()
    if not comment:
        raise InvalidUpdateError("Hãy ghi rõ nội dung cần chỉnh sửa khi trả lại báo cáo / a "
                                 "returned report needs a comment")
    if report.status != "sent":
        raise InvalidUpdateError("Chỉ trả lại được báo cáo đã gửi / only a sent report can be "
                                 "returned")
    submission = report.submissions[-1]
    if user is not None and submission.sent_by == user.id:
        raise InvalidUpdateError("Người gửi báo cáo không tự trả lại báo cáo của mình / the "
                                 "sender cannot return their own report")
    before = audit.snapshot(submission, exclude=("content",))
    submission.returned_by = user.id if user else None
    submission.returned_at, submission.return_comment = utcnow(), comment
    report.status = "returned"
    audit.record(session, user, "report.return", submission, before,
                 after=audit.snapshot(submission, exclude=("content",)))
    return submission


def _check_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise InvalidUpdateError("Báo cáo đã gửi, không sửa được nữa; cấp trên trả lại thì mới "
                                 "sửa và gửi lại / the report was sent")


def _flush(session: Session, report: Report, expected_version: int) -> None:
    ident = report.id
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError("reports", ident, expected_version, None) from exc
