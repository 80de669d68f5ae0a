"""Nhập kế hoạch from a scan: the reading page while OCR runs, then the preview with each
scanned page beside the rows read from it, and the page images behind the user's access."""

from __future__ import annotations

import re
import shutil
import time

import pytest
from web_world import csrf_of, sign_in

from cchc.extract.scan_fixtures import scan_pages, write_images

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None or
                                shutil.which("soffice") is None,
                                reason="OCR (tesseract-ocr-vie) and LibreOffice are needed")


@pytest.fixture(scope="module")
def scanned_page(printed_seeds, tmp_path_factory) -> bytes:
    """Page 12 of the province plan (appendix rows 5-8) scanned to PNG."""
    pdf = printed_seeds["004_9ab0fe3c0e4fbaba.txt"].pdf
    path = write_images(scan_pages(pdf, pages=[12]), tmp_path_factory.mktemp("scan") / "pl2.png")
    return path.read_bytes()


def upload_scan(client, world, content: bytes):
    token = csrf_of(client.get("/import").text)
    page = client.post("/import", data={"csrf_token": token, "org": str(world.commune.id)},
                       files={"file": ("phu-luc-2.png", content, "image/png")})
    for _ in range(120):  # the reading page reloads itself every 2 s until the preview
        if "/import/reading/" not in str(page.url):
            return page
        assert "Đang nhận dạng chữ" in page.text
        time.sleep(0.5)
        page = client.get(str(page.url))
    raise AssertionError("the scan was not read in a minute")


def test_a_scanned_plan_is_previewed_beside_its_page(client, world, scanned_page):
    sign_in(client, "thuongtruc")
    page = upload_scan(client, world, scanned_page)
    assert page.status_code == 200
    assert "Đối chiếu với bản quét" in page.text
    assert "Rà soát, chuẩn hóa, điện tử hóa mẫu đơn" in page.text  # task 5 of the appendix
    image = re.search(r'<img src="([^"]+/pages/1)"', page.text).group(1)
    picture = client.get(image)
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG")
    assert client.get(image.replace("/pages/1", "/pages/2")).status_code == 404


def test_the_page_images_are_the_uploaders_only(client, world, scanned_page):
    sign_in(client, "thuongtruc")
    page = upload_scan(client, world, scanned_page)
    image = re.search(r'<img src="([^"]+/pages/1)"', page.text).group(1)
    client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    sign_in(client, "admin")
    assert client.get(image).status_code == 404
