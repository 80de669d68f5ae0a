from typer.testing import CliRunner

from cchc.indicators.catalog import POINTS_NOTE
from cchc.indicators.cli_commands import dossiers_app


def test_synth_import_and_indicators_from_the_command_line(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    out = tmp_path / "d.csv"
    assert runner.invoke(dossiers_app, ["synth", "--rows", "3000", "--seed", "1",
                                        "-o", str(out)]).exit_code == 0
    result = runner.invoke(dossiers_app, ["import", str(out)])
    assert result.exit_code == 0, result.output
    assert "hồ sơ ánh xạ 'portal'" in result.output
    assert "3.000 dòng: đã lưu 3.000 hồ sơ, cách ly 0 dòng" in result.output
    result = runner.invoke(dossiers_app, ["indicators", "--period", "2024-Q1", "--subtree"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["period", "org_code", "received", "on_time_rate"]
    assert any(line.startswith("2024-Q1  TH ") for line in lines)
    assert POINTS_NOTE in result.output
    result = runner.invoke(dossiers_app, ["form06", "--period", "2024-Q2", "--by", "field"])
    assert result.exit_code == 0 and "carried_over" in result.output


def test_it_explains_an_empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "empty"))
    result = CliRunner().invoke(dossiers_app, ["indicators"])
    assert result.exit_code == 2
    assert "chưa nhập hồ sơ nào" in result.output
