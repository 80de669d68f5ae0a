"""A plan's targets measured from a real dossier store: the plan's unit and the units below
it, year to date, CCHC report periods, monthly trend, drill-down. Hand-computed values.

Dossiers of 2024 (received, due, finished; judged at the period's end):
  QNG.TB.HT  HT.001  h1 08/01 → due 09/01, done 09/01       on time
                     h2 10/01 → due 11/01, done 15/01       late, apology letter
                     h3 05/02 → due 06/02, done 06/02       on time, online
                     h4 04/03 → due 05/03, done 05/03       on time, online
  QNG.TB     DD.001  d1 15/01 → due 15/02, done 14/02       early
                     d2 12/02 → due 12/03, done 13/03       late (within time at 29/02 and 14/03)
                     d3 11/03 → due 20/03, open             overdue from 21/03
Outside the plan's units: QNG.TBX (a sibling whose code starts alike), QNG.SN; and h0 of
2023 for QNG.TB.HT.
"""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cchc.domain.plan import Target
from cchc.indicators.importer import import_dossiers
from cchc.indicators.plan_targets import NO_DATA, NOT_MEASURED, PlanMeasures
from cchc.indicators.schema import ARROW_SCHEMA
from cchc.indicators.store import DossierStore
from tests.indicators.conftest import dossier

COMMUNE = {"org_code": "QNG.TB.HT"}
DISTRICT = {"org_code": "QNG.TB", "procedure_code": "DD.001",
            "procedure_name": "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
            "field_code": "DD", "field_name": "Đất đai"}
DOSSIERS = [
    dossier("h1", "2024-01-08 08:00", "2024-01-09 08:00", "2024-01-09 10:00", **COMMUNE),
    dossier("h2", "2024-01-10 08:00", "2024-01-11 08:00", "2024-01-15 10:00",
            apology_issued=True, **COMMUNE),
    dossier("h3", "2024-02-05 08:00", "2024-02-06 08:00", "2024-02-06 09:00", channel=2,
            **COMMUNE),
    dossier("h4", "2024-03-04 08:00", "2024-03-05 08:00", "2024-03-05 09:00", channel=2,
            **COMMUNE),
    dossier("d1", "2024-01-15 08:00", "2024-02-15 08:00", "2024-02-14 10:00", **DISTRICT),
    dossier("d2", "2024-02-12 08:00", "2024-03-12 08:00", "2024-03-13 10:00", **DISTRICT),
    dossier("d3", "2024-03-11 08:00", "2024-03-20 08:00", **DISTRICT),
    dossier("x1", "2024-01-09 08:00", "2024-01-10 08:00", "2024-01-20 10:00",
            org_code="QNG.TBX"),
    dossier("s1", "2024-04-10 08:00", "2024-04-11 08:00", "2024-04-11 09:00",
            org_code="QNG.SN"),
    dossier("h0", "2023-06-05 08:00", "2023-06-06 08:00", "2023-06-06 09:00", **COMMUNE),
]
APRIL = dt.date(2024, 4, 15)


def target(indicator: str = "on_time_rate", value: float = 95.0, comparator: str = ">=",
           unit: str = "%") -> Target:
    return Target("Tỷ lệ hồ sơ giải quyết đúng hạn", "tthc", indicator, comparator, value, unit)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> DossierStore:
    folder = tmp_path_factory.mktemp("plan-targets")
    pq.write_table(pa.Table.from_pylist(DOSSIERS, schema=ARROW_SCHEMA), folder / "d.parquet")
    stored = DossierStore(folder / "data")
    assert import_dossiers(folder / "d.parquet", stored).loaded == len(DOSSIERS)
    return stored


def test_it_measures_the_plans_units_year_to_date_judging_open_dossiers_at_its_end(store):
    figures = PlanMeasures(store, "QNG.TB", 2024, APRIL).measure(target())

    assert figures.ytd.actual == pytest.approx(100 * 4 / 7)  # h1 h3 h4 d1 of 7
    assert figures.status == "chưa đạt"
    assert figures.points == (pytest.approx(20 * 4 / 7), 20.0)  # Decision 766, progress


def test_it_follows_each_months_dossiers_as_they_stand_now(store):
    figures = PlanMeasures(store, "QNG.TB", 2024, APRIL).measure(target())

    # February: d2 was within time at the month's end, but finished late
    assert [(month, round(value, 4)) for month, value in figures.ytd.monthly] == [
        ("2024-01", 66.6667), ("2024-02", 50.0), ("2024-03", 50.0)]


