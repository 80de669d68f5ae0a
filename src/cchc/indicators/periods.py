"""Reporting periods (kỳ báo cáo): month, quarter, 6 months, 9 months, year, either on the
calendar or on the CCHC report cut-off (Q1 = 15/12 of the previous year – 14/3 when the
cut-off day is 14; guidance 581/BNV-CCHC). Months are numbered as buckets
(year × 12 + month − 1) so that every period is a run of months."""

from __future__ import annotations

import calendar as cal
import datetime as dt
from dataclasses import dataclass
from typing import Literal

Scheme = Literal["calendar", "cchc"]
Kind = Literal["month", "quarter", "half", "nine_months", "year"]
KINDS: tuple[Kind, ...] = ("month", "quarter", "half", "nine_months", "year")
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Reporting:
    """Which periods: calendar months, or CCHC report months ending on `cutoff_day`."""

    scheme: Scheme = "calendar"
    cutoff_day: int = 14


@dataclass(frozen=True)
class Period:
    id: str  # 2024-03, 2024-Q1, 2024-H1, 2024-H2, 2024-9M, 2024
    label: str  # Vietnamese, as printed in reports
    first_bucket: int
    last_bucket: int
    start: dt.date
    end: dt.date  # inclusive


def bucket(day: dt.date, reporting: Reporting) -> int:
    """The report month a day belongs to."""
    shift = reporting.scheme == "cchc" and day.day > reporting.cutoff_day
    return day.year * 12 + day.month - 1 + shift


def periods(kind: Kind, year: int, reporting: Reporting) -> list[Period]:
    """All periods of one kind in one year."""
    spans = {"month": [(m, m) for m in range(1, 13)],
             "quarter": [(3 * q - 2, 3 * q) for q in range(1, 5)],
             "half": [(1, 6), (7, 12)], "nine_months": [(1, 9)], "year": [(1, 12)]}[kind]
    return [_period(kind, year, first, last, reporting) for first, last in spans]


def periods_between(kind: Kind, first: dt.date, last: dt.date,
                    reporting: Reporting) -> list[Period]:
    """Periods of one kind touching first..last."""
    years = range(first.year, last.year + 2)
    return [p for y in years for p in periods(kind, y, reporting)
            if p.end >= first and p.start <= last]


def year_to_date(year: int, month: int, reporting: Reporting) -> Period:
    """Months 1..`month` of `year` as one period (lũy kế từ đầu năm)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1..12")
    if month == 12:
        return periods("year", year, reporting)[0]
    first, last = year * 12, year * 12 + month - 1
    return Period(f"{year}-01..{month:02d}", f"Từ đầu năm đến hết tháng {month:02d}/{year}",
                  first, last, _bucket_start(first, reporting), _bucket_end(last, reporting))


def period_of(period_id: str, reporting: Reporting) -> Period:
    """Parse a period id (2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024)."""
    year_text, _, rest = period_id.partition("-")
    if not year_text.isdigit():
        raise ValueError(f"unknown period '{period_id}'")
    year = int(year_text)
    kinds: dict[str, Kind] = {"": "year", "9M": "nine_months", "H1": "half", "H2": "half"}
    kind = kinds.get(rest, "quarter" if rest.startswith("Q") else "month")
    for period in periods(kind, year, reporting):
        if period.id == period_id or (kind == "month" and period.id == f"{year}-{rest:0>2}"):
            return period
    raise ValueError(f"unknown period '{period_id}'")


def _period(kind: Kind, year: int, first: int, last: int, reporting: Reporting) -> Period:
    ids = {"month": f"{year}-{first:02d}", "quarter": f"{year}-Q{last // 3}",
           "half": f"{year}-H{last // 6}", "nine_months": f"{year}-9M", "year": f"{year}"}
    labels = {"month": f"Tháng {first:02d}/{year}", "quarter": f"Quý {ROMAN[last // 3 - 1]}/{year}",
              "half": f"6 tháng {'đầu' if first == 1 else 'cuối'} năm {year}",
              "nine_months": f"9 tháng năm {year}", "year": f"Năm {year}"}
    first_bucket, last_bucket = year * 12 + first - 1, year * 12 + last - 1
    return Period(ids[kind], labels[kind], first_bucket, last_bucket,
                  _bucket_start(first_bucket, reporting), _bucket_end(last_bucket, reporting))


def _bucket_start(b: int, reporting: Reporting) -> dt.date:
    if reporting.scheme == "cchc":
        return _bucket_end(b - 1, reporting) + dt.timedelta(days=1)
    return dt.date(b // 12, b % 12 + 1, 1)


def _bucket_end(b: int, reporting: Reporting) -> dt.date:
    year, month = b // 12, b % 12 + 1
    if reporting.scheme == "cchc":
        return dt.date(year, month, reporting.cutoff_day)
    return dt.date(year, month, cal.monthrange(year, month)[1])


def kind_of(period_id: str, reporting: Reporting) -> str:
    """The kind of a period named by its id: month, quarter, half, nine_months or year."""
    period = period_of(period_id, reporting)
    months = period.last_bucket - period.first_bucket + 1
    if period.id.endswith("9M"):
        return "nine_months"
    return {1: "month", 3: "quarter", 6: "half", 12: "year"}[months]
