"""Every page each role can open, on a 390-px and a 360-px phone and a 1366-px desktop: no
sideways scrolling, no console error (Content-Security-Policy violations included), no serious
or critical axe-core finding; the header menus and forms work from the keyboard alone, and form
messages are the app's own Vietnamese whatever the browser's language.

One served world for the module: the walk reads, it writes nothing but what the last tests
(renaming a unit) add after it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher
from browsing import serious_findings
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select
from web_world import PASSWORD, TODAY, World, build_world

from cchc.store import make_engine, make_sessionmaker, passwords
from cchc.store.models import Target
from cchc.web.app import create_app
from cchc.web.server import background_server
from cchc.web.settings import Settings

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}

Page_ = str | tuple[str, str]  # a path, or (listing path, selector of the first link to follow)
ANYONE: list[Page_] = ["/login", "/khong-co-trang-nay"]
EVERYONE: list[Page_] = ["/my", "/tasks", "/reports", "/account",
                         ("/tasks", "main table a[href^='/tasks/']")]
READERS: list[Page_] = ["/", "/orgs", "/scoring", "/plans/{plan}", "/plans/{plan}/cascade",
                        "/plans/{plan}/targets/{target}",
                        ("/reports", "main a[href^='/reports/']"),
                        ("/scoring", "main a[href^='/scoring/']")]
IMPORTERS: list[Page_] = ["/import", "/dossiers/import"]
EDITORS: list[Page_] = ["/plans/{plan}/edit",  # of the commune's own plan
                        ("/plans/{plan}/edit", "main a[aria-label^='Sửa nhiệm vụ']")]
ADMINISTRATORS: list[Page_] = ["/admin/users", "/admin/orgs", "/admin/tokens",
                               ("/admin/users", "main a[href^='/admin/users/']"),
                               ("/admin/orgs", "main a[href^='/admin/orgs/']")]
ANSWERED = re.compile(r"status of (404|422)")  # the console's note of a page refusing input
WALKS = {  # who: the pages they open
    "admin": EVERYONE + READERS + IMPORTERS + ADMINISTRATORS,  # quản trị
    "lanhdao": EVERYONE + READERS,  # lãnh đạo
    "thuongtruc": EVERYONE + READERS + IMPORTERS + EDITORS,  # thường trực CCHC
    "vanphong": EVERYONE,  # cán bộ đơn vị
    "huyen": EVERYONE + READERS,  # cấp trên
}


@dataclass
class Served:
    url: str
    world: World
    target: int  # the id of xã Hương Trà's one target


@pytest.fixture(scope="module")
def served(databases, tmp_path_factory) -> Iterator[Served]:
    url = databases.create()
    engine = make_engine(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher",
                      PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
        factory = make_sessionmaker(engine)
        world = build_world(factory)
        app = create_app(factory, Settings(secret_key="walk", today=lambda: TODAY,
                                           data_dir=tmp_path_factory.mktemp("walk")))
        with factory() as s, background_server(app) as base:
            yield Served(base, world, s.scalar(select(func.min(Target.id))))
    engine.dispose()
    databases.drop(url)


@pytest.fixture
def person(browser: Browser, served: Served) -> Iterator:
    """A browser context per person at `viewport` and `locale`, recording script errors,
    console errors and Content-Security-Policy violations in `page.errors`."""
    contexts = []

    def make(username: str | None, viewport=PHONE, locale: str = "vi-VN",
             scripts: bool = True) -> Page:
        context = browser.new_context(base_url=served.url, locale=locale, viewport=viewport,
                                      java_script_enabled=scripts)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and not ANSWERED.search(m.text)
                and page.errors.append(m.text))
        if username:
            page.goto("/login")
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_load_state()
        return page

    yield make
    for context in contexts:
        context.close()


def open_page(page: Page, where: Page_, served: Served) -> str:
    listing, link = (where, None) if isinstance(where, str) else where
    page.goto(listing.format(plan=served.world.plan_id, target=served.target))
    if link:
        page.goto(page.locator(link).first.get_attribute("href", timeout=5000))
    page.wait_for_load_state("networkidle")
    return urlsplit(page.url).path


SETTLED = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
OVERFLOWING = """[...document.querySelectorAll('main *, header *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
               && !e.closest('details:not([open])'))
  .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""

CONTROLS = ("main button, main select, main .button, header button, header summary, main input"
            ":not([type=checkbox]):not([type=radio]):not([type=hidden]):not(.file-input)")
SMALL_CONTROLS = f"""[...document.querySelectorAll('{CONTROLS}')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 43.5)
  .map(e => (e.name || e.textContent.trim().slice(0, 30)) + ': '
             + Math.round(e.getBoundingClientRect().height) + ' px')"""


def problems_of(page: Page) -> list[str]:
    """What is wrong with the page at the phone and desktop widths."""
    found = []
    for viewport in (PHONE, SMALL_PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.evaluate(SETTLED)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            found.append(f"{width} px wide at {viewport['width']} px: {page.evaluate(OVERFLOWING)}")
        if viewport is not SMALL_PHONE:
            found += [f"axe at {viewport['width']} px: {f}" for f in serious_findings(page)]
        if viewport is PHONE:
            found += [f"under 44 px high on a phone: {c}" for c in page.evaluate(SMALL_CONTROLS)]
    header = page.locator("header.topbar").bounding_box()["height"]
    if header > 90:
        found.append(f"header {header:.0f} px high at 1366 px (links wrap)")
    return found + page.errors


@pytest.mark.parametrize("username", [None, *WALKS], ids=["anyone", *WALKS])
def test_every_page_fits_a_phone_without_errors_or_serious_accessibility_findings(
        person, served, username):
    page = person(username)
    report = {}
    for where in ANYONE if username is None else WALKS[username]:
        page.errors.clear()
        path = open_page(page, where, served)
        if problems := problems_of(page):
            report[path] = problems
    assert report == {}


class TestKeyboardAndPhone:
    def test_the_phone_menu_opens_and_closes_from_the_keyboard(self, person):
        page = person("thuongtruc")
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Bỏ qua thanh điều hướng")
        expect(skip).to_be_focused()
        assert skip.bounding_box()["x"] >= 0  # shown when focused
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        menu = page.locator("summary", has_text="Menu")
        expect(menu).to_be_focused()
        assert menu.bounding_box()["height"] >= 44
        page.keyboard.press("Enter")
        nav = page.get_by_role("navigation", name="Chức năng chính")
        expect(nav.get_by_role("link")).to_have_text(
            ["Tổng quan", "Nhiệm vụ", "Việc của tôi", "Báo cáo", "Chỉ số CCHC",
             "Đơn vị trực thuộc", "Nhập kế hoạch", "Nhập hồ sơ TTHC"])
        assert serious_findings(page) == []  # the menu open
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name="Tổng quan")).to_be_focused()
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()
        expect(menu).to_be_focused()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Danh sách nhiệm vụ năm 2024")
        assert page.errors == []

    def test_the_phone_menu_works_without_scripts(self, person):
        page = person("vanphong", scripts=False)
        page.get_by_text("Menu", exact=True).click()
        page.get_by_role("link", name="Báo cáo").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo")
        assert page.errors == []

    def test_the_administrators_links_sit_under_one_menu_on_a_desktop(self, person):
        page = person("admin", viewport=DESKTOP)
        header = page.locator("header.topbar")
        assert header.bounding_box()["height"] < 70  # one row of links
        group = header.locator("summary", has_text="Quản trị")
        group.focus()
        page.keyboard.press("Enter")
        assert serious_findings(page) == []  # the menu open
        header.get_by_role("link", name="Quản lý đơn vị").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Quản lý đơn vị — UBND tỉnh Quảng Ngãi")
        expect(group).to_have_class("current")

    def test_form_messages_are_vietnamese_in_an_english_browser(self, person):
        page = person(None, locale="en-US")
        page.goto("/login")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator("#username-problem")).to_have_text("Hãy điền mục này.")
        expect(page.get_by_label("Tên đăng nhập")).to_be_focused()
        assert urlsplit(page.url).path == "/login"  # not sent
        assert page.errors == []


