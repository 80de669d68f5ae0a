"""Import: every row loads or is quarantined with its row and reason; re-import replaces;
a failed import changes nothing."""

import csv
import datetime as dt
import unicodedata

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cchc.errors import InputError
from cchc.indicators import store as store_module
from cchc.indicators.importer import import_dossiers
from cchc.indicators.schema import ARROW_SCHEMA
from cchc.indicators.store import DossierStore
from tests.indicators.conftest import dossier

PORTAL = ["MaHoSo", "MaTTHC", "TenTTHC", "DonViXuLy", "NgayTiepNhan", "NgayHenTra",
          "NgayKetThucXuLy", "KenhThucHien", "TrangThaiHoSo"]


def write_csv(path, rows, header=PORTAL, encoding="utf-8", delimiter=","):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    if encoding == "cp1258":
        path.write_bytes(to_cp1258(path.read_text(encoding="utf-8")))
    return path


def to_cp1258(text):
    """Windows Vietnamese: precomposed base letters, tone marks as combining characters."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


TONES = "\u0300\u0301\u0303\u0309\u0323"


def good(code, org="TH.TPTH.THIEUVAN", received="2024-03-04 08:00:00"):
    return [code, "HT.001", "Đăng ký khai sinh", org, received, "2024-03-05 17:00:00",
            "2024-03-05 09:00:00", "1", "10"]


def stored(store):
    con = duckdb.connect()
    return sorted(con.execute(f"SELECT dossier_code, org_code, received_at FROM "
                              f"{store.relation_sql()}").fetchall())


def quarantine_rows(result):
    """(row, rules broken, reasons) of each quarantined row."""
    with result.quarantine.open(encoding="utf-8") as handle:
        return [(int(r["dòng"]), r["mã lỗi"], r["lý do"]) for r in csv.DictReader(handle)]


@pytest.fixture
def store(tmp_path):
    return DossierStore(tmp_path / "data")


def test_it_loads_good_rows_into_partitions_by_unit_and_month(tmp_path, store):
    path = write_csv(tmp_path / "a.csv", [good("A1"), good("A2", org="BK", received="2024-02-01")])
    result = import_dossiers(path, store)
    assert (result.rows, result.loaded, result.quarantined, result.profile.name) == (
        2, 2, 0, "portal")
    assert result.exit_code == 0
    assert [r[0] for r in stored(store)] == ["A1", "A2"]
    parts = sorted(p.parent.relative_to(store.current()).as_posix()
                   for p in store.current().rglob("*.parquet"))
    assert parts == ["org_code=BK/month=2024-02", "org_code=TH.TPTH.THIEUVAN/month=2024-03"]


def test_bad_rows_go_to_quarantine_with_row_and_reason(tmp_path, store):
    rows = [good("G1"),
            ["B1", "HT.001", "x", "TH", "31/02/2024", "2024-03-05", "", "1", "4"],
            ["B2", "HT.001", "x", "TH", "2024-03-04", "2024-03-05", "", "7", "4"],
            ["B3", "HT.001", "x", "TH", "2024-03-04", "2024-03-05", "", "1", "11"],
            ["", "HT.001", "x", "TH", "2024-03-04", "2024-03-05", "", "1", "4"],
            good("G1"),
            ["B4", "HT.001", "x", "TH", "2024-03-04", "2024-03-05", "", "1", "10"]]
    result = import_dossiers(write_csv(tmp_path / "b.csv", rows), store)
    assert (result.rows, result.loaded, result.quarantined) == (7, 1, 6)
    assert quarantine_rows(result) == [
        (3, "date_impossible", "NgayTiepNhan “31/02/2024”: ngày giờ không tồn tại"),
        (4, "unknown_value", "KenhThucHien “7”: giá trị không có trong hồ sơ ánh xạ "
                             "(cần mã 1–3 hoặc một từ đã khai báo)"),
        (5, "unknown_value", "TrangThaiHoSo “11”: giá trị không có trong hồ sơ ánh xạ "
                             "(cần mã 1–10 hoặc một từ đã khai báo)"),
        (6, "missing", "MaHoSo: để trống"),
        (7, "duplicate", "MaHoSo “G1”: trùng mã hồ sơ với một dòng trước (dòng 2)"),
        (8, "finished_without_date", "TrangThaiHoSo 10: trạng thái đã giải quyết nhưng không "
                                     "có ngày kết thúc xử lý"),
    ]
    assert result.rules == {"date_impossible": 1, "unknown_value": 2, "missing": 1,
                            "duplicate": 1, "finished_without_date": 1}
    assert result.exit_code == 1
    with result.quarantine.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle))[:5] == ["dòng", "lý do", "mã lỗi", "MaHoSo", "MaTTHC"]


def test_reimporting_the_same_file_is_idempotent(tmp_path, store):
    path = write_csv(tmp_path / "a.csv", [good("A1"), good("A2")])
    import_dossiers(path, store)
    before = stored(store)
    again = import_dossiers(path, store)
    assert (again.loaded, again.replaced) == (2, 2)
    assert stored(store) == before
    assert len(list(store.dossiers.glob("v-*"))) == 1


def test_a_corrected_dossier_replaces_the_stored_one_even_in_another_month(tmp_path, store):
    import_dossiers(write_csv(tmp_path / "a.csv", [good("A1"), good("A2")]), store)
    fixed = [good("A1", received="2024-02-28 08:00:00")]
    fixed[0][5] = "2024-03-01 17:00:00"
    fixed[0][6] = "2024-02-29 09:00:00"
    import_dossiers(write_csv(tmp_path / "fix.csv", fixed), store)
    assert stored(store) == [("A1", "TH.TPTH.THIEUVAN", dt.datetime(2024, 2, 28, 8)),
                             ("A2", "TH.TPTH.THIEUVAN", dt.datetime(2024, 3, 4, 8))]


def test_a_code_stored_for_another_unit_is_quarantined(tmp_path, store):
    import_dossiers(write_csv(tmp_path / "a.csv", [good("A1")]), store)
    result = import_dossiers(write_csv(tmp_path / "b.csv", [good("A1", org="BK")]), store)
    assert quarantine_rows(result) == [
        (2, "stored_for_other_unit",
         "MaHoSo “A1”: mã hồ sơ đã được lưu cho đơn vị khác (TH.TPTH.THIEUVAN)")]
    assert result.exit_code == 2


def test_a_failed_import_changes_nothing(tmp_path, store, monkeypatch):
    import_dossiers(write_csv(tmp_path / "a.csv", [good("A1")]), store)
    version, before = store.current(), stored(store)

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "_link_untouched", broken)
    with pytest.raises(OSError):
        import_dossiers(write_csv(tmp_path / "b.csv", [good("B1", org="BK")]), store)
    assert store.current() == version and stored(store) == before
    assert list(store.dossiers.glob("v-*")) == [version]


def test_a_cp1258_export_with_vietnamese_headers(tmp_path, store):
    header = ["Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Đơn vị xử lý", "Ngày tiếp nhận",
              "Ngày hẹn trả", "Ngày kết thúc xử lý", "Kênh nộp", "Trạng thái", "Phí, lệ phí",
              "Ghi chú"]
    rows = [["HS01", "HT.001", "Đăng ký khai sinh", "TH", "04/03/2024 08:00", "05/03/2024 17:00",
             "05/03/2024 09:00", "Trực tuyến", "10", "50.000", "x"]]
    path = write_csv(tmp_path / "mot-cua.csv", rows, header, encoding="cp1258", delimiter=";")
    result = import_dossiers(path, store)
    assert (result.profile.name, result.loaded, result.ignored_columns) == (
        "mot_cua", 1, ["Ghi chú"])
    con = duckdb.connect()
    assert con.execute(f"SELECT procedure_name, channel, fee, received_at FROM "
                       f"{store.relation_sql()}").fetchall() == [
        ("Đăng ký khai sinh", 2, 50000, dt.datetime(2024, 3, 4, 8))]


def test_an_xlsx_export(tmp_path, store):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã hồ sơ", "Mã TTHC", "Mã đơn vị", "Ngày tiếp nhận", "Ngày hẹn trả",
                  "Ngày hoàn thành", "Hình thức nộp", "Trạng thái hồ sơ"])
    sheet.append(["X1", "HT.001", "TH", dt.datetime(2024, 3, 4, 8), dt.datetime(2024, 3, 5, 17),
                  dt.datetime(2024, 3, 5, 9), 1, 10])
    sheet.append(["X2", "HT.001", "TH", "hôm qua", dt.datetime(2024, 3, 5, 17), None, 1, 4])
    book.save(tmp_path / "e.xlsx")
    result = import_dossiers(tmp_path / "e.xlsx", store)
    assert (result.loaded, quarantine_rows(result)) == (
        1, [(3, "date_unreadable", "Ngày tiếp nhận “hôm qua”: không đọc được ngày giờ")])


def test_a_parquet_export(tmp_path, store):
    rows = [dossier("P1", "2024-03-04 08:00", "2024-03-05 17:00", "2024-03-05 09:00")]
    pq.write_table(pa.Table.from_pylist(rows, schema=ARROW_SCHEMA), tmp_path / "p.parquet")
    result = import_dossiers(tmp_path / "p.parquet", store)
    assert (result.loaded, result.quarantined) == (1, 0)
    assert stored(store)[0][:2] == ("P1", "TH.TPTH.THIEUVAN")


def test_a_file_without_a_required_column_is_refused_whole(tmp_path, store):
    path = write_csv(tmp_path / "a.csv", [["A1", "TH"]], header=["MaHoSo", "DonViXuLy"])
    with pytest.raises(InputError, match=r"a.csv: dòng 1: không có cột MaTTHC"):
        import_dossiers(path, store)
    assert store.current() is None


def test_a_cp1258_export_with_ascii_headers_is_still_read_as_cp1258(tmp_path, store):
    row = good("A1")
    row[2] = "Chứng thực bản sao từ bản chính"
    result = import_dossiers(write_csv(tmp_path / "a.csv", [row], encoding="cp1258"), store)
    assert result.loaded == 1
    con = duckdb.connect()
    assert con.execute(f"SELECT procedure_name FROM {store.relation_sql()}").fetchall() == [
        ("Chứng thực bản sao từ bản chính",)]


def test_flags_read_vietnamese_words_and_bad_ones_are_quarantined(tmp_path, store):
    header = [*PORTAL, "DuocThanhToanTrucTuyen", "PhiLePhi"]
    rows = [[*good("A1"), "Có", "50.000"], [*good("A2"), "không", "0"],
            [*good("A3"), "chắc vậy", "0"]]
    result = import_dossiers(write_csv(tmp_path / "f.csv", rows, header), store)
    assert quarantine_rows(result) == [
        (4, "unknown_value", "DuocThanhToanTrucTuyen “chắc vậy”: giá trị không có trong hồ sơ "
                             "ánh xạ (cần có / không hoặc một từ đã khai báo)")]
    con = duckdb.connect()
    assert con.execute(f"SELECT dossier_code, paid_online, fee FROM {store.relation_sql()} "
                       "ORDER BY 1").fetchall() == [("A1", True, 50000), ("A2", False, 0)]
