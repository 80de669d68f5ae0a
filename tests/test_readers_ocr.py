"""Scanned plans read by OCR: the seeds printed by LibreOffice, scanned (tests/conftest.py
scanned_seeds: 200 dpi, skewed, noisy, JPEG) and scored against their gold files; page images;
turned pages; the message when the engine is missing.

OCR is slow: the scans are built once per session and their OCR is cached across runs; the
other tests read a page or two.
"""

from __future__ import annotations

import json
import re
import shutil
from difflib import SequenceMatcher

import pytest
from pypdf import PdfReader, PdfWriter
from rapidfuzz import fuzz

from cchc.errors import InputError
from cchc.extract import parse_file
from cchc.extract.evaluation import META_FIELDS, Report, score
from cchc.extract.readers import read_document
from cchc.extract.readers.progress import reporting
from cchc.extract.scan_fixtures import build_scan, scan_pages, write_images
from tests.helpers import GOLD

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None,
                                reason="Tesseract (Debian tesseract-ocr-vie) is not installed")


@pytest.fixture(scope="module")
def scores(scanned_seeds, printed_seeds) -> dict[str, tuple[Report, Report]]:
    """seed -> (score of the scan read by OCR, score of the text PDF it was scanned from)."""
    out = {}
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        scan = score(parse_file(scanned_seeds[path.stem]).plan.to_dict(), gold)
        text = score(parse_file(printed_seeds[gold["source"]].pdf).plan.to_dict(), gold)
        out[path.stem] = scan, text
    return out


def _total(reports) -> Report:
    total = Report(documents=0)
    for report in reports:
        total.add(report)
    return total


def test_the_tasks_of_scanned_plans_are_found(scores):
    total = _total(scan for scan, _ in scores.values())
    assert total.tasks.f1 >= 0.95, total.misses


@pytest.mark.parametrize("field", ["schedule", "coop", "area"])
def test_the_task_fields_of_scanned_plans_are_read(scores, field):
    total = _total(scan for scan, _ in scores.values())
    assert total.field_accuracy(field) >= 0.9, [m for m in total.misses if field in m]


def test_the_lead_units_of_scanned_plans_are_read(scores):
    """Seed 000 prints "Văn phòng –Thông kê" in a column so narrow that the line breaks after
    the dash; units are compared up to the spacing around dashes (evaluation._item_key)."""
    total = _total(scan for scan, _ in scores.values())
    assert total.field_accuracy("lead") >= 0.9, [m for m in total.misses if "lead" in m]


@pytest.mark.parametrize("field", META_FIELDS)
def test_the_meta_of_scanned_plans_is_right(scores, field):
    total = _total(scan for scan, _ in scores.values())
    assert total.meta_accuracy(field) == 1.0, [m for m in total.misses if "meta" in m]


def test_a_scanned_table_keeps_its_pages_headers_and_broken_rows_as_the_text_pdf(
        scanned_seeds, printed_seeds):
    """The scan of seed 004 has the text PDF's tables: the same count, each on the same pages,
    the repeated header rows on the same pages, as many rows (a row broken over a page is
    stitched the same way) and nearly all task numbers (OCR misses a lone "1." now and then)."""
    scan = read_document(scanned_seeds["004_9ab0fe3c0e4fbaba"])
    text = read_document(printed_seeds["004_9ab0fe3c0e4fbaba.txt"].pdf)
    assert len(scan.tables()) == len(text.tables())
    scanned_numbers, printed_numbers = [], []
    for scanned, printed in zip(scan.tables(), text.tables()):
        assert _pages(scanned) == _pages(printed)
        assert _header_pages(scanned) == _header_pages(printed)
        assert len(scanned.rows) == len(printed.rows)
        scanned_numbers += _numbers(scanned)
        printed_numbers += _numbers(printed)
    assert SequenceMatcher(a=scanned_numbers, b=printed_numbers).ratio() >= 0.9


def _pages(table) -> list[int]:
    return sorted({r.loc.page for r in table.rows})


def _numbers(table) -> list[str]:
    return [re.sub(r"\D", "", r.cells[0]) for r in table.rows[1:]
            if re.sub(r"\D", "", r.cells[0])]


def _header_pages(table) -> list[int]:
    return [r.loc.page for r in table.rows if r.cells[1] == table.rows[0].cells[1]]


def test_a_scanned_plan_reports_what_ocr_corrected_and_doubts(scanned_seeds):
    document = read_document(scanned_seeds["004_9ab0fe3c0e4fbaba"])
    codes = {f.code for f in document.findings}
    assert "ocr_corrected" in codes
    assert document.scanned_pages == list(range(1, 23))


