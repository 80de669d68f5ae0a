"""The indicator catalog: counts every engine produces, the rates derived from summed counts,
and the Decision 766/QĐ-TTg points estimated from the rates. Rates and points are derived
here once, from counts, whichever engine (DuckDB or the pandas reference) counted them."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

POINTS_NOTE = "ước tính — điểm chính thức do Cổng DVC quốc gia công bố"
NO_DATA = "chưa có dữ liệu"

COUNTS = (
    "received",  # tiếp nhận trong kỳ
    "received_online",  # trực tuyến (KenhThucHien 2)
    "received_direct_post",  # trực tiếp và bưu chính
    "resolved_early",  # đã giải quyết trước hạn
    "resolved_on_time",  # đúng hạn
    "resolved_late",  # quá hạn
    "pending_within",  # đang giải quyết trong hạn
    "pending_overdue",  # đang giải quyết quá hạn
    "with_fee",  # có phí, lệ phí, and whether it was paid online is recorded
    "paid_online",  # thanh toán trực tuyến
    "digitized_components",  # thành phần hồ sơ được số hóa (both counts recorded)
    "total_components",
    "reused",  # tái sử dụng dữ liệu số hóa
    "reuse_recorded",  # whether data was reused is recorded
    "e_results",  # kết quả điện tử (among resolved)
    "e_result_recorded",  # resolved, whether the result is electronic recorded
    "rated",  # có đánh giá (among resolved)
    "satisfied",  # hài lòng: rating 4 or 5
    "apologized",  # phiếu xin lỗi (among late)
    "apology_recorded",  # late, whether an apology was issued recorded
    "processing_seconds",  # working time received → finished, supplementation excluded
)


@dataclass(frozen=True)
class Rate:
    id: str
    numerator: str
    denominator: str
    label: str
    sources: tuple[str, ...] = ()  # optional dossier columns it needs besides the required


RATES = (
    Rate("on_time_rate", "on_time", "received",
         "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (kể cả đang giải quyết trong hạn)"),
    Rate("online_rate", "received_online", "received", "Tỷ lệ hồ sơ trực tuyến"),
    Rate("online_payment_rate", "paid_online", "with_fee", "Tỷ lệ thanh toán trực tuyến",
         ("fee", "paid_online")),
    Rate("digitization_rate", "digitized_components", "total_components",
         "Tỷ lệ thành phần hồ sơ được số hóa", ("digitized_components", "total_components")),
    Rate("e_result_rate", "e_results", "e_result_recorded", "Tỷ lệ cấp kết quả điện tử",
         ("e_result",)),
    Rate("reuse_rate", "reused", "reuse_recorded", "Tỷ lệ tái sử dụng dữ liệu số hóa",
         ("reused",)),
    Rate("satisfaction_rate", "satisfied", "rated", "Tỷ lệ hài lòng", ("rating",)),
    Rate("late_apology_rate", "apologized", "apology_recorded",
         "Tỷ lệ hồ sơ trễ hạn có phiếu xin lỗi", ("apology_issued",)),
)
RATE_BY_ID = {r.id: r for r in RATES}


@dataclass(frozen=True)
class Points:
    id: str
    maximum: float
    rate: str
    full_at: float  # the rate that earns full marks


POINTS = (  # Decision 766 as the national portal applies it (docs/indicators.md)
    Points("points_progress", 20, "on_time_rate", 1.0),
    Points("points_online", 12, "online_rate", 0.5),
    Points("points_online_payment", 10, "online_payment_rate", 1.0),
    Points("points_e_results", 6, "e_result_rate", 1.0),
    Points("points_digitized_components", 4, "digitization_rate", 0.8),
    Points("points_reuse", 2, "reuse_rate", 0.8),
    Points("points_satisfaction", 6, "satisfaction_rate", 0.9),
)


def derive(counts: pa.Table, seconds_per_day: int) -> pa.Table:
    """Add totals, rates, average processing days and 766 points to a table holding COUNTS.
    A rate whose denominator is 0 — nothing received, or its source not recorded — is None
    ("chưa có dữ liệu"), and so are its points: `points_total` sums the points that can be
    computed, `points_max` their maxima, never counting a missing source as 0."""
    table = counts
    for name, parts in {
        "resolved": ("resolved_early", "resolved_on_time", "resolved_late"),
        "pending": ("pending_within", "pending_overdue"),
        "on_time": ("resolved_early", "resolved_on_time", "pending_within"),
        "late": ("resolved_late", "pending_overdue"),
    }.items():
        total = table[parts[0]]
        for part in parts[1:]:
            total = pc.add(total, table[part])
        table = table.append_column(name, total)
    for rate in RATES:
        table = table.append_column(rate.id, _ratio(table[rate.numerator],
                                                    table[rate.denominator]))
    days = _ratio(table["processing_seconds"], pc.multiply(table["resolved"], seconds_per_day))
    table = table.append_column("avg_processing_days", days)
    for points in POINTS:
        scaled = pc.min_element_wise(pc.divide(table[points.rate], points.full_at), 1.0,
                                     skip_nulls=False)
        table = table.append_column(points.id, pc.multiply(scaled, float(points.maximum)))
    total = maximum = pa.chunked_array([pa.array([0.0] * table.num_rows)])
    for points in POINTS:
        total = pc.add(total, pc.fill_null(table[points.id], 0.0))
        maximum = pc.add(maximum, pc.if_else(pc.is_null(table[points.id]), 0.0,
                                             float(points.maximum)))
    computable = pc.greater(maximum, 0.0)
    none = pa.scalar(None, pa.float64())
    return table.append_column("points_total", pc.if_else(computable, total, none)) \
        .append_column("points_max", pc.if_else(computable, maximum, none))


def not_computable(row: dict) -> list[str]:
    """The rates of an indicator row that have no data (their sources are not recorded)."""
    return [rate.id for rate in RATES if row.get(rate.id) is None]


def _ratio(numerator: pa.ChunkedArray, denominator: pa.ChunkedArray) -> pa.ChunkedArray:
    den = pc.cast(denominator, pa.float64())
    return pc.if_else(pc.equal(den, 0.0), pa.scalar(None, pa.float64()),
                      pc.divide(pc.cast(numerator, pa.float64()), den))
