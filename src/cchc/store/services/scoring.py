"""Writing the PAR-index self-assessment: criteria sets installed, copied for a year and
edited (never once frozen); an assessment scored by its unit, approved by its leadership,
submitted (which locks the self-score and freezes the set), appraised by the level above
with an explanation round, then finalized; evidence linked or uploaded per criterion; survey
results per unit. Every write is audited with the values before and after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cchc.store import audit
from cchc.store.errors import ConflictError, InvalidUpdateError
from cchc.store.files import EvidenceFiles
from cchc.store.models import (
    Assessment,
    CriteriaSetRecord,
    Organization,
    ScoreEvidence,
    ScoreItem,
    SurveyResult,
    User,
)
from cchc.store.services.evidence import stored_file
from cchc.store.types import utcnow

if TYPE_CHECKING:  # the set as read by cchc.scoring; the store never parses it
    from cchc.scoring.criteria import CriteriaSet

MAX_TEXT = 5_000
SELF_FIELDS = ("value", "self_points", "explanation")
APPRAISAL_FIELDS = ("appraised_points", "appraisal_comment")
STATUS_LABELS = {"draft": "Đang tự chấm", "approved": "Lãnh đạo đã phê duyệt",
                 "submitted": "Đã gửi cấp trên, chờ thẩm định",
                 "explaining": "Cấp trên yêu cầu giải trình", "explained": "Đơn vị đã giải trình",
                 "final": "Đã có điểm chính thức"}


def _uid(user: User | None) -> int | None:
    return user.id if user else None


def _refuse(vietnamese: str, english: str) -> InvalidUpdateError:
    return InvalidUpdateError(f"{vietnamese} / {english}")


def _text(value: str | None, what: str) -> str | None:
    text = (value or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise _refuse(f"{what} dài quá {MAX_TEXT} ký tự", f"{what} is too long")
    return text or None


# -- criteria sets ------------------------------------------------------------------------
def install_set(session: Session, name: str, text: str, found: CriteriaSet,
                user: User | None) -> CriteriaSetRecord:
    """A shipped set (criteria/NAME, read as `found`), stored unless the same code and
    version is there."""
    record = session.scalar(select(CriteriaSetRecord).where(
        CriteriaSetRecord.code == found.code, CriteriaSetRecord.version == found.version))
    if record is None:
        record = CriteriaSetRecord(code=found.code, version=found.version, year=found.year,
                                   name=found.name, yaml_text=text, shipped_name=name,
                                   created_by=_uid(user))
        session.add(record)
        audit.record(session, user, "criteria_set.install", record,
                     after=audit.snapshot(record, exclude=("yaml_text",)))
    return record


def next_version(session: Session, code: str) -> int:
    return (session.scalar(select(func.max(CriteriaSetRecord.version)).where(
        CriteriaSetRecord.code == code)) or 0) + 1


def copy_set(session: Session, source: CriteriaSetRecord, text: str, found: CriteriaSet,
             owner: Organization, user: User | None) -> CriteriaSetRecord:
    """A copy of `source` (its text for another year and version, read as `found`), owned
    and editable by `owner`."""
    record = CriteriaSetRecord(code=found.code, version=found.version, year=found.year,
                               name=found.name, yaml_text=text, owner_org_id=owner.id,
                               copied_from_id=source.id, created_by=_uid(user))
    session.add(record)
    audit.record(session, user, "criteria_set.copy", record,
                 after=audit.snapshot(record, exclude=("yaml_text",)))
    return record


def edit_set(session: Session, record: CriteriaSetRecord, text: str, found: CriteriaSet,
             user: User | None, expected_revision: int) -> None:
    """Replace the set's YAML (checked by the caller, read as `found`); refused once a
    submitted assessment uses it, or when it changes its code or version."""
    if record.frozen_at is not None:
        raise _refuse("Bộ tiêu chí đã được dùng cho bản tự chấm đã gửi nên không sửa được; "
                      "hãy sao chép thành phiên bản mới", "the criteria set is frozen")
    if record.revision != expected_revision:
        raise ConflictError("criteria_sets", record.id, expected_revision, record.revision)
    if (found.code, found.version) != (record.code, record.version):
        raise _refuse(f"Không đổi mã và phiên bản khi sửa (giữ code: {record.code}, version: "
                      f"{record.version}); muốn bộ mới thì sao chép", "code and version stay")
    before = audit.snapshot(record, exclude=("yaml_text",))
    record.yaml_text, record.year, record.name = text, found.year, found.name
    record.updated_by, record.updated_at = _uid(user), utcnow()
    _flush(session, "criteria_sets", record.id, expected_revision)
    audit.record(session, user, "criteria_set.edit", record, before,
                 after=audit.snapshot(record, exclude=("yaml_text",)))


def _flush(session: Session, table: str, ident: int, expected: int) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(table, ident, expected, None) from exc


# -- the assessment -------------------------------------------------------------------------
def open_assessment(session: Session, org: Organization, year: int, record: CriteriaSetRecord,
                    criteria_set: CriteriaSet, user: User | None) -> Assessment:
    """The organization's assessment of `year`, created with a line per self-assessed
    criterion of the set when it does not exist yet."""
    assessment = session.scalar(select(Assessment).where(Assessment.org_id == org.id,
                                                         Assessment.year == year))
    if assessment is not None:
        return assessment
    assessment = Assessment(org_id=org.id, year=year, set_id=record.id, status="draft",
                            document={}, updated_by=None)
    session.add(assessment)
    session.flush()
    for leaf in criteria_set.leaves():
        if leaf.assessed_by == "self":
            session.add(ScoreItem(assessment_id=assessment.id, code=leaf.code, value={}))
    audit.record(session, user, "score.open", assessment)
    return assessment


@dataclass(frozen=True)
class SelfScore:
    """What the unit enters for one criterion."""

    value: dict[str, Any]
    points: float | None
    explanation: str | None


def _check_status(assessment: Assessment, allowed: tuple[str, ...], vietnamese: str) -> None:
    if assessment.status not in allowed:
        raise _refuse(f"{vietnamese} (bản tự chấm đang ở bước “"
                      f"{STATUS_LABELS[assessment.status]}”)",
                      f"not allowed while {assessment.status}")


def _check_version(assessment: Assessment, expected_version: int) -> None:
    if assessment.version_id != expected_version:
        raise ConflictError("score_assessments", assessment.id, expected_version,
                            assessment.version_id)


def _item_values(item: ScoreItem, fields: tuple[str, ...]) -> dict[str, Any]:
    return {"code": item.code, **{field: getattr(item, field) for field in fields}}


def _touch(session: Session, assessment: Assessment, user: User | None,
           expected_version: int) -> None:
    assessment.updated_by, assessment.updated_at = _uid(user), utcnow()
    _flush(session, "score_assessments", assessment.id, expected_version)


def save_self_scores(session: Session, assessment: Assessment, user: User | None,
                     scores: Mapping[str, SelfScore], texts: Mapping[str, str | None],
                     expected_version: int) -> list[str]:
    """Store the unit's values, points and explanations (and its difficulties and
    proposals); the codes that changed. Only while the self-score is a draft."""
    _check_status(assessment, ("draft",), "Chỉ sửa điểm tự chấm khi chưa trình duyệt")
    _check_version(assessment, expected_version)
    items = {item.code: item for item in assessment.items}
    changed = []
    for code, entered in scores.items():
        item = items.get(code)
        if item is None:
            raise _refuse(f"Không có tiêu chí tự chấm mã {code}", f"no criterion {code}")
        new = {"value": dict(entered.value), "self_points": entered.points,
               "explanation": _text(entered.explanation, f"Giải trình tiêu chí {code}")}
        before = _item_values(item, SELF_FIELDS)
        if all(before[key] == value for key, value in new.items()):
            continue
        for key, value in new.items():
            setattr(item, key, value)
        item.updated_at = utcnow()
        audit.record(session, user, "score.self", item, before, _item_values(item, SELF_FIELDS))
        changed.append(code)
    new_texts = {key: _text(texts.get(key), "Nội dung") for key in ("difficulties", "proposals")
                 if key in texts}
    if any(getattr(assessment, key) != value for key, value in new_texts.items()):
        before = {key: getattr(assessment, key) for key in new_texts}
        for key, value in new_texts.items():
            setattr(assessment, key, value)
        audit.record(session, user, "score.texts", assessment, before, new_texts)
        changed.append("texts")
    if changed:
        _touch(session, assessment, user, expected_version)
    return changed


def _move(session: Session, assessment: Assessment, user: User | None, action: str,
          status: str, extra: Mapping[str, Any] | None = None) -> None:
    before = {"status": assessment.status}
    assessment.status = status
    audit.record(session, user, action, assessment, before, {"status": status, **(extra or {})})


def approve(session: Session, assessment: Assessment, user: User | None) -> None:
    """Leadership approves the self-score (phê duyệt): not whoever last scored it."""
    _check_status(assessment, ("draft",), "Chỉ phê duyệt bản đang tự chấm")
    if user is not None and assessment.updated_by == user.id:
        raise _refuse("Người chấm điểm không tự phê duyệt bản tự chấm của mình",
                      "the scorer cannot approve their own self-assessment")
    assessment.approved_by, assessment.approved_at = _uid(user), utcnow()
    _move(session, assessment, user, "score.approve", "approved")


def reopen(session: Session, assessment: Assessment, user: User | None, comment: str) -> None:
    """Leadership sends the approved self-score back to be scored again."""
    _check_status(assessment, ("approved",), "Chỉ trả lại bản đã phê duyệt, chưa gửi")
    comment = _text(comment, "Lý do")
    if not comment:
        raise _refuse("Hãy ghi lý do trả lại", "a reason is needed")
    assessment.approved_by = assessment.approved_at = None
    _move(session, assessment, user, "score.reopen", "draft", {"comment": comment})


def submit(session: Session, assessment: Assessment, user: User | None,
           computed: Mapping[str, dict[str, Any]], self_points: Mapping[str, float | None],
           self_total: float) -> None:
    """Send the approved self-score to the level above: it is locked with the points as
    shown, cchc's figures are kept as they stood, and the criteria set is frozen."""
    _check_status(assessment, ("approved",), "Chỉ gửi bản tự chấm đã được lãnh đạo phê duyệt")
    for item in assessment.items:
        item.computed = dict(computed[item.code]) if item.code in computed else None
        item.self_points = self_points.get(item.code)
    now = utcnow()
    assessment.submitted_by, assessment.submitted_at = _uid(user), now
    assessment.self_total = self_total
    record = assessment.criteria_set
    if record.frozen_at is None:
        record.frozen_at = now
        audit.record(session, user, "criteria_set.freeze", record, {"frozen_at": None},
                     {"frozen_at": now.isoformat(), "assessment_id": assessment.id})
    _move(session, assessment, user, "score.submit", "submitted", {"self_total": self_total})


