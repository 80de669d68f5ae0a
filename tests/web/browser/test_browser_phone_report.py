"""A commune officer reports from a phone (390 × 844): Việc của tôi → the task → status,
percent, note and a photo from the camera in one submit; the history shows the update with
its photo, stored reduced; the pages fit the screen and pass axe."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from browsing import fits, log_in, serious_findings
from PIL import Image
from playwright.sync_api import Page, expect

from tests.helpers import phone_photo
from upper_plans import add_plans_above

TASK = "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa"
PROVINCE_TASK = "Số hóa kết quả giải quyết thủ tục hành chính cấp xã"  # for "UBND cấp xã"


def looks_right(page: Page) -> None:
    assert fits(page), page.url
    assert serious_findings(page) == [], page.url


class TestPhoneReport:
    def test_an_officer_reports_progress_with_a_camera_photo_in_one_step(self, page, world,
                                                                         tmp_path: Path):
        page.set_viewport_size({"width": 390, "height": 844})
        log_in(page, "vanphong")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Việc của tôi")
        looks_right(page)
        page.get_by_role("link", name=TASK).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TASK)
        looks_right(page)

        photo = tmp_path / "IMG_0101.jpg"
        photo.write_bytes(phone_photo(4032, 3024, orientation=6))
        page.get_by_label("Tình trạng", exact=True).select_option(label="Đang thực hiện")
        page.get_by_label("Tỷ lệ hoàn thành (%)").fill("70")
        page.get_by_label("Kết quả thực hiện, khó khăn").fill("Đã số hóa 210/300 hồ sơ")
        page.get_by_label("Chụp ảnh bằng máy ảnh").set_input_files(str(photo))
        expect(page.locator(".file-name[data-for=p-photo]")).to_have_text("IMG_0101.jpg")
        page.get_by_role("button", name="Lưu cập nhật").click()

        expect(page.get_by_role("status").first).to_have_text(
            "Đã lưu cập nhật tiến độ và 1 tệp kiểm chứng.")
        update = page.locator(".history > li").first
        expect(update).to_contain_text("Đang thực hiện · 70%")
        expect(update).to_contain_text("Đã số hóa 210/300 hồ sơ")
        with page.expect_download() as download:
            update.get_by_role("link", name="IMG_0101.jpg").click()
        stored = Image.open(BytesIO(Path(download.value.path()).read_bytes()))
        assert stored.size == (1500, 2000)  # upright, 2000 px on the long side
        looks_right(page)
        assert page.errors == []

    def test_the_commune_reports_a_task_the_province_gave_every_commune_in_one_step(
            self, page, world, factory, tmp_path: Path):
        add_plans_above(factory, world)
        page.set_viewport_size({"width": 390, "height": 844})
        log_in(page, "thuongtruc")  # the secretariat lands on the plan: then Việc của tôi
        page.goto("/my")
        page.get_by_role("link", name=PROVINCE_TASK).first.click()
        photo = tmp_path / "IMG_0301.jpg"
        photo.write_bytes(phone_photo(4032, 3024))
        page.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
        page.get_by_label("Kết quả thực hiện, khó khăn").fill("Đã số hóa 60% kết quả")
        page.get_by_label("Chụp ảnh bằng máy ảnh").set_input_files(str(photo))
        page.get_by_role("button", name="Lưu báo cáo của đơn vị").click()

        expect(page.get_by_role("status").first).to_have_text(
            "Đã lưu báo cáo tiến độ của đơn vị và 1 tệp kiểm chứng.")
        update = page.locator(".history > li").first
        expect(update).to_contain_text("Đã số hóa 60% kết quả")
        expect(update.get_by_role("link", name="IMG_0301.jpg")).to_be_visible()
        looks_right(page)
        assert page.errors == []

    def test_photos_too_large_to_send_together_are_reduced_in_the_phone_first(
            self, page, world, settings, tmp_path: Path):
        photos = [tmp_path / f"IMG_02{n}.jpg" for n in range(3)]
        for photo in photos:
            photo.write_bytes(phone_photo(grain=True))
        assert sum(p.stat().st_size for p in photos) > settings.max_upload_bytes  # sent as
        # they are, the server would refuse the whole request (413)
        log_in(page, "vanphong")
        page.goto(f"/tasks/{world.tasks['sohoa']}")
        page.get_by_label("Tài liệu kiểm chứng").set_input_files([str(p) for p in photos])
        page.get_by_role("button", name="Lưu cập nhật").click()

        expect(page.get_by_role("status").first).to_have_text(
            "Đã lưu cập nhật tiến độ và 3 tệp kiểm chứng.")
        update = page.locator(".history > li").first
        expect(update.get_by_role("link")).to_have_text([p.name for p in photos])
        assert page.errors == []
