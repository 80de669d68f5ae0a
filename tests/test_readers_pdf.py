"""The PDF reader, on PDFs LibreOffice prints from the .docx generated for each real seed.

What matches the .docx: every paragraph but a few (wrapping can glue or split lines), the
sequence of task numbers in the first column, and each task's texts column by column once
the repeated header rows are left out and whitespace is ignored (a row broken over a page
comes back in one piece when its continuation plainly goes on mid-sentence, else as a
numberless row after it; a line wrapped at a hyphen or dash cannot tell whether a space
followed it). Most cells are equal outright after whitespace collapse.
"""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from pypdf import PdfWriter

from cchc.errors import InputError
from cchc.extract.fixtures import build_pdf
from cchc.extract.readers import read_document
from tests.helpers import SEEDS

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (Debian libreoffice-writer) is needed to print the seeds to PDF")


@pytest.fixture(scope="module")
def printed(printed_seeds) -> dict[str, tuple]:
    """seed name -> (.docx reader's document, PDF path, PDF reader's document)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (Debian libreoffice-writer) is needed to print the seeds to PDF")
    return {seed.text.stem: (read_document(seed.docx), seed.pdf, read_document(seed.pdf))
            for seed in printed_seeds.values()}


def rows_without_repeated_headers(document) -> list[list[str]]:
    rows = []
    for table in document.tables():
        header = table.rows[0].cells
        rows.append(header)
        rows += [r.cells for r in table.rows[1:] if r.cells != header]
    return rows


def task_numbers(rows: list[list[str]]) -> list[str]:
    return [r[0] for r in rows if r[0]]


def task_texts(rows: list[list[str]]) -> list[list[str]]:
    """Per numbered row and the numberless rows after it: each column's text, no whitespace."""
    tasks: list[list[list[str]]] = []
    for row in rows:
        if row[0] or not tasks:
            tasks.append([[c] for c in row])
        else:
            for column, cell in zip(tasks[-1], row):
                column.append(cell)
    return [[re.sub(r"\s+", "", "".join(column)) for column in task] for task in tasks]


@needs_soffice
@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_it_recovers_the_task_numbers_of_every_seed(printed, seed):
    word, _, pdf = printed[seed]
    assert task_numbers(rows_without_repeated_headers(pdf)) == \
        task_numbers(rows_without_repeated_headers(word))


@needs_soffice
@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_it_recovers_the_texts_of_every_task(printed, seed):
    word, _, pdf = printed[seed]
    assert task_texts(rows_without_repeated_headers(pdf)) == \
        task_texts(rows_without_repeated_headers(word))


@needs_soffice
def test_it_recovers_most_cells_exactly(printed):
    cells = found = 0
    for word, _, pdf in printed.values():
        in_pdf = {c for r in rows_without_repeated_headers(pdf) for c in r}
        in_word = [c for r in rows_without_repeated_headers(word) for c in r if c]
        cells += len(in_word)
        found += sum(c in in_pdf for c in in_word)
    assert found / cells > 0.95


@needs_soffice
def test_it_recovers_the_paragraphs(printed):
    paragraphs = found = 0
    for word, _, pdf in printed.values():
        in_pdf = {p.text for p in pdf.paragraphs()}
        paragraphs += len(word.paragraphs())
        found += sum(p.text in in_pdf for p in word.paragraphs())
    assert found / paragraphs > 0.97


@needs_soffice
def test_it_reads_a_table_running_over_pages_as_one_table_with_its_repeated_headers(printed):
    word, _, pdf = printed["000_074c4a7eb4d63395"]
    (table,) = pdf.tables()
    pages = sorted({r.loc.page for r in table.rows})
    header = table.rows[0].cells
    assert header == ["TT", "Nội dung thực hiện", "Sản phẩm/Kết quả", "Bộ phận thực hiện",
                      "Đơn vị phối hợp", "Thời gian hoàn thành"]
    assert len(pages) > 3
    assert sum(r.cells == header for r in table.rows) == len(pages)  # kept for the recognizer
    assert str(table.rows[1].loc) == f"Phụ lục, dòng 2, trang {pages[0]}"


@needs_soffice
def test_it_reads_bold_lines_as_bold_paragraphs(printed):
    _, _, pdf = printed["001_c802cf9912aef313"]
    by_text = {p.text: p for p in pdf.paragraphs()}
    assert by_text["QUYẾT ĐỊNH:"].bold
    assert not by_text["Theo đề nghị của Công chức Văn phòng-thống kê xã,"].bold


@needs_soffice
def test_it_refuses_a_scanned_pdf_where_ocr_finds_no_text(tmp_path):
    """(Scanned plans are read by OCR: tests/test_readers_ocr.py; without the engine this
    PDF gets the one-line message naming the packages, tested there too.)"""
    document = docx.Document()
    document.add_picture(str(_png(tmp_path / "scan.png")), width=Mm(150))
    document.save(tmp_path / "scan.docx")
    scanned = build_pdf(tmp_path / "scan.docx", tmp_path / "scan.pdf")
    with pytest.raises(InputError, match=r"^scan\.pdf: nhận dạng chữ \(OCR\) không thấy chữ "
                                         r"nào trên các trang quét$"):
        read_document(scanned)


def test_it_refuses_a_pdf_of_blank_pages(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(tmp_path / "blank.pdf")
    with pytest.raises(InputError, match="không có lớp chữ"):
        read_document(tmp_path / "blank.pdf")


@needs_soffice
def test_it_refuses_a_password_protected_pdf(printed, tmp_path):
    _, path, _ = printed["004_9ab0fe3c0e4fbaba"]
    writer = PdfWriter(clone_from=path)
    writer.encrypt(user_password="bi-mat", owner_password="chu", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(InputError, match=r"^locked\.pdf: tệp PDF có mật khẩu$"):
        read_document(tmp_path / "locked.pdf")


@needs_soffice
def test_it_reads_a_pdf_restricted_only_by_an_owner_password(printed, tmp_path):
    _, path, pdf = printed["004_9ab0fe3c0e4fbaba"]
    writer = PdfWriter(clone_from=path)
    writer.encrypt(user_password="", owner_password="chu", algorithm="RC4-128")
    writer.write(tmp_path / "restricted.pdf")
    assert [p.text for p in read_document(tmp_path / "restricted.pdf").paragraphs()] == \
        [p.text for p in pdf.paragraphs()]


def _png(path: Path, width: int = 400, height: int = 200) -> Path:
    """A grey-stripe image, as a scanner would give (no text layer)."""
    rows = b"".join(b"\x00" + bytes((x * 7 + y) % 256 for x in range(width))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def test_a_line_that_ends_short_because_a_date_would_not_fit_goes_on():
    """"... Kế hoạch số 47/KH-UBND ngày" ends early only because "10/01/2025" is one long word
    that wrapped whole: the paragraph goes on (and its citation keeps its date and issuer)."""
    from tests.yardstick import dev, parsed

    [basis] = [b for b in parsed(dev("d12")).plan.meta.legal_bases if b.number == "47/KH-UBND"]
    assert (basis.date.isoformat(), basis.issuer) == ("2025-01-10",
                                                      "UBND thành phố Buôn Ma Thuột")
