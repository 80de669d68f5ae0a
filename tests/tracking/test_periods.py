"""The CCHC reporting calendar: cut-offs on the 14th, reports about the 20th."""

from datetime import date

import pytest

from cchc.tracking.periods import ReportingCalendar, ReportingPeriod

calendar = ReportingCalendar()


def test_it_starts_the_first_quarter_on_15_december_of_the_previous_year():
    assert calendar.quarters(2024)[0] == ReportingPeriod(
        "2024-Q1", "Quý I/2024", date(2023, 12, 15), date(2024, 3, 14), date(2024, 3, 20))


def test_it_slices_the_quarters_at_the_cutoffs():
    assert [(q.start, q.end) for q in calendar.quarters(2024)[1:]] == [
        (date(2024, 3, 15), date(2024, 6, 14)),
        (date(2024, 6, 15), date(2024, 9, 14)),
        (date(2024, 9, 15), date(2024, 12, 14))]


def test_it_accumulates_the_six_month_nine_month_and_year_reports_from_15_december():
    assert [(p.start, p.end, p.report_due) for p in (
        calendar.half_year(2024), calendar.nine_months(2024), calendar.whole_year(2024))] == [
        (date(2023, 12, 15), date(2024, 6, 14), date(2024, 6, 20)),
        (date(2023, 12, 15), date(2024, 9, 14), date(2024, 9, 20)),
        (date(2023, 12, 15), date(2024, 12, 14), date(2024, 12, 20))]


def test_it_runs_monthly_periods_from_cutoff_to_cutoff():
    march = calendar.months(2024)[2]
    assert (march.code, march.start, march.end, march.report_due) == (
        "2024-M03", date(2024, 2, 15), date(2024, 3, 14), date(2024, 3, 20))


@pytest.mark.parametrize("day, code", [
    (date(2023, 12, 15), "2024-Q1"), (date(2024, 3, 14), "2024-Q1"),
    (date(2024, 3, 15), "2024-Q2"), (date(2024, 9, 30), "2024-Q4"),
    (date(2024, 12, 14), "2024-Q4"), (date(2024, 12, 15), "2025-Q1")])
def test_it_finds_the_quarter_that_reports_a_day(day, code):
    assert calendar.quarter_of(day).code == code


def test_it_rejects_a_cutoff_day_that_some_months_lack():
    with pytest.raises(ValueError, match="cutoff_day"):
        ReportingCalendar(cutoff_day=31)
