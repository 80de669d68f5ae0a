"""`cchc orgs load`: provinces and communes from the official register (vietnam-provinces),
idempotent, and a newer register applied as renames, moves, new units and closures."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from cchc.store.models import AuditEntry, Organization, OrgEvent, UnitClass, UnitClassMember
from cchc.store.org_template import OrgTemplate
from cchc.store.register import (
    Register, RegisterError, RegisterUnit, load_register, official_register)
from cchc.store.services import create_organization

REGISTER = official_register()
LAI_CHAU = "12"  # 38 communes: the smallest province


def load(factory, register: Register = REGISTER, query: str = LAI_CHAU, **options):
    with factory.begin() as s:
        return load_register(s, None, register, register.find(query), OrgTemplate.load(),
                             **options)


def org(session, code: str) -> Organization:
    return session.scalar(select(Organization).where(Organization.code == code))


def audit_count(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry))


def test_the_pinned_register_has_34_provinces_and_3321_communes():
    assert REGISTER.version == "2025-10-18"
    assert len(REGISTER.provinces) == 34
    assert sum(len(c) for c in REGISTER.communes.values()) == 3321


@pytest.mark.parametrize("query, code", [
    ("12", "12"), ("1", "01"), ("Lai Châu", "12"), ("lai chau", "12"), ("LAI CHÂU", "12"),
    ("tỉnh Lai Châu", "12"), ("Lai Chau ", "12"), ("Lai Chaau", "12"), ("Hà Nội", "01"),
    ("thành phố Hà Nội", "01"), ("ha noi", "01"), ("TP Hồ Chí Minh", "79"), ("Huế", "46"),
    ("Thanh Hoá", "38"), ("Thanh Hao", "38"), ("Dak Lak", "66"), ("Đăk Lăk", "66"),
])
def test_it_finds_a_province_by_code_or_by_name_without_diacritics_or_with_typos(query, code):
    assert [p.code for p in REGISTER.find(query)] == [code]


@pytest.mark.parametrize("query", ["Hà Nam", "99", "Bình Dương", "Quảng"])
def test_it_names_no_province_for_a_former_or_unknown_name(query):
    with pytest.raises(RegisterError, match="Không"):
        REGISTER.find(query)


def test_all_is_every_province():
    assert len(REGISTER.find("all")) == 34


def test_it_loads_a_province_and_its_communes_with_official_codes_and_names(factory):
    report = load(factory)
    communes = REGISTER.communes[LAI_CHAU]
    assert report.created == [LAI_CHAU, *(c.code for c in communes)]
    with factory() as s:
        province = org(s, LAI_CHAU)
        assert (province.name, province.kind, province.official_name) == (
            "UBND tỉnh Lai Châu", "tinh", "Lai Châu")
        assert province.valid_from is None and province.register_version == "2025-10-18"
        loaded = s.scalars(select(Organization).where(Organization.parent_id == province.id,
                                                      Organization.official_name.is_not(None)))
        assert {(o.code, o.official_name) for o in loaded} == {(c.code, c.name) for c in communes}
        commune = org(s, "03637")
        assert (commune.name, commune.kind, commune.valid_from) == (
            "UBND xã Mường Kim", "xa", date(2025, 7, 1))
        assert all(len(c.code) == 5 and c.code.isdigit() for c in communes)


def test_it_adds_departments_and_officer_posts_with_codes_below_their_parent(factory):
    load(factory)
    with factory() as s:
        assert org(s, "12.SNV").name == "Sở Nội vụ"
        assert org(s, "12.VPUBND").name == "Văn phòng UBND tỉnh"
        assert org(s, "12.SKHDT").valid_to == date(2025, 2, 28)  # merged into Sở Tài chính
        assert org(s, "03637.VPHDND").name == "Văn phòng HĐND và UBND xã"
        assert org(s, "03637.VPTK").parent.code == "03637"
        assert org(s, "03637.MOTCUA") is None  # the one-stop desk ended before the commune began
        merged = s.scalar(select(func.count()).select_from(OrgEvent).where(
            OrgEvent.kind == "merge"))
        assert merged == 6  # the six departments merged on 1 March 2025


def test_communes_belong_to_the_commune_class_and_departments_to_theirs(factory):
    load(factory)
    with factory() as s:
        def members(code: str) -> set[str]:
            return set(s.scalars(select(Organization.code).join(UnitClassMember).join(
                UnitClass, UnitClass.id == UnitClassMember.class_id).where(UnitClass.code == code)))
        assert members("class.ubnd_cap_xa") == set(c.code for c in REGISTER.communes[LAI_CHAU])
        assert {"12.SNV", "12.VPUBND", "12.TTR"} <= members("class.so_ban_nganh")
        assert "03637.VPTK" in members("class.cc_chuyen_mon")
        assert s.scalar(select(UnitClass).where(UnitClass.code == "class.ubnd_cap_huyen"))


def test_every_write_is_audited(factory):
    load(factory)
    with factory() as s:
        created = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "org.create"))
        assert created == s.scalar(select(func.count()).select_from(Organization))


def test_a_second_load_changes_nothing(factory):
    load(factory)
    with factory() as s:
        before = audit_count(s)
    report = load(factory, query="lai chau")
    assert not report.changed and "không có thay đổi" in report.summary()
    with factory() as s:
        assert audit_count(s) == before


def changed_register() -> Register:
    """The register a year later: one commune renamed, one become a ward, one gone, one new."""
    communes = list(REGISTER.communes[LAI_CHAU])
    renamed, upgraded, gone = communes[0], communes[1], communes[2]
    communes[0] = dataclasses.replace(renamed, name="Xã Mường Kim Mới")
    communes[1] = dataclasses.replace(upgraded, name="Phường Khoen On", kind="phuong")
    communes.remove(gone)
    communes.append(RegisterUnit("99999", "Xã Tân Lập", "xa"))
    return Register("2026-03-01", REGISTER.provinces,
                    {**REGISTER.communes, LAI_CHAU: tuple(communes)})


def test_a_newer_register_renames_adds_and_closes_units_from_its_date(factory):
    load(factory)
    report = load(factory, changed_register())
    assert (report.renamed, report.closed, report.created) == (
        ["03637", "03640"], ["03595"], ["99999"])
    with factory() as s:
        renamed = org(s, "03637")
        assert (renamed.name, renamed.official_name, renamed.register_version) == (
            "UBND xã Mường Kim Mới", "Xã Mường Kim Mới", "2026-03-01")
        event = s.scalar(select(OrgEvent).where(OrgEvent.kind == "rename"))
        assert event.effective_on == date(2026, 3, 1)
        assert event.note == "UBND xã Mường Kim → UBND xã Mường Kim Mới"
        assert (org(s, "03640").kind, org(s, "03640").name) == ("phuong", "UBND phường Khoen On")
        gone = org(s, "03595")
        assert gone.valid_to == date(2026, 2, 28)
        assert {c.valid_to for c in gone.children} == {date(2026, 2, 28)}  # its offices too
        new = org(s, "99999")
        assert (new.valid_from, new.parent.code) == (date(2026, 3, 1), LAI_CHAU)
        assert org(s, "99999.VPTK").valid_from == date(2026, 3, 1)
        actions = set(s.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "organizations")))
        assert {"org.rename", "org.close", "org.create"} <= actions
    again = load(factory, changed_register())
    assert not again.changed


def test_a_register_listing_a_closed_unit_again_reopens_it(factory):
    load(factory)
    load(factory, changed_register())
    report = load(factory, dataclasses.replace(changed_register(), version="2026-06-01",
                                               communes=REGISTER.communes))
    assert "03595" in report.reopened and "99999" in report.closed
    with factory() as s:
        assert org(s, "03595").valid_to is None


def test_the_effective_date_can_be_given(factory):
    load(factory)
    load(factory, changed_register(), effective_on=date(2026, 1, 1))
    with factory() as s:
        assert org(s, "03595").valid_to == date(2025, 12, 31)
        assert org(s, "99999").valid_from == date(2026, 1, 1)


def test_it_refuses_a_code_taken_by_a_unit_not_from_the_register(factory):
    with factory.begin() as s:
        create_organization(s, None, "03637", "Một đơn vị tự tạo", "khac")
    with pytest.raises(RegisterError, match="03637.*Một đơn vị tự tạo"):
        load(factory)
    with factory() as s:
        assert org(s, LAI_CHAU) is None  # the failed load wrote nothing


def test_it_reads_a_register_file_and_says_which_file_it_cannot_read(tmp_path):
    bad = tmp_path / "danh-muc.json"
    bad.write_text('[{"name": "X"}]', encoding="utf-8")
    with pytest.raises(RegisterError, match="danh-muc.json"):
        Register.from_json(bad, "2026-01-01")


@given(st.text(max_size=40))
def test_any_query_finds_provinces_or_says_why(query):
    try:
        assert REGISTER.find(query)
    except RegisterError as error:
        assert str(error)
