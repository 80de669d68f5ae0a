import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from cchc.indicators.aggregates import engine_for
from cchc.indicators.importer import import_dossiers
from cchc.indicators.schema import ARROW_SCHEMA
from cchc.indicators.store import DossierStore
from tests.indicators.conftest import dossier


def write(path, rows):
    pq.write_table(pa.Table.from_pylist(rows, schema=ARROW_SCHEMA), path)
    return path


def test_stored_aggregates_follow_each_import(tmp_path):
    store = DossierStore(tmp_path / "data")
    base = ("2024-03-01 08:00", "2024-03-05 17:00", "2024-03-04 09:00")
    import_dossiers(write(tmp_path / "a.parquet", [dossier("A", *base)]), store)
    first = engine_for(store).indicators("month")
    assert first.column("received").to_pylist() == [1]
    assert (store.root / "aggregates" / "calendar-14" / "agg.parquet").exists()
    import_dossiers(write(tmp_path / "b.parquet", [dossier("B", *base)]), store)
    assert engine_for(store).indicators("month").column("received").to_pylist() == [2]
    assert engine_for(store).as_of == dt.datetime(2024, 3, 4, 9, 0)
