"""The organization tree: any depth, validity dates, merges and splits, unit classes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from store_world import Tree

from cchc.store.models import AuditEntry, Organization, OrgEvent
from cchc.store.queries import ancestor_ids, subtree_ids
from cchc.store.services import create_organization, record_org_event


def test_it_finds_every_unit_below_an_organization_at_any_depth(factory, tree: Tree):
    with factory() as s:
        assert subtree_ids(s, tree.district.id) == {
            tree.district.id, tree.commune.id, tree.other_commune.id, tree.office.id}
        assert subtree_ids(s, tree.office.id) == {tree.office.id}


def test_it_lists_the_units_above_nearest_first(factory, tree: Tree):
    with factory() as s:
        assert ancestor_ids(s, tree.office.id) == [tree.commune.id, tree.district.id,
                                                   tree.province.id]
        assert ancestor_ids(s, tree.province.id) == []


def test_it_closes_the_merged_units_the_day_before_the_merger(factory, tree: Tree):
    with factory.begin() as s:
        merged = create_organization(s, None, "qng.huong_tra_moi", "UBND xã Hương Trà (mới)",
                                     "xa", tree.province, valid_from=date(2025, 7, 1))
        record_org_event(s, None, "merge", date(2025, 7, 1),
                         [tree.commune, tree.other_commune], [merged],
                         note="Nghị quyết sắp xếp đơn vị hành chính cấp xã")
    with factory() as s:
        closed = {o.code: o.valid_to for o in s.scalars(select(Organization))}
        assert closed["qng.tra_bong.huong_tra"] == date(2025, 6, 30)
        assert closed["qng.tra_bong.tra_son"] == date(2025, 6, 30)
        assert closed["qng.huong_tra_moi"] is None
        event = s.scalar(select(OrgEvent))
        assert sorted((link.side, link.org.code) for link in event.links) == [
            ("from", "qng.tra_bong.huong_tra"), ("from", "qng.tra_bong.tra_son"),
            ("to", "qng.huong_tra_moi")]
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "org.merge"))
        assert entry.after["to"] == ["qng.huong_tra_moi"]


def test_it_keeps_a_renamed_unit_open(factory, tree: Tree):
    with factory.begin() as s:
        record_org_event(s, None, "rename", date(2025, 7, 1), [tree.office], [tree.office],
                         note="Văn phòng – Thống kê → Văn phòng HĐND và UBND")
    with factory() as s:
        assert s.get(Organization, tree.office.id).valid_to is None


def test_it_refuses_two_units_with_one_code(factory, tree: Tree):
    with pytest.raises(IntegrityError), factory.begin() as s:
        create_organization(s, None, tree.commune.code, "trùng mã", "xa")


def test_it_refuses_an_unknown_kind_of_unit(factory, tree: Tree):
    with pytest.raises(IntegrityError), factory.begin() as s:
        create_organization(s, None, "x", "Hợp tác xã", "hop_tac_xa")
