"""The text/Markdown reader turns Word-to-text exports into paragraphs and tables."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.errors import InputError
from cchc.extract.document import Paragraph, Table
from cchc.extract.readers.text import TextReader
from tests.helpers import seed

reader = TextReader()


def _read(text: str):
    return reader.read(text.encode("utf-8"), "t.txt")


def test_it_reads_a_table_flattened_one_cell_per_line():
    doc = reader.read(seed("004").read_bytes(), "004.txt")
    tables = doc.tables()
    assert len(tables) == 7  # one per appendix
    assert all(len(row.cells) == 6 for t in tables for row in t.rows)
    row = tables[6].rows[3]  # appendix 07, task 3: blank lines inside its cells
    assert row.cells[0] == "3."
    assert row.cells[5].endswith("Báo cáo tổng hợp chỉ số cải cách hành chính toàn tỉnh: Quý I/2025.")


def test_it_reads_tab_separated_rows_across_page_breaks():
    doc = reader.read(seed("000").read_bytes(), "000.txt")
    (table,) = doc.tables()
    assert table.rows[0].cells[:2] == ["TT", "Nội dung thực hiện"]
    assert any(r.cells[1] == "SMS..." for r in table.rows)


def test_it_strips_html_tags_and_markdown_emphasis_in_cells():
    doc = _read("A\tB\tC\n1\t<b>Cải cách</b> thể chế\t*ghi chú*<br>dòng 2\n")
    (table,) = doc.tables()
    assert table.rows[1].cells == ["1", "Cải cách thể chế", "ghi chú\ndòng 2"]


def test_it_reads_markdown_pipe_tables_and_headings():
    doc = _read("# KẾ HOẠCH\n\n| TT | Nội dung |\n|---|---|\n| 1 | Việc một |\n")
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].role == "heading"
    assert isinstance(doc.blocks[1], Table)
    assert [r.cells for r in doc.blocks[1].rows] == [["TT", "Nội dung"], ["1", "Việc một"]]


def test_it_splits_paragraphs_glued_by_bold_markers():
    doc = _read("KẾ HOẠCH**Công tác cải cách hành chính năm 2024**\n")
    assert [p.text for p in doc.paragraphs()] == ["KẾ HOẠCH", "Công tác cải cách hành chính năm 2024"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_it_yields_nfc_or_a_clear_input_error_on_any_text(text):
    try:
        doc = _read(text)
    except InputError as exc:
        assert str(exc).startswith("t.txt: ")  # binary content (NUL bytes) is not a text export
        assert "\x00" in text
        return
    for line in doc.text_lines():
        assert unicodedata.is_normalized("NFC", line)


_WORDS = st.text("abcđêơ ", min_size=1, max_size=8).map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=2, max_size=5), min_size=1, max_size=6))
def test_it_keeps_every_cell_of_a_tab_separated_table(rows):
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    (table,) = _read(text).tables()
    assert [r.cells for r in table.rows] == rows
