"""Expand a task's schedule (thời gian hoàn thành) into dated milestones (mốc) for the plan year.

- due → one milestone on its date; window → one on its end date;
- recurring → one per reporting period of the calendar, due on the report deadline
  (quarterly or no frequency: Q1–Q4; semiannual: 6 months and year; nine_months; annual; monthly);
- continuous (thường xuyên) → one at its end, the plan year's end by default;
- event (sau khi ... ban hành) → one undated milestone until someone sets its date.

Items that yield the same milestone ("định kỳ 6 tháng, hằng năm": the semiannual series already
ends with the annual report) yield it once.

Pure functions over domain objects; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cchc.domain.plan import ScheduleItem, ScheduleKind
from cchc.tracking.periods import ReportingCalendar, ReportingPeriod

DEFAULT_CALENDAR = ReportingCalendar()


@dataclass(frozen=True)
class Occurrence:
    """One milestone of a task before it is stored."""

    label: str | None  # what is due ("Báo cáo kết quả thực hiện (Quý I/2024)")
    kind: ScheduleKind
    due_date: date | None  # None: an event whose date nobody has set yet
    period_code: str | None  # the reporting period it counts in ("2024-Q2")


def expand_item(item: ScheduleItem, year: int,
                calendar: ReportingCalendar = DEFAULT_CALENDAR) -> list[Occurrence]:
    """The milestones of one schedule item in plan year `year`."""
    if item.kind == "recurring":
        return [_periodic(item, period) for period in calendar.recurring(year, item.freq)]
    if item.kind == "event":
        return [Occurrence(item.label or item.text, "event", None, None)]
    due = {"due": item.date, "window": item.end,
           "continuous": item.end or date(year, 12, 31)}[item.kind]
    period = calendar.quarter_of(due).code if due else None
    return [Occurrence(item.label, item.kind, due, period)]


def expand_schedule(items: Iterable[ScheduleItem], year: int,
                    calendar: ReportingCalendar = DEFAULT_CALENDAR) -> list[Occurrence]:
    """The distinct milestones of a whole schedule, in schedule order."""
    occurrences = (occurrence for item in items for occurrence in expand_item(item, year, calendar))
    return list(dict.fromkeys(occurrences))


def _periodic(item: ScheduleItem, period: ReportingPeriod) -> Occurrence:
    label = f"{item.label} ({period.label})" if item.label else period.label
    return Occurrence(label, "recurring", period.report_due, period.code)