class TestDaysTypedOnAPhone:
    def test_a_day_is_refused_with_the_apps_message_then_stored_as_typed(self, person,
                                                                         served):
        page = person("admin", locale="en-US")
        page.goto(f"/admin/orgs/{served.world.other_commune.id}")
        page.get_by_label("Tên mới").fill("UBND xã Trà Sơn Mới")
        day = page.get_by_label("Ngày hiệu lực (ngày/tháng/năm)")
        rename = page.get_by_role("button", name="Đổi tên")
        day.fill("2025/07/01")
        rename.click()
        expect(page.locator("#r-day-problem")).to_have_text(
            "Hãy gõ ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2024.")
        expect(day).to_have_attribute("aria-invalid", "true")
        day.fill("31/06/2025")
        rename.click()
        expect(page.get_by_role("alert").first).to_contain_text(
            "Ngày hiệu lực «31/06/2025» không có trên lịch.")
        page.get_by_label("Tên mới").fill("UBND xã Trà Sơn Mới")
        page.get_by_label("Ngày hiệu lực (ngày/tháng/năm)").fill("1/7/2025")
        page.get_by_role("button", name="Đổi tên").click()
        expect(page.locator("main")).to_contain_text(
            "01/07/2025: đổi tên (UBND xã Trà Sơn → UBND xã Trà Sơn Mới)")
        assert page.errors == []
