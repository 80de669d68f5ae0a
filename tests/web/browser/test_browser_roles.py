"""Each role signs in and lands where its work is, with the menu it needs."""

from __future__ import annotations

import pytest
from browsing import log_in
from playwright.sync_api import expect

READER = ("Tổng quan", "Nhiệm vụ", "Việc của tôi", "Báo cáo", "Chỉ số CCHC", "Đơn vị trực thuộc")
ADMINISTRATION = ("Nhập kế hoạch", "Nhập hồ sơ TTHC", "Tài khoản", "Quản lý đơn vị")
ROLES = [  # username, landing heading, menu items shown, items under "Quản trị"
    ("admin", "Đơn vị trực thuộc — UBND tỉnh Quảng Ngãi", READER, ADMINISTRATION),
    ("lanhdao", "Kế hoạch CCHC năm 2024 — UBND xã Hương Trà", READER, ()),
    ("thuongtruc", "Kế hoạch CCHC năm 2024 — UBND xã Hương Trà",
     (*READER, "Nhập kế hoạch", "Nhập hồ sơ TTHC"), ()),
    ("vanphong", "Việc của tôi — năm 2024", ("Nhiệm vụ", "Việc của tôi", "Báo cáo"), ()),
    ("huyen", "Đơn vị trực thuộc — UBND huyện Trà Bồng", READER, ()),
]


class TestSignInByRole:
    @pytest.mark.parametrize(("username", "heading", "menu", "grouped"), ROLES,
                             ids=[r[0] for r in ROLES])
    def test_it_lands_each_role_on_its_work_with_its_menu(self, page, world, username,
                                                          heading, menu, grouped):
        log_in(page, username)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        nav = page.get_by_role("navigation", name="Chức năng chính")
        expect(nav.get_by_role("link")).to_have_text(list(menu))
        header = page.locator("header.topbar")
        expect(header.locator("summary:visible")).to_have_count(1 if grouped else 0)
        if grouped:
            header.get_by_text("Quản trị", exact=True).click()
            expect(nav.get_by_role("link")).to_have_text([*menu, *grouped])
        assert page.errors == []

    def test_it_signs_in_with_the_keyboard_alone(self, page, world):
        page.goto("/login")
        expect(page.get_by_label("Tên đăng nhập")).to_be_focused()
        page.keyboard.type("lanhdao")
        page.keyboard.press("Tab")
        page.keyboard.type("mật-khẩu-thử-123")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kế hoạch CCHC năm 2024")

    def test_it_draws_the_dashboard_chart_without_script_errors(self, page, world):
        log_in(page, "lanhdao")
        expect(page.locator("#timeline-chart")).to_have_attribute("data-drawn", "1")
        assert page.errors == []
