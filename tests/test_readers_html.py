"""The HTML reader, on pages written from the real seeds and on hand-made HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.extract.fixtures import padded_rows, write_html
from cchc.extract.readers import read_document
from tests import legacy_encoders
from tests.helpers import SEEDS


def read_html(tmp_path: Path, body: str):
    path = tmp_path / "page.html"
    path.write_text(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>',
                    encoding="utf-8")
    return read_document(path)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s.stem)
def test_it_reads_back_every_seed_written_as_html(seed, tmp_path):
    text = read_document(seed)
    page = read_document(write_html(text, tmp_path / f"{seed.stem}.html"))
    assert [(p.text, p.role, p.bold) for p in page.paragraphs()] == \
        [(p.text, p.role, p.bold) for p in text.paragraphs()]
    assert [[r.cells for r in t.rows] for t in page.tables()] == \
        [padded_rows(t) for t in text.tables()]


def test_it_reads_a_page_saved_in_windows_1258(tmp_path):
    text = read_document(SEEDS[0])
    page = write_html(text, tmp_path / "cp1258.html").read_text(encoding="utf-8")
    page = page.replace('charset="utf-8"', 'charset="windows-1258"')
    (tmp_path / "cp1258.html").write_bytes(legacy_encoders.windows_1258(page))
    read = read_document(tmp_path / "cp1258.html")
    assert [p.text for p in read.paragraphs()] == [p.text for p in text.paragraphs()]


def test_it_spreads_colspan_and_rowspan_cells_over_the_grid(tmp_path):
    page = read_html(tmp_path, """
      <table>
        <tr><th>TT</th><th>Nội dung</th><th>Chủ trì</th><th>Thời gian</th></tr>
        <tr><td>I</td><td colspan="3">Cải cách thể chế</td></tr>
        <tr><td rowspan="2">1</td><td>Ban hành kế hoạch</td><td rowspan="2">Tư pháp</td>
            <td>Quý I/2024</td></tr>
        <tr><td>Báo cáo kết quả</td><td>Tháng 11/2024</td></tr>
      </table>""")
    assert [r.cells for r in page.tables()[0].rows] == [
        ["TT", "Nội dung", "Chủ trì", "Thời gian"],
        ["I", "Cải cách thể chế", "", ""],
        ["1", "Ban hành kế hoạch", "Tư pháp", "Quý I/2024"],
        ["", "Báo cáo kết quả", "", "Tháng 11/2024"]]


def test_it_flattens_nested_tables_and_keeps_line_breaks_in_cells(tmp_path):
    page = read_html(tmp_path, """
      <table><tr><td>1</td><td>- Kế hoạch;<br>- Báo cáo.
        <table><tr><td>Quý I</td><td>Sơ kết</td></tr><tr><td>Quý IV</td><td>Tổng kết</td></tr>
        </table></td></tr></table>""")
    (table,) = page.tables()
    assert [r.cells for r in table.rows] == [
        ["1", "- Kế hoạch;\n- Báo cáo.\nQuý I | Sơ kết\nQuý IV | Tổng kết"]]


def test_it_reads_headings_list_items_bold_and_drops_scripts(tmp_path):
    page = read_html(tmp_path, """
      <script>var x = "<p>không phải văn bản</p>";</script><style>p { color: red }</style>
      <h1>KẾ HOẠCH</h1>
      <div>Cải cách hành chính &amp; chuyển đổi số <!-- ghi chú --> năm 2024</div>
      <p><strong>Điều 1.</strong> Ban hành</p>
      <p><b>QUYẾT ĐỊNH:</b></p>
      <ul><li>Mục đích</li><li>Yêu cầu</li></ul>""")
    assert [(p.text, p.role, p.bold) for p in page.paragraphs()] == [
        ("KẾ HOẠCH", "heading", False),
        ("Cải cách hành chính & chuyển đổi số năm 2024", "body", False),
        ("Điều 1. Ban hành", "body", False),
        ("QUYẾT ĐỊNH:", "body", True),
        ("Mục đích", "list_item", False),
        ("Yêu cầu", "list_item", False)]


def test_it_locates_paragraphs_by_source_line(tmp_path):
    path = tmp_path / "lines.html"
    path.write_text("<html><body>\n<p>Một</p>\n\n<p>Hai</p>\n</body></html>", encoding="utf-8")
    assert [p.loc.line for p in read_document(path).paragraphs()] == [2, 4]
