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


def go_to(page: Page, name: str) -> None:
    """Follow a link of the header's menu, opening the menu first where it is folded away
    ("Menu" on a phone, "Quản trị" for an administrator's links on a desktop)."""
    header = page.locator("header.topbar")
    link = header.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        header.locator("summary:visible").first.click()
    link.click()


def serious_findings(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def fits(page: Page) -> bool:
    """Nothing wider than the window (no sideways scrolling of the page)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
