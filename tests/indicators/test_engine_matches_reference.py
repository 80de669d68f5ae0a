"""The DuckDB engine (via monthly aggregates) and the dossier-by-dossier pandas reference
agree on synthetic data, for both reporting schemes and every kind of period."""

import pandas as pd
import pyarrow.parquet as pq
import pytest

from cchc.indicators.catalog import COUNTS
from cchc.indicators.engine import Engine, parent_map
from cchc.indicators.periods import Reporting
from cchc.indicators.reference import KEYS, reference_indicators
from cchc.indicators.synth import demo_orgs, synth


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory):
    table = synth(30_000, seed=11)
    path = tmp_path_factory.mktemp("synth") / "dossiers.parquet"
    pq.write_table(table, path)
    return f"read_parquet('{path}')", table.to_pandas()


@pytest.mark.parametrize("scheme", ["calendar", "cchc"])
@pytest.mark.parametrize("kind,by,subtree", [
    ("month", ("org",), False), ("quarter", ("field",), False),
    ("half", ("procedure",), False), ("nine_months", ("org",), True),
    ("year", ("org", "procedure"), True)])
def test_engine_and_reference_count_the_same(dossiers, scheme, kind, by, subtree):
    source, frame = dossiers
    reporting = Reporting(scheme)
    parents = parent_map([o.code for o in demo_orgs()]) if subtree else None
    engine = Engine.from_dossiers(source, reporting)
    keys = ["period", *(k for dim in by for k in KEYS[dim])]
    ours = engine.indicators(kind, by, parents=parents).to_pandas()
    theirs = reference_indicators(frame, kind, by, reporting, parents=parents)
    pd.testing.assert_frame_equal(
        ours[keys + list(COUNTS)].sort_values(keys).reset_index(drop=True),
        theirs[keys + list(COUNTS)].sort_values(keys).reset_index(drop=True), check_dtype=False)
