"""What a person does in the browser, in a few words."""

from __future__ import annotations

from playwright.sync_api import Page
from web_world import PASSWORD


def log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
