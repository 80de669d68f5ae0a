"""Đơn vị trực thuộc: subordinate units with their plan status and overdue counts."""

from __future__ import annotations

import re
from datetime import date

from test_dashboard_view import kpi_tones
from web_world import sign_in

from cchc.domain.plan import Plan, PlanMeta, Task
from cchc.store.services import create_organization, import_plan


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

    def test_it_colours_no_task_done_as_no_news_and_overdue_tasks_as_bad(self, client, world):
        sign_in(client, "huyen")
        assert kpi_tones(client.get("/orgs").text) == {
            "Chưa có kế hoạch 2024": "bad", "Đã hoàn thành": "neutral", "Quá hạn": "bad"}

    def test_it_opens_on_the_latest_year_the_units_below_have_plans(self, client, world,
                                                                   factory):
        """A district whose communes planned 2023 only opens on 2023, whatever other districts
        of the province planned since."""
        with factory.begin() as s:
            district = create_organization(s, None, "qng.sh", "UBND huyện Sơn Hà", "huyen",
                                           s.merge(world.province))
            commune = create_organization(s, None, "qng.sh.sg", "UBND xã Sơn Giang", "xa",
                                          district)
            import_plan(s, commune, Plan(source="kh.docx", meta=PlanMeta(
                title="Kế hoạch cải cách hành chính năm 2023", issuer="UBND xã Sơn Giang",
                level="xa", year=2023), tasks=[Task(no="1", area="tthc", text="Niêm yết TTHC")]),
                None, "kh.docx", None)
        sign_in(client, "admin")
        page = client.get(f"/orgs?root={district.id}").text
        assert '<option value="2023" selected>2023</option>' in page
        assert "Phiên bản 1" in row(page, "UBND xã Sơn Giang")
        assert '<option value="2024" selected>' in client.get("/orgs").text

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
