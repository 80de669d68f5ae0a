"""Chỉ số CCHC in the browser, from an installation without criteria sets: the administrator
loads the shipped sets; the commune scores itself with evidence (a file uploaded, its plan
linked) and an explanation; its chairman approves; it submits; the district appraises and
asks for an explanation; the commune explains; the district finalizes and ranks its
communes. On a desktop and on a 360-px phone, with no serious or critical accessibility
finding (axe-core).

With CCHC_SCREENSHOTS=DIR the steps are also saved as PNGs there (docs/screenshots/)."""

from __future__ import annotations

import os
from pathlib import Path

from browsing import fits, log_in, serious_findings
from playwright.sync_api import Page, expect

SHOTS = os.environ.get("CCHC_SCREENSHOTS")


def shoot(page: Page, name: str, full: bool = False) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(200)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=full)



def status(page: Page):
    return page.get_by_role("status").first


class TestScoringFlow:
    def test_self_assessment_to_final_score_and_ranking(self, new_page, world, tmp_path):
        admin = new_page()
        log_in(admin, "admin")
        admin.get_by_role("navigation", name="Chức năng chính").get_by_role(
            "link", name="Chỉ số CCHC").click()
        admin.get_by_role("link", name="Bộ tiêu chí", exact=True).first.click()
        admin.get_by_role("button", name="Nạp các bộ tiêu chí có sẵn").click()
        expect(status(admin)).to_have_text("Đã nạp 2 bộ tiêu chí có sẵn của cchc.")

        commune = new_page()
        log_in(commune, "thuongtruc")
        commune.goto("/scoring?year=2024")
        commune.get_by_role("button", name="Bắt đầu tự chấm năm 2024").click()
        expect(commune.get_by_role("heading", level=1)).to_have_text(
            "Tự chấm điểm Chỉ số CCHC năm 2024 — UBND xã Hương Trà")
        expect(commune.locator("#c-1\\.1\\.1")).to_contain_text(
            "Kế hoạch số 12/KH-UBND ban hành ngày 05/01/2024, hạn 31/01/2024")
        commune.get_by_label("Tiêu chí 1.3: có hay không").select_option("Có")
        commune.get_by_label("Tiêu chí 3.1: số đạt").fill("45")
        commune.get_by_label("Tiêu chí 3.1: tổng số").fill("50")
        commune.get_by_label("Giải trình tiêu chí 2.1").fill(
            "Năm 2024 xã không ban hành văn bản quy phạm pháp luật.")
        commune.get_by_label("Khó khăn, vướng mắc").fill("Thiếu máy quét tài liệu.")
        commune.get_by_role("button", name="Lưu điểm tự chấm").click()
        expect(status(commune)).to_have_text("Đã lưu 4 thay đổi.")
        expect(commune.locator("#c-3\\.1")).to_contain_text("45/50 = 90% → 2,4/3 điểm")
        shoot(commune, "scoring-self-assessment.png")

        commune.get_by_role("link", name="Tự kiểm tra công tác CCHC tại các bộ phận").first.click()
        evidence = tmp_path / "bien-ban-tu-kiem-tra.pdf"
        evidence.write_bytes(b"%PDF-1.4 bien ban tu kiem tra")
        commune.get_by_label("Hoặc tải tệp lên").set_input_files(str(evidence))
        commune.get_by_role("button", name="Tải lên").click()
        expect(status(commune)).to_have_text("Đã thêm tài liệu kiểm chứng.")
        expect(commune.locator(".files")).to_contain_text("bien-ban-tu-kiem-tra.pdf")
        commune.get_by_label("Chọn từ dữ liệu của cchc").select_option(
            label="Kế hoạch CCHC năm 2024")
        commune.get_by_role("button", name="Gắn tài liệu đã chọn").click()
        expect(commune.locator(".files li")).to_have_count(2)
        shoot(commune, "scoring-criterion.png")
        commune.get_by_role("link", name="UBND xã Hương Trà — năm 2024").click()

        leader = new_page()
        log_in(leader, "lanhdao")
        leader.goto(f"/scoring/{world.commune.id}/2024")
        leader.get_by_role("button", name="Phê duyệt bản tự chấm").click()
        expect(leader.locator(".assessment-status")).to_have_text("Lãnh đạo đã phê duyệt")

        commune.reload()
        commune.get_by_role("button", name="Gửi cấp trên").click()
        expect(commune.locator(".assessment-status")).to_have_text(
            "Đã gửi cấp trên, chờ thẩm định")
        expect(commune.get_by_role("button", name="Lưu điểm tự chấm")).to_have_count(0)
        self_total = commune.locator("#self-total").text_content()

        district = new_page()
        log_in(district, "huyen")
        district.goto(f"/scoring/{world.commune.id}/2024")
        district.get_by_label("Điểm thẩm định tiêu chí 1.3").fill("1")
        district.get_by_label("Nhận xét tiêu chí 1.3").fill(
            "Biên bản chưa có chữ ký của Chủ tịch.")
        district.get_by_role("button", name="Lưu và yêu cầu giải trình").click()
        expect(district.locator(".assessment-status")).to_have_text(
            "Cấp trên yêu cầu giải trình")
        shoot(district, "scoring-appraisal.png")

        commune.reload()
        commune.get_by_label("Giải trình của đơn vị, tiêu chí 1.3").fill(
            "Đã bổ sung biên bản có chữ ký ngày 10/12/2024.")
        commune.get_by_role("button", name="Gửi giải trình").click()
        expect(commune.locator(".assessment-status")).to_have_text("Đơn vị đã giải trình")

        district.reload()
        expect(district.locator("#c-1\\.3")).to_contain_text("Đã bổ sung biên bản")
        district.get_by_label("Điểm thẩm định tiêu chí 1.3").fill("1,5")
        district.get_by_label("Nhận xét tiêu chí 1.3").fill("Chấp nhận một phần giải trình.")
        district.get_by_role("button", name="Lưu và chốt điểm chính thức").click()
        expect(district.locator(".assessment-status")).to_have_text("Đã có điểm chính thức")
        final = district.locator("#appraised-total").text_content()
        assert float(final.replace(",", ".")) == float(self_total.replace(",", ".")) - 0.5
        district.get_by_role("link", name="Lịch sử").click()
        expect(district.locator(".history-table")).to_contain_text("điểm thẩm định: 1,5")
        assert serious_findings(district) == []

        district.goto(f"/scoring/results/{world.district.id}/2024")
        row = district.get_by_role("row", name="UBND xã Hương Trà")
        expect(row.first).to_contain_text("Chính thức")
        expect(row.first.locator(".rank")).to_have_text("1")
        expect(district.locator("canvas.area-chart-canvas").first).to_have_attribute(
            "data-drawn", "1")
        # points as "1,75" whatever the browser's language
        chart = district.locator("canvas.area-chart-canvas").first
        assert chart.evaluate("c => Chart.getChart(c).options.locale") == "vi-VN"
        shoot(district, "scoring-results.png", full=True)
        assert serious_findings(district) == []
        for page in (admin, commune, leader, district):
            assert page.errors == []

    def test_the_pages_fit_a_phone(self, new_page, world, factory):
        from cchc.scoring.sets import install_shipped

        with factory.begin() as s:
            install_shipped(s, None)
        phone = new_page()
        phone.set_viewport_size({"width": 360, "height": 740})
        log_in(phone, "thuongtruc")
        phone.goto("/scoring?year=2024")
        phone.get_by_role("button", name="Bắt đầu tự chấm năm 2024").click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text("Tự chấm điểm")
        assert fits(phone)
        assert serious_findings(phone) == []
        shoot(phone, "scoring-phone.png")
        phone.goto("/scoring/sets")
        assert fits(phone)
        assert phone.errors == []
