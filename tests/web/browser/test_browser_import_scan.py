"""Upload a scanned appendix page (PNG): the reading page, then the preview with the page image
beside the rows read from it; on a desktop and on a 360-px phone, with no serious or critical
accessibility findings and no console errors."""

from __future__ import annotations

import shutil

import pytest
from browsing import fits, log_in, serious_findings
from playwright.sync_api import expect

from cchc.extract.scan_fixtures import scan_pages, write_images

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None or
                                shutil.which("soffice") is None,
                                reason="OCR (tesseract-ocr-vie) and LibreOffice are needed")


@pytest.fixture(scope="module")
def scanned_page(printed_seeds, tmp_path_factory):
    pdf = printed_seeds["004_9ab0fe3c0e4fbaba.txt"].pdf
    return write_images(scan_pages(pdf, pages=[12]), tmp_path_factory.mktemp("scan") / "pl2.png")


@pytest.mark.parametrize("width", [1366, 360])
def test_a_scanned_page_is_checked_beside_its_rows(page, world, scanned_page, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "thuongtruc")
    page.goto("/import")
    page.get_by_label("Kế hoạch của đơn vị").select_option(label="UBND xã Hương Trà")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(scanned_page))
    page.get_by_role("button", name="Tải lên và đọc kế hoạch").click()

    section = page.get_by_role("region", name="Đối chiếu với bản quét")
    expect(section).to_be_visible(timeout=90_000)  # the reading page reloads until then
    image = section.get_by_role("img", name="Trang 1 của bản quét")
    image.scroll_into_view_if_needed()  # loaded lazily
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle(), timeout=30_000)
    expect(section.get_by_role("table")).to_contain_text("Rà soát, chuẩn hóa, điện tử hóa")
    assert fits(page)
    assert serious_findings(page) == []
    assert page.errors == []
