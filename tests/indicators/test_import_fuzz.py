"""Property: whatever strings and dates land in the date columns, the import raises nothing,
every row is stored or quarantined with a reason and a rule, nothing stored lies outside
2000 – a year after the import or finishes a day before its receipt, and the indicators run."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.indicators.aggregates import engine_for
from cchc.indicators.importer import import_dossiers
from cchc.indicators.periods import Reporting
from cchc.indicators.store import DossierStore
from tests.indicators.test_importer import quarantine_rows, write_csv

TODAY = dt.date(2024, 12, 31)
DATES = ["NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra",
         "NgayTuChoi", "NgayHenTraMoi"]
HEADER = ["MaHoSo", "MaTTHC", "DonViXuLy", "KenhThucHien", "TrangThaiHoSo", *DATES]
FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%y %H:%M", "%d-%m-%Y",
           "%Y%m%d%H%M%S", "%d.%m.%Y", "%d/%m/%Y %I:%M %p", "%Y-%m-%dT%H:%M:%S"]

texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=25)
written_dates = st.builds(lambda moment, fmt: moment.strftime(fmt),
                          st.datetimes(dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31)),
                          st.sampled_from(FORMATS))
near_dates = st.builds(lambda moment, fmt: moment.strftime(fmt),
                       st.datetimes(dt.datetime(1999, 6, 1), dt.datetime(2026, 6, 1)),
                       st.sampled_from(FORMATS))
date_like = st.from_regex(r"\A\d{1,5}[/.\-]\d{1,3}[/.\-]\d{1,5}( \d{1,3}:\d{1,3})?\Z")
serials = st.one_of(st.floats(-1e6, 1e7), st.floats()).map(str)  # Excel serials, nan, inf
cells = st.one_of(st.just(""), texts, written_dates, near_dates, near_dates, date_like, serials)
rows = st.lists(st.tuples(st.sampled_from(["1", "2", "3", "Trực tuyến", "x"]),
                          st.sampled_from(["4", "9", "10", "Đang xử lý", "Đã trả kết quả", "?"]),
                          st.lists(cells, min_size=len(DATES), max_size=len(DATES))),
                min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_no_date_breaks_the_import_or_the_indicators(generated):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = DossierStore(folder / "data")
        table = [[f"H{i}", "HT.001", "TH.A", channel, status, *dates]
                 for i, (channel, status, dates) in enumerate(generated)]
        result = import_dossiers(write_csv(folder / "x.csv", table, HEADER), store, today=TODAY)
        assert result.rows == len(table) == result.loaded + result.quarantined
        if result.quarantined:
            bad = quarantine_rows(result)
            assert len(bad) == result.quarantined
            assert all(rules and reason for _, rules, reason in bad)
        if not result.loaded:
            return
        latest = dt.datetime(2026, 1, 1)
        con = duckdb.connect()
        low, high, backwards = con.execute(f"""SELECT
            least(min(submitted_at), min(received_at), min(due_at), min(finished_at),
                  min(returned_at), min(rejected_at), min(new_due_at)),
            greatest(max(submitted_at), max(received_at), max(due_at), max(finished_at),
                     max(returned_at), max(rejected_at), max(new_due_at)),
            count(*) FILTER (WHERE finished_at::DATE < received_at::DATE
                             OR due_at::DATE < received_at::DATE)
            FROM {store.relation_sql()}""").fetchall()[0]
        assert dt.datetime(2000, 1, 1) <= low and high < latest and backwards == 0
        for scheme in ("calendar", "cchc"):
            engine = engine_for(store, Reporting(scheme))
            engine.indicators("month")
            engine.form06("quarter")
