"""Indicators on hand-made dossiers; every expected figure is counted by hand."""

import datetime as dt

import pytest

from cchc.indicators.engine import Engine
from cchc.indicators.periods import Reporting
from tests.indicators.conftest import dossier

AS_OF = dt.datetime(2024, 4, 30, 17, 0)


def figures(source, kind="month", by=("org",), period="2024-03", reporting=Reporting(),
            as_of=AS_OF, **kw):
    engine = Engine.from_dossiers(source, reporting, as_of=as_of)
    rows = engine.indicators(kind, by, period=period, **kw).to_pylist()
    return rows[0] if len(rows) == 1 else rows


def test_it_judges_on_time_by_the_date_part(parquet_of):
    source = parquet_of([
        dossier("early", "2024-03-01 08:00", "2024-03-05 10:00", "2024-03-04 16:00"),
        dossier("same-day", "2024-03-01 08:00", "2024-03-05 10:00", "2024-03-05 16:30"),
        dossier("late", "2024-03-01 08:00", "2024-03-05 10:00", "2024-03-06 08:00"),
    ])
    row = figures(source)
    assert (row["resolved_early"], row["resolved_on_time"], row["resolved_late"]) == (1, 1, 1)
    assert row["on_time_rate"] == pytest.approx(2 / 3)
    assert row["points_progress"] == pytest.approx(20 * 2 / 3)


def test_it_counts_a_dossier_finished_on_the_first_day_after_tet_as_on_time(parquet_of):
    # received Wed 7/2/2024 16:00, one working day: due Thu 15/2 16:00 (8-14/2 are Tết)
    source = parquet_of([
        dossier("tet", "2024-02-07 16:00", "2024-02-15 16:00", "2024-02-15 16:45"),
        dossier("due-before-tet", "2024-02-05 08:00", "2024-02-07 17:00", "2024-02-15 09:00"),
    ])
    row = figures(source, period="2024-02")
    assert (row["resolved_on_time"], row["resolved_late"]) == (1, 1)


def test_supplementation_time_is_added_back_to_the_due_date(parquet_of):
    source = parquet_of([
        # due Fri 8/3, 2 working days waiting for the citizen: due moves to Tue 12/3
        dossier("waited", "2024-03-04 08:00", "2024-03-08 10:00", "2024-03-12 15:00",
                supplement_requests=1, supplement_days=2),
        # finished early but asked to supplement twice: late
        dossier("twice", "2024-03-04 08:00", "2024-03-08 10:00", "2024-03-05 15:00",
                supplement_requests=2, supplement_days=1),
    ])
    row = figures(source)
    assert (row["resolved_on_time"], row["resolved_late"]) == (1, 1)


def test_open_dossiers_are_judged_at_the_period_end(parquet_of):
    source = parquet_of([
        # open on 31/3, finished on time on 3/4: within time in March
        dossier("in-time", "2024-03-25 08:00", "2024-04-05 17:00", "2024-04-03 09:00"),
        # open on 31/3 and already past due: overdue in March (finished late on 2/4)
        dossier("overdue", "2024-03-10 08:00", "2024-03-20 17:00", "2024-04-02 09:00"),
        # still open on 30/4 (as of), due 10/4
        dossier("open", "2024-03-28 08:00", "2024-04-10 17:00"),
        # due on the period's last day and not finished yet: still within time
        dossier("due-today", "2024-03-20 08:00", "2024-03-31 17:00", "2024-04-01 08:00"),
    ])
    march = figures(source)
    assert (march["pending_within"], march["pending_overdue"]) == (3, 1)
    assert march["on_time"] == 3 and march["late"] == 1
    # the same dossiers judged at the end of Q2 (capped at as-of 30/4)
    q2_cohort = figures(source, kind="half", period="2024-H1")
    assert (q2_cohort["resolved_on_time"] + q2_cohort["resolved_early"],
            q2_cohort["resolved_late"], q2_cohort["pending_overdue"]) == (1, 2, 1)


