"""Dates never crash and never lie; policy rules; exit codes; scope; unit names; a dry run
stores nothing."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from cchc.indicators.aggregates import engine_for
from cchc.indicators.importer import NOTHING_STORED, OK, SOME_QUARANTINED, import_dossiers
from cchc.indicators.periods import Reporting
from cchc.indicators.store import DossierStore
from tests.indicators.test_importer import PORTAL, quarantine_rows, write_csv

TODAY = dt.date(2024, 6, 30)
HEADER = ["Mã hồ sơ", "Mã TTHC", "Đơn vị xử lý", "Ngày tiếp nhận", "Ngày hẹn trả",
          "Ngày kết thúc xử lý", "Kênh nộp", "Trạng thái"]


def row(code, received="04/03/2024 08:00", due="06/03/2024 17:00",
        finished="05/03/2024 10:00", status=None, org="TH.TPTH"):
    status = status or ("Đã trả kết quả" if finished else "Đang xử lý")
    return [code, "HT.001", org, received, due, finished, "Trực tiếp", status]


@pytest.fixture
def store(tmp_path):
    return DossierStore(tmp_path / "data")


def imported(tmp_path, store, rows, header=HEADER, **options):
    return import_dossiers(write_csv(tmp_path / "x.csv", rows, header), store, today=TODAY,
                           **options)


def stored(store, columns="dossier_code"):
    return duckdb.connect().execute(
        f"SELECT {columns} FROM {store.relation_sql()} ORDER BY 1").fetchall()


def test_bad_dates_are_quarantined_with_column_value_and_rule(tmp_path, store):
    result = imported(tmp_path, store, [
        row("OK"),
        row("Y2", received="15/03/24 08:00"),
        row("D2", due="18/03/24"),
        row("FAR", finished="31/12/9999"),
        row("OLD", received="04/03/1900 08:00"),
        row("FEB", due="30/02/2024 17:00"),
        row("MONTH", due="2024-13-01"),
        row("HOUR", finished="05/03/2024 25:00"),
        row("WORD", received="sáng thứ hai"),
        row("NEXT", finished="01/07/2025 08:00"),
        row("NONE", received=""),
    ])
    assert stored(store) == [("OK",)]
    assert [(r, rules) for r, rules, _ in quarantine_rows(result)] == [
        (3, "date_two_digit_year"), (4, "date_two_digit_year"),
        (5, "date_after_next_year, finished_without_date"), (6, "date_before_2000"),
        (7, "date_impossible"), (8, "date_impossible"),
        (9, "date_impossible, finished_without_date"), (10, "date_unreadable"),
        (11, "date_after_next_year, finished_without_date"), (12, "missing")]
    reasons = dict((r, reason) for r, _, reason in quarantine_rows(result))
    assert reasons[3] == ("Ngày tiếp nhận “15/03/24 08:00”: năm chỉ có hai chữ số "
                          "(ghi đủ bốn chữ số, ví dụ 15/03/2024)")
    assert reasons[6] == "Ngày tiếp nhận “04/03/1900 08:00”: ngày trước năm 2000"
    assert result.exit_code == SOME_QUARANTINED
    engine_for(store, Reporting()).indicators("month")  # nothing stored breaks them


def test_a_year_after_the_import_is_the_last_day_accepted(tmp_path, store):
    imported(tmp_path, store, [row("A", due="30/06/2025 17:00", finished=""),
                               row("B", due="01/07/2025 08:00", finished="")])
    assert stored(store) == [("A",)]


def test_excel_serials_and_vietnamese_clock_words(tmp_path, store):
    result = imported(tmp_path, store, [row("S", received="45355.3333333333",
                                            due="06/03/2024 05:00:00 CH",
                                            finished="05/03/2024 10:00:00 SA"),
                                        row("TINY", received="1")])
    assert stored(store, "dossier_code, received_at, due_at, finished_at") == [
        ("S", dt.datetime(2024, 3, 4, 8), dt.datetime(2024, 3, 6, 17),
         dt.datetime(2024, 3, 5, 10))]
    assert quarantine_rows(result)[0][1] == "date_unreadable"


def test_finish_on_an_earlier_day_than_receipt_is_quarantined(tmp_path, store):
    result = imported(tmp_path, store, [row("EARLY", finished="03/03/2024 16:00"),
                                        row("DUE", due="01/03/2024 17:00", finished="")])
    assert quarantine_rows(result) == [
        (2, "finished_before_received", "Ngày kết thúc xử lý 03/03/2024 16:00, Ngày tiếp nhận "
                                        "04/03/2024 08:00: ngày kết thúc xử lý trước ngày "
                                        "tiếp nhận"),
        (3, "due_before_received", "Ngày hẹn trả 01/03/2024 17:00, Ngày tiếp nhận "
                                   "04/03/2024 08:00: ngày hẹn trả trước ngày tiếp nhận")]
    assert result.exit_code == NOTHING_STORED


def test_same_day_times_before_receipt_follow_the_profiles_rule(tmp_path, store):
    rows = [row("MIDNIGHT", received="04/03/2024 15:00", finished="04/03/2024 00:00"),
            row("FINE")]
    kept = imported(tmp_path, store, rows)
    assert (kept.loaded, kept.kept_same_day, kept.exit_code) == (2, 1, OK)
    assert "giữ nguyên (quy tắc same_day_before_receipt: keep)" in kept.summary()
    strict = tmp_path / "strict.yaml"
    strict.write_text("name: strict\nextends: mot_cua\nrules:\n"
                      "  same_day_before_receipt: quarantine\n", encoding="utf-8")
    result = imported(tmp_path, DossierStore(tmp_path / "other"), rows, profile=strict)
    assert [(r, rules) for r, rules, _ in quarantine_rows(result)] == [
        (2, "same_day_before_receipt")]


def test_scope_quarantines_units_outside_it_and_names_become_codes(tmp_path, store):
    result = imported(tmp_path, store, [row("IN", org="TH.TPTH.THIEUVAN"),
                                        row("NAME", org="UBND xã Thiệu Vân"),
                                        row("OUT", org="BK"), row("NEAR", org="TH.TPTHX")],
                      scope=["TH.TPTH"], units={"Ủy ban nhân dân xã Thiệu Vân":
                                                "TH.TPTH.THIEUVAN",
                                                "UBND xa Thieu Van": "TH.TPTH.THIEUVAN"})
    assert stored(store, "dossier_code, org_code") == [("IN", "TH.TPTH.THIEUVAN"),
                                                       ("NAME", "TH.TPTH.THIEUVAN")]
    assert [(r, rules) for r, rules, _ in quarantine_rows(result)] == [
        (4, "outside_scope"), (5, "outside_scope")]


def test_a_dry_run_stores_nothing_and_shows_what_would_be_stored(tmp_path, store):
    result = imported(tmp_path, store, [row("A"), row("B", status="Chờ duyệt")], dry_run=True)
    assert store.current() is None and result.quarantine is None
    assert (result.loaded, result.quarantined, result.exit_code) == (1, 1, SOME_QUARANTINED)
    assert result.sample[0]["dossier_code"] == "A" and result.sample[0]["status"] == 10
    assert [(u.text, u.value) for u in result.values if u.column == "status"] == [
        ("Chờ duyệt", None), ("Đã trả kết quả", 10)]
    assert result.problems == [(3, "Trạng thái “Chờ duyệt”: giá trị không có trong hồ sơ ánh "
                                   "xạ (cần mã 1–10 hoặc một từ đã khai báo)")]
    assert "sẽ lưu 1 hồ sơ" in result.summary()


def test_numbers_too_large_or_negative_are_quarantined(tmp_path, store):
    header = [*PORTAL, "PhiLePhi", "SoThanhPhanDuocSoHoa", "TongSoThanhPhan"]
    base = ["HT.001", "x", "TH", "2024-03-04 08:00", "2024-03-05 17:00", "", "1", "4"]
    result = imported(tmp_path, store, [["A", *base, "1e30", "1", "2"],
                                        ["B", *base, "-5", "1", "2"],
                                        ["C", *base, "50.000 đ", "3", "2"],
                                        ["D", *base, "50,000 VNĐ", "2", "2"]], header)
    assert [(r, rules) for r, rules, _ in quarantine_rows(result)] == [
        (2, "bad_number"), (3, "bad_number"), (4, "digitized_over_total")]
    assert stored(store, "dossier_code, fee") == [("D", 50000)]


def test_an_excel_sheet_keeps_its_row_numbers_and_garbage_is_refused(tmp_path, store):
    from openpyxl import Workbook

    from cchc.errors import InputError

    book = Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append([])  # the export's title rows left empty: the header is on row 3
    sheet.append(HEADER)
    sheet.append(row("A"))
    sheet.append(row("B", received="31/02/2024 08:00"))
    book.save(tmp_path / "x.xlsx")
    result = import_dossiers(tmp_path / "x.xlsx", store, today=TODAY)
    assert [(r, rules) for r, rules, _ in quarantine_rows(result)] == [(5, "date_impossible")]
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match="bad.xlsx"):
        import_dossiers(tmp_path / "bad.xlsx", store, today=TODAY)
