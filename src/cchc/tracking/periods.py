"""The CCHC reporting-period calendar (kỳ báo cáo CCHC).

Reports cut off on the 14th, not at quarter end (581/BNV-CCHC; Decree 09/2019 Art. 12): Q1 runs
15/12 of the previous year – 14/3, the 6-month report 15/12 – 14/6, the 9-month report
15/12 – 14/9, the year report 15/12 – 14/12; each report goes up about the 20th of the period's
last month. The cut-off day and the report day are configuration (`ReportingCalendar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cchc.domain.plan import Frequency

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class ReportingPeriod:
    """One reporting period (kỳ báo cáo): what it covers and when its report is due."""

    code: str  # "2024-Q1", "2024-H1", "2024-9M", "2024-Y", "2024-M03"
    label: str  # "Quý I/2024", "6 tháng đầu năm 2024", ...
    start: date  # first day covered
    end: date  # cut-off day (ngày chốt số liệu), inclusive
    report_due: date  # hạn gửi báo cáo


@dataclass(frozen=True)
class ReportingCalendar:
    """Cut-off day (ngày chốt số liệu) and report day (hạn gửi báo cáo) of every period.

    A report day after the cut-off day falls in the period's last month; one on or before it
    falls in the following month (e.g. cut-off 28, report 5 → the 5th of the next month).
    """

    cutoff_day: int = 14
    report_day: int = 20

    def __post_init__(self) -> None:
        for name in ("cutoff_day", "report_day"):
            if not 1 <= getattr(self, name) <= 28:
                raise ValueError(f"{name} must be between 1 and 28, got {getattr(self, name)}")

    def cutoff(self, year: int, month: int) -> date:
        """The cut-off date of a period ending in `month` of `year`."""
        return date(year, month, self.cutoff_day)

    def report_due(self, year: int, month: int) -> date:
        """When the report of a period ending in `month` of `year` is due."""
        if self.report_day > self.cutoff_day:
            return date(year, month, self.report_day)
        year, month = _next_month(year, month)
        return date(year, month, self.report_day)

    def period(self, code: str, label: str, year: int, first_month: int,
               last_month: int) -> ReportingPeriod:
        """The period covering the cut-off slices of months first_month..last_month of year."""
        prev_year, prev_month = _previous_month(year, first_month)
        start = self.cutoff(prev_year, prev_month) + timedelta(days=1)
        return ReportingPeriod(code, label, start, self.cutoff(year, last_month),
                               self.report_due(year, last_month))

    def months(self, year: int) -> list[ReportingPeriod]:
        """The twelve monthly periods (báo cáo tháng)."""
        return [self.period(f"{year}-M{m:02d}", f"Tháng {m}/{year}", year, m, m)
                for m in range(1, 13)]

    def quarters(self, year: int) -> list[ReportingPeriod]:
        """The four quarterly slices (quý): 15/12–14/3, 15/3–14/6, 15/6–14/9, 15/9–14/12."""
        return [self.period(f"{year}-Q{q}", f"Quý {_ROMAN[q]}/{year}", year, 3 * q - 2, 3 * q)
                for q in range(1, 5)]

    def half_year(self, year: int) -> ReportingPeriod:
        """The 6-month report (báo cáo 6 tháng), 15/12 – 14/6."""
        return self.period(f"{year}-H1", f"6 tháng đầu năm {year}", year, 1, 6)

    def nine_months(self, year: int) -> ReportingPeriod:
        """The 9-month report (báo cáo 9 tháng), 15/12 – 14/9."""
        return self.period(f"{year}-9M", f"9 tháng năm {year}", year, 1, 9)

    def whole_year(self, year: int) -> ReportingPeriod:
        """The year report (báo cáo năm), 15/12 – 14/12."""
        return self.period(f"{year}-Y", f"Năm {year}", year, 1, 12)

    def recurring(self, year: int, freq: Frequency | None) -> list[ReportingPeriod]:
        """The periods of a recurring duty; no frequency given means the quarterly reports."""
        if freq == "monthly":
            return self.months(year)
        if freq == "semiannual":
            return [self.half_year(year), self.whole_year(year)]
        if freq == "nine_months":
            return [self.nine_months(year)]
        if freq == "annual":
            return [self.whole_year(year)]
        return self.quarters(year)

    def quarter_of(self, day: date) -> ReportingPeriod:
        """The quarterly slice whose report covers `day` (16/12/2024 is in Q1/2025)."""
        year, month = (day.year, day.month) if day.day <= self.cutoff_day else _next_month(
            day.year, day.month)
        return self.quarters(year)[(month - 1) // 3]


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)