APPRAISABLE = ("submitted", "explained")


def appraise(session: Session, assessment: Assessment, user: User | None,
             changes: Mapping[str, tuple[float | None, str | None]],
             expected_version: int) -> list[str]:
    """The level above's adjusted points and comments (thẩm định), per criterion; the codes
    that changed. Each change is an audit entry with the values before and after."""
    _check_status(assessment, APPRAISABLE, "Chỉ thẩm định bản đã gửi hoặc đã giải trình")
    _check_version(assessment, expected_version)
    items = {item.code: item for item in assessment.items}
    changed = []
    for code, (points, comment) in changes.items():
        item = items.get(code)
        if item is None:
            raise _refuse(f"Không có tiêu chí mã {code}", f"no criterion {code}")
        before = _item_values(item, APPRAISAL_FIELDS)
        new = {"appraised_points": points,
               "appraisal_comment": _text(comment, f"Nhận xét tiêu chí {code}")}
        if all(before[key] == value for key, value in new.items()):
            continue
        for key, value in new.items():
            setattr(item, key, value)
        item.updated_at = utcnow()
        audit.record(session, user, "score.appraise", item, before,
                     _item_values(item, APPRAISAL_FIELDS))
        changed.append(code)
    if changed:
        _touch(session, assessment, user, expected_version)
    return changed


