"""Store fixtures: a small organization tree and a secretariat user, committed."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from store_world import Tree

from cchc.store import make_sessionmaker
from cchc.store.models import User
from cchc.store.services import (
    add_to_unit_class, create_organization, create_unit_class, create_user, grant_role)


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def tree(factory: sessionmaker[Session]) -> Tree:
    with factory.begin() as s:
        province = create_organization(s, None, "qng", "UBND tỉnh Quảng Ngãi", "tinh")
        district = create_organization(s, None, "qng.tra_bong", "UBND huyện Trà Bồng", "huyen",
                                       province)
        commune = create_organization(s, None, "qng.tra_bong.huong_tra", "UBND xã Hương Trà",
                                      "xa", district)
        other = create_organization(s, None, "qng.tra_bong.tra_son", "UBND xã Trà Sơn", "xa",
                                    district)
        office = create_organization(s, None, "qng.tra_bong.huong_tra.vp",
                                     "Văn phòng – Thống kê", "officer_post", commune)
        communes = create_unit_class(s, None, "class.ubnd_cap_xa", "UBND cấp xã")
        add_to_unit_class(s, None, communes, commune)
        add_to_unit_class(s, None, communes, other)
        return Tree(province, district, commune, other, office, communes)


@pytest.fixture
def user(factory: sessionmaker[Session], tree: Tree) -> User:
    with factory.begin() as s:
        officer = create_user(s, None, "vanphong", "Nguyễn Văn Phòng", "mật-khẩu-dài",
                              "vp@huongtra.gov.vn")
        grant_role(s, None, officer, tree.commune, "secretariat")
        return officer


@pytest.fixture
def leader(factory: sessionmaker[Session], tree: Tree) -> User:
    """The commune's chairman, who approves or returns progress updates."""
    with factory.begin() as s:
        chairman = create_user(s, None, "chutich", "Trần Chủ Tịch", "mật-khẩu-dài-khác")
        grant_role(s, None, chairman, tree.commune, "leader")
        return chairman
