"""Đơn vị trực thuộc: subordinate units with their plan status and overdue counts."""

from __future__ import annotations

import re
from datetime import date

from web_world import sign_in

from cchc.store.services import create_organization


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

    def test_it_leaves_out_units_that_did_not_exist_that_year(self, client, world, factory):
        with factory.begin() as s:
            create_organization(s, None, "qng.tb.cu", "UBND xã Trà Cũ", "xa",
                                s.merge(world.district), valid_to=date(2023, 6, 30))
        sign_in(client, "huyen")
        assert "UBND xã Trà Cũ" not in client.get("/orgs?year=2024").text
        assert "UBND xã Trà Cũ" in client.get("/orgs?year=2023").text
