"""`cchc orgs …` from the command line, on the configured database (SQLite or PostgreSQL)."""

from __future__ import annotations

import json

import pytest
import vietnam_provinces
from typer.testing import CliRunner

from cchc.cli import app

runner = CliRunner()


@pytest.fixture
def database(db_url, monkeypatch) -> str:
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    monkeypatch.delenv("CCHC_ORG_TEMPLATE", raising=False)
    return db_url


def cchc(*args: str):
    return runner.invoke(app, list(args))


def test_load_a_province_by_name_twice_then_list_it_as_json(database):
    first = cchc("orgs", "load", "--province", "lai chau")
    assert first.exit_code == 0, first.output
    assert "1 tỉnh, thành phố: 39 đơn vị mới" in first.output
    second = cchc("orgs", "load", "--province", "12")
    assert "không có thay đổi" in second.output
    listed = cchc("orgs", "list", "--under", "03637", "--format", "json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert rows[0] == {"code": "03637", "name": "UBND xã Mường Kim", "level": "xa", "kind": "xa",
                       "parent_code": "12", "valid_from": "2025-07-01", "valid_to": None,
                       "official_name": "Xã Mường Kim", "register_version": "2025-10-18"}
    assert {"code": "03637.VPTK", "level": "xa", "parent_code": "03637"}.items() <= next(
        r for r in rows if r["code"] == "03637.VPTK").items()
    table = cchc("orgs", "list", "--under", "12")
    assert "12.SNV" in table.output and "Sở Nội vụ" in table.output


def test_a_newer_register_file_is_loaded_from_its_date(database, tmp_path):
    cchc("orgs", "load", "--province", "Lai Châu")
    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    lai_chau = next(p for p in data if p["code"] == 12)
    lai_chau["wards"] = [w for w in lai_chau["wards"] if w["code"] != 3595]
    lai_chau["wards"][0]["name"] = "Xã Mường Kim Mới"
    newer = tmp_path / "danh-muc-2026.json"
    newer.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = cchc("orgs", "load", "-p", "12", "--register", str(newer),
                  "--register-version", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert "0 đơn vị mới, 1 đổi tên" in result.output and "1 kết thúc" in result.output
    rows = json.loads(cchc("orgs", "list", "--under", "03595", "-f", "json").output)
    assert rows[0]["valid_to"] == "2026-02-28"
    current = json.loads(cchc("orgs", "list", "--under", "12", "-f", "json", "--current").output)
    assert "03595" not in {r["code"] for r in current}


def test_history_with_a_bad_row_exits_2_names_the_row_and_writes_nothing(database, tmp_path):
    cchc("orgs", "load", "--province", "12")
    path = tmp_path / "lich-su.csv"
    path.write_text("code,name,kind,parent_code,successor_code\n"
                    "106,Huyện Than Uyên,huyen,12,\n"
                    "03641,Xã Tà Mung,xa,106,03699\n", encoding="utf-8")
    result = cchc("orgs", "history", str(path))
    assert result.exit_code == 2
    assert "lich-su.csv, dòng 2: đơn vị cũ cần valid_to" in result.output
    assert "lich-su.csv, dòng 3: không có đơn vị kế thừa mã 03699" in result.output
    nothing = cchc("orgs", "list", "--under", "106")
    assert nothing.exit_code == 2 and "Không có đơn vị mã '106'" in nothing.output


def test_unknown_province_and_malformed_template_are_one_line_errors(database, tmp_path):
    result = cchc("orgs", "load", "--province", "Hà Tây")
    assert result.exit_code == 2 and "Không tìm thấy tỉnh, thành phố «Hà Tây»" in result.output
    template = tmp_path / "mau.yaml"
    template.write_text("units:\n  tinh:\n    - {code: snv, name: Sở Nội vụ, kind: so}\n",
                        encoding="utf-8")
    result = cchc("orgs", "load", "--province", "12", "--template", str(template))
    assert result.exit_code == 2
    assert "mau.yaml: units.tinh[1]: mã 'snv' chỉ được gồm chữ in hoa" in result.output


def test_an_installation_uses_its_own_template(database, tmp_path, monkeypatch):
    own = tmp_path / "don-vi.yaml"
    own.write_text(cchc("orgs", "template").output.replace(
        '    - {code: TTR, name: "Thanh tra {cap}", kind: so, classes: [class.so_ban_nganh]}\n',
        "    - {code: BQLKKT, name: Ban Quản lý Khu kinh tế, kind: so}\n"), encoding="utf-8")
    monkeypatch.setenv("CCHC_ORG_TEMPLATE", str(own))
    assert cchc("orgs", "load", "--province", "12").exit_code == 0
    codes = {r["code"] for r in json.loads(cchc("orgs", "list", "-f", "json").output)}
    assert "12.BQLKKT" in codes and "12.TTR" not in codes


def test_provinces_lists_the_register(database):
    result = cchc("orgs", "provinces")
    assert "phiên bản 2025-10-18" in result.output
    assert "38  Thanh Hóa (166 xã, phường, đặc khu)" in result.output
