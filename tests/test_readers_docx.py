"""The .docx reader (and .doc through LibreOffice), on Word files generated from the real seeds."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from cchc.errors import InputError
from cchc.extract.document import Table
from cchc.extract.fixtures import padded_rows
from cchc.extract.readers import read_document
from cchc.extract.readers.doc import soffice_convert
from tests.helpers import SEEDS

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture(scope="module")
def seed_docx(printed_seeds) -> dict[str, tuple]:
    """seed name -> (text reader's document, .docx path, .docx reader's document)."""
    return {seed.text.stem: (read_document(seed.text), seed.docx, read_document(seed.docx))
            for seed in printed_seeds.values()}


def paragraphs(document) -> list[tuple[str, str, bool]]:
    return [(p.text, p.role, p.bold) for p in document.paragraphs()]


@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_it_reads_back_the_paragraphs_of_every_seed(seed_docx, seed):
    text, _, word = seed_docx[seed]
    assert paragraphs(word) == paragraphs(text)


@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_it_reads_back_the_table_rows_of_every_seed(seed_docx, seed):
    text, _, word = seed_docx[seed]
    assert [[r.cells for r in t.rows] for t in word.tables()] == \
        [padded_rows(t) for t in text.tables()]


@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_it_keeps_paragraphs_and_tables_in_document_order(seed_docx, seed):
    text, _, word = seed_docx[seed]
    assert [type(b).__name__ for b in word.blocks] == [type(b).__name__ for b in text.blocks]


def test_it_gives_a_section_row_merged_across_columns_one_cell_then_empty_ones(seed_docx):
    _, path, word = seed_docx["000_074c4a7eb4d63395"]
    assert 'w:gridSpan w:val="5"' in _document_xml(path)
    assert word.tables()[0].rows[1].cells == ["I", "Cải cách thể chế", "", "", "", ""]


def test_it_leaves_the_cells_a_vertical_merge_continues_into_empty(seed_docx):
    text, path, word = seed_docx["003_10924f01bca14786"]
    assert "<w:vMerge/>" in _document_xml(path)
    row = word.tables()[0].rows[4]
    assert row.cells[:3] == ["", "", ""]
    assert row.cells[3].startswith("Xây dựng dự thảo báo cáo kết quả Theo dõi")
    assert row.cells == padded_rows(text.tables()[0])[4]


def test_it_locates_tables_rows_and_paragraphs(seed_docx):
    _, _, word = seed_docx["004_9ab0fe3c0e4fbaba"]
    second = word.tables()[1]
    assert str(second.rows[2].loc) == "Phụ lục số 02, dòng 3"  # as officials name places
    assert (second.rows[2].loc.table, second.rows[2].loc.row) == (2, 3)
    lines = [p.loc.line for p in word.paragraphs()]
    assert lines == sorted(lines) and lines[0] >= 1


def test_it_flattens_a_nested_table_into_its_cell(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "1"
    cell = outer.cell(0, 1)
    cell.text = "Báo cáo:"
    inner = cell.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("Quý I", "Sơ kết"), ("Quý IV", "Tổng kết")]):
        inner.cell(r, 0).text, inner.cell(r, 1).text = a, b
    path = tmp_path / "nested.docx"
    document.save(path)
    (table,) = read_document(path).tables()
    assert [r.cells for r in table.rows] == [["1", "Báo cáo:\nQuý I | Sơ kết\nQuý IV | Tổng kết"]]


def test_it_writes_out_word_list_numbers_and_bullets(tmp_path):
    document = docx.Document()
    for text in ("Mục đích", "Yêu cầu"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Công chức Tư pháp - Hộ tịch", style="List Bullet")
    path = tmp_path / "lists.docx"
    document.save(path)
    read = read_document(path).paragraphs()
    assert [(p.text, p.role) for p in read] == [
        ("1. Mục đích", "list_item"), ("2. Yêu cầu", "list_item"),
        ("• Công chức Tư pháp - Hộ tịch", "list_item")]


def test_it_takes_headings_from_styles_and_bold_from_runs(tmp_path):
    document = docx.Document()
    document.add_heading("KẾ HOẠCH", level=1)
    mixed = document.add_paragraph()
    mixed.add_run("Điều 1.").bold = True
    mixed.add_run(" Ban hành kèm theo Quyết định này")
    document.add_paragraph().add_run("QUYẾT ĐỊNH:").bold = True
    path = tmp_path / "styles.docx"
    document.save(path)
    assert [(p.text, p.role, p.bold) for p in read_document(path).paragraphs()] == [
        ("KẾ HOẠCH", "heading", True),
        ("Điều 1. Ban hành kèm theo Quyết định này", "body", False),
        ("QUYẾT ĐỊNH:", "body", True)]


def test_it_leaves_out_headers_footers_hidden_and_deleted_text_and_text_boxes(tmp_path):
    document = docx.Document()
    document.sections[0].header.add_paragraph("UBND XÃ THIỆU VÂN")
    document.sections[0].footer.add_paragraph("Trang 1")
    paragraph = document.add_paragraph("Nội dung")
    paragraph._p.append(parse_xml(f'<w:r {W}><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>'))
    paragraph._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="a"><w:r><w:delText>xoá'
                                  '</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:r {W}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
        '<w:txbxContent><w:p><w:r><w:t>hộp chữ</w:t></w:r></w:p></w:txbxContent>'
        '</v:textbox></v:shape></w:pict></w:r>'))
    paragraph._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="a"><w:r><w:t> chính</w:t>'
                                  '</w:r></w:ins>'))
    path = tmp_path / "furniture.docx"
    document.save(path)
    assert [p.text for p in read_document(path).paragraphs()] == ["Nội dung chính"]


def test_it_converts_text_typed_in_a_tcvn3_font(tmp_path):
    document = docx.Document()
    document.add_paragraph("Céng hoµ x· héi chñ nghÜa ViÖt Nam")  # .VnTime text as Word keeps it
    path = tmp_path / "vntime.docx"
    document.save(path)
    assert read_document(path).paragraphs()[0].text == "Cộng hoà xã hội chủ nghĩa Việt Nam"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (Debian libreoffice-writer) is not installed")
def test_it_reads_a_legacy_doc_through_libreoffice(seed_docx, tmp_path):
    text, path, word = seed_docx["004_9ab0fe3c0e4fbaba"]
    legacy = tmp_path / "plan.doc"
    legacy.write_bytes(soffice_convert(path.read_bytes(), path.name, "doc"))
    assert legacy.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    read = read_document(legacy)
    assert [p.text for p in read.paragraphs()] == [p.text for p in word.paragraphs()]
    assert [[r.cells for r in t.rows] for t in read.tables()] == \
        [[r.cells for r in t.rows] for t in word.tables()]


def test_it_says_a_legacy_doc_needs_libreoffice_when_it_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the PATH
    legacy = tmp_path / "plan.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(InputError, match=r"^plan\.doc: đọc tệp \.doc cũ cần LibreOffice "
                                         r"\(gói Debian libreoffice-writer\)$"):
        read_document(legacy)


def test_it_reads_a_docx_renamed_doc_directly(seed_docx, tmp_path):
    _, path, word = seed_docx["000_074c4a7eb4d63395"]
    renamed = tmp_path / "plan.doc"
    renamed.write_bytes(path.read_bytes())
    assert [b.__class__ for b in read_document(renamed).blocks] == \
        [b.__class__ for b in word.blocks]


def test_it_reads_a_web_page_saved_as_doc(tmp_path):
    page = tmp_path / "plan.doc"
    page.write_text('<html><head><meta charset="utf-8"></head><body><p>KẾ HOẠCH</p><table>'
                    "<tr><td>1</td><td>Rà soát thủ tục hành chính</td></tr></table></body></html>",
                    encoding="utf-8")
    read = read_document(page)
    assert [p.text for p in read.paragraphs()] == ["KẾ HOẠCH"]
    assert [r.cells for r in read.tables()[0].rows] == [["1", "Rà soát thủ tục hành chính"]]


def test_it_reads_strict_open_xml(seed_docx, tmp_path):
    _, path, word = seed_docx["004_9ab0fe3c0e4fbaba"]
    strict = tmp_path / "strict.docx"
    renames = {b"http://schemas.openxmlformats.org/wordprocessingml/2006/main":
               b"http://purl.oclc.org/ooxml/wordprocessingml/main",
               b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
               b"http://purl.oclc.org/ooxml/officeDocument/relationships"}
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(strict, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            for transitional, iso in renames.items():
                data = data.replace(transitional, iso)
            target.writestr(info, data)
    assert read_document(strict).blocks == [_renamed(b, "strict.docx") for b in word.blocks]


def _renamed(block, source: str):
    """The same block as read from a file called `source`."""
    if isinstance(block, Table):
        return Table([replace(r, loc=replace(r.loc, source=source)) for r in block.rows],
                     replace(block.loc, source=source))
    return replace(block, loc=replace(block.loc, source=source))


def _document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode()

