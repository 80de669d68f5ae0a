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


def test_import_exit_codes_dry_run_json_and_profiles(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    export = tmp_path / "mot-cua.xlsx"
    assert runner.invoke(dossiers_app, ["synth", "--rows", "300", "--words",
                                        "-o", str(export)]).exit_code == 0
    dry = runner.invoke(dossiers_app, ["import", str(export), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "hồ sơ ánh xạ 'mot_cua'" in dry.output and "sẽ lưu 300 hồ sơ" in dry.output
    assert "status (TrangThaiHoSo) ← Trạng thái" in dry.output
    assert "“Đã trả kết quả”" in dry.output and "→ 10 Đã trả kết quả" in dry.output
    assert "5 dòng đầu như sẽ lưu" in dry.output
    assert not (tmp_path / "data" / "dossiers").exists()

    bad = tmp_path / "bad.csv"
    bad.write_text("MaHoSo,MaTTHC,DonViXuLy,NgayTiepNhan,NgayHenTra,KenhThucHien,"
                   "TrangThaiHoSo\nA,HT,TH,2024-03-04,2024-03-05,1,4\n"
                   "B,HT,TH,15/03/24,2024-03-05,1,4\n", encoding="utf-8")
    some = runner.invoke(dossiers_app, ["import", str(bad), "--format", "json"])
    assert some.exit_code == 1
    answer = json.loads(some.output)
    assert (answer["profile"], answer["loaded"], answer["quarantined"]) == ("portal", 1, 1)
    assert answer["rules"] == {"date_two_digit_year": 1} and answer["quarantine"]
    again = runner.invoke(dossiers_app, ["import", str(bad), "--profile", "mot_cua"])
    assert again.exit_code == 2 and "không có cột" in again.output
    assert runner.invoke(dossiers_app, ["import", str(tmp_path / "none.csv")]).exit_code == 2

    listed = runner.invoke(dossiers_app, ["profiles"])
    assert listed.exit_code == 0
    assert "mot_cua  (gói cài đặt)" in listed.output and "portal  (gói cài đặt)" in listed.output
