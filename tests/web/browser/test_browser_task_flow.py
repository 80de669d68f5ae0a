"""An officer reports progress with evidence; the dashboard shows it; a simultaneous edit gets
the conflict message and keeps what was typed."""

from __future__ import annotations

from pathlib import Path

from browsing import log_in
from playwright.sync_api import expect


class TestTaskUpdate:
    def test_an_update_with_evidence_shows_on_the_dashboard(self, new_page, world,
                                                            tmp_path: Path):
        officer = new_page()
        log_in(officer, "tuphap")
        officer.get_by_role("link", name="Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực "
                                          "hộ tịch").first.click()
        officer.get_by_label("Tình trạng", exact=True).select_option(label="Hoàn thành trễ hạn")
        officer.get_by_label("Kết quả thực hiện, khó khăn").fill("Đã rà soát 12 thủ tục")
        report = tmp_path / "bao-cao-ra-soat.pdf"
        report.write_bytes(b"%PDF-1.4 bao cao")
        officer.get_by_label("Tài liệu kiểm chứng").set_input_files(str(report))
        officer.get_by_role("button", name="Lưu cập nhật").click()
        expect(officer.get_by_role("status").first).to_have_text(
            "Đã lưu cập nhật tiến độ và 1 tệp kiểm chứng.")
        expect(officer.locator(".history")).to_contain_text("Đã rà soát 12 thủ tục")
        expect(officer.locator(".history")).to_contain_text("bao-cao-ra-soat.pdf")
        with officer.expect_download() as download:
            officer.locator(".history").get_by_role("link", name="bao-cao-ra-soat.pdf").click()
        assert Path(download.value.path()).read_bytes() == b"%PDF-1.4 bao cao"

        leader = new_page()
        log_in(leader, "lanhdao")  # the dashboard counts approved figures only
        expect(leader.locator(".kpi-neutral").first).to_contain_text("Đã hoàn thành (0%)")
        expect(leader.locator(".kpi", has_text="Có cập nhật chờ duyệt")).to_contain_text("1")
        leader.get_by_role("link", name="Có cập nhật chờ duyệt").click()
        leader.get_by_role("link", name="Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực "
                                        "hộ tịch").first.click()
        leader.get_by_role("button", name="Duyệt").click()
        expect(leader.locator(".history")).to_contain_text("Đã duyệt bởi Chủ tịch Hương Trà")
        leader.goto("/")
        expect(leader.locator(".kpi-good").first).to_contain_text("Đã hoàn thành (33%)")
        expect(leader.get_by_text("Không có nhiệm vụ quá hạn.", exact=True)).to_be_visible()
        assert officer.errors == [] and leader.errors == []

    def test_the_second_of_two_simultaneous_edits_gets_the_conflict_message(self, new_page,
                                                                            world):
        task = f"/tasks/{world.tasks['sohoa']}"
        officer, secretariat = new_page(), new_page()
        log_in(officer, "vanphong")
        log_in(secretariat, "thuongtruc")
        officer.goto(task)
        secretariat.goto(task)
        officer.get_by_label("Tỷ lệ hoàn thành (%)").fill("30")
        officer.get_by_role("button", name="Lưu cập nhật").click()
        expect(officer.get_by_role("status").first).to_have_text("Đã lưu cập nhật tiến độ.")

        secretariat.get_by_label("Tình trạng", exact=True).select_option(label="Đang thực hiện")
        secretariat.get_by_label("Tỷ lệ hoàn thành (%)").fill("45")
        secretariat.get_by_label("Kết quả thực hiện, khó khăn").fill("Ghi chú của thường trực")
        secretariat.get_by_role("button", name="Lưu cập nhật").click()
        expect(secretariat.get_by_role("alert")).to_contain_text(
            "Nhiệm vụ đã được người khác cập nhật")
        expect(secretariat.get_by_label("Kết quả thực hiện, khó khăn")).to_have_value(
            "Ghi chú của thường trực")
        expect(secretariat.get_by_label("Tỷ lệ hoàn thành (%)")).to_have_value("45")
        secretariat.get_by_role("button", name="Lưu cập nhật").click()
        expect(secretariat.get_by_role("status").first).to_have_text("Đã lưu cập nhật tiến độ.")
        expect(secretariat.locator(".history li")).to_have_count(2)
