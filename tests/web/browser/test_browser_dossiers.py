"""Import a one-stop-shop export in the browser: upload → preview → confirm → progress →
download the quarantined rows; on a desktop and on a 360-px phone, with no serious or critical
accessibility finding (axe-core)."""

from __future__ import annotations

from browsing import fits, log_in, serious_findings
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from test_dossiers_view import HEADER, ROWS

IN_WORDS = [r for r in ROWS if not r.startswith("H3;")]  # no unit named by a shared name



class TestDossierImportInTheBrowser:
    def test_upload_preview_confirm_and_download_the_quarantine(self, page, world, tmp_path):
        export = tmp_path / "mot-cua-thang-3.csv"
        export.write_text("\n".join([HEADER, *IN_WORDS]) + "\n", encoding="utf-8-sig")
        log_in(page, "thuongtruc")
        page.get_by_role("link", name="Nhập hồ sơ TTHC").click()
        page.get_by_label("Hồ sơ của đơn vị").select_option(label="UBND xã Hương Trà")
        page.get_by_label("Tệp xuất từ hệ thống một cửa").set_input_files(str(export))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Xem trước: mot-cua-thang-3.csv")
        expect(page.locator(".kpis")).to_contain_text("2dòng sẽ bị cách ly")
        expect(page.locator("#values-title + p, #values-title ~ div")).to_contain_text(
            "ĐÃ TRẢ KẾT QUẢ")
        expect(page.locator(".problems")).to_contain_text("năm chỉ có hai chữ số")
        assert serious_findings(page) == []

        page.get_by_role("button", name="Xác nhận nhập 2 hồ sơ").click()
        result = page.locator("#import-progress")
        expect(result).to_contain_text("Đã nhập xong", timeout=30_000)
        expect(result).to_contain_text("Bị cách ly")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải các dòng bị cách ly (Excel, kèm lý do)").click()
        path = tmp_path / "cach-ly.xlsx"
        download.value.save_as(path)
        rows = list(load_workbook(path).active.iter_rows(values_only=True))
        assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
            (4, "outside_scope", "H4"), (5, "date_two_digit_year, date_two_digit_year", "H5")]
        assert serious_findings(page) == []

        page.get_by_role("link", name="Nhập tệp khác").click()
        expect(page.locator("#history-title + div")).to_contain_text("mot-cua-thang-3.csv")
        assert page.errors == []

    def test_the_pages_fit_a_phone(self, new_page, world, tmp_path):
        export = tmp_path / "thang-3.csv"
        export.write_text("\n".join([HEADER, *IN_WORDS]) + "\n", encoding="utf-8")
        page = new_page()
        page.set_viewport_size({"width": 360, "height": 740})
        log_in(page, "thuongtruc")
        page.goto("/dossiers/import")
        assert fits(page)
        page.get_by_label("Tệp xuất từ hệ thống một cửa").set_input_files(str(export))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Xem trước")
        assert fits(page)
        assert serious_findings(page) == []
        assert page.errors == []
