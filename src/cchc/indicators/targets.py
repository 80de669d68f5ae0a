"""Plan targets (chỉ tiêu) measured from the indicator figures: actual value, attainment
(đạt / chưa đạt / nguy cơ), and the procedures and units that pull the value down.
Pure functions over rows of `Engine.indicators(...)` (dicts with the counts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from cchc.domain.plan import Target
from cchc.indicators.catalog import RATE_BY_ID, Rate

Status = Literal["đạt", "chưa đạt", "nguy cơ", "chưa có số liệu"]
MONTHS = 12


@dataclass(frozen=True)
class Shortfall:
    """A procedure or unit below the target: `gap` dossiers short of it."""

    code: str
    name: str | None
    actual: float  # %
    numerator: int
    denominator: int
    gap: float


@dataclass
class Attainment:
    indicator: str
    label: str
    comparator: str
    target: float  # %
    actual: float | None  # %, over the months given
    status: Status
    projected: float | None  # %, linear trend of monthly values at month 12
    monthly: list[tuple[str, float]] = field(default_factory=list)  # (period, %)
    procedures: list[Shortfall] = field(default_factory=list)
    units: list[Shortfall] = field(default_factory=list)


def measurable(target: Target) -> bool:
    return target.indicator in RATE_BY_ID


def measure(target: Target, monthly: Sequence[dict], by_procedure: Sequence[dict] = (),
            by_unit: Sequence[dict] = (), top: int = 5, final: bool = False) -> Attainment:
    """Attainment of `target` from monthly rows of the plan year (period YYYY-MM), with the
    `top` procedures and units (rows over the same months) that fall furthest short; `final`:
    the year is over, so there is no risk by trend."""
    rate = RATE_BY_ID.get(target.indicator)
    if rate is None:
        raise ValueError(f"indicator '{target.indicator}' is not measured from dossiers")
    numerator = sum(row[rate.numerator] for row in monthly)
    denominator = sum(row[rate.denominator] for row in monthly)
    points = [(row["period"], 100 * row[rate.numerator] / row[rate.denominator])
              for row in monthly if row[rate.denominator]]
    actual = 100 * numerator / denominator if denominator else None
    projected = _projection(points)
    if actual is None:
        status: Status = "chưa có số liệu"
    elif not _meets(actual, target.comparator, target.value):
        status = "chưa đạt"
    elif not final and projected is not None and not _meets(projected, target.comparator,
                                                             target.value):
        status = "nguy cơ"
    else:
        status = "đạt"
    return Attainment(rate.id, rate.label, target.comparator, target.value, actual, status,
                      projected, points,
                      _shortfalls(rate, target, by_procedure, "procedure_code",
                                  "procedure_name", top),
                      _shortfalls(rate, target, by_unit, "org_code", None, top))


def _meets(value: float, comparator: str, target: float) -> bool:
    """A ceiling ("<=") is met at or below it; a floor, or a stated level ("đạt 98%", "="),
    at or above it."""
    if comparator == "<=":
        return value <= target + 1e-9
    return value >= target - 1e-9


def _projection(points: list[tuple[str, float]]) -> float | None:
    """Least-squares line through (month number, value), read at month 12."""
    if len(points) < 2:
        return None
    xs = [int(period[-2:]) for period, _ in points]
    ys = [value for _, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread
    return mean_y + slope * (MONTHS - mean_x)


def _shortfalls(rate: Rate, target: Target, rows: Sequence[dict], code: str,
                name: str | None, top: int) -> list[Shortfall]:
    wanted = target.value / 100
    found = []
    for row in rows:
        num, den = row[rate.numerator], row[rate.denominator]
        if not den:
            continue
        gap = num - wanted * den if target.comparator == "<=" else wanted * den - num
        if gap > 0:
            found.append(Shortfall(row[code], row.get(name) if name else None,
                                   100 * num / den, num, den, gap))
    return sorted(found, key=lambda s: (-s.gap, s.code))[:top]
