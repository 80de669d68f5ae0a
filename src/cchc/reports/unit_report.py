"""A unit's periodic CCHC report (báo cáo định kỳ), drafted from the data.

`draft_report` gathers, for one organization and one report period, everything the report
prints — the plan, the tasks due in the period by reform area (done with their products and
evidence, overdue with their lead units and the reasons from their notes), the tasks of the
next period, the targets measured from the dossiers, the dossier statistics of form 06 — and
pre-fills the narrative sections from the task notes. The result is plain JSON-ready data
(schema cchc.report/1): the web app keeps it as the draft's figures, a sent report keeps it
frozen with its content hash, and `render` prints it.

Outline (the usual one of CCHC reports): I. direction and management; II. results by reform
area; III. overall assessment (strengths, shortcomings, causes); IV. tasks of the next period;
V. proposals. Appendix I: targets; appendix II: form 06 (Circular 01/2020/TT-VPCP).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.areas import AREAS
from cchc.domain.plan import Target as PlanTarget
from cchc.indicators.store import DossierStore
from cchc.reports.dossier_figures import form06_rows, measure_targets
from cchc.reports.figures import TaskState, figures_of, task_states
from cchc.reports.naming import unit_names
from cchc.reports.periods import ReportCalendar, ReportPeriod
from cchc.store.models import (
    Evidence, Organization, Plan, PlanVersion, ProgressUpdate, Task, TaskUnit)

SCHEMA = "cchc.report/1"
DIRECTION = "chi_dao"  # section I; the other areas make section II
SECTIONS = {  # editable narrative sections: key -> title
    "chi_dao": "I. Công tác chỉ đạo, điều hành",
    "uu_diem": "III.1. Ưu điểm",
    "han_che": "III.2. Hạn chế",
    "nguyen_nhan": "III.3. Nguyên nhân",
    "ky_toi": "IV. Nhiệm vụ trọng tâm kỳ tới",
    "de_xuat": "V. Đề xuất, kiến nghị",
}
NEXT_LIMIT = 30  # tasks listed for the next period


def section_keys(content: Mapping[str, Any]) -> list[str]:
    """The editable sections of a report, in print order: I, each area of II, III–V."""
    areas = [f"area:{a['code']}" for a in content["areas"] if a["code"] != DIRECTION]
    return ["chi_dao", *areas, "uu_diem", "han_che", "nguyen_nhan", "ky_toi", "de_xuat"]


def section_title(content: Mapping[str, Any], key: str) -> str:
    if key.startswith("area:"):
        area = next(a for a in content["areas"] if a["code"] == key[5:])
        return f"II.{area['no']}. {area['name']}"
    return SECTIONS[key]


def draft_report(session: Session, org: Organization, period: ReportPeriod, today: date,
                 calendar: ReportCalendar, store: DossierStore | None = None) -> dict[str, Any]:
    """The report's data and its pre-filled narrative (`sections`)."""
    names = unit_names(org.name, org.kind, org.parent.name if org.parent else None,
                       org.parent.kind if org.parent else None)
    plan = session.scalar(select(Plan).where(Plan.org_id == org.id, Plan.year == period.year))
    version = plan.current_version if plan else None
    versions = [version.id] if version else []
    states = task_states(session, versions, period.start, period.end, today)
    start, end = calendar.slice_after(period)
    following = [s for s in task_states(session, _next_versions(session, org, period, plan),
                                        start, end, today) if s.state != "done"]
    facts = _TaskFacts(session, plan, [s.task_id for s in states + following])
    content: dict[str, Any] = {
        "schema": SCHEMA, "kind": "unit", "as_of": today.isoformat(),
        "org": {"id": org.id, "code": org.code, "name": org.name, "kind": org.kind,
                "upper_body": names.upper_body, "issuer": names.issuer,
                "full_name": names.full_name, "short_name": names.short_name,
                "place": names.place, "is_committee": names.is_committee},
        "period": _period(period, calendar),
        "plan": _plan(plan, version),
        "totals": figures_of(states).to_dict(),
        "areas": _areas(states, facts),
        "next_tasks": [facts.line(s) for s in following[:NEXT_LIMIT]],
        "next_total": len(following),
        "targets": measure_targets(store, org.code, period, today,
                                   [_target(t) for t in version.targets] if version else []),
        "form06": form06_rows(store, org.code, period),
    }
    content["sections"] = default_sections(content)
    content["document"] = {
        "number": "", "deputy": False, "sent_on": None,
        "signer": (version.plan_json["meta"].get("signer") or "") if version else "",
        "recipients": "\n".join([f"- {_parent_name(org)} (b/c);" if org.parent else "",
                                 "- Lưu: VT."]).strip()}
    return content


