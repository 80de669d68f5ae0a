import datetime as dt

import pyarrow.compute as pc

from cchc.indicators.calendar import WorkCalendar
from cchc.indicators.engine import parent_map
from cchc.indicators.schema import ARROW_SCHEMA
from cchc.indicators.synth import demo_orgs, synth


def test_it_is_deterministic_by_seed():
    assert synth(2000, seed=5).equals(synth(2000, seed=5))
    assert not synth(2000, seed=5).equals(synth(2000, seed=6))


def test_it_follows_the_canonical_schema_with_unique_codes():
    table = synth(5000, seed=1)
    assert table.schema == ARROW_SCHEMA
    assert pc.count_distinct(table["dossier_code"]).as_py() == 5000


def test_bigger_units_get_more_dossiers():
    counts = dict(zip(*pc.value_counts(synth(20000, seed=2)["org_code"]).flatten()))
    counts = {k.as_py(): v.as_py() for k, v in counts.items()}
    assert counts["TH"] > counts["TH.TPTH"] > counts["TH.TPTH.THIEUVAN"]


def test_counters_are_closed_over_tet_and_online_dossiers_wait_for_it():
    table = synth(50000, seed=3)
    calendar = WorkCalendar(2023, 2025)
    received = table["received_at"].to_pylist()
    assert all(calendar.is_working_day(r.date()) for r in received)
    tet = [r for r, s in zip(received, table["submitted_at"].to_pylist())
           if dt.datetime(2024, 2, 8) <= s < dt.datetime(2024, 2, 15)]
    assert tet and min(tet) >= dt.datetime(2024, 2, 15, 7)


def test_dossiers_are_received_in_office_hours():
    for r in synth(3000, seed=4)["received_at"].to_pylist():
        minutes = r.hour * 60 + r.minute
        assert 7 * 60 <= minutes <= 11 * 60 + 30 or 13 * 60 + 30 <= minutes <= 17 * 60


def test_demo_units_form_a_tree_by_their_codes():
    codes = [o.code for o in demo_orgs()]
    assert len(codes) == 12
    assert parent_map(codes)["TH.TPTH.THIEUVAN"] == "TH.TPTH"
    assert parent_map(codes)["TH.TPTH"] == "TH"
