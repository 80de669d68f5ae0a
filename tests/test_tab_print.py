"""Tables typed with tabs, read back from their print (readers/tab_print): the yardstick's
development plan d5 (a task table typed with tabs in Word), printed by LibreOffice, read as a
text PDF and as a scan of that print, scored against its gold file."""

from __future__ import annotations

import json
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.extract import parse_file
from cchc.extract.evaluation import score
from cchc.extract.readers import read_document
from cchc.extract.readers.pdf import TextLine
from cchc.extract.readers.tab_print import TabTable, _unglued, cut_at_tabs, fitted

PLAN = Path(__file__).parent / "fixtures" / "yardstick" / "dev" / "d5_huyen_yen_thanh_2024.docx"
GOLD = json.loads(PLAN.with_suffix(".json").read_text(encoding="utf-8"))
needs_print = pytest.mark.skipif(shutil.which("soffice") is None,
                                 reason="LibreOffice (Debian libreoffice-writer) is not installed")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    from cchc.extract.fixtures import build_pdf

    return build_pdf(PLAN, tmp_path_factory.mktemp("tab-print") / "d5.pdf")


@needs_print
def test_the_print_of_a_tab_typed_table_is_a_table_again(printed):
    [table] = read_document(printed).tables()
    rows = [row.cells for row in table.rows]
    assert rows[0] == ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                       "Thời gian hoàn thành", "Sản phẩm"]
    assert rows[1] == ["I", "Công tác chỉ đạo, điều hành"]
    assert rows[2] == ["1", ("Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2024; Kế "
                            "hoạch kiểm tra cải cách hành chính năm 2024"), "Phòng Nội vụ",
                       "Các cơ quan chuyên môn thuộc UBND huyện", "Tháng 01/2024",
                       "Kế hoạch của UBND huyện"]
    # a tab stop right after a word: no gap, no space, two cells
    assert ["Các cơ quan, đơn vị thuộc UBND huyện", "Tháng 12/2024"] == \
        next(r for r in rows if r[0] == "10")[3:5]


@needs_print
def test_its_tasks_are_found_as_in_the_word_file(printed):
    report = score(parse_file(printed).plan.to_dict(), GOLD)
    assert (report.tasks.tp, report.tasks.fp, report.tasks.fn) == (13, 0, 0)
    for field in ("lead", "coop", "deadline_text", "schedule", "outputs", "area"):
        assert report.field_accuracy(field) == 1.0, (field, report.misses)


@needs_print
@pytest.mark.skipif(shutil.which("tesseract") is None,
                    reason="Tesseract (Debian tesseract-ocr-vie) is not installed")
def test_and_in_a_scan_of_the_print(printed, tmp_path):
    from cchc.extract.scan_fixtures import build_scan

    report = score(parse_file(build_scan(printed, tmp_path / "scan.pdf")).plan.to_dict(), GOLD)
    assert (report.tasks.tp, report.tasks.fp, report.tasks.fn) == (13, 0, 0)
    assert report.field_accuracy("lead") >= 0.9 and report.field_accuracy("schedule") >= 0.9


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 9)), max_size=30),
       st.integers(1, 15))
def test_cutting_at_tabs_keeps_every_word_in_order(gaps_widths, tab):
    spans, x = [], 0
    for gap, width in gaps_widths:
        spans.append((x + gap, x + gap + width))
        x += gap + width
    groups = cut_at_tabs(spans, tab, lambda s: s)
    assert [s for g in groups for s in g] == spans
    assert len(groups) == (1 if spans else 0) + sum(
        1 for a, b in pairwise(spans) if b[0] - a[1] >= tab)


@given(st.text(alphabet="aăêđhuyệnTháng ĐUBND12/", max_size=40))
def test_ungluing_only_cuts(text):
    pieces = _unglued(text)
    assert "".join(pieces) == text
    assert all(a[-2:].isalpha() and a[-1].islower() and b[0].isupper() and b[1:2].islower()
               for a, b in pairwise(pieces))


def test_a_word_glued_to_a_capitalized_word_is_cut_a_name_in_mixed_case_is_not():
    assert _unglued("thuộc UBND huyệnTháng 12/2024") == ["thuộc UBND huyện", "Tháng 12/2024"]
    assert _unglued("ứng dụng VNeID, iHanoi") == ["ứng dụng VNeID, iHanoi"]


def _line(text: str, x0: float = 90.0, *pieces: str, bold: bool = False) -> TextLine:
    return TextLine(text, 1, 1, x0, 500.0, 0.0, 13.0, 13.0, bold, tuple(pieces))


def test_the_table_ends_where_the_plan_goes_on():
    table = TabTable.headed_by(_line("TT Nhiệm vụ Chủ trì Thời gian Sản phẩm", 90.0, "TT",
                                     "Nhiệm vụ", "Chủ trì", "Thời gian", "Sản phẩm"))
    row = _line("1 Rà soát TTHC Văn phòng Quý I Báo cáo", 90.0, "1", "Rà soát TTHC",
                "Văn phòng", "Quý I", "Báo cáo")
    assert table.takes(row)
    table.add(row)
    assert table.takes(_line("kết quả rà soát"))  # the row's last cell goes on
    assert not table.takes(_line("IV. TỔ CHỨC THỰC HIỆN"))
    assert not table.takes(_line("TM. ỦY BAN NHÂN DÂN"))
    assert not table.takes(_line("Nơi nhận:"))
    assert not table.takes(_line("Kinh phí thực hiện", bold=True))


