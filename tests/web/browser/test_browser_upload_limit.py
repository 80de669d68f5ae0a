"""A file over the upload limit gets a visible message, with or without JavaScript, and the
task page stays on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import log_in
from playwright.sync_api import expect

MESSAGE = "Tệp tải lên quá lớn: tối đa 25 MB mỗi tệp."


@pytest.fixture
def video(tmp_path: Path) -> Path:
    """A 40 MB file (sparse on disk)."""
    path = tmp_path / "hop-dan.mp4"
    with path.open("wb") as out:
        out.truncate(40 * 2**20)
    return path


def open_task(page, world) -> None:
    log_in(page, "vanphong")
    page.goto(f"/tasks/{world.tasks['sohoa']}")


class TestUploadLimit:
    def test_it_says_so_before_sending_with_javascript(self, page, world, video):
        open_task(page, world)
        posts = []
        page.on("request", lambda r: r.method == "POST" and posts.append(r.url))
        page.get_by_label("Tài liệu kiểm chứng").set_input_files(str(video))
        page.get_by_role("button", name="Lưu cập nhật").click()
        error = page.locator("#p-files-error")
        expect(error).to_be_visible()
        expect(error).to_have_text(f"“hop-dan.mp4” (40 MB): {MESSAGE}")
        expect(page.locator("h1.task-title")).to_contain_text("Số hóa hồ sơ")
        assert posts == [] and page.errors == []

    def test_files_too_large_together_are_stopped_before_sending(self, page, world,
                                                                  tmp_path: Path):
        reports = [tmp_path / f"bien-ban-{n}.pdf" for n in (1, 2)]
        for report in reports:
            with report.open("wb") as out:
                out.truncate(15 * 2**20)
        open_task(page, world)
        posts = []
        page.on("request", lambda r: r.method == "POST" and posts.append(r.url))
        page.get_by_label("Tài liệu kiểm chứng").set_input_files([str(r) for r in reports])
        page.get_by_role("button", name="Lưu cập nhật").click()
        expect(page.locator("#p-total-error")).to_have_text(
            "Các tệp đã chọn cộng lại 30 MB, quá 25 MB cho một lần gửi: hãy bớt tệp, gửi phần "
            "còn lại ở lần cập nhật sau.")
        assert posts == [] and page.errors == []

    def test_a_refusal_by_the_server_keeps_a_message_in_the_page(self, page, world, video):
        """An htmx upload the server refuses (here: the page's own check removed) swaps in the
        error, never an empty content area."""
        open_task(page, world)
        page.locator("#p-files").evaluate("input => input.removeAttribute('data-max-bytes')")
        page.get_by_label("Tài liệu kiểm chứng").set_input_files(str(video))
        with page.expect_response(lambda r: r.url.endswith("/progress")) as answer:
            page.get_by_role("button", name="Lưu cập nhật").click()
        assert answer.value.status == 413
        expect(page.locator("#main")).to_contain_text(MESSAGE)
        expect(page.get_by_role("link", name="Quay lại trang trước")).to_be_visible()

    def test_it_says_so_without_javascript(self, browser, base_url, world, video):
        context = browser.new_context(base_url=base_url, locale="vi-VN",
                                      java_script_enabled=False)
        page = context.new_page()
        open_task(page, world)
        page.get_by_label("Tài liệu kiểm chứng").set_input_files(str(video))
        page.get_by_role("button", name="Lưu cập nhật").click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tệp quá lớn")
        expect(page.get_by_role("alert")).to_have_text(MESSAGE)
        page.get_by_role("link", name="Quay lại trang trước").click()
        expect(page.locator("h1.task-title")).to_contain_text("Số hóa hồ sơ")
        context.close()