def test_page_images_are_read(printed_seeds, tmp_path):
    """A plan page photographed or scanned to PNG, and two pages in one TIFF."""
    pages = scan_pages(printed_seeds["004_9ab0fe3c0e4fbaba.txt"].pdf, pages=[12, 13], dpi=200)
    png = read_document(write_images(pages[:1], tmp_path / "trang-12.png"))
    (table,) = png.tables()
    assert table.rows[0].cells[:2] == ["TT", "Nội dung thực hiện"]
    tiff = read_document(write_images(pages, tmp_path / "phu-luc.tif"))
    # the appendix runs on over both pages (one table), the next one starts on page 2
    assert [sorted({r.loc.page for r in t.rows}) for t in tiff.tables()] == [[1, 2], [2]]
    assert tiff.scanned_pages == [1, 2]


def test_a_page_fed_upside_down_or_sideways_is_turned(printed_seeds, tmp_path):
    pdf = printed_seeds["004_9ab0fe3c0e4fbaba.txt"].pdf
    upright = read_document(build_scan(pdf, tmp_path / "upright.pdf", pages=[2]))
    turned = read_document(build_scan(pdf, tmp_path / "turned.pdf", pages=[2, 13],
                                      turns={2: 180, 13: 90}))
    assert fuzz.ratio(" ".join(p.text for p in turned.paragraphs()[:8]),
                      " ".join(p.text for p in upright.paragraphs()[:8])) >= 95
    assert turned.tables()[0].rows[0].cells[:2] == ["TT", "Nội dung thực hiện"]


def test_progress_is_reported_page_by_page(printed_seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_OCR_CACHE", "off")
    scan = build_scan(printed_seeds["003_10924f01bca14786.txt"].pdf, tmp_path / "s.pdf",
                      pages=[1, 2])
    seen = []
    with reporting(lambda done, total: seen.append((done, total))):
        read_document(scan)
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_ocr_results_are_cached_by_content(printed_seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_OCR_CACHE", str(tmp_path / "cache"))
    scan = build_scan(printed_seeds["003_10924f01bca14786.txt"].pdf, tmp_path / "s.pdf",
                      pages=[1])
    first = read_document(scan)
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 1
    shutil.copy(scan, tmp_path / "renamed.pdf")
    again = read_document(tmp_path / "renamed.pdf")
    assert [p.text for p in again.paragraphs()] == [p.text for p in first.paragraphs()]


# -- without the engine (a PATH without Tesseract) ------------------------------------------

def test_a_scanned_pdf_without_the_engine_gets_one_line_naming_the_packages(
        printed_seeds, tmp_path, monkeypatch):
    pdf = printed_seeds["003_10924f01bca14786.txt"].pdf
    scan = build_scan(pdf, tmp_path / "scan.pdf", pages=[1])
    png = write_images(scan_pages(pdf, pages=[1]), tmp_path / "page.png")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    with pytest.raises(InputError) as raised:
        read_document(scan)
    assert str(raised.value) == (
        "scan.pdf: tệp PDF không có lớp chữ (ảnh quét) và chưa cài nhận dạng chữ (OCR): "
        "hãy cài các gói Debian tesseract-ocr và tesseract-ocr-vie")
    with pytest.raises(InputError, match=r"^page\.png: chưa cài nhận dạng chữ \(OCR\): hãy "
                                         r"cài các gói Debian tesseract-ocr và tesseract-ocr-vie$"):
        read_document(png)


def test_a_pdf_with_a_scanned_page_keeps_its_text_pages_without_the_engine(
        printed_seeds, tmp_path, monkeypatch):
    pdf = printed_seeds["003_10924f01bca14786.txt"].pdf
    scanned = build_scan(pdf, tmp_path / "last.pdf", pages=[2])
    writer = PdfWriter()
    writer.add_page(PdfReader(pdf).pages[0])
    writer.add_page(PdfReader(scanned).pages[0])
    writer.write(tmp_path / "mixed.pdf")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    document = read_document(tmp_path / "mixed.pdf")
    assert document.paragraphs() and all(p.loc.page == 1 for p in document.paragraphs())
    (finding,) = [f for f in document.findings if f.code == "ocr_pages_unread"]
    assert finding.severity == "warning" and finding.message.startswith("Trang 2 là ảnh quét")


def test_a_lone_one_or_i_in_a_narrow_cell_is_read(tmp_path):
    """A "1" alone on its line in the number cell of two glued rows, and a section's "I":
    one thin stroke each, too narrow for a word, read from a cut-out all the same."""
    from tests.yardstick import dev

    scan = build_scan(dev("d12"), tmp_path / "scan.pdf", pages=[3])
    (table,) = read_document(scan).tables()
    numbers = [row.cells[0].split() for row in table.rows]
    assert ["I"] in numbers and ["1", "2"] in numbers
