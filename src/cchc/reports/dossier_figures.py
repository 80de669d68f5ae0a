"""The report's figures from one-stop-shop dossiers: each target's value for the period
(appendix I) and the statistics of form 06/VPCP/KSTT (appendix II), for the dossiers of the
unit and every unit below it (dotted codes), over the report period's days."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.domain.plan import Target
from cchc.errors import CchcError
from cchc.indicators.aggregates import engine_for
from cchc.indicators.engine import parent_map
from cchc.indicators.plan_targets import NOT_MEASURED, PlanMeasures
from cchc.indicators.store import DossierStore
from cchc.reports.periods import ReportPeriod

FORM06_COUNTS = ("carried_over", "received_online", "received_direct_post", "resolved_early",
                 "resolved_on_time", "resolved_late", "pending_within", "pending_overdue")
# the form's columns: (key, header under its group, header alone); each *_total sums the
# counts after it
FORM06_COLUMNS = (
    ("received_total", "Tổng số", "Tổng số hồ sơ nhận giải quyết"),
    ("carried_over", "Kỳ trước chuyển qua", "Kỳ trước chuyển qua"),
    ("received_online", "Trực tuyến", "Tiếp nhận trực tuyến"),
    ("received_direct_post", "Trực tiếp, BCCI", "Tiếp nhận trực tiếp, qua BCCI"),
    ("resolved_total", "Tổng số", "Tổng số đã giải quyết"),
    ("resolved_early", "Trước hạn", "Giải quyết trước hạn"),
    ("resolved_on_time", "Đúng hạn", "Giải quyết đúng hạn"),
    ("resolved_late", "Quá hạn", "Giải quyết quá hạn"),
    ("pending_total", "Tổng số", "Tổng số đang giải quyết"),
    ("pending_within", "Trong hạn", "Đang giải quyết trong hạn"),
    ("pending_overdue", "Quá hạn", "Đang giải quyết quá hạn"))
COMPARATORS = {">=": "≥", "<=": "≤", "=": "="}
NO_DATA = "chưa có dữ liệu"


def target_text(target: Target) -> str:
    """"≥ 98%"."""
    value = int(target.value) if float(target.value).is_integer() else target.value
    unit = target.unit if target.unit == "%" else f" {target.unit}"
    return f"{COMPARATORS.get(target.comparator, target.comparator)} {value}{unit}"


def measure_targets(store: DossierStore | None, org_code: str, period: ReportPeriod,
                    today: date, targets: list[Target]) -> list[dict[str, Any]]:
    """Each target with its value over the period, đạt / chưa đạt, and the data source."""
    measures = PlanMeasures(store, org_code, period.year, today,
                            period.reporting.cutoff_day) if store and targets else None
    rows = []
    for target in targets:
        row = {"text": target.text, "area": target.area, "target": target_text(target),
               "actual": "—", "status": NOT_MEASURED,
               "source": "Không có trong dữ liệu hồ sơ; đơn vị tự đánh giá"}
        figures = measures.measure(target) if measures else None
        if figures is not None and figures.rate is not None:
            value = next((v for v in figures.periods if v.period.id == period.code), None)
            row["status"], row["source"] = NO_DATA, "Hồ sơ TTHC (dữ liệu một cửa)"
            if value and value.attainment and value.attainment.actual is not None:
                rate = figures.rate
                counts = value.counts or {}
                row["actual"] = f"{value.attainment.actual:.2f}%".replace(".", ",")
                row["status"] = value.attainment.status
                row["source"] = (f"Hồ sơ TTHC (dữ liệu một cửa): {counts.get(rate.numerator, 0)}"
                                 f"/{counts.get(rate.denominator, 0)} — {rate.label.lower()}")
        rows.append(row)
    return rows


def form06_rows(store: DossierStore | None, org_code: str,
                period: ReportPeriod) -> dict[str, Any] | None:
    """Form 06 by field (lĩnh vực) for the unit's subtree over the period; None without
    dossiers."""
    if store is None:
        return None
    try:
        engine = engine_for(store, period.reporting)
    except CchcError:
        return None
    table = engine.form06(kind=period.kind, by=("org", "field"),
                          parents=parent_map(engine.org_codes()), period=period.code)
    rows = [r for r in table.to_pylist() if r["org_code"] == org_code]
    if not rows:
        return None
    fields = [_with_totals({"name": r["field_name"] or r["field_code"] or "(không rõ lĩnh vực)",
                            **{k: int(r[k]) for k in FORM06_COUNTS}}) for r in rows]
    total = _with_totals({k: sum(f[k] for f in fields) for k in FORM06_COUNTS})
    return {"fields": fields, "total": total}


def _with_totals(row: dict[str, Any]) -> dict[str, Any]:
    """The form's three sums: dossiers handled in the period, resolved, pending."""
    row["received_total"] = sum(row[k] for k in FORM06_COUNTS[:3])
    row["resolved_total"] = sum(row[k] for k in FORM06_COUNTS[3:6])
    row["pending_total"] = sum(row[k] for k in FORM06_COUNTS[6:])
    return row