def ask_explanation(session: Session, assessment: Assessment, user: User | None) -> None:
    """Send the appraisal to the unit for its explanation (giải trình)."""
    _check_status(assessment, APPRAISABLE, "Chỉ yêu cầu giải trình khi đang thẩm định")
    if not any(item.appraised_points is not None or item.appraisal_comment
               for item in assessment.items):
        raise _refuse("Chưa có tiêu chí nào được điều chỉnh điểm hoặc nhận xét để đơn vị giải "
                      "trình", "nothing to explain yet")
    _move(session, assessment, user, "score.ask_explanation", "explaining")


def save_responses(session: Session, assessment: Assessment, user: User | None,
                   responses: Mapping[str, str | None]) -> list[str]:
    """The unit's explanations of the appraisal, per criterion."""
    _check_status(assessment, ("explaining",), "Chỉ giải trình khi cấp trên yêu cầu")
    items = {item.code: item for item in assessment.items}
    changed = []
    for code, text in responses.items():
        item = items.get(code)
        if item is None:
            raise _refuse(f"Không có tiêu chí mã {code}", f"no criterion {code}")
        text = _text(text, f"Giải trình tiêu chí {code}")
        if item.unit_response == text:
            continue
        before = _item_values(item, ("unit_response",))
        item.unit_response, item.updated_at = text, utcnow()
        audit.record(session, user, "score.respond", item, before,
                     _item_values(item, ("unit_response",)))
        changed.append(code)
    return changed


