"""Việc của tôi in the browser: the commune's own plan apart from what the levels above give,
every item opens its task, and the way back never leads to a page the user may not open."""

from __future__ import annotations

import pytest
from browsing import log_in
from playwright.sync_api import expect
from upper_plans import add_plans_above


@pytest.fixture
def plans_above(factory, world) -> dict[str, int]:
    return add_plans_above(factory, world)


def card(page, heading: str):
    return page.locator("section.card").filter(
        has=page.get_by_role("heading", level=2, name=heading))


class TestMyWork:
    def test_each_item_opens_its_task_and_leads_back(self, page, world, plans_above):
        log_in(page, "tuphap")
        own = card(page, "Kế hoạch của UBND xã Hương Trà")
        above = card(page, "Nhiệm vụ cấp trên giao")
        expect(own.get_by_role("link")).to_have_count(3)
        expect(above.get_by_role("link")).to_have_count(1)
        expect(above).not_to_contain_text("Các bộ phận chuyên môn tự kiểm tra CCHC")
        items = [link.text_content() for link in
                 page.locator("main table.tasks").get_by_role("link").all()]
        assert len(items) == 4
        for text in items:
            page.get_by_role("link", name=text, exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(text.removesuffix("..."))
            crumbs = page.get_by_role("navigation", name="Vị trí")
            expect(crumbs.get_by_role("link")).to_have_text(["Việc của tôi"])
            crumbs.get_by_role("link", name="Việc của tôi").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi — năm 2024")
        assert page.errors == []

    def test_the_officer_reports_on_what_an_upper_plan_names_his_unit_for(self, page, world,
                                                                           plans_above):
        log_in(page, "vanphong")
        above = card(page, "Nhiệm vụ cấp trên giao")
        expect(above).to_contain_text("Bạn báo cáo tiến độ")
        above.get_by_role("link", name="Thí điểm một cửa điện tử tại xã Hương Trà").click()
        page.get_by_label("Tỷ lệ hoàn thành (%)").fill("40")
        page.get_by_role("button", name="Lưu cập nhật").click()
        expect(page.get_by_role("status").first).to_have_text("Đã lưu cập nhật tiến độ.")
        assert page.errors == []
