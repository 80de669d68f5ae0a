import datetime as dt

from cchc.indicators.periods import Reporting, bucket, period_of, periods

CCHC = Reporting("cchc", 14)


def test_cchc_report_periods_cut_off_on_the_14th():
    q1, q2, q3, _ = periods("quarter", 2024, CCHC)
    assert (q1.start, q1.end) == (dt.date(2023, 12, 15), dt.date(2024, 3, 14))
    assert (q3.start, q3.end) == (dt.date(2024, 6, 15), dt.date(2024, 9, 14))
    (h1, _), (nine,), (year,) = (periods(k, 2024, CCHC) for k in ("half", "nine_months", "year"))
    assert (h1.start, h1.end) == (dt.date(2023, 12, 15), dt.date(2024, 6, 14))
    assert (nine.start, nine.end) == (dt.date(2023, 12, 15), dt.date(2024, 9, 14))
    assert (year.start, year.end) == (dt.date(2023, 12, 15), dt.date(2024, 12, 14))
    assert q1.label == "Quý I/2024"


def test_the_cut_off_day_is_configuration():
    q1 = periods("quarter", 2024, Reporting("cchc", 15))[0]
    assert (q1.start, q1.end) == (dt.date(2023, 12, 16), dt.date(2024, 3, 15))


def test_a_day_after_the_cut_off_belongs_to_the_next_report_month():
    assert bucket(dt.date(2023, 12, 15), CCHC) == bucket(dt.date(2024, 1, 10), CCHC)
    assert bucket(dt.date(2023, 12, 15), Reporting()) == bucket(dt.date(2023, 12, 1), Reporting())


def test_calendar_periods_and_ids():
    feb = period_of("2024-02", Reporting())
    assert (feb.start, feb.end, feb.label) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29),
                                               "Tháng 02/2024")
    assert period_of("2024-H2", Reporting()).start == dt.date(2024, 7, 1)
    assert period_of("2024", Reporting()).end == dt.date(2024, 12, 31)
