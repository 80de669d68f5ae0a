""""No data" is not zero: an indicator whose source column is absent, or blank for every
dossier of a unit, is None and costs no 766 points; a blank beside recorded values is a no."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from cchc.domain.plan import Target
from cchc.indicators.aggregates import engine_for
from cchc.indicators.catalog import NO_DATA, not_computable
from cchc.indicators.cli_commands import dossiers_app
from cchc.indicators.engine import parent_map
from cchc.indicators.importer import import_dossiers
from cchc.indicators.periods import Reporting
from cchc.indicators.plan_targets import PlanMeasures
from cchc.indicators.store import DossierStore
from tests.indicators.test_importer import write_csv

HEADER = ["Mã hồ sơ", "Mã TTHC", "Đơn vị xử lý", "Ngày tiếp nhận", "Ngày hẹn trả",
          "Ngày kết thúc xử lý", "Kênh nộp", "Trạng thái"]
LATE = ["04/03/2024 08:00", "05/03/2024 17:00", "07/03/2024 10:00", "Trực tiếp", "10"]
ON_TIME = ["04/03/2024 08:00", "06/03/2024 17:00", "05/03/2024 10:00", "Trực tuyến", "10"]


@pytest.fixture
def store(tmp_path):
    return DossierStore(tmp_path / "data")


def march(store, by=("org",), subtree=False):
    engine = engine_for(store, Reporting())
    parents = parent_map(engine.org_codes()) if subtree else None
    return {r["org_code"]: r for r in engine.indicators("month", by, parents=parents,
                                                        period="2024-03").to_pylist()}


def test_absent_source_columns_give_no_data_and_no_points(tmp_path, store):
    rows = [["A1", "HT.001", "TH.A", *LATE], ["A2", "HT.001", "TH.A", *ON_TIME]]
    import_dossiers(write_csv(tmp_path / "a.csv", rows, HEADER), store)
    row = march(store)["TH.A"]
    assert (row["on_time_rate"], row["online_rate"]) == (0.5, 0.5)
    assert not_computable(row) == ["online_payment_rate", "digitization_rate", "e_result_rate",
                                   "reuse_rate", "satisfaction_rate", "late_apology_rate"]
    assert row["points_reuse"] is None and row["points_e_results"] is None
    assert row["points_total"] == pytest.approx(20 * 0.5 + 12)  # progress and online only
    assert row["points_max"] == 32


def test_a_unit_that_leaves_a_column_blank_has_no_data_the_others_do(tmp_path, store):
    header = [*HEADER, "Tái sử dụng", "Phiếu xin lỗi"]
    rows = [["A1", "HT.001", "TH.A", *LATE, "x", ""],  # blank beside an "x": no apology
            ["A2", "HT.001", "TH.A", *ON_TIME, "", "x"],
            ["B1", "HT.001", "TH.B", *LATE, "", ""],  # TH.B records neither
            ["B2", "HT.001", "TH.B", *ON_TIME, "", ""]]
    import_dossiers(write_csv(tmp_path / "a.csv", rows, header), store)
    rows = march(store, subtree=True)
    assert (rows["TH.A"]["reuse_rate"], rows["TH.A"]["late_apology_rate"]) == (0.5, 0.0)
    assert (rows["TH.B"]["reuse_rate"], rows["TH.B"]["late_apology_rate"]) == (None, None)
    assert rows["TH.B"]["points_reuse"] is None
    # the province counts the dossiers whose source is recorded, not TH.B's as zeros
    assert (rows["TH"]["reuse_rate"], rows["TH"]["reuse_recorded"]) == (0.5, 2)
    assert (rows["TH"]["late"], rows["TH"]["apology_recorded"]) == (2, 1)


def test_a_target_without_data_is_not_zero_and_not_missed(tmp_path, store):
    rows = [["A1", "HT.001", "TH.A", *LATE], ["A2", "HT.001", "TH.A", *ON_TIME]]
    import_dossiers(write_csv(tmp_path / "a.csv", rows, HEADER), store)
    measures = PlanMeasures(store, "TH", 2024, dt.date(2024, 12, 31))
    apology = measures.measure(Target("100% hồ sơ trễ hạn có xin lỗi", "tthc",
                                      "late_apology_rate", ">=", 100, "%"))
    assert (apology.status, apology.ytd.actual, apology.points) == (NO_DATA, None, None)
    on_time = measures.measure(Target("98% đúng hạn", "tthc", "on_time_rate", ">=", 98, "%"))
    assert on_time.status == "chưa đạt" and on_time.points == (10.0, 20.0)


def test_the_command_line_says_no_data(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    rows = [["A1", "HT.001", "TH.A", *LATE], ["A2", "HT.001", "TH.A", *ON_TIME]]
    path = write_csv(tmp_path / "a.csv", rows, HEADER)
    runner = CliRunner()
    result = runner.invoke(dossiers_app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Tỷ lệ hồ sơ trễ hạn có phiếu xin lỗi: {NO_DATA} (tệp không có cột CoPhieuXinLoi)" \
        in result.output
    table = runner.invoke(dossiers_app, ["indicators", "--period", "2024-03"]).output
    assert table.splitlines()[1].split()[:5] == ["2024-03", "TH.A", "2", "50.00%", "50.00%"]
    assert NO_DATA in table.splitlines()[1]
    rows = json.loads(runner.invoke(dossiers_app, ["indicators", "--period", "2024-03",
                                                   "--format", "json"]).output)
    assert rows[0]["late_apology_rate"] is None and rows[0]["points_max"] == 32
    assert "late_apology_rate" in rows[0]["no_data"] and "on_time_rate" not in rows[0]["no_data"]
