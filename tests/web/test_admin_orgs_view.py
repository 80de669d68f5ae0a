"""Quản lý đơn vị: an administrator creates, renames, moves, closes and merges the units below
their organization; every write is audited. Others get 404 for what they cannot read and 403
for what they can; an administrator's own organization is changed only from above (403)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select
from web_world import sign_in, user_id

from cchc.store.models import AuditEntry, Organization, OrgEvent
from cchc.store.services import create_organization


def unit(factory, code: str) -> Organization:
    with factory() as s:
        return s.scalar(select(Organization).where(Organization.code == code))


def audited(factory, action: str) -> list[AuditEntry]:
    with factory() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)
                               .order_by(AuditEntry.id)))


@pytest.fixture
def admin(client):
    return sign_in(client, "admin")


def post(client, token: str, url: str, **data):
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


class TestPages:
    def test_the_list_shows_the_units_below_with_their_codes(self, client, world, admin):
        page = client.get("/admin/orgs").text
        assert "Quản lý đơn vị — UBND tỉnh Quảng Ngãi" in page
        assert re.search(rf'<a href="/admin/orgs\?root={world.district.id}">UBND huyện Trà '
                         r'Bồng</a>', page)
        assert 'name="csrf_token"' in page and "style=" not in page
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script (CSP)
        assert 'href="/admin/orgs"' in page  # in the navigation

    def test_it_drills_down_and_finds_units_without_diacritics(self, client, world, admin):
        page = client.get(f"/admin/orgs?root={world.commune.id}").text
        assert "Văn phòng – Thống kê" in page and "qng.tb.ht.vp" in page
        found = client.get(f"/admin/orgs?root={world.province.id}&q=tra son").text
        assert "UBND xã Trà Sơn" in found.split("Tìm đơn vị")[1]

    def test_the_detail_page_has_every_form(self, client, world, admin):
        page = client.get(f"/admin/orgs/{world.commune.id}").text
        for action in ("rename", "move", "close", "merge"):
            assert f'action="/admin/orgs/{world.commune.id}/{action}"' in page


class TestWrites:
    def test_create_a_unit_below(self, client, world, admin, factory):
        answer = post(client, admin, f"/admin/orgs/{world.commune.id}/units", code="bql",
                      name="Ban Quản lý chợ", kind="khac", valid_from="01/01/2024")
        assert answer.status_code == 303
        made = unit(factory, "qng.tb.ht.BQL")
        assert (made.name, made.parent_id, made.valid_from) == (
            "Ban Quản lý chợ", world.commune.id, date(2024, 1, 1))
        [entry] = audited(factory, "org.create")[-1:]
        assert entry.user_id == user_id(factory, "admin") and entry.after["code"] == made.code
        assert "Đã thêm Ban Quản lý chợ" in client.get(answer.headers["location"]).text

    @pytest.mark.parametrize("fields, message", [
        ({"code": "ban quản lý", "name": "Ban", "kind": "khac"}, "Mã chỉ gồm chữ in hoa"),
        ({"code": "VP", "name": "Văn phòng", "kind": "phong"}, "Mã qng.tb.ht.VP đã có"),
        ({"code": "BQL", "name": "", "kind": "khac"}, "Hãy nhập tên đơn vị"),
        ({"code": "BQL", "name": "Ban", "kind": "lang"}, "Hãy chọn loại đơn vị"),
        ({"code": "BQL", "name": "Ban", "kind": "khac", "valid_from": "32/13/2024"},
         "Ngày bắt đầu «32/13/2024» không có trên lịch"),
    ])
    def test_a_refused_unit_shows_why_and_writes_nothing(self, client, world, admin, factory,
                                                         fields, message):
        before = len(audited(factory, "org.create"))
        answer = post(client, admin, f"/admin/orgs/{world.commune.id}/units",
                      **{"valid_from": "", **fields})
        assert answer.status_code == 422 and message in answer.text
        assert len(audited(factory, "org.create")) == before

    def test_rename_from_a_date_keeps_the_old_name_in_the_history(self, client, world, admin,
                                                                   factory):
        answer = post(client, admin, f"/admin/orgs/{world.commune.id}/rename",
                      name="UBND xã Hương Trà Mới", effective="01/07/2025")
        assert answer.status_code == 303
        assert unit(factory, "qng.tb.ht").name == "UBND xã Hương Trà Mới"
        with factory() as s:
            event = s.scalar(select(OrgEvent).where(OrgEvent.kind == "rename"))
            assert (event.effective_on, event.note) == (
                date(2025, 7, 1), "UBND xã Hương Trà → UBND xã Hương Trà Mới")
        assert audited(factory, "org.rename")[0].before["name"] == "UBND xã Hương Trà"
        page = client.get(answer.headers["location"]).text
        assert "01/07/2025: đổi tên (UBND xã Hương Trà → UBND xã Hương Trà Mới)" in page

    def test_move_a_unit_under_another(self, client, world, admin, factory):
        answer = post(client, admin, f"/admin/orgs/{world.office.id}/move", parent="qng.tb.ts")
        assert answer.status_code == 303
        assert unit(factory, "qng.tb.ht.vp").parent_id == world.other_commune.id
        assert audited(factory, "org.move")[0].after["parent_id"] == world.other_commune.id

    def test_a_unit_cannot_move_under_its_own_unit(self, client, world, admin, factory):
        answer = post(client, admin, f"/admin/orgs/{world.commune.id}/move",
                      parent="qng.tb.ht.vp")
        assert answer.status_code == 422 and "vào chính nó" in answer.text
        assert unit(factory, "qng.tb.ht").parent_id == world.district.id

    def test_close_a_unit_and_its_units(self, client, world, admin, factory):
        answer = post(client, admin, f"/admin/orgs/{world.commune.id}/close",
                      last_day="30/06/2025")
        assert answer.status_code == 303
        assert unit(factory, "qng.tb.ht").valid_to == date(2025, 6, 30)
        assert unit(factory, "qng.tb.ht.vp").valid_to == date(2025, 6, 30)
        assert len(audited(factory, "org.close")) == 3  # the commune and its two posts

    def test_merge_into_a_successor(self, client, world, admin, factory):
        answer = post(client, admin, f"/admin/orgs/{world.other_commune.id}/merge",
                      successor="qng.tb.ht", effective="01/07/2025",
                      note="Nghị quyết 1670/NQ-UBTVQH15")
        assert answer.status_code == 303
        assert unit(factory, "qng.tb.ts").valid_to == date(2025, 6, 30)
        with factory() as s:
            event = s.scalar(select(OrgEvent).where(OrgEvent.kind == "merge"))
            assert {(link.side, link.org.code) for link in event.links} == {
                ("from", "qng.tb.ts"), ("to", "qng.tb.ht")}
        assert audited(factory, "org.merge")[0].user_id == user_id(factory, "admin")

    def test_a_unit_cannot_merge_into_its_own_unit(self, client, world, admin):
        answer = post(client, admin, f"/admin/orgs/{world.commune.id}/merge",
                      successor="qng.tb.ht.vp", effective="01/07/2025")
        assert answer.status_code == 422 and "đơn vị trực thuộc nó" in answer.text

    def test_a_form_without_its_csrf_token_is_refused(self, client, world, admin, factory):
        answer = client.post(f"/admin/orgs/{world.commune.id}/close",
                             data={"last_day": "30/06/2025"})
        assert answer.status_code == 403
        assert unit(factory, "qng.tb.ht").valid_to is None


class TestWhoMay:
    @pytest.mark.parametrize("username, status", [
        ("lanhdao", 403), ("thuongtruc", 403), ("huyen", 403),  # they read the commune's plan
        ("vanphong", 404)])
    def test_only_administrators_change_units(self, client, world, factory, username, status):
        token = sign_in(client, username)
        assert client.get("/admin/orgs").status_code == 404
        assert client.get(f"/admin/orgs/{world.commune.id}").status_code == status
        answer = post(client, token, f"/admin/orgs/{world.commune.id}/close",
                      last_day="30/06/2025")
        assert answer.status_code == status
        assert unit(factory, "qng.tb.ht").valid_to is None

    def test_an_administrator_does_not_change_their_own_organization(self, client, world,
                                                                      admin, factory):
        assert client.get(f"/admin/orgs/{world.province.id}").status_code == 403
        answer = post(client, admin, f"/admin/orgs/{world.province.id}/rename",
                      name="UBND tỉnh Khác", effective="01/01/2025")
        assert answer.status_code == 403
        assert unit(factory, "qng").name == "UBND tỉnh Quảng Ngãi"

    def test_units_outside_the_administrators_tree_are_not_found(self, client, world, admin,
                                                                 factory):
        with factory.begin() as s:
            other = create_organization(s, None, "38", "UBND tỉnh Thanh Hóa", "tinh")
            commune = create_organization(s, None, "14797", "UBND phường Hạc Thành", "phuong",
                                          other)
        assert client.get(f"/admin/orgs?root={other.id}").status_code == 404
        assert client.get(f"/admin/orgs/{commune.id}").status_code == 404
        assert post(client, admin, f"/admin/orgs/{other.id}/units", code="X", name="X",
                    kind="khac").status_code == 404
        answer = post(client, admin, f"/admin/orgs/{world.other_commune.id}/merge",
                      successor="14797", effective="01/07/2025")
        assert answer.status_code == 422 and "Không có đơn vị kế thừa mã «14797»" in answer.text
