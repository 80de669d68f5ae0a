"""Upload a seed plan, fix a lint finding, map units, confirm."""

from __future__ import annotations

from browsing import log_in
from playwright.sync_api import expect

from tests.helpers import seed


class TestImportInTheBrowser:
    def test_it_imports_a_seed_plan_after_fixing_a_finding(self, page, world):
        log_in(page, "thuongtruc")
        page.get_by_role("link", name="Nhập kế hoạch").click()
        page.get_by_label("Kế hoạch của đơn vị").select_option(label="UBND xã Hương Trà")
        page.get_by_label("Tệp kế hoạch").set_input_files(str(seed("000")))
        page.get_by_role("button", name="Tải lên và đọc kế hoạch").click()

        findings = page.locator(".findings")
        expect(findings).to_contain_text("Văn bản để trống số ký hiệu")
        page.get_by_label("Số ký hiệu").fill("15/KH-UBND")
        page.get_by_role("button", name="Lưu thông tin văn bản").click()
        expect(page.get_by_role("status")).to_contain_text("danh sách lỗi đã được kiểm tra lại")
        expect(findings).not_to_contain_text("Văn bản để trống số ký hiệu")

        page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Đã nhập kế hoạch 2023 của UBND xã Hương Trà (phiên bản 1, 30 nhiệm vụ)")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Kế hoạch CCHC năm 2023 — UBND xã Hương Trà")
        expect(page.locator(".meta")).to_contain_text("Số: 15/KH-UBND")
        assert page.errors == []

    def test_it_splits_and_merges_tasks_in_the_preview_on_a_phone(self, page, world):
        from test_browser_scoring import fits, serious_findings

        page.set_viewport_size({"width": 360, "height": 740})
        log_in(page, "thuongtruc")
        page.goto("/import")
        page.get_by_label("Kế hoạch của đơn vị").select_option(label="UBND xã Hương Trà")
        page.get_by_label("Tệp kế hoạch").set_input_files(str(seed("000")))
        page.get_by_role("button", name="Tải lên và đọc kế hoạch").click()
        expect(page.locator(".meta").first).to_contain_text("30 nhiệm vụ")

        page.get_by_role("link", name="Sửa nhiệm vụ 1", exact=True).click()
        assert fits(page) and serious_findings(page) == []
        page.get_by_label("Nhiệm vụ thứ nhất").fill(
            "Thực hiện đồng bộ các hoạt động theo dõi, thi hành pháp luật.")
        page.get_by_label("Nhiệm vụ thứ hai").fill(
            "Thường xuyên kiểm tra việc theo dõi, thi hành pháp luật.")
        page.get_by_role("button", name="Tách thành hai nhiệm vụ").click()
        expect(page.get_by_role("status")).to_contain_text("Đã lưu chỉnh sửa")
        expect(page.locator(".meta").first).to_contain_text("31 nhiệm vụ")

        page.get_by_role("link", name="Sửa nhiệm vụ (không số, thứ 2)", exact=True).click()
        page.get_by_role("button", name="Gộp vào nhiệm vụ ở trên").click()
        expect(page.locator(".meta").first).to_contain_text("30 nhiệm vụ")
        assert page.errors == []