def send_explanation(session: Session, assessment: Assessment, user: User | None) -> None:
    _check_status(assessment, ("explaining",), "Chỉ gửi giải trình khi cấp trên yêu cầu")
    _move(session, assessment, user, "score.explain", "explained")


def finalize(session: Session, assessment: Assessment, user: User | None,
             final_total: float) -> None:
    """The appraised score becomes the official one (điểm chính thức)."""
    _check_status(assessment, APPRAISABLE, "Chỉ chốt điểm bản đang thẩm định")
    assessment.finalized_by, assessment.finalized_at = _uid(user), utcnow()
    assessment.final_total = final_total
    _move(session, assessment, user, "score.finalize", "final", {"final_total": final_total})


# -- evidence -------------------------------------------------------------------------------
def add_score_evidence(session: Session, item: ScoreItem, user: User | None, kind: str,
                       name: str, ref_id: int | None = None,
                       upload: tuple[EvidenceFiles, bytes | Any, str] | None = None
                       ) -> ScoreEvidence:
    """Link a record of cchc (task, evidence, report, plan) to the criterion, or store an
    uploaded file (files, content, mime) for it. Only while the self-score is a draft."""
    _check_status(item.assessment, ("draft",), "Chỉ thêm tài liệu kiểm chứng khi đang tự chấm")
    file, mime = None, None
    if upload is not None:
        files, content, mime = upload
        file = stored_file(session, files, content)
    evidence = ScoreEvidence(item_id=item.id, kind=kind, ref_id=ref_id, file=file,
                             name=name[:255], mime=mime, user_id=_uid(user))
    session.add(evidence)
    audit.record(session, user, "score.evidence_add", evidence,
                 after={**audit.snapshot(evidence), "code": item.code,
                        "sha256": file.sha256 if file else None})
    return evidence


def remove_score_evidence(session: Session, evidence: ScoreEvidence, item: ScoreItem,
                          user: User | None) -> None:
    _check_status(item.assessment, ("draft",), "Chỉ bỏ tài liệu kiểm chứng khi đang tự chấm")
    audit.record(session, user, "score.evidence_remove", evidence,
                 before={**audit.snapshot(evidence), "code": item.code}, after={})
    session.delete(evidence)


# -- survey results -------------------------------------------------------------------------
def record_survey(session: Session, org: Organization, year: int, code: str, value: float,
                  source: str | None, user: User | None) -> SurveyResult:
    """A unit's result (percent) on a survey criterion, replacing an earlier one."""
    if not 0 <= value <= 100:
        raise _refuse(f"Kết quả điều tra {value:g}% phải từ 0 đến 100", "percent out of range")
    result = session.scalar(select(SurveyResult).where(
        SurveyResult.org_id == org.id, SurveyResult.year == year, SurveyResult.code == code))
    before = None
    if result is None:
        result = SurveyResult(org_id=org.id, year=year, code=code, value=value)
        session.add(result)
    else:
        before = audit.snapshot(result)
    result.value, result.source = value, (source or "").strip()[:255] or None
    result.entered_by, result.entered_at = _uid(user), utcnow()
    audit.record(session, user, "score.survey", result, before)
    return result