def test_a_row_is_fitted_to_the_columns_only_where_that_fits_clearly_better():
    columns = ["no", "text", "lead", "coop", "deadline", "outputs"]
    glued = ["10", "Tuyển dụng, bố trí công chức theo vị trí việc làm cuối năm Phòng Nội vụ",
             "Các cơ quan, đơn vị thuộc UBND huyện Tháng 12/2024", "Kết quả đánh giá"]
    assert fitted(glued, columns) == [
        "10", "Tuyển dụng, bố trí công chức theo vị trí việc làm cuối năm", "Phòng Nội vụ",
        "Các cơ quan, đơn vị thuộc UBND huyện", "Tháng 12/2024", "Kết quả đánh giá"]
    printed = ["2", "Kiểm tra công tác cải cách hành chính tại UBND các xã", "Phòng Nội vụ",
               "Văn phòng HĐND và UBND huyện", "Quý II/2024", "Thông báo kết quả"]
    assert fitted(printed, columns) == printed


def test_a_date_parted_by_a_wide_space_stays_one_cell():
    table = TabTable.headed_by(_line("TT Nhiệm vụ Chủ trì Thời gian Kinh phí", 90.0, "TT",
                                     "Nhiệm vụ", "Chủ trì", "Thời gian", "Kinh phí"))
    table.add(_line("2 Tuyên truyền Tư pháp Quý II, quý III/2025 Ngân sách xã", 90.0, "2",
                    "Tuyên truyền", "Tư pháp", "Quý II, quý", "III/2025 Ngân sách xã"))
    assert table.rows[-1][3] == "Quý II, quý III/2025 Ngân sách xã"
    assert table.table_rows()[-1][3:] == ["Quý II, quý III/2025", "Ngân sách xã"]


def test_the_next_rows_number_read_with_a_speck_starts_its_row():
    table = TabTable.headed_by(_line("TT Nhiệm vụ Chủ trì Thời gian Kinh phí", 90.0, "TT",
                                     "Nhiệm vụ", "Chủ trì", "Thời gian", "Kinh phí"))
    table.add(_line("3 Giải quyết hồ sơ Một cửa Hằng tháng", 90.0, "3", "Giải quyết hồ sơ",
                    "Một cửa", "Hằng tháng"))
    table.add(_line("4A Niêm yết Văn phòng Quý I/2025", 90.0, "4A", "Niêm yết", "Văn phòng",
                    "Quý I/2025"))
    table.add(_line("7A Kiểm tra Văn phòng Quý II/2025", 90.0, "7A", "Kiểm tra", "Văn phòng",
                    "Quý II/2025"))
    assert [row[0] for row in table.rows[1:]] == ["3", "4"]  # "7A" is no next number
    assert "Quý I/2025 7A" in table.rows[-1]


def test_a_wide_space_before_a_small_letter_is_no_cell_start():
    cells = ["1", "Xây dựng văn bản quy phạm pháp luật của HĐND, UBND",
             "xã đúng trình tự, thủ tục Nghị quyết, Quyết định", "Công chức Tư pháp - Hộ tịch"]
    assert fitted(cells, ["no", "text", "outputs", "lead"]) == [
        "1", "Xây dựng văn bản quy phạm pháp luật của HĐND, UBND xã đúng trình tự, thủ tục",
        "Nghị quyết, Quyết định", "Công chức Tư pháp - Hộ tịch"]


@needs_print
@pytest.mark.parametrize("name", ["d11", "d17", "d18"])  # Mục tiêu, Kinh phí; units first
def test_other_tab_typed_plans_read_from_their_print_as_their_word_file(name, tmp_path):
    from cchc.extract.fixtures import build_pdf
    from tests.yardstick import dev, gold

    plan = dev(name)
    report = score(parse_file(build_pdf(plan, tmp_path / "p.pdf")).plan.to_dict(), gold(plan))
    assert (report.tasks.fp, report.tasks.fn) == (0, 0), report.misses
    for field in ("lead", "coop", "deadline_text", "outputs"):
        assert report.field_accuracy(field) == 1.0, (field, report.misses)


def test_a_header_whose_tab_stop_glued_two_column_names_gives_both():
    table = TabTable.headed_by(_line(
        "TT Nội dung công việc Người chủ trì Người phối hợp Thời gian Sản phẩm", 90.0, "TT",
        "Nội dung công việc Người chủ trì", "Người phối hợp", "Thời gian", "Sản phẩm"))
    assert table.rows[0] == ["TT", "Nội dung công việc", "Người chủ trì", "Người phối hợp",
                             "Thời gian", "Sản phẩm"]
    kept = TabTable.headed_by(_line("TT Nhiệm vụ Sản phẩm Kết quả Chủ trì Thời gian", 90.0, "TT",
                                    "Nhiệm vụ", "Sản phẩm Kết quả", "Chủ trì", "Thời gian"))
    assert kept.rows[0][2] == "Sản phẩm Kết quả"  # one field: one column


def test_a_cell_is_not_cut_after_the_word_a_unit_name_starts_with():
    cells = ["6", "Chuẩn bị các điều kiện sắp xếp đơn vị hành chính theo chủ trương của cấp "
                  "trên Chủ tịch UBND xã Công chức Văn phòng - Thống kê; Công chức Địa chính - "
                  "Xây dựng", "Quý I - Quý II/2025", "Báo cáo; hồ sơ sắp xếp"]
    assert fitted(cells, ["no", "text", "lead", "coop", "deadline", "outputs", "note"])[1:4] == [
        "Chuẩn bị các điều kiện sắp xếp đơn vị hành chính theo chủ trương của cấp trên",
        "Chủ tịch UBND xã",
        "Công chức Văn phòng - Thống kê; Công chức Địa chính - Xây dựng"]
