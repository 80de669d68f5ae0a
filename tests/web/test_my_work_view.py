"""Việc của tôi: my organization's own plan apart from what the levels above give me, every
item a link to a page I may open, no breadcrumb to a page I may not open."""

from __future__ import annotations

import re

import pytest
from upper_plans import add_plans_above
from web_world import sign_in


@pytest.fixture
def plans_above(factory, world) -> dict[str, int]:
    return add_plans_above(factory, world)


def section(page: str, title: str) -> str:
    """The part of the page under the heading `title` (to the next card)."""
    start = page.index(title)
    return page[start:page.find('<section class="card"', start)]


def task_links(html: str) -> list[str]:
    return re.findall(r'href="(/tasks/\d+)"', html)


class TestMyWork:
    def test_it_lists_the_tasks_the_officers_unit_leads_then_supports(self, client, world):
        sign_in(client, "tuphap")
        page = client.get("/my").text
        own = section(page, "Kế hoạch của UBND xã Hương Trà")
        leading, supporting = own.split("<h3>Nhiệm vụ đơn vị tôi phối hợp")
        assert "lĩnh vực hộ tịch" in leading and "Quá hạn" in leading
        assert "Số hóa hồ sơ" in supporting
        assert "loa truyền thanh" not in page

    def test_it_puts_late_tasks_first(self, client, world):
        sign_in(client, "vanphong")
        leading = section(client.get("/my").text, "Nhiệm vụ đơn vị tôi chủ trì")
        assert leading.index("Số hóa hồ sơ") < leading.index("loa truyền thanh")

    def test_it_shows_a_leader_the_updates_awaiting_approval(self, client, world):
        sign_in(client, "lanhdao")
        page = client.get("/my").text
        assert "Cập nhật tiến độ chờ duyệt" not in page  # nothing reported yet
        assert "Không có nhiệm vụ nào giao cho đơn vị của bạn trong năm 2024" in page

    def test_it_never_shows_another_communes_tasks(self, client, world):
        sign_in(client, "trason")
        page = client.get("/my").text
        assert "Niêm yết công khai" in page and "Hương Trà" not in page.split("<main")[1]


class TestOwnPlanApartFromAbove:
    def test_it_keeps_the_communes_own_tasks_out_of_those_given_from_above(
            self, client, world, plans_above):
        sign_in(client, "tuphap")
        page = client.get("/my").text
        own = section(page, "Kế hoạch của UBND xã Hương Trà")
        above = section(page, "Nhiệm vụ cấp trên giao")
        assert "Nhiệm vụ giao chung cho nhóm đơn vị của tôi" in own
        assert "Các bộ phận chuyên môn tự kiểm tra CCHC" in own  # the commune's own plan
        assert "Các bộ phận chuyên môn tự kiểm tra CCHC" not in above
        assert "Bồi dưỡng nghiệp vụ cho công chức chuyên môn cấp xã" in above
        assert "UBND tỉnh Quảng Ngãi" in above

    def test_every_item_links_to_a_page_the_officer_may_open(self, client, world, plans_above):
        sign_in(client, "tuphap")
        page = client.get("/my").text.split("<main")[1]
        items = re.findall(r"<tr>\s*<td class=\"c-no\"[^>]*>.*?</tr>", page, re.S)
        assert len(items) == 4 and all(task_links(item) for item in items)
        for link in task_links(page):
            assert client.get(link).status_code == 200, link

    def test_it_lists_no_task_the_officer_may_not_open(self, client, world, plans_above):
        sign_in(client, "tuphap")
        page = client.get("/my").text
        for text in ("Số hóa kết quả giải quyết thủ tục hành chính cấp xã",  # communes' task
                     "Trà Sơn: công chức tự kiểm tra CCHC"):  # another commune's posts
            assert text not in page
            assert client.get(f"/tasks/{plans_above[text]}").status_code == 404

    def test_it_shows_the_commune_secretariat_the_tasks_for_every_commune(
            self, client, world, plans_above):
        sign_in(client, "thuongtruc")
        above = section(client.get("/my").text, "Nhiệm vụ cấp trên giao")
        assert "Số hóa kết quả giải quyết thủ tục hành chính cấp xã" in above
        assert "Giao cho nhóm đơn vị của bạn" in above
        for link in task_links(above):
            assert client.get(link).status_code == 200, link

    def test_it_says_where_the_officer_reports_progress(self, client, world, plans_above):
        sign_in(client, "vanphong")
        above = section(client.get("/my").text, "Nhiệm vụ cấp trên giao")
        row = next(r for r in above.split("<tr>") if "Thí điểm một cửa điện tử" in r)
        assert "Đơn vị bạn chủ trì" in row and "Bạn báo cáo tiến độ" in row
        task = client.get(task_links(row)[0]).text
        assert "Cập nhật tiến độ" in task  # the form is there


class TestBreadcrumbs:
    @pytest.mark.parametrize("username, task", [("tuphap", "hotich"), ("vanphong", "sohoa"),
                                                ("thuongtruc", "hotich"), ("huyen", "sohoa")])
    def test_every_breadcrumb_opens(self, client, world, username, task):
        sign_in(client, username)
        page = client.get(f"/tasks/{world.tasks[task]}").text
        crumbs = re.search(r'<nav class="crumbs".*?</nav>', page, re.S).group(0)
        links = re.findall(r'href="([^"]+)"', crumbs)
        assert links
        for link in links:
            assert client.get(link.replace("&amp;", "&")).status_code == 200, link

    def test_a_unit_officer_is_led_back_to_his_work_not_to_the_plan(self, client, world):
        sign_in(client, "tuphap")
        page = client.get(f"/tasks/{world.tasks['hotich']}").text
        crumbs = re.search(r'<nav class="crumbs".*?</nav>', page, re.S).group(0)
        assert f"/plans/{world.plan_id}" not in crumbs and "Việc của tôi" in crumbs
        assert client.get(f"/plans/{world.plan_id}").status_code == 404
