"""A periodic report in the browser: the commune drafts, edits and sends it; the province sees
it sent, returns it with a comment; the commune corrects and sends again; the province's
compilation counts it. Also on a 360-px phone."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from browsing import log_in
from playwright.sync_api import expect
from web_world import PASSWORD

from cchc.store.models import Organization
from cchc.store.services import create_user, grant_role


@pytest.fixture
def province_secretariat(factory, world) -> str:
    """Sở Nội vụ's officer, secretariat of the province (the level above the commune)."""
    with factory.begin() as s:
        user = create_user(s, None, "sonoivu", "Chuyên viên Sở Nội vụ", PASSWORD)
        grant_role(s, None, user, s.get(Organization, world.province.id), "secretariat")
    return "sonoivu"


class TestReportFlow:
    def test_draft_edit_send_return_resend_and_compile(self, new_page, world,
                                                       province_secretariat, tmp_path: Path):
        commune = new_page()
        log_in(commune, "thuongtruc")
        commune.get_by_role("navigation", name="Chức năng chính").get_by_role(
            "link", name="Báo cáo").click()
        commune.get_by_role("row", name="Quý I/2024").get_by_role("link",
                                                                  name="Chưa lập").click()
        expect(commune.get_by_role("heading", level=1)).to_have_text(
            "Báo cáo Quý I/2024 — UBND xã Hương Trà")
        commune.get_by_label("V. Đề xuất, kiến nghị").fill("Đề nghị cấp máy quét tài liệu.")
        commune.get_by_role("button", name="Lưu dự thảo").click()
        expect(commune.get_by_role("status").first).to_have_text("Đã lưu dự thảo.")
        expect(commune.locator(".history")).to_contain_text("V. Đề xuất, kiến nghị")
        commune.get_by_role("button", name="Gửi báo cáo").click()
        expect(commune.get_by_role("status").first).to_contain_text(
            "Đã gửi báo cáo Quý I/2024 (lần 1")
        expect(commune.locator(".report-status")).to_have_text("Đã gửi")

        province = new_page()
        log_in(province, province_secretariat)
        province.goto("/reports")
        province.get_by_role("row", name="Quý I/2024").get_by_role(
            "link", name="Tình hình gửi").click()
        row = province.get_by_role("row", name="UBND xã Hương Trà")
        expect(row).to_contain_text("Muộn")  # sent on 10/5, the report day was 20/3
        expect(province.get_by_role("row", name="UBND xã Trà Sơn")).to_contain_text("Chưa gửi")
        row.get_by_role("link", name="UBND xã Hương Trà").click()
        expect(province.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
        province.get_by_label("Nội dung cần chỉnh sửa").fill(
            "Bổ sung kết quả số hóa hồ sơ quý I.")
        province.get_by_role("button", name="Trả lại").click()
        expect(province.get_by_role("status").first).to_contain_text(
            "Đã trả lại báo cáo của UBND xã Hương Trà")
        expect(province.get_by_role("row", name="UBND xã Hương Trà")).to_contain_text(
            "Bị trả lại")

        commune.reload()
        expect(commune.locator(".return-comment")).to_have_text(
            "Bổ sung kết quả số hóa hồ sơ quý I.")
        commune.get_by_label("II.6. Xây dựng và phát triển").fill(
            "Đã số hóa 1.250 hồ sơ trong quý I.")
        commune.get_by_role("button", name="Gửi báo cáo").click()
        expect(commune.get_by_role("status").first).to_contain_text("(lần 2")

        province.reload()
        expect(province.get_by_role("row", name="UBND xã Hương Trà")).to_contain_text("Muộn")
        province.get_by_role("link", name="Báo cáo tổng hợp").click()
        expect(province.get_by_role("heading", level=1)).to_have_text(
            "Báo cáo tổng hợp Quý I/2024 — UBND tỉnh Quảng Ngãi")
        expect(province.locator(".compilation-units")).to_contain_text("UBND xã Hương Trà")
        with province.expect_download() as download:
            province.get_by_role("link", name="Tải Word").click()
        text = "\n".join(p.text for p in docx.Document(download.value.path()).paragraphs)
        assert "Có 1/3 đơn vị đã gửi báo cáo quý I năm 2024 (đúng hạn 0, muộn 1)" in text  # of the
        # district and its two communes
        assert "Đã số hóa 1.250 hồ sơ trong quý I." in text  # the area excerpt
        assert commune.errors == [] and province.errors == []

    def test_the_report_page_fits_a_phone(self, browser, base_url, world):
        context = browser.new_context(base_url=base_url, locale="vi-VN",
                                      viewport={"width": 360, "height": 740})
        page = context.new_page()
        log_in(page, "thuongtruc")
        page.goto(f"/reports/{world.commune.id}/2024-Q1")
        expect(page.get_by_role("button", name="Gửi báo cáo")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, width
        context.close()
