"""Lint: the mistakes a plan document makes about itself (missing leads, wrong years,
duplicate numbers, contradictory targets, units nobody knows). Reports, never fixes."""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz

from cchc.domain.findings import Finding
from cchc.domain.plan import Plan, Task
from cchc.domain.vntext import fold
from cchc.extract.document import Document, Paragraph, is_table_place

VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"
_PLAN_YEAR_TEXT = re.compile(
    r"(?i)(?:kế hoạch|nhiệm vụ|công tác)[^.;:]{0,60}?(?:cải cách hành chính|CCHC)[^.;:]{0,40}?"
    r"năm\s+(?P<y>(?:19|20)\d\d)"
)


def lint(plan: Plan, document: Document | None = None) -> list[Finding]:
    """All findings for a parsed plan, errors first."""
    findings: list[Finding] = []
    findings += _meta(plan)
    for task in plan.tasks:
        findings += _task(task, plan.meta.year)
    findings += _numbering(plan.tasks)
    findings += _target_conflicts(plan)
    if document is not None and plan.meta.year:
        findings += _stale_years(document, plan.meta.year)
    if document is not None:
        findings += document.findings
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order[f.severity])


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _meta(plan: Plan) -> list[Finding]:
    meta, out = plan.meta, []
    if not meta.number:
        out.append(
            Finding("warning", "blank_number", "Văn bản để trống số ký hiệu (Số: .../KH-UBND).")
        )
    if not meta.issued_on:
        out.append(Finding("warning", "blank_date", "Văn bản để trống hoặc thiếu ngày ban hành."))
    if not meta.year:
        out.append(Finding("error", "no_plan_year", "Không xác định được năm của kế hoạch."))
    if not plan.tasks:
        out.append(Finding("error", "no_tasks", "Không tìm thấy nhiệm vụ nào trong kế hoạch."))
    return out


def _task(task: Task, year: int | None) -> list[Finding]:
    label = f"Nhiệm vụ {task.no or '(không số)'}"
    out = []
    if not task.lead:
        out.append(
            Finding("error", "task_without_lead", f"{label} không có cơ quan chủ trì.", task.where)
        )
    if not task.outputs:
        out.append(
            Finding("warning", "task_without_output", f"{label} không có sản phẩm.", task.where)
        )
    if not task.deadline_text:
        out.append(
            Finding(
                "warning",
                "task_without_deadline",
                f"{label} không có thời gian hoàn thành.",
                task.where,
            )
        )
    for unit in task.lead_units + task.coop_units:
        if unit.unit_id is None:
            out.append(
                Finding(
                    "info",
                    "unknown_unit",
                    f"{label}: đơn vị “{unit.text}” không có trong danh mục đơn vị.",
                    task.where,
                )
            )
    if year:
        for item in task.schedule:
            day = item.date or item.end
            if day and item.kind in ("due", "window") and day.year < year:
                out.append(
                    Finding(
                        "error",
                        "deadline_before_plan_year",
                        f"{label}: thời hạn “{task.deadline_text}” ({day.isoformat()}) "
                        f"trước năm kế hoạch {year}.",
                        task.where,
                    )
                )
            elif day and item.kind in ("due", "window") and day.year > year + 1:
                out.append(
                    Finding(
                        "warning",
                        "deadline_after_plan_year",
                        f"{label}: thời hạn {day.isoformat()} sau năm kế hoạch {year}.",
                        task.where,
                    )
                )
    return out


def _numbering(tasks: list[Task]) -> list[Finding]:
    """Duplicate numbers and gaps in each run of numbers (a run restarts at a lower number,
    as when every area numbers its tasks from 1 or from "a")."""
    out: list[Finding] = []
    previous: dict[str, tuple[int, Task]] = {}
    for task in tasks:
        if task.no is None:
            out.append(
                Finding("warning", "missing_task_no", "Nhiệm vụ không có số thứ tự.", task.where)
            )
            continue
        kind, rank = _rank(task.no)
        if rank is None:
            continue
        last = previous.get(kind)
        if last and rank == last[0]:
            out.append(
                Finding(
                    "warning",
                    "duplicate_task_no",
                    f"Số thứ tự “{task.no}” lặp lại ngay sau nhiệm vụ cùng số.",
                    task.where,
                )
            )
        elif last and rank > last[0] + 1:
            missing = ", ".join(_label(kind, r) for r in range(last[0] + 1, rank))
            out.append(
                Finding(
                    "warning",
                    "gap_in_task_numbers",
                    f"Thiếu số thứ tự nhiệm vụ: {missing}.",
                    task.where,
                )
            )
        previous[kind] = (rank, task)
    return out


def _rank(no: str) -> tuple[str, int | None]:
    if no.isdigit():
        return "number", int(no)
    if len(no) == 1 and no.lower() in VIETNAMESE_LETTERS:
        return "letter", VIETNAMESE_LETTERS.index(no.lower())
    return "other", None


def _label(kind: str, rank: int) -> str:
    return str(rank) if kind == "number" else VIETNAMESE_LETTERS[rank]


def _target_conflicts(plan: Plan) -> list[Finding]:
    """The same indicator with a different value in the text and in the appendix table."""
    out: list[Finding] = []
    by_indicator = defaultdict(list)
    for target in plan.targets:
        if target.indicator != "other":
            by_indicator[(target.indicator, target.unit)].append(target)
    for (indicator, unit), targets in by_indicator.items():
        for i, a in enumerate(targets):
            for b in targets[i + 1 :]:
                in_table = is_table_place(a.where) != is_table_place(b.where)
                similar = fuzz.token_set_ratio(fold(a.text), fold(b.text)) >= 50
                if a.value != b.value and a.comparator == b.comparator and in_table and similar:
                    out.append(
                        Finding(
                            "error",
                            "target_conflict",
                            f"Chỉ tiêu {indicator} mâu thuẫn: {a.value:g}{unit} "
                            f"(“{a.text}”, {a.where}) và {b.value:g}{unit} "
                            f"(“{b.text}”, {b.where}).",
                            b.where,
                        )
                    )
    return out


def _stale_years(document: Document, year: int) -> list[Finding]:
    """Text saying the plan's tasks are for another year: a copy of last year's plan."""
    out: list[Finding] = []
    for block in document.blocks:
        if not isinstance(block, Paragraph) or re.match(r"(?i)^(căn cứ|thực hiện)\b", block.text):
            continue
        for match in _PLAN_YEAR_TEXT.finditer(block.text):
            other = int(match["y"])
            if other < year and not re.search(
                r"(?i)(kết quả|hạn chế|tồn tại|đã)\s*$", block.text[: match.start()]
            ):
                out.append(
                    Finding(
                        "error",
                        "year_inconsistent",
                        f"Kế hoạch năm {year} nhưng văn bản ghi “{match.group(0)}”.",
                        str(block.loc),
                    )
                )
    return out
