"""Calendar periods named by deadline phrases: a day, months, quarters, first N months, years."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from cchc.domain.plan import ScheduleItem

Period = tuple[date, date]
Unit = Literal["day", "month", "quarter", "first_months", "last_months", "year", "years"]


@dataclass(frozen=True)
class PointSpec:
    """A named period before its year is known: "Quý III,IV" is (quarter, (3, 4), None).

    Values are months, quarters, N for the first/last N months, MMDD for days, years for
    "years"; none for "year" (the year itself).
    """

    unit: Unit
    values: tuple[int, ...] = ()
    year: int | None = None  # None: inherit from a neighbour or use the plan year


def periods(spec: PointSpec, default_year: int) -> list[Period] | None:
    """The periods `spec` names, or None when it names none (31/02, month 13, year 0)."""
    year = spec.year if spec.year is not None else default_year
    try:
        if spec.unit == "year":
            return [(date(year, 1, 1), date(year, 12, 31))]
        return [_period(spec.unit, value, year) for value in spec.values]
    except (ValueError, OverflowError):
        return None


def _period(unit: Unit, value: int, year: int) -> Period:
    if unit == "day":
        day = date(year, value // 100, value % 100)
        return day, day
    if unit == "month":
        return date(year, value, 1), _month_end(year, value)
    if unit == "quarter":
        if not 1 <= value <= 4:
            raise ValueError(f"quarter {value}")
        return date(year, 3 * value - 2, 1), _month_end(year, 3 * value)
    if unit == "years":
        return date(value, 1, 1), date(value, 12, 31)
    if unit == "first_months":
        return date(year, 1, 1), _month_end(year, value)
    return date(year, 13 - value, 1), date(year, 12, 31)  # last_months


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def point_items(found: list[Period]) -> list[ScheduleItem]:
    """One period: due at its end; a contiguous run: one window; scattered ones: one due each."""
    if len(found) > 1 and all(b[0] - a[1] == timedelta(days=1) for a, b in zip(found, found[1:])):
        return [ScheduleItem(kind="window", start=found[0][0], end=found[-1][1])]
    return [ScheduleItem(kind="due", date=end) for _, end in found]


def window(first: Period, last: Period) -> ScheduleItem | None:
    """The span from the start of `first` to the end of `last` ("từ tháng 3 đến tháng 5")."""
    if first[0] > last[1]:
        return None
    return ScheduleItem(kind="window", start=first[0], end=last[1])
