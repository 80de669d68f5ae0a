"""OCR corrections (readers/ocr_text.py), grids from ruling lines (readers/image_tables.py) and
the skew of a page (readers/deskew.py), on made-up text and drawn images."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extract.readers.deskew import level, skew_angle
from cchc.extract.readers.image_tables import find_grids, ink_mask
from cchc.extract.readers.ocr_page import _echoes
from cchc.extract.readers.tesseract import Word
from cchc.extract.readers.ocr_text import (correct, is_syllable, quarters_as_written,
                                          relabel_list_items)
from cchc.extract.readers.text import READER as TEXT
from tests.helpers import SEEDS


@pytest.mark.parametrize("read,unsure,right", [
    ("- SởTư pháp;", (), "- Sở Tư pháp;"),  # syllables run together
    ("- Trungtâm Phục vụ hành chính công tỉnh;", (), "- Trung tâm Phục vụ hành chính công tỉnh;"),
    ("cắt giảmtối thiểu 20%", (), "cắt giảm tối thiểu 20%"),
    ("đơn vị sự nghiỆp y tẾ", (), "đơn vị sự nghiệp y tế"),  # a capital after a small letter
    ("- Các SỞ, ban, ngành cấp tỉnh;", (), "- Các Sở, ban, ngành cấp tỉnh;"),
    ("- CƠ quan, đơn vị có liên quan.", (), "- Cơ quan, đơn vị có liên quan."),
    ("Mặt trận TỔ quốc", (), "Mặt trận Tổ quốc"),
    ("Thường xuyền.", ("xuyền",), "Thường xuyên."),  # a doubtful mark, the vocabulary is sure
    ("Thường xuyền.", (), "Thường xuyền."),  # read with confidence: printed so, kept
    ("Các cơ quan, đơn v] có liên quan.", (), "Các cơ quan, đơn vị có liên quan."),
    ("Kế hoạch | kiểm tra", (), "Kế hoạch kiểm tra"),  # a table line read as "|"
    ("Chậm nhất Quý 11/2024.", (), "Chậm nhất Quý II/2024."),
    ("Quý 1V/2024", (), "Quý IV/2024"),
    ("Quý 1/2025", (), "Quý 1/2025"),  # plans write quarters in Arabic numerals too
    ("Quý 12024 giao tự chủ", (), "Quý 1/2024 giao tự chủ"),  # the slash lost
    ("Danh mục TTIHC", (), "Danh mục TTHC"),  # the edge of an H read as an I
    ("Hằng tháng Quý IIH/2024", (), "Hằng tháng Quý III/2024"),  # IIII is no quarter
    ("Quý H/2024", (), "Quý H/2024"),  # I or II: not certain
    ("Quý I/⁄2025", (), "Quý I/2025"),  # a slash read twice
    ("01 tháng/Iần.", (), "01 tháng/lần."),  # I for l where only l makes a syllable
    ("Iớp bồi dưỡng", (), "lớp bồi dưỡng"),
    ("06 tháng/1ần.", (), "06 tháng/lần."),  # 1 for l before letters with marks
    ("điểm 1a, 1b", (), "điểm 1a, 1b"),  # but not before plain letters
    ("Im lặng, Ít nhất", (), "Im lặng, Ít nhất"),  # I makes a syllable: kept
    ("Số: 4951/QD-UBND", (), "Số: 4951/QĐ-UBND"),
    ("Số: 4951/QÐ-UBND", (), "Số: 4951/QĐ-UBND"),  # Icelandic eth
    ("ngày 2O/l2/2023", (), "ngày 20/12/2023"),
    ("9,", (), "9."),
    ("Hãng tháng và hãng quý", (), "Hằng tháng và hằng quý"),  # breve and grave read as "~"
    ("Báo cáo rà soát v] trí việc làm", (), "Báo cáo rà soát vị trí việc làm"),
    ("theo Điều 5 [3] và khoản 2]", (), "theo Điều 5 [3] và khoản 2]"),  # brackets opened
    ("NÑăm 2023", (), "Năm 2023"),  # a letter read twice, once with a sign print never uses
    ("Văn phòng — Thống kê", (), "Văn phòng – Thống kê"),  # em dash for en dash
    ("` Thường xuyên.", (), "Thường xuyên."),  # a speck read as a backtick
    ("'Văn phòng HĐND và UBND phường", (), "Văn phòng HĐND và UBND phường"),  # or a quote
    ("'Một cửa' liên thông", (), "'Một cửa' liên thông"),  # a quote that closes
    ("Xoong nồi, TTHC, CCHC", (), "Xoong nồi, TTHC, CCHC"),  # doubles that are words
    ("hãng phim", (), "hãng phim"),  # a company: no period after it
    ("06 tháng/lẩn.", (), "06 tháng/lần."),  # the tone of "lần" misread
    ("02 đọưnăm", (), "02 đợt/năm"),
    ("Báo cáo kết quả giải quyếthồsơ", (), "Báo cáo kết quả giải quyết hồ sơ"),  # 3 syllables
    ("_ Quý I/2025", (), "Quý I/2025"),  # a rule read as "_" alone
    ("SỞY TẾ", (), "SỞ Y TẾ"),  # capitals run together (marked: no acronym)
    ("Số: 05KH-UBND", (), "Số: 05/KH-UBND"),  # the slash of a document number lost
    ("02lần/năm", (), "02 lần/năm"),  # the space after a count lost
    ("mã 05AB-CD", (), "mã 05AB-CD"),  # no document symbol
    ("Khi có phẩn ánh, kiến nghị", {"phẩn"}, "Khi có phản ánh, kiến nghị"),  # "t/" read as "ư", the mark of "ợ" as a dot
    ("Tổ chức 02 đợt/quý;", (), "Tổ chức 02 đợt/quý;"),
    ("Năm 2024_ Đề án", (), "Năm 2024 Đề án"),  # a rule's ink read as "_"
    ("Số: ____/KH-UBND", (), "Số: ____/KH-UBND"),
    ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH", (), "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"),
    ("Công chức Văn phòng –Thông kê", (), "Công chức Văn phòng –Thông kê"),  # a printed typo
    ("công chức VHXH, CCVC", (), "công chức VHXH, CCVC"),  # acronyms
    ("Danh mục TTHG được công khai", (), "Danh mục TTHC được công khai"),  # C read as G
    ("TT HDND, UBNĐ", (), "TT HĐND, UBND"),  # D and Đ
    ("Ban BTG", (), "Ban BTG"),  # three letters: BTG and BTC are two bodies
    ("Văn hoá - Xã hội", (), "Văn hoá - Xã hội"),  # the tone placed the old way
])
def test_it_corrects_what_the_spelling_or_the_vocabulary_makes_certain(read, unsure, right):
    assert correct(read, unsure).text == right


def test_it_lists_what_it_corrected():
    assert correct("- SởTư pháp; UBND cấp Xã").changes == [("SởTư", "Sở Tư")]


def test_it_changes_no_line_of_the_real_plans():
    """Every line and cell of the seeds, as printed (typos included), comes back unchanged."""
    for path in SEEDS:
        for line in TEXT.read(path.read_bytes(), path.name).text_lines():
            for cell in line.split("\t"):
                for item in cell.split("\n"):
                    assert correct(item).text == " ".join(item.split()), (path.name, item)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyAĐƠỞÊ àáảãạ|]-,.;:()/01lIO2V",
               max_size=60))
def test_a_correction_is_final(text):
    once = correct(text).text
    assert correct(once).text == once


@pytest.mark.parametrize("word", ["nghiêng", "quyết", "gì", "khuỷu", "Trung", "hóa", "hoá"])
def test_it_knows_vietnamese_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["SởTư", "giảmtối", "email", "xtr", "ngàyy"])
def test_it_knows_what_is_no_syllable(word):
    assert not is_syllable(word)


def test_quarter_one_follows_the_numerals_the_document_writes():
    """A plan numbers its quarters one way: OCR's "Quý 1" is "Quý I" where the others are
    Roman, and stays where any is Arabic or none is written otherwise."""
    assert quarters_as_written(["Quý 1/2024", "Quý II/2024", "quý 1, quý III", "Quý 1,5"]) == \
        {0: "Quý I/2024", 2: "quý I, quý III"}
    assert quarters_as_written(["Quý 1/2024", "Quý 2/2024", "Quý III/2024"]) == {}
    assert quarters_as_written(["Quý 1/2024", "Thường xuyên"]) == {}


def test_misread_item_letters_are_restored_from_the_list_around_them():
    texts = ["e) Tổ chức", "- Bộ phận chủ trì: X", "Đ Thường xuyên đổi mới", "ø) Nhập dữ liệu",
             "h) Ha", "ï) Nâng cao", "k) Ka", "Ù Triển khai", "m) M", "Ở cấp xã, việc", "a) A"]
    assert relabel_list_items(texts) == {2: "f) Thường xuyên đổi mới", 3: "g) Nhập dữ liệu",
                                         5: "i) Nâng cao", 7: "l) Triển khai"}
    bulleted = ["- e) Tham mưu", "- 8) Tổ chức triển khai", "- h) Xây dựng", "3) trên địa bàn"]
    assert relabel_list_items(bulleted) == {1: "g) Tổ chức triển khai"}  # "3)" fits no place


def _table_image(rows: list[int], columns: list[int], merged_row: int | None = None,
                 dpi: int = 200) -> np.ndarray:
    """A white page with a ruled table; `merged_row` spans all columns but the first."""
    image = np.full((1400, 1200), 255, np.uint8)
    for y in rows:
        cv2.line(image, (columns[0], y), (columns[-1], y), 0, 2)
    for i, x in enumerate(columns):
        for top, bottom in zip(rows, rows[1:]):
            inner = 0 < i < len(columns) - 1 and i > 1
            if merged_row is not None and top == rows[merged_row] and inner:
                continue
            cv2.line(image, (x, top), (x, bottom), 0, 2)
    cv2.putText(image, "TT", (columns[0] + 10, rows[0] + 40), cv2.FONT_HERSHEY_SIMPLEX, 1, 0, 2)
    return image


def test_it_recovers_a_grid_and_its_merged_cells():
    rows, columns = [100, 200, 300, 420], [100, 180, 600, 900, 1100]
    (grid,), lines = find_grids(ink_mask(_table_image(rows, columns, merged_row=1)), 200)
    assert grid.width == 4 and grid.height == 3
    assert [abs(a - b) <= 2 for a, b in zip(grid.xs, columns)] == [True] * 5
    section = [c for c in grid.cells if c.row == 1 and c.column == 1]
    assert section[0].columns == 3  # "I | Cải cách thể chế" across the task columns
    assert len(grid.cells) == 4 + 2 + 4
    assert lines[rows[0], 500] and not lines[rows[0] + 30, columns[0] + 30]


def test_it_separates_the_cells_of_a_one_line_header_row():
    """A header row 5.5 mm tall over a section row spanning the columns: its rules are shorter
    than any long stroke, yet on the columns' boundaries, so they separate its cells."""
    px = 200 / 25.4
    rows = [100, 100 + int(5.5 * px), 300, 420]
    columns = [100, 180, 600, 900, 1100]
    (grid,), lines = find_grids(ink_mask(_table_image(rows, columns, merged_row=1)), 200)
    header = [c for c in grid.cells if c.row == 0]
    assert [c.columns for c in header] == [1, 1, 1, 1]
    assert lines[rows[0] + 20, columns[2]]  # erased before OCR with the other rules