def _parent_name(org: Organization) -> str:
    parent = org.parent
    return unit_names(parent.name, parent.kind).short_name if parent else ""


def _period(period: ReportPeriod, calendar: ReportCalendar) -> dict[str, Any]:
    start, end = calendar.slice_after(period)
    return {"code": period.code, "kind": period.kind, "year": period.year,
            "label": period.label, "in_words": period.in_words,
            "start": period.start.isoformat(), "end": period.end.isoformat(),
            "due": period.due.isoformat(), "next_label": calendar.following(period).label,
            "next_start": start.isoformat(), "next_end": end.isoformat()}


def _plan(plan: Plan | None, version: PlanVersion | None) -> dict[str, Any] | None:
    if plan is None or version is None:
        return None
    meta = version.plan_json.get("meta") or {}
    return {"id": plan.id, "year": plan.year, "version": version.number,
            "number": meta.get("number"), "issued_on": meta.get("issued_on"),
            "title": meta.get("title"), "tasks": len(version.tasks),
            "targets": len(version.targets)}


def _next_versions(session: Session, org: Organization, period: ReportPeriod,
                   plan: Plan | None) -> list[int]:
    """The plan versions the next period's tasks come from: this year's plan, or next year's
    after the year report."""
    if period.kind != "year":
        return [plan.current_version_id] if plan and plan.current_version_id else []
    version = session.scalar(select(Plan.current_version_id).where(
        Plan.org_id == org.id, Plan.year == period.year + 1))
    return [version] if version else []


def _target(row: Any) -> PlanTarget:
    return PlanTarget(row.text, row.area_code, row.indicator, row.comparator, row.value,
                      row.unit)


def _areas(states: list[TaskState], facts: _TaskFacts) -> list[dict[str, Any]]:
    by_area: dict[str, list[TaskState]] = defaultdict(list)
    for state in states:
        by_area[state.area].append(state)
    order = [DIRECTION, *(code for code in AREAS if code != DIRECTION)]
    out, number = [], 0
    for code in order:
        chosen = by_area.get(code, [])
        if code != DIRECTION:
            number += 1
        out.append({
            "code": code, "name": AREAS[code], "no": number if code != DIRECTION else 0,
            **figures_of(chosen).to_dict(),
            "done_tasks": [facts.line(s) for s in chosen if s.state == "done"],
            "overdue_tasks": [facts.line(s) for s in chosen if s.state == "overdue"],
            "open_tasks": [facts.line(s) for s in chosen if s.state == "open"]})
    return [a for a in out if a["due"] or a["code"] not in ("khac",)]


class _TaskFacts:
    """Text, lead units, products, evidence and latest note of tasks, following each task back
    through the earlier versions of its plan (evidence and notes stay with the task)."""

    def __init__(self, session: Session, plan: Plan | None, ids: list[int]) -> None:
        self.tasks = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_(ids)))}
        self.leads: dict[int, list[str]] = defaultdict(list)
        for task_id, printed, name in session.execute(
                select(TaskUnit.task_id, TaskUnit.printed_text, Organization.name)
                .outerjoin(Organization, Organization.id == TaskUnit.org_id)
                .where(TaskUnit.task_id.in_(ids), TaskUnit.role == "lead")
                .order_by(TaskUnit.task_id, TaskUnit.position)):
            self.leads[task_id].append(name or printed)
        previous = dict(session.execute(
            select(Task.id, Task.previous_task_id).join(PlanVersion)
            .where(PlanVersion.plan_id == (plan.id if plan else -1))).all())
        self.lineage = {task_id: self._chain(task_id, previous) for task_id in ids}
        every = sorted({t for chain in self.lineage.values() for t in chain})
        self.evidence: dict[int, list[str]] = defaultdict(list)
        for task_id, name in session.execute(
                select(Evidence.task_id, Evidence.name).where(Evidence.task_id.in_(every))
                .order_by(Evidence.created_at, Evidence.id)):
            self.evidence[task_id].append(name)
        self.notes: dict[int, str] = {}
        for task_id, note in session.execute(
                select(ProgressUpdate.task_id, ProgressUpdate.note)
                .where(ProgressUpdate.task_id.in_(every), ProgressUpdate.note.is_not(None),
                       ProgressUpdate.note != "")
                .order_by(ProgressUpdate.created_at, ProgressUpdate.id)):
            self.notes[task_id] = note  # the latest wins

    @staticmethod
    def _chain(task_id: int, previous: dict[int, int | None]) -> list[int]:
        chain, current = [], task_id
        while current is not None and current not in chain:
            chain.append(current)
            current = previous.get(current)
        return chain  # newest first

    def line(self, state: TaskState) -> dict[str, Any]:
        task = self.tasks[state.task_id]
        chain = self.lineage.get(task.id, [task.id])
        return {"id": task.id, "no": task.no or "", "text": task.text,
                "leads": self.leads.get(task.id, []), "outputs": list(task.outputs or []),
                "deadline": task.deadline_text or "",
                "due": [d.isoformat() for d in state.due_dates],
                "evidence": [name for t in reversed(chain) for name in self.evidence.get(t, [])],
                "note": next((self.notes[t] for t in chain if t in self.notes), "")}


