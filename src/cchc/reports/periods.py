"""Report periods (kỳ báo cáo CCHC): quý I, 6 tháng, 9 tháng, năm.

Each period is cumulative from the 15th of December of the previous year to the cut-off day
(ngày chốt số liệu, the 14th) of its last month; its report is due on the report day (the
20th). Both days are configuration — CCHC_REPORT_CUTOFF_DAY and CCHC_REPORT_DAY — read into
the tracking calendar (`ReportingCalendar`), and the periods are the indicators' CCHC periods
(`indicators.periods`, scheme "cchc"), so a report's dossier figures and its task figures
cover the same days.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from cchc.errors import CchcError
from cchc.indicators.periods import Kind, Period, Reporting, period_of, periods
from cchc.tracking.periods import ReportingCalendar

KINDS: tuple[Kind, ...] = ("quarter", "half", "nine_months", "year")
_SUFFIX = {"quarter": "-Q1", "half": "-H1", "nine_months": "-9M", "year": ""}
CODES_HELP = "2024-Q1 (quý I), 2024-H1 (6 tháng), 2024-9M (9 tháng) hoặc 2024 (năm)"


@dataclass(frozen=True)
class ReportPeriod:
    code: str  # 2024-Q1 | 2024-H1 | 2024-9M | 2024
    kind: Kind
    year: int
    label: str  # "Quý I/2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "Năm 2024"
    start: date  # 15/12 of the previous year
    end: date  # cut-off day, inclusive
    due: date  # report deadline (hạn gửi báo cáo)
    indicator_period: Period
    reporting: Reporting  # the indicators' CCHC scheme the period belongs to

    @property
    def in_words(self) -> str:
        """The period inside a sentence: "quý I năm 2024", "6 tháng đầu năm 2024"."""
        if self.kind == "quarter":
            return f"quý I năm {self.year}"
        return self.label[:1].lower() + self.label[1:]

    def is_late(self, sent_on: date) -> bool:
        return sent_on > self.due


@dataclass(frozen=True)
class ReportCalendar:
    """The report periods of a year under one cut-off day and report day."""

    tracking: ReportingCalendar = ReportingCalendar()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> ReportCalendar:
        try:
            return cls(ReportingCalendar(
                cutoff_day=int(environ.get("CCHC_REPORT_CUTOFF_DAY") or 14),
                report_day=int(environ.get("CCHC_REPORT_DAY") or 20)))
        except ValueError as exc:
            raise CchcError(f"CCHC_REPORT_CUTOFF_DAY / CCHC_REPORT_DAY: {exc} (ngày từ 1 đến "
                            "28)") from None

    @property
    def reporting(self) -> Reporting:
        """The indicators' CCHC scheme with the same cut-off day."""
        return Reporting("cchc", self.tracking.cutoff_day)

    def period(self, code: str) -> ReportPeriod:
        """The period of a code; CchcError for anything else."""
        try:
            found = period_of(code.strip(), self.reporting)
        except ValueError:
            found = None
        if found is None or not any(found.id == f"{found.id[:4]}{s}" for s in _SUFFIX.values()):
            raise CchcError(f"Kỳ báo cáo không hợp lệ '{code}': dùng {CODES_HELP} / unknown "
                            f"report period '{code}'")
        kind = next(k for k, s in _SUFFIX.items() if found.id == f"{found.id[:4]}{s}")
        return self._wrap(found, kind)

    def periods(self, year: int) -> list[ReportPeriod]:
        """Quý I, 6 tháng, 9 tháng and năm of `year`."""
        return [self._wrap(periods(kind, year, self.reporting)[0], kind) for kind in KINDS]

    def following(self, period: ReportPeriod) -> ReportPeriod:
        """The next report period (after the year report: next year's quý I)."""
        year = self.periods(period.year)
        index = [p.code for p in year].index(period.code)
        return year[index + 1] if index + 1 < len(year) else self.periods(period.year + 1)[0]

    def slice_after(self, period: ReportPeriod) -> tuple[date, date]:
        """The days the next report adds to this one (kỳ tới): 15/3–14/6 after quý I."""
        following = self.following(period)
        start = period.end.toordinal() + 1
        return date.fromordinal(start), following.end

    def current(self, today: date) -> ReportPeriod:
        """The period whose report is due next on `today` (on the deadline itself, that one)."""
        candidates = self.periods(today.year) + self.periods(today.year + 1)
        return next(p for p in candidates if today <= p.due)

    def _wrap(self, found: Period, kind: Kind) -> ReportPeriod:
        year = int(found.id[:4])
        last_month = found.end.month
        return ReportPeriod(found.id, kind, year, found.label, found.start, found.end,
                            self.tracking.report_due(year, last_month), found, self.reporting)