def test_it_measures_each_cchc_report_period_under_way(store):
    figures = PlanMeasures(store, "QNG.TB", 2024, APRIL).measure(target())
    q1, half, nine, year = figures.periods

    # Q1 = 15/12/2023–14/03/2024: d2 finished late on 13/3; d3 still within time on 14/3
    assert (q1.period.id, q1.complete, q1.attainment.actual) == ("2024-Q1", True,
                                                                  pytest.approx(500 / 7))
    assert (q1.counts["on_time"], q1.counts["received"]) == (5, 7)
    assert (half.under_way, half.complete) == (True, False)  # provisional
    assert half.attainment.actual == pytest.approx(400 / 7)  # d3 overdue by 14/06
    assert (nine.under_way, nine.attainment, year.attainment) == (False, None, None)


def test_it_warns_of_risk_while_the_year_runs_and_settles_when_it_is_over(store):
    floor = target(value=55.0)  # met today (57.1 %); Jan 66.7, Feb 50, Mar 50: falling

    assert PlanMeasures(store, "QNG.TB", 2024, APRIL).measure(floor).status == "nguy cơ"
    over = PlanMeasures(store, "QNG.TB", 2024, dt.date(2025, 1, 10)).measure(floor)
    assert (over.status, over.ytd.actual) == ("đạt", pytest.approx(400 / 7))
    assert all(p.complete and p.attainment for p in over.periods)


def test_it_measures_the_other_rates_of_the_subtree(store):
    measures = PlanMeasures(store, "QNG.TB", 2024, APRIL)

    assert measures.measure(target("online_rate", 30)).ytd.actual == pytest.approx(200 / 7)
    apology = measures.measure(target("late_apology_rate", 100, "="))
    assert (apology.ytd.actual, apology.status) == (pytest.approx(100 / 3), "chưa đạt")
    stated = target(value=57, comparator="=")  # "đạt 57%": met at or above it
    assert PlanMeasures(store, "QNG.TB", 2024, dt.date(2025, 1, 10)).measure(
        stated).status == "đạt"


def test_it_keeps_to_the_plans_unit_and_year(store):
    commune = PlanMeasures(store, "QNG.TB.HT", 2024, APRIL).measure(target())
    last_year = PlanMeasures(store, "QNG.TB.HT", 2023, APRIL).measure(target())

    assert commune.ytd.actual == pytest.approx(75.0)  # h1 h3 h4 of h1..h4
    assert (last_year.ytd.actual, last_year.status) == (100.0, "đạt")  # h0 alone


def test_it_lists_the_procedures_and_visible_units_pulling_the_value_down(store):
    figures = PlanMeasures(store, "QNG.TB", 2024, APRIL).drilldown(target(), set)

    assert [(s.code, s.numerator, s.denominator, round(s.gap, 6))
            for s in figures.ytd.procedures] == [("DD.001", 1, 3, 1.85), ("HT.001", 3, 4, 0.8)]
    assert figures.ytd.procedures[0].name == "Cấp giấy chứng nhận quyền sử dụng đất lần đầu"
    assert [(s.code, round(s.actual, 4)) for s in figures.ytd.units] == [
        ("QNG.TB", 33.3333), ("QNG.TB.HT", 75.0)]
    hidden = PlanMeasures(store, "QNG.TB", 2024, APRIL).drilldown(
        target(), lambda codes: set(codes) - {"QNG.TB"})
    assert [s.code for s in hidden.ytd.units] == ["QNG.TB.HT"]


def test_it_says_what_it_cannot_measure(store, tmp_path):
    measures = PlanMeasures(store, "QNG.TB", 2024, APRIL)

    assert measures.measure(target("legal_doc_rate", 100)).status == NOT_MEASURED
    assert measures.measure(target(unit="lần/năm")).status == NOT_MEASURED
    assert PlanMeasures(store, "BK", 2024, APRIL).measure(target()).status == NO_DATA
    assert PlanMeasures(store, "QNG.TB", 2025, APRIL).measure(target()).status == NO_DATA
    empty = PlanMeasures(DossierStore(tmp_path), "QNG.TB", 2024, APRIL).measure(target())
    assert (empty.status, empty.ytd, [p.attainment for p in empty.periods]) == (
        NO_DATA, None, [None] * 4)
