"""Milestone expansion: every schedule kind against dates computed by hand."""

from datetime import date

import pytest

from cchc.domain.plan import ScheduleItem
from cchc.tracking.milestones import Occurrence, expand_item, expand_schedule
from cchc.tracking.periods import ReportingCalendar

YEAR = 2024


def dues(occurrences: list[Occurrence]) -> list[date | None]:
    return [o.due_date for o in occurrences]


def test_it_puts_a_due_item_on_its_date_in_the_reporting_quarter_that_covers_it():
    [m] = expand_item(ScheduleItem("due", date=date(2024, 3, 31), label="ban hành kế hoạch"), YEAR)
    assert m == Occurrence("ban hành kế hoạch", "due", date(2024, 3, 31), "2024-Q2")


def test_it_counts_a_due_date_on_the_cutoff_day_in_that_quarter():
    [m] = expand_item(ScheduleItem("due", date=date(2024, 3, 14)), YEAR)
    assert m.period_code == "2024-Q1"


def test_it_counts_late_december_in_next_years_first_quarter():
    [m] = expand_item(ScheduleItem("due", date=date(2024, 12, 31)), YEAR)
    assert (m.due_date, m.period_code) == (date(2024, 12, 31), "2025-Q1")


def test_it_keeps_a_due_date_from_the_year_before_the_plan():
    [m] = expand_item(ScheduleItem("due", date=date(2022, 12, 31)), 2023)
    assert (m.due_date, m.period_code) == (date(2022, 12, 31), "2023-Q1")


def test_it_puts_a_window_on_its_end_date():
    item = ScheduleItem("window", start=date(2024, 4, 1), end=date(2024, 12, 31))
    assert dues(expand_item(item, YEAR)) == [date(2024, 12, 31)]


def test_it_gives_quarterly_duties_one_milestone_per_report_deadline():
    item = ScheduleItem("recurring", freq="quarterly", label="Báo cáo kết quả thực hiện")
    got = expand_item(item, YEAR)
    assert dues(got) == [date(2024, 3, 20), date(2024, 6, 20), date(2024, 9, 20),
                         date(2024, 12, 20)]
    assert [m.period_code for m in got] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert got[0].label == "Báo cáo kết quả thực hiện (Quý I/2024)"
    assert {m.kind for m in got} == {"recurring"}


def test_it_treats_a_recurring_duty_without_frequency_as_the_quarterly_reports():
    got = expand_item(ScheduleItem("recurring"), YEAR)
    assert [m.label for m in got] == ["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024"]
    assert dues(got) == [date(2024, 3, 20), date(2024, 6, 20), date(2024, 9, 20),
                         date(2024, 12, 20)]


def test_it_gives_semiannual_duties_the_six_month_and_year_reports():
    got = expand_item(ScheduleItem("recurring", freq="semiannual"), YEAR)
    assert [(m.period_code, m.due_date) for m in got] == [("2024-H1", date(2024, 6, 20)),
                                                          ("2024-Y", date(2024, 12, 20))]


def test_it_gives_nine_month_duties_one_report_in_september():
    got = expand_item(ScheduleItem("recurring", freq="nine_months"), YEAR)
    assert [(m.period_code, m.due_date) for m in got] == [("2024-9M", date(2024, 9, 20))]


def test_it_gives_annual_duties_the_year_report():
    got = expand_item(ScheduleItem("recurring", freq="annual"), YEAR)
    assert [(m.period_code, m.due_date) for m in got] == [("2024-Y", date(2024, 12, 20))]


def test_it_gives_monthly_duties_twelve_reports():
    got = expand_item(ScheduleItem("recurring", freq="monthly"), YEAR)
    assert len(got) == 12
    assert (got[0].period_code, got[0].due_date) == ("2024-M01", date(2024, 1, 20))
    assert (got[11].period_code, got[11].due_date) == ("2024-M12", date(2024, 12, 20))


def test_it_closes_a_continuous_duty_at_the_end_it_names():
    [m] = expand_item(ScheduleItem("continuous", end=date(2024, 12, 31)), YEAR)
    assert (m.kind, m.due_date) == ("continuous", date(2024, 12, 31))


def test_it_closes_a_continuous_duty_without_end_at_the_plan_years_end():
    assert dues(expand_item(ScheduleItem("continuous"), YEAR)) == [date(2024, 12, 31)]


def test_it_leaves_an_event_undated_until_someone_sets_it():
    text = "Sau khi UBND tỉnh ban hành Kế hoạch"
    [m] = expand_item(ScheduleItem("event", text=text), YEAR)
    assert m == Occurrence(text, "event", None, None)


def test_it_expands_a_whole_schedule_in_order():
    items = [ScheduleItem("due", date=date(2024, 3, 31), label="Xây dựng Kế hoạch"),
             ScheduleItem("recurring", freq="semiannual", label="Báo cáo")]
    assert [m.label for m in expand_schedule(items, YEAR)] == [
        "Xây dựng Kế hoạch", "Báo cáo (6 tháng đầu năm 2024)", "Báo cáo (Năm 2024)"]


def test_it_follows_a_configured_calendar():
    calendar = ReportingCalendar(cutoff_day=28, report_day=5)
    got = expand_item(ScheduleItem("recurring", freq="quarterly"), YEAR, calendar)
    assert dues(got) == [date(2024, 4, 5), date(2024, 7, 5), date(2024, 10, 5), date(2025, 1, 5)]


@pytest.mark.parametrize("kind", ["due", "window"])
def test_it_leaves_an_item_without_a_date_undated(kind):
    [m] = expand_item(ScheduleItem(kind), YEAR)
    assert (m.due_date, m.period_code) == (None, None)


def test_it_makes_one_milestone_of_a_report_two_items_ask_for():
    """"Báo cáo kết quả định kỳ 6 tháng, hàng năm" (seed 000): the semiannual series already
    ends with the year report the annual item asks for."""
    items = [ScheduleItem("recurring", freq="semiannual", label="Báo cáo kết quả"),
             ScheduleItem("recurring", freq="annual", label="Báo cáo kết quả")]
    labels = [o.label for o in expand_schedule(items, 2023)]
    assert labels == ["Báo cáo kết quả (6 tháng đầu năm 2023)", "Báo cáo kết quả (Năm 2023)"]


def test_no_seed_task_gets_the_same_milestone_twice():
    from cchc.extract import parse_file
    from tests.helpers import SEEDS

    for path in SEEDS:
        plan = parse_file(path).plan
        for task in plan.tasks:
            occurrences = expand_schedule(task.schedule, plan.meta.year)
            assert len(occurrences) == len(set(occurrences)), (path.name, task.no, task.text)
