"""Working-time calendar (lịch làm việc): Vietnamese public holidays, make-up working days,
office hours, and due dates counted in working time (8 h = 1 working day).

Holidays come from the `holidays` package (country VN: lunar Tết, Hùng Kings, swapped days);
a per-year override file carries the official decision when it differs. Timestamps are naive
local time (Asia/Ho_Chi_Minh). Positions on the working clock are in seconds, so the same
arrays serve one dossier (`add_working_time`) and ten million (`working_seconds`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import holidays
import numpy as np
import pyarrow as pa
import yaml

from cchc.errors import InputError

DAY = 86_400


@dataclass(frozen=True)
class WorkingHours:
    """Office sessions (giờ hành chính) as (start, end) seconds after midnight."""

    sessions: tuple[tuple[int, int], ...] = ((7 * 3600, 11 * 3600 + 1800),
                                             (13 * 3600 + 1800, 17 * 3600))

    @classmethod
    def parse(cls, spans: list[str]) -> WorkingHours:
        """From ["07:00-11:30", "13:30-17:00"]."""
        sessions = []
        for span in spans:
            start, end = (_clock(part) for part in span.split("-"))
            sessions.append((start, end))
        return cls(tuple(sessions))

    @property
    def seconds_per_day(self) -> int:
        return sum(end - start for start, end in self.sessions)


@dataclass(frozen=True)
class YearOverride:
    """An official decision for one year: extra days off and make-up working days (làm bù)."""

    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    working_days: frozenset[dt.date] = field(default_factory=frozenset)


def load_calendar_config(path: Path) -> tuple[dict[int, YearOverride], WorkingHours]:
    """Read the override file (YAML): `working_hours: [..]` and `2024: {days_off, working_days}`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read calendar overrides: {exc}") from exc
    hours = WorkingHours.parse(data.pop("working_hours")) if "working_hours" in data \
        else WorkingHours()
    overrides = {}
    for year, entry in data.items():
        entry = entry or {}
        overrides[int(year)] = YearOverride(
            frozenset(_as_date(path, d) for d in entry.get("days_off", [])),
            frozenset(_as_date(path, d) for d in entry.get("working_days", [])))
    return overrides, hours