@pytest.mark.parametrize("angle", [-2.0, -0.5, 0.7, 3.0])
def test_it_finds_the_skew_of_a_page(angle):
    page = np.full((1600, 1200), 255, np.uint8)
    for y in range(200, 1400, 40):
        cv2.putText(page, "Ke hoach cai cach hanh chinh nam 2024", (100, y),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    h, w = page.shape
    tilted = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h),
                            borderValue=255)
    found = skew_angle(ink_mask(tilted))
    assert abs(found + angle) <= 0.1
    assert abs(skew_angle(ink_mask(level(tilted, found)))) <= 0.1


def test_a_mark_read_again_at_the_end_of_the_word_it_touches_is_its_echo():
    """The box of "HĐND" leaves the last stroke of its D out; read again, it is "D" again."""
    px = 200 / 25.4
    word = Word("HĐND", (100, 50, 180, 80), 91.0, 78.0, 30.0)
    assert _echoes(Word("D", (182, 52, 196, 79), 80.0, 78.0, 30.0), word, px)
    assert not _echoes(Word("và", (200, 52, 230, 79), 80.0, 78.0, 30.0), word, px)
    assert not _echoes(Word("D", (182, 120, 196, 149), 80.0, 148.0, 30.0), word, px)  # below
    narrow = Word("Y", (1354, 593, 1355, 625), 93.0, 624.0, 30.0)  # a box one pixel wide
    assert _echoes(Word("Y", (1345, 593, 1368, 625), 90.0, 624.0, 30.0), narrow, px)
    assert not _echoes(Word("Y", (1400, 593, 1423, 625), 90.0, 624.0, 30.0), narrow, px)
