"""The upper level's compilation (báo cáo tổng hợp): for a province, or a department over its
units, every plan-issuing unit below it that existed in the period — its tasks due, done and
overdue, its targets met (from the report it sent) and whether its report came on time —
with rankings, the units with the most overdue tasks, and each reform area's narrative
excerpts from the units' sent reports, to edit into the province's own report.

Task figures of all units come from one pass over their plans (`figures.task_states`), so a
province of 700 units compiles in seconds.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cchc.domain.areas import AREAS
from cchc.reports.drafts import Drafting
from cchc.reports.figures import Figures, task_states
from cchc.reports.naming import unit_names
from cchc.reports.periods import ReportPeriod
from cchc.reports.render import (
    document_context, paragraphs, period_context, totals_sentence, vn_date)
from cchc.reports.unit_report import SCHEMA
from cchc.store.models import (
    PLAN_ISSUER_KINDS, Organization, Plan, Report, ReportSubmission)
from cchc.store.queries import subtree_ids

LEVELS = {"tinh": "Cấp tỉnh", "so": "Sở, ban, ngành", "huyen": "Cấp huyện", "xa": "Cấp xã",
          "phuong": "Cấp xã", "thi_tran": "Cấp xã", "dac_khu": "Cấp xã"}
SENT_LABELS = {"on_time": "Đúng hạn", "late": "Muộn", "returned": "Bị trả lại",
               "missing": "Chưa gửi"}
TOP = 10  # units in the printed ranking's head and tail, and in the overdue list
EXCERPT_CHARS = 600  # of one unit's text in one area
EXCERPT_UNITS = 15  # units quoted per area


def units_below(session: Session, org: Organization, period: ReportPeriod
                ) -> list[Organization]:
    """The plan-issuing units under `org` that existed during the period, in tree order."""
    ids = subtree_ids(session, org.id) - {org.id}
    found = session.scalars(select(Organization).where(
        Organization.id.in_(sorted(ids)), Organization.kind.in_(PLAN_ISSUER_KINDS),
        (Organization.valid_from.is_(None)) | (Organization.valid_from <= period.end),
        (Organization.valid_to.is_(None)) | (Organization.valid_to >= period.start))).all()
    return sorted(found, key=lambda o: o.code)


def submission_states(session: Session, org_ids: list[int], period_code: str
                      ) -> dict[int, tuple[str, ReportSubmission | None]]:
    """Per unit: on_time | late | returned | missing, and its latest sent version."""
    reports = {r.id: r for r in session.scalars(select(Report).where(
        Report.org_id.in_(org_ids), Report.period_code == period_code, Report.kind == "unit"))}
    latest = select(ReportSubmission.report_id, func.max(ReportSubmission.number).label("n")) \
        .where(ReportSubmission.report_id.in_(list(reports))) \
        .group_by(ReportSubmission.report_id).subquery()
    submissions = {s.report_id: s for s in session.scalars(
        select(ReportSubmission).join(latest, (latest.c.report_id == ReportSubmission.report_id)
                                      & (latest.c.n == ReportSubmission.number)))}
    firsts = dict(session.execute(
        select(ReportSubmission.report_id, ReportSubmission.late)
        .where(ReportSubmission.report_id.in_(list(reports)), ReportSubmission.number == 1))
        .all())
    states: dict[int, tuple[str, ReportSubmission | None]] = {}
    for report in reports.values():
        submission = submissions.get(report.id)
        if report.status == "sent":
            state = "late" if firsts.get(report.id) else "on_time"
        elif report.status == "returned":
            state = "returned"
        else:
            state = "missing"
        states[report.org_id] = (state, submission)
    return states


def compile_report(session: Session, org: Organization, period: ReportPeriod,
                   how: Drafting) -> dict[str, Any]:
    """The compilation's content (schema cchc.report/1, kind "compilation")."""
    units = units_below(session, org, period)
    ids = [u.id for u in units]
    versions = dict(session.execute(select(Plan.current_version_id, Plan.org_id).where(
        Plan.org_id.in_(ids), Plan.year == period.year,
        Plan.current_version_id.is_not(None))).all())
    by_org: dict[int, Figures] = defaultdict(Figures)
    by_area: dict[str, Figures] = defaultdict(Figures)
    for state in task_states(session, list(versions), period.start, period.end, how.today):
        for figures in (by_org[versions[state.version_id]], by_area[state.area]):
            figures.due += 1
            figures.done += state.state == "done"
            figures.overdue += state.state == "overdue"
    sent = submission_states(session, ids, period.code)
    planned = set(versions.values())
    rows = [_unit_row(unit, by_org[unit.id], unit.id in planned, *sent.get(
        unit.id, ("missing", None))) for unit in units]
    totals = Figures()
    for figures in by_org.values():
        totals.add(figures)
    names = unit_names(org.name, org.kind, org.parent.name if org.parent else None,
                       org.parent.kind if org.parent else None)
    content: dict[str, Any] = {
        "schema": SCHEMA, "kind": "compilation", "as_of": how.today.isoformat(),
        "org": {"id": org.id, "code": org.code, "name": org.name, "kind": org.kind,
                "upper_body": names.upper_body, "issuer": names.issuer,
                "full_name": names.full_name, "short_name": names.short_name,
                "place": names.place, "is_committee": names.is_committee},
        "period": {"code": period.code, "kind": period.kind, "year": period.year,
                   "label": period.label, "in_words": period.in_words,
                   "start": period.start.isoformat(), "end": period.end.isoformat(),
                   "due": period.due.isoformat()},
        "units": rows,
        "totals": totals.to_dict(),
        "areas": [{"code": code, "name": AREAS[code], **by_area[code].to_dict()}
                  for code in AREAS if by_area[code].due],
        "excerpts": _excerpts(units, sent),
        "document": {"number": "", "signer": "", "deputy": False, "sent_on": None,
                     "recipients": "- Như trên;\n- Lưu: VT."},
    }
    content["sections"] = {"ket_qua": "", "danh_gia": _assessment(content), "de_xuat": ""}
    return content


