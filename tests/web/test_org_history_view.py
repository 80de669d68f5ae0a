"""A commune merged into another (sáp nhập): its 2024 plan stays readable, by its successor's
officials too, and is counted under the successor in the organization tree of that year."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from web_world import sign_in

from cchc.store.models import Organization
from cchc.store.services import merge_organizations


def merge_tra_son_into_huong_tra(factory, world) -> None:
    with factory.begin() as s:
        merge_organizations(s, None, [s.get(Organization, world.other_commune.id)],
                            s.get(Organization, world.commune.id), date(2025, 7, 1),
                            "Nghị quyết 1670/NQ-UBTVQH15")


def row(page: str, name: str) -> str:
    return re.search(rf"<tr[^>]*>\s*<th scope=\"row\">(?:<a [^>]*>)?{name}.*?</tr>", page,
                     re.S).group(0)


def test_the_successor_reads_the_merged_communes_plan(client, world, factory):
    sign_in(client, "thuongtruc")  # secretariat of xã Hương Trà
    assert client.get(f"/plans/{world.other_plan_id}").status_code == 404
    merge_tra_son_into_huong_tra(factory, world)
    sign_in(client, "thuongtruc")
    page = client.get(f"/plans/{world.other_plan_id}")
    assert page.status_code == 200 and "UBND xã Trà Sơn" in page.text


def test_the_merged_commune_counts_under_its_successor_in_that_years_tree(client, world,
                                                                          factory):
    merge_tra_son_into_huong_tra(factory, world)
    sign_in(client, "huyen")
    page = client.get("/orgs?year=2024").text
    huong_tra = row(page, "UBND xã Hương Trà")
    assert re.findall(r'<td class="num subtree">([^<]*)</td>', huong_tra) == ["1", "0", "1"]
    assert "UBND xã Trà Sơn" not in page.split("<tbody>")[1].split("</tbody>")[0]
    below = client.get(f"/orgs?root={world.commune.id}&year=2024").text
    tra_son = row(below, "UBND xã Trà Sơn")
    assert "Đã sáp nhập, từ 01/07/2025" in tra_son
    assert f'href="/plans/{world.other_plan_id}"' in tra_son
    assert ("01/07/2025</strong> — Sáp nhập UBND xã Trà Sơn vào UBND xã Hương Trà "
            "(Nghị quyết 1670/NQ-UBTVQH15)") in below


def test_a_successor_not_yet_founded_is_shown_with_its_predecessors(client, world, factory):
    with factory.begin() as s:
        district = s.get(Organization, world.district.id)
        new = Organization(code="qng.tb.moi", name="UBND xã Trà Bồng Mới", kind="xa",
                           parent=district, valid_from=date(2025, 7, 1))
        s.add(new)
        s.flush()
        for old in s.scalars(select(Organization).where(Organization.id.in_(
                [world.commune.id, world.other_commune.id]))):
            merge_organizations(s, None, [old], new, date(2025, 7, 1))
    sign_in(client, "huyen")
    page = client.get("/orgs?year=2024").text
    successor = row(page, "UBND xã Trà Bồng Mới")
    assert "Chưa thành lập" in successor and "Từ 01/07/2025" in successor
    assert re.findall(r'<td class="num subtree">([^<]*)</td>', successor)[:2] == ["2", "0"]
    assert re.search(r'<span class="kpi-value">1</span><span class="kpi-label">Chưa có kế '
                     r'hoạch 2024', page)  # the district's own: the new commune owed none
