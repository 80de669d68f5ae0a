"""Đơn vị trực thuộc: subordinate units with their plan status and overdue counts."""

from __future__ import annotations

import re

from web_world import sign_in


def row(page: str, name: str) -> str:
    return re.search(rf"<tr[^>]*>\s*<th scope=\"row\">(?:<a [^>]*>)?{name}.*?</tr>", page,
                     re.S).group(0)


class TestOrgTree:
    def test_it_shows_each_commune_with_its_plan_and_overdue_count(self, client, world):
        sign_in(client, "huyen")
        page = client.get("/orgs").text
        assert "Đơn vị trực thuộc — UBND huyện Trà Bồng" in page
        huong_tra = row(page, "UBND xã Hương Trà")
        assert "Phiên bản 1" in huong_tra
        assert re.search(r'due=overdue">1</a>', huong_tra)
        assert "Văn phòng" not in page.split("<tbody>")[1]  # internal units are left out

    def test_it_rolls_figures_up_to_the_upper_level(self, client, world):
        sign_in(client, "admin")
        page = client.get("/orgs").text
        district = row(page, "UBND huyện Trà Bồng")
        cells = re.findall(r'<td class="num subtree">([^<]*)</td>', district)
        assert cells == ["2", "0", "2"]  # communes, without a plan, late tasks below
        province = row(page, "UBND tỉnh Quảng Ngãi")
        assert "Chưa có" in province  # the province itself has no plan for 2024

    def test_it_drills_down_and_shows_the_way_back(self, client, world):
        sign_in(client, "admin")
        page = client.get(f"/orgs?root={world.district.id}").text
        assert re.search(rf'<a href="/orgs\?root={world.province.id}&(amp;)?year=2024">'
                         r"UBND tỉnh Quảng Ngãi</a>", page)

    def test_it_counts_units_without_a_plan_the_district_included(self, client, world):
        sign_in(client, "huyen")
        page = client.get("/orgs?year=2023").text
        assert re.search(r'<span class="kpi-value">3</span><span class="kpi-label">'
                         r'Chưa có kế hoạch 2023', page)

    def test_it_answers_not_found_above_the_users_level(self, client, world):
        sign_in(client, "huyen")
        assert client.get(f"/orgs?root={world.province.id}").status_code == 404

    def test_it_is_not_for_unit_officers(self, client, world):
        sign_in(client, "vanphong")
        assert client.get("/orgs").status_code == 404
