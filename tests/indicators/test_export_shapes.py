"""The same dossiers exported as provinces export them — Vietnamese headers in any order,
status and channel words, yes/no words, text dates and Excel dates, BOM, Windows-1258, `;` and
tab separators, an installation's own profile — import to the same store and the same
indicators as the national codes do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from cchc.indicators.engine import Engine
from cchc.indicators.importer import import_dossiers
from cchc.indicators.store import DossierStore
from cchc.indicators.synth import demo_orgs, synth
from tests.indicators.exports import (
    MOT_CUA, STATUS_WORDS, canonical, excel_serial, export_rows, write_csv, write_parquet,
    write_xlsx)

TODAY = dt.date(2025, 1, 15)
AS_OF = dt.datetime(2024, 12, 31, 17)


def contents(store: DossierStore) -> tuple[list[tuple], list[dict]]:
    """Every stored dossier, and the indicators per unit and month."""
    con = duckdb.connect()
    rows = con.execute(f"SELECT * FROM {store.relation_sql()} ORDER BY dossier_code").fetchall()
    engine = Engine.from_dossiers(store.relation_sql(), as_of=AS_OF)
    return rows, engine.indicators("month", ("org",)).to_pylist()


@pytest.fixture(scope="module")
def dossiers():
    return canonical(synth(3000, seed=8))


@pytest.fixture(scope="module")
def national(dossiers, tmp_path_factory):
    """What the national codes import to."""
    folder = tmp_path_factory.mktemp("national")
    store = DossierStore(folder / "data")
    result = import_dossiers(write_parquet(dossiers, folder / "codes.parquet"), store,
                             today=TODAY)
    assert (result.loaded, result.quarantined) == (3000, 0)
    return contents(store)


def imports_like_national(path: Path, national, **options):
    store = DossierStore(path.parent / "data")
    result = import_dossiers(path, store, today=TODAY, **options)
    assert (result.rows, result.loaded, result.quarantined) == (3000, 3000, 0), result.summary()
    assert result.exit_code == 0
    stored, indicators = contents(store)
    assert stored == national[0]
    assert indicators == national[1]
    return result


def test_words_text_dates_bom_semicolons_shuffled_headers(dossiers, national, tmp_path):
    path = write_csv(export_rows(dossiers), tmp_path / "mot-cua.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = imports_like_national(path, national)
    assert result.profile.name == "mot_cua"
    assert result.columns["apology_issued"] == "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    words = {(u.column, u.text): u.value for u in result.values}
    assert words[("status", "ĐÃ TRẢ KẾT QUẢ")] == words[("status", "da tra ket qua")] == 10
    assert words[("status", "Công dân yêu cầu rút hồ sơ")] == 7
    assert words[("paid_online", "Tiền mặt")] is False


def test_windows_1258_with_seconds(dossiers, national, tmp_path):
    rows = export_rows(dossiers, date=lambda t: t.strftime("%d/%m/%Y %H:%M:%S"))
    path = write_csv(rows, tmp_path / "cp1258.csv", encoding="cp1258", delimiter=",")
    imports_like_national(path, national)


def test_tabs_and_vietnamese_am_pm(dossiers, national, tmp_path):
    def vietnamese_clock(t: dt.datetime) -> str:
        return t.strftime("%d/%m/%Y %I:%M:%S ") + ("SA" if t.hour < 12 else "CH")

    rows = export_rows(dossiers, date=vietnamese_clock)
    imports_like_national(write_csv(rows, tmp_path / "tab.txt", "utf-8", "\t"), national)


def test_excel_dates_and_date_serials(dossiers, national, tmp_path):
    stamps = iter(range(10**9))
    rows = export_rows(dossiers, date=lambda t: t if next(stamps) % 2 else excel_serial(t))
    imports_like_national(write_xlsx(rows, tmp_path / "excel.xlsx"), national)


def test_a_profile_from_the_installation_folder(dossiers, national, tmp_path, monkeypatch):
    folder = tmp_path / "profiles"
    folder.mkdir()
    names = {o.code: o.name for o in demo_orgs()}
    words = "\n".join(f"    {code}: [{name}]" for code, name in names.items())
    (folder / "tinh-x.yaml").write_text(f"""name: tinh_x
description: Hệ thống một cửa của tỉnh X (tiêu đề viết tắt, trạng thái viết tắt)
extends: mot_cua
columns:
  dossier_code: [SỐ HS]
  org_code: [ĐƠN VỊ XỬ LÝ HS]
  received_at: [NGÀY NHẬN HS]
  status: [TT HS]
values:
  status:
    10: [HT-TRA]
    9: [HT]
    4: [DXL]
  org_code:
{words}
""", encoding="utf-8")
    monkeypatch.setenv("CCHC_PROFILES_DIR", str(folder))
    headers = {**MOT_CUA, "dossier_code": "SỐ HS", "org_code": "ĐƠN VỊ XỬ LÝ HS",
               "received_at": "NGÀY NHẬN HS", "status": "TT HS"}
    status = {**STATUS_WORDS, 10: ["HT-TRA", "ht tra"], 9: ["HT"], 4: ["DXL", "Đang xử lý"]}
    rows = export_rows(dossiers, headers, status=status, org=lambda code: names[code].upper())
    result = imports_like_national(write_csv(rows, tmp_path / "tinh-x.csv"), national)
    assert (result.profile.name, result.profile.source) == ("tinh_x",
                                                            str(folder / "tinh-x.yaml"))