def test_late_dossiers_with_and_without_apology(parquet_of):
    source = parquet_of([
        dossier("late-apologized", "2024-03-01 08:00", "2024-03-05 17:00", "2024-03-08 09:00",
                apology_issued=True, new_due_at="2024-03-08 17:00"),
        dossier("late-silent", "2024-03-01 08:00", "2024-03-05 17:00", "2024-03-08 09:00"),
        dossier("overdue-apologized", "2024-03-01 08:00", "2024-03-05 17:00",
                apology_issued=True),
        dossier("on-time", "2024-03-01 08:00", "2024-03-05 17:00", "2024-03-05 09:00",
                apology_issued=True),
    ])
    row = figures(source)
    assert (row["late"], row["apologized"]) == (3, 2)
    assert row["late_apology_rate"] == pytest.approx(2 / 3)


def test_online_payment_digitization_reuse_and_satisfaction(parquet_of):
    base = ("2024-03-01 08:00", "2024-03-05 17:00", "2024-03-04 09:00")
    source = parquet_of([
        dossier("a", *base, channel=2, fee=50000, paid_online=True, digitized_components=2,
                total_components=2, reused=True, e_result=True, rating=5),
        dossier("b", *base, channel=2, fee=50000, paid_online=False, digitized_components=1,
                total_components=3, e_result=True, rating=3),
        dossier("c", *base, channel=3, fee=0, total_components=1, rating=4),
        dossier("d", "2024-03-01 08:00", "2024-03-05 17:00", channel=1, total_components=2),
    ])
    row = figures(source)
    assert (row["received"], row["received_online"], row["received_direct_post"]) == (4, 2, 2)
    assert row["online_rate"] == 0.5 and row["points_online"] == 12.0  # full marks at 50%
    assert row["online_payment_rate"] == 0.5 and row["points_online_payment"] == 5.0
    assert row["digitization_rate"] == pytest.approx(3 / 8)
    assert row["points_digitized_components"] == pytest.approx(4 * (3 / 8) / 0.8)
    assert row["e_result_rate"] == pytest.approx(2 / 3)  # among the 3 resolved
    assert row["reuse_rate"] == 0.25
    assert (row["rated"], row["satisfied"]) == (3, 2)
    assert row["points_satisfaction"] == pytest.approx(6 * (2 / 3) / 0.9)


def test_average_processing_time_in_working_days(parquet_of):
    source = parquet_of([
        # Friday 15:00 → Monday 11:00: 2 h + 4 h = 0.75 working day
        dossier("weekend", "2024-03-01 15:00", "2024-03-08 17:00", "2024-03-04 11:00"),
        # Mon 07:00 → Wed 17:00 = 3 days, of which 1 day waiting for supplement
        dossier("waited", "2024-03-04 07:00", "2024-03-08 17:00", "2024-03-06 17:00",
                supplement_requests=1, supplement_days=1),
    ])
    assert figures(source)["avg_processing_days"] == pytest.approx((0.75 + 2) / 2)


def test_withdrawn_and_refused_dossiers_are_not_counted(parquet_of):
    source = parquet_of([
        dossier("ok", "2024-03-01 08:00", "2024-03-05 17:00", "2024-03-04 09:00"),
        dossier("withdrawn", "2024-03-01 08:00", "2024-03-05 17:00", status=7),
        dossier("refused", "2024-03-01 08:00", "2024-03-05 17:00", status=3),
    ])
    assert figures(source)["received"] == 1


def test_cchc_periods_put_the_15th_in_the_next_quarter(parquet_of):
    source = parquet_of([
        dossier("q1", "2024-03-14 08:00", "2024-03-20 17:00", "2024-03-18 09:00"),
        dossier("q2", "2024-03-15 08:00", "2024-03-20 17:00", "2024-03-18 09:00"),
        dossier("q1-too", "2023-12-15 08:00", "2023-12-20 17:00", "2023-12-18 09:00"),
    ])
    rows = figures(source, kind="quarter", period=None, reporting=Reporting("cchc"))
    assert [(r["period"], r["received"]) for r in rows] == [("2024-Q1", 2), ("2024-Q2", 1)]
    rows = figures(source, kind="quarter", period=None)
    assert [(r["period"], r["received"]) for r in rows] == [("2023-Q4", 1), ("2024-Q1", 2)]


