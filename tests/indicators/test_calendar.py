import datetime as dt

import numpy as np
import pytest

from cchc.errors import InputError
from cchc.indicators.calendar import WorkCalendar, load_calendar_config

CAL = WorkCalendar(2023, 2025)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_it_skips_the_weekend():
    # Friday 13:30 + 8 h: 3.5 h on Friday, 4.5 h on Monday morning
    assert CAL.add_working_time(at("2024-03-01 13:30"), 8) == at("2024-03-04 11:30")


def test_it_skips_tet_2024_from_8_to_14_february():
    for day in range(8, 15):
        assert not CAL.is_working_day(dt.date(2024, 2, day))
    assert CAL.is_working_day(dt.date(2024, 2, 15))
    assert CAL.add_working_time(at("2024-02-07 16:00"), 8) == at("2024-02-15 16:00")


def test_it_skips_30_april_and_1_may_and_works_the_make_up_saturday():
    # 29/4/2024 swapped off, Saturday 4/5/2024 worked instead (holidays package)
    assert not CAL.is_working_day(dt.date(2024, 4, 29))
    assert CAL.is_working_day(dt.date(2024, 5, 4))
    # Friday 26/4 09:00 + 3 days = 6 h Fri + 8 h Thu 2/5 + 8 h Fri 3/5 + 2 h Sat 4/5
    assert CAL.due_at(at("2024-04-26 09:00"), 3) == at("2024-05-04 09:00")


def test_it_skips_national_day():
    # 2/9 and 3/9/2024 off: Friday 30/8 at closing + 1 day = Wednesday 4/9 at closing
    assert CAL.add_working_time(at("2024-08-30 17:00"), 8) == at("2024-09-04 17:00")


def test_a_dossier_received_after_hours_starts_the_next_working_morning():
    assert CAL.add_working_time(at("2024-03-04 18:30"), 4.5) == at("2024-03-05 11:30")
    assert CAL.add_working_time(at("2024-03-09 10:00"), 1) == at("2024-03-11 08:00")  # Saturday


def test_the_lunch_break_does_not_count():
    assert CAL.add_working_time(at("2024-03-04 11:00"), 1) == at("2024-03-04 14:00")
    assert CAL.add_working_time(at("2024-03-04 12:15"), 1) == at("2024-03-04 14:30")


def test_half_a_day_procedure_is_due_the_same_afternoon():
    # 08:00 + 4 h: 3.5 h before lunch, 0.5 h after
    assert CAL.due_at(at("2024-03-04 08:00"), 0.5) == at("2024-03-04 14:00")


def test_supplementation_days_are_added_back_in_working_days():
    assert CAL.add_working_days(dt.date(2024, 2, 7), 1) == dt.date(2024, 2, 15)
    assert CAL.add_working_days(dt.date(2024, 3, 8), 2) == dt.date(2024, 3, 12)


def test_it_measures_elapsed_working_days():
    assert CAL.working_days_between(at("2024-02-07 07:00"), at("2024-02-15 17:00")) == 2.0
    assert CAL.working_days_between(at("2024-03-04 07:00"), at("2024-03-04 11:30")) == 4.5 / 8


def test_an_override_file_adds_days_off_and_make_up_working_days(tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text("2024:\n  days_off: [2024-03-08]\n  working_days: [2024-03-09]\n",
                    encoding="utf-8")
    overrides, hours = load_calendar_config(path)
    cal = WorkCalendar(2024, 2025, overrides, hours)
    assert not cal.is_working_day(dt.date(2024, 3, 8))
    assert cal.add_working_time(at("2024-03-07 17:00"), 8) == at("2024-03-09 17:00")


def test_working_hours_are_configurable(tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text('working_hours: ["07:30-11:30", "13:00-17:00"]\n', encoding="utf-8")
    overrides, hours = load_calendar_config(path)
    cal = WorkCalendar(2024, 2025, overrides, hours)
    assert hours.seconds_per_day == 8 * 3600
    assert cal.add_working_time(at("2024-03-04 07:00"), 4) == at("2024-03-04 11:30")
    assert cal.add_working_time(at("2024-03-04 07:00"), 5) == at("2024-03-04 14:00")


def test_a_bad_override_date_names_the_file(tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text("2024:\n  days_off: [30/02/2024]\n", encoding="utf-8")
    with pytest.raises(InputError, match="calendar.yaml.*30/02/2024"):
        load_calendar_config(path)


def test_arrays_agree_with_one_dossier_at_a_time():
    starts = np.array(["2024-02-07T16:00", "2024-03-09T10:00", "2024-05-03T12:00"],
                      dtype="datetime64[s]")
    ends = CAL.at_working_seconds(CAL.working_seconds(starts) + 8 * 3600)
    assert [e.item() for e in ends] == [CAL.add_working_time(s.item(), 8) for s in starts]