def default_sections(content: Mapping[str, Any]) -> dict[str, str]:
    """The narrative pre-filled from the data and the task notes, one text per section."""
    org, plan, totals = content["org"], content["plan"], content["totals"]
    sections = {"chi_dao": _direction(content)}
    for area in content["areas"]:
        if area["code"] != DIRECTION:
            sections[f"area:{area['code']}"] = _notes(area["done_tasks"] + area["open_tasks"])
    measured = [t for t in content["targets"] if t["status"] in ("đạt", "chưa đạt")]
    met = [t for t in measured if t["status"] == "đạt"]
    strengths = []
    if totals["due"]:
        strengths.append(f"{org['short_name']} đã hoàn thành {totals['done']}/{totals['due']} "
                         f"nhiệm vụ đến hạn trong kỳ.")
    if measured:
        strengths.append(f"Có {len(met)}/{len(measured)} chỉ tiêu đo được từ dữ liệu hồ sơ "
                         "đạt kế hoạch.")
    shortcomings = []
    overdue = [t for a in content["areas"] for t in a["overdue_tasks"]]
    if overdue:
        shortcomings.append(f"Còn {len(overdue)} nhiệm vụ quá hạn chưa hoàn thành.")
    for target in measured:
        if target["status"] == "chưa đạt":
            shortcomings.append(f"Chỉ tiêu chưa đạt: {target['text']} (đạt {target['actual']}).")
    sections.update({
        "uu_diem": "\n".join(strengths),
        "han_che": "\n".join(shortcomings),
        "nguyen_nhan": _notes(overdue),
        "ky_toi": "\n".join(f"- {t['text'].rstrip('.;')}"
                            + (f" (thời gian: {t['deadline']})" if t["deadline"] else "") + "."
                            for t in content["next_tasks"]),
        "de_xuat": "",
    })
    if plan is None:
        sections["han_che"] = (f"{org['short_name']} chưa có kế hoạch cải cách hành chính năm "
                               f"{content['period']['year']} trên hệ thống.\n"
                               + sections["han_che"]).strip()
    return sections


def _direction(content: Mapping[str, Any]) -> str:
    org, plan = content["org"], content["plan"]
    lines = []
    if plan is not None:
        issued = date.fromisoformat(plan["issued_on"]) if plan["issued_on"] else None
        when = f"Ngày {issued:%d/%m/%Y}, " if issued else ""
        number = f" số {plan['number']}" if plan["number"] else ""
        lines.append(f"{when}{org['short_name']} ban hành Kế hoạch{number} về cải cách hành "
                     f"chính năm {plan['year']}, gồm {plan['tasks']} nhiệm vụ và "
                     f"{plan['targets']} chỉ tiêu; giao các cơ quan, bộ phận chủ trì triển khai.")
    direction = next((a for a in content["areas"] if a["code"] == DIRECTION), None)
    if direction:
        lines.append(_notes(direction["done_tasks"] + direction["open_tasks"]))
    return "\n".join(line for line in lines if line)


def _notes(tasks: list[dict[str, Any]]) -> str:
    """"- task: its latest note." for the tasks with a note."""
    return "\n".join(f"- {t['text'].rstrip('.;:')}: {t['note'].strip().rstrip('.')}."
                     for t in tasks if t["note"].strip())