def test_a_unit_subtree_sums_its_communes(parquet_of):
    base = ("2024-03-01 08:00", "2024-03-05 17:00", "2024-03-04 09:00")
    source = parquet_of([dossier("p", *base, org_code="TH"),
                         dossier("d", *base, org_code="TH.TPTH"),
                         dossier("c", *base, org_code="TH.TPTH.THIEUVAN"),
                         dossier("x", *base, org_code="BK")])
    parents = {"TH.TPTH": "TH", "TH.TPTH.THIEUVAN": "TH.TPTH"}
    rows = figures(source, parents=parents)
    assert {r["org_code"]: r["received"] for r in rows} == {
        "BK": 1, "TH": 3, "TH.TPTH": 2, "TH.TPTH.THIEUVAN": 1}


def test_grouping_by_field_and_procedure_names_them(parquet_of):
    base = ("2024-03-01 08:00", "2024-03-05 17:00", "2024-03-04 09:00")
    source = parquet_of([dossier("a", *base),
                         dossier("b", *base, procedure_code="CT.001", field_code="CT",
                                 procedure_name="Chứng thực bản sao từ bản chính",
                                 field_name="Chứng thực")])
    rows = figures(source, by=("field", "procedure"))
    assert [(r["field_name"], r["procedure_name"]) for r in rows] == [
        ("Chứng thực", "Chứng thực bản sao từ bản chính"), ("Hộ tịch", "Đăng ký khai sinh")]


def test_form_06_counts_carried_over_resolved_and_pending(parquet_of):
    source = parquet_of([
        # carried over from Q1, resolved late in Q2
        dossier("carried", "2024-03-25 08:00", "2024-04-01 17:00", "2024-04-03 09:00"),
        # resolved in Q1: not in Q2
        dossier("done-q1", "2024-03-01 08:00", "2024-03-05 17:00", "2024-03-04 09:00"),
        dossier("online-early", "2024-04-02 08:00", "2024-04-10 17:00", "2024-04-05 09:00",
                channel=2),
        dossier("post-on-time", "2024-04-02 08:00", "2024-04-10 17:00", "2024-04-10 09:00",
                channel=3),
        dossier("pending-in-time", "2024-04-22 08:00", "2024-05-10 17:00"),
        dossier("pending-overdue", "2024-04-02 08:00", "2024-04-12 17:00"),
    ])
    engine = Engine.from_dossiers(source, as_of=AS_OF)
    (row,) = engine.form06("quarter", ("field",), period="2024-Q2").to_pylist()
    assert {k: row[k] for k in ("carried_over", "received_online", "received_direct_post",
                                "resolved_early", "resolved_on_time", "resolved_late",
                                "pending_within", "pending_overdue")} == {
        "carried_over": 1, "received_online": 1, "received_direct_post": 3,
        "resolved_early": 1, "resolved_on_time": 1, "resolved_late": 1,
        "pending_within": 1, "pending_overdue": 1}
    assert row["field_name"] == "Hộ tịch"


def test_saved_aggregates_give_the_same_figures(parquet_of, tmp_path):
    source = parquet_of([
        dossier("a", "2024-03-01 08:00", "2024-03-05 17:00", "2024-03-08 09:00"),
        dossier("b", "2024-03-25 08:00", "2024-04-05 17:00"),
    ])
    engine = Engine.from_dossiers(source, as_of=AS_OF)
    engine.save(tmp_path / "agg")
    reopened = Engine.from_aggregates(tmp_path / "agg")
    assert reopened.indicators("quarter").to_pylist() == engine.indicators("quarter").to_pylist()


def test_processing_time_skips_evenings_weekends_and_tet(parquet_of):
    source = parquet_of([
        # received Friday 18:00 (after hours), finished Monday 09:00: 2 working hours
        dossier("after-hours", "2024-03-01 18:00", "2024-03-05 17:00", "2024-03-04 09:00"),
        # received 7/2/2024 16:00, finished 15/2 08:00 after Tết: 1 h + 1 h
        dossier("tet", "2024-02-07 16:00", "2024-02-15 16:00", "2024-02-15 08:00"),
    ])
    engine = Engine.from_dossiers(source, as_of=AS_OF)
    (row,) = engine.indicators("year", period="2024").to_pylist()
    assert row["processing_seconds"] == 4 * 3600
    assert row["avg_processing_days"] == pytest.approx(2 / 8)