class WorkCalendar:
    """Working days and hours for the years first_year..last_year."""

    def __init__(self, first_year: int, last_year: int,
                 overrides: dict[int, YearOverride] | None = None,
                 hours: WorkingHours = WorkingHours()) -> None:
        self.hours = hours
        self.first_day = dt.date(first_year, 1, 1)
        days = (dt.date(last_year, 12, 31) - self.first_day).days + 1
        self.days = np.arange(days).astype("timedelta64[D]") + np.datetime64(self.first_day)
        self.working = _working_days(self.days, first_year, last_year, overrides or {})
        per_day = np.where(self.working, hours.seconds_per_day, 0).astype(np.int64)
        self.cum_before = np.concatenate(([0], np.cumsum(per_day)[:-1]))  # seconds before day
        self.work_index = np.cumsum(self.working)  # working days up to and including the day
        self._work_days = self.days[self.working]

    @classmethod
    def covering(cls, first: dt.date, last: dt.date, config: Path | None = None) -> WorkCalendar:
        """A calendar wide enough for dates first..last (one spare year after for due dates)."""
        overrides, hours = load_calendar_config(config) if config else ({}, WorkingHours())
        return cls(first.year, last.year + 1, overrides, hours)

    # -- one date or instant -------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.working[self._index(day)])

    def add_working_time(self, start: dt.datetime, hours: float) -> dt.datetime:
        """The instant `hours` working hours after `start`; after-hours starts count from the
        next working morning. Ends on a session's end rather than the next session's start."""
        position = self.working_seconds(np.array([start], dtype="datetime64[s]"))[0]
        return _to_datetime(self.at_working_seconds(np.array([position + round(hours * 3600)]))[0])

    def due_at(self, received_at: dt.datetime, working_days: float) -> dt.datetime:
        """Appointment date (ngày hẹn trả) for a procedure taking `working_days` working days."""
        return self.add_working_time(received_at, working_days * self.hours.seconds_per_day / 3600)

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `day` (supplementation time added back)."""
        if count == 0:
            return day
        target = self.work_index[self._index(day)] + count
        return _to_date(self._work_days[target - 1])

    def working_days_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Elapsed working time from start to end, in working days."""
        pos = self.working_seconds(np.array([start, end], dtype="datetime64[s]"))
        return float(pos[1] - pos[0]) / self.hours.seconds_per_day

    # -- arrays --------------------------------------------------------------------------
    def working_seconds(self, instants: np.ndarray) -> np.ndarray:
        """Position of each instant on the working clock (seconds of working time since the
        calendar's first day); outside office hours the clock stands still."""
        instants = instants.astype("datetime64[s]")
        day_index = self._indices(instants.astype("datetime64[D]"))
        time_of_day = (instants - instants.astype("datetime64[D]")).astype(np.int64)
        in_day = sum(np.clip(time_of_day, start, end) - start for start, end in self.hours.sessions)
        return self.cum_before[day_index] + np.where(self.working[day_index], in_day, 0)

    def at_working_seconds(self, positions: np.ndarray) -> np.ndarray:
        """The earliest instant at which the working clock shows each position."""
        positions = np.asarray(positions, dtype=np.int64)
        per_day = self.hours.seconds_per_day
        # every working day holds per_day seconds: the k-th ends at (k + 1) × per_day
        slot = np.maximum(-(-positions // per_day) - 1, 0)
        if slot.size and slot.max() >= self._work_days.size:
            raise ValueError("working time runs past the calendar's last year")
        offset = positions - slot * per_day
        time_of_day = np.full(positions.shape, self.hours.sessions[0][0], dtype=np.int64)
        done = 0
        for start, end in self.hours.sessions:
            inside = offset > done
            time_of_day = np.where(inside, start + offset - done, time_of_day)
            done += end - start
        return self._work_days[slot].astype("datetime64[s]") + time_of_day.astype("timedelta64[s]")

    def table(self) -> pa.Table:
        """One row per day: day, working (bool), cum_before (working seconds before the day),
        work_index (working days up to and including the day). Used by the SQL engine."""
        return pa.table({"day": pa.array(self.days, pa.date32()), "working": self.working,
                         "cum_before": self.cum_before, "work_index": self.work_index})

    def _index(self, day: dt.date) -> int:
        return int(self._indices(np.array([day], dtype="datetime64[D]"))[0])

    def _indices(self, days: np.ndarray) -> np.ndarray:
        index = (days - np.datetime64(self.first_day, "D")).astype(np.int64)
        if index.size and (index.min() < 0 or index.max() >= self.days.size):
            raise ValueError(f"date outside the calendar {self.first_day.year}.."
                             f"{_to_date(self.days[-1]).year}")
        return index


def _working_days(days: np.ndarray, first_year: int, last_year: int,
                  overrides: dict[int, YearOverride]) -> np.ndarray:
    vn = holidays.country_holidays("VN", years=range(first_year, last_year + 1))
    off = set(vn.keys())
    makeup = set(vn.weekend_workdays)
    for override in overrides.values():
        off |= override.days_off
        makeup |= override.working_days
    weekday = (days.astype("datetime64[D]").view(np.int64) - 4) % 7  # 0 = Monday
    working = weekday < 5
    working &= ~np.isin(days, np.array(sorted(off), dtype="datetime64[D]"))
    working |= np.isin(days, np.array(sorted(makeup - off), dtype="datetime64[D]"))
    return working


def _clock(text: str) -> int:
    hours, minutes = text.strip().split(":")
    return int(hours) * 3600 + int(minutes) * 60


def _as_date(path: Path, value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(f"{path}: '{value}' is not a date (YYYY-MM-DD)") from exc


def _to_date(value: np.datetime64) -> dt.date:
    return value.astype("datetime64[D]").item()


def _to_datetime(value: np.datetime64) -> dt.datetime:
    return value.astype("datetime64[s]").item()