def _unit_row(unit: Organization, figures: Figures, has_plan: bool, state: str,
              submission: ReportSubmission | None) -> dict[str, Any]:
    targets = None
    if submission is not None:
        measured = [t for t in submission.content.get("targets", [])
                    if t["status"] in ("đạt", "chưa đạt")]
        met = sum(t["status"] == "đạt" for t in measured)
        targets = [met, len(measured)]
    share = figures.done_share
    return {"id": unit.id, "code": unit.code, "name": unit.name,
            "level": LEVELS.get(unit.kind, ""), "has_plan": has_plan, **figures.to_dict(),
            "share": round(share, 1) if share is not None else None,
            "targets": targets, "sent": state,
            "sent_at": submission.sent_at.isoformat() if submission else None}


def _excerpts(units: list[Organization], sent: dict[int, tuple[str, ReportSubmission | None]]
              ) -> list[dict[str, Any]]:
    """Per reform area, what the units' sent reports say about it."""
    out = []
    for number, code in enumerate((c for c in AREAS if c != "chi_dao"), 1):
        quotes = []
        for unit in units:
            state, submission = sent.get(unit.id, ("missing", None))
            if submission is None or state == "returned":
                continue
            text = " ".join(paragraphs(submission.content.get("sections", {})
                                       .get(f"area:{code}")))
            if text:
                cut = text if len(text) <= EXCERPT_CHARS else (
                    text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …")
                quotes.append({"unit": unit.name, "text": cut})
        if quotes:
            out.append({"code": code, "name": AREAS[code], "no": number, "quotes": quotes})
    return out


def ranking(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Units with tasks due, best completion first (fewer overdue breaks ties)."""
    ranked = sorted((r for r in rows if r["due"]),
                    key=lambda r: (-r["done"] / r["due"], r["overdue"], r["name"]))
    return [{**r, "rank": n} for n, r in enumerate(ranked, 1)]


def most_overdue(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted((r for r in rows if r["overdue"]),
                  key=lambda r: (-r["overdue"], r["name"]))[:TOP]


def sent_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {state: 0 for state in SENT_LABELS}
    for row in rows:
        counts[row["sent"]] += 1
    return counts


def _assessment(content: dict[str, Any]) -> str:
    rows, totals = content["units"], content["totals"]
    lines = []
    if totals["due"]:
        lines.append(f"Các đơn vị trực thuộc đã hoàn thành {totals['done']}/{totals['due']} "
                     f"nhiệm vụ đến hạn trong kỳ; còn {totals['overdue']} nhiệm vụ quá hạn.")
    without_plan = [r["name"] for r in rows if not r["has_plan"]]
    if without_plan:
        lines.append(f"Còn {len(without_plan)} đơn vị chưa có kế hoạch cải cách hành chính "
                     f"năm {content['period']['year']} trên hệ thống.")
    worst = most_overdue(rows)[:3]
    if worst:
        lines.append("Các đơn vị có nhiều nhiệm vụ quá hạn nhất: " + "; ".join(
            f"{r['name']} ({r['overdue']})" for r in worst) + ".")
    return "\n".join(lines)


def compilation_context(content: dict[str, Any]) -> dict[str, Any]:
    """The docxtpl context of the compilation."""
    rows, period, org = content["units"], content["period"], content["org"]
    counts = sent_counts(rows)
    missing = [r["name"] for r in rows if r["sent"] in ("missing", "returned")]
    submission = [f"Có {counts['on_time'] + counts['late']}/{len(rows)} đơn vị đã gửi báo cáo "
                  f"{period['in_words']} (đúng hạn {counts['on_time']}, muộn {counts['late']}); "
                  f"{counts['missing']} đơn vị chưa gửi; {counts['returned']} báo cáo bị trả lại "
                  "chờ đơn vị gửi lại."]
    if missing:
        shown = ", ".join(missing[:30]) + (f" và {len(missing) - 30} đơn vị khác"
                                           if len(missing) > 30 else "")
        submission.append(f"Đơn vị chưa gửi hoặc đang chỉnh sửa báo cáo: {shown}.")
    ranked = ranking(rows)
    shown_rank = ranked if len(ranked) <= 2 * TOP else ranked[:TOP] + ranked[-TOP:]
    met = [r["targets"] for r in rows if r["targets"]]
    return {
        "org": org, "period": period_context(content),
        "doc": document_context(content, "Tổng hợp kết quả thực hiện công tác cải cách hành "
                                         f"chính {period['in_words']} của các đơn vị"),
        "intro": [f"{org['short_name']} tổng hợp kết quả thực hiện công tác cải cách hành chính "
                  f"{period['in_words']} của {len(rows)} đơn vị trực thuộc (số liệu từ ngày "
                  f"{vn_date(period['start'])} đến ngày {vn_date(period['end'])}) như sau:"],
        "submission_text": submission,
        "totals_text": totals_sentence(content["totals"], "Trong kỳ, các đơn vị"),
        "sections": {key: paragraphs(text) for key, text in content["sections"].items()}
        | {"de_xuat": paragraphs(content["sections"].get("de_xuat"))
           or ["Không có đề xuất, kiến nghị."]},
        "ranking": [{**r, "share": _share(r)} for r in shown_rank],
        "most_overdue": [{"no": n, **r} for n, r in enumerate(most_overdue(rows), 1)],
        "excerpts": [{**a, "paragraphs": [f"- {q['unit']}: {q['text']}"
                                          for q in a["quotes"][:EXCERPT_UNITS]]}
                     for a in content["excerpts"]],
        "units": [{"no": n, **r, "targets": _targets(r["targets"]),
                   "sent": SENT_LABELS[r["sent"]]} for n, r in enumerate(rows, 1)],
        "total": {**content["totals"],
                  "targets": _targets([sum(m[0] for m in met), sum(m[1] for m in met)])
                  if met else "—",
                  "sent": f"{counts['on_time'] + counts['late']}/{len(rows)}"},
    }


def _share(row: dict[str, Any]) -> str:
    return f"{row['share']:.1f}%".replace(".", ",") if row["share"] is not None else "—"


def _targets(pair: list[int] | None) -> str:
    return f"{pair[0]}/{pair[1]}" if pair else "—"
