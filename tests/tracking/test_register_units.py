"""Plans' printed units map to the units the register and the template create, and tasks
assigned to a class of units reach its members: Thanh Hóa from the register, its 2024 plan
(seed 004) and a commune's 2023 plan (seed 000) under a former commune from a history file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cchc.store.models import Organization, TaskUnit, UnitClass
from cchc.store.org_history import load_history
from cchc.store.org_template import OrgTemplate
from cchc.store.queries import obligations
from cchc.store.register import load_register, official_register
from cchc.tracking.importing import import_file
from tests.helpers import seed


@pytest.fixture
def thanh_hoa(factory) -> None:
    register = official_register()
    with factory.begin() as s:
        load_register(s, None, register, register.find("Thanh Hóa"), OrgTemplate.load())


def org(session, code: str) -> Organization:
    return session.scalar(select(Organization).where(Organization.code == code))


def mapped(outcome) -> dict[str, str]:
    return {m.text: (m.org or m.unit_class).code for m in outcome.mapped}


def test_a_province_plan_maps_its_departments_and_classes(factory, thanh_hoa):
    with factory.begin() as s:
        outcome = import_file(s, org(s, "38"), seed("004"), None)
        units = mapped(outcome)
        assert {"Sở Nội vụ": "38.SNV", "Sở Tư pháp": "38.STP",
                "Văn phòng UBND tỉnh": "38.VPUBND",
                "Trung tâm Phục vụ Hành chính công tỉnh": "38.TTPVHCC",
                "Sở Kế hoạch và Đầu tư": "38.SKHDT",  # 2024: before the merger
                "Các sở, ban, ngành cấp tỉnh": "class.so_ban_nganh",
                "UBND cấp xã": "class.ubnd_cap_xa",
                "UBND cấp huyện": "class.ubnd_cap_huyen"}.items() <= units.items()


def test_tasks_assigned_to_the_communes_reach_every_commune(factory, thanh_hoa):
    with factory.begin() as s:
        import_file(s, org(s, "38"), seed("004"), None)
        communes = s.scalar(select(UnitClass.id).where(UnitClass.code == "class.ubnd_cap_xa"))
        assigned = set(s.scalars(select(TaskUnit.task_id).where(
            TaskUnit.unit_class_id == communes)))
        assert assigned
        for code in ("14797", "16012"):  # Phường Hạc Thành, Xã Hậu Lộc
            reached = {t.id for t in s.scalars(obligations(s, org(s, code), 2024))}
            assert assigned <= reached


def test_a_former_communes_plan_maps_to_its_officer_posts(factory, thanh_hoa, tmp_path):
    history = tmp_path / "lich-su.csv"  # illustrative former codes
    history.write_text("code,name,kind,parent_code,valid_to,successor_code\n"
                       "380,Thành phố Thanh Hóa,huyen,38,2025-06-30,\n"
                       "15850,Xã Thiệu Vân,xa,380,,15925\n", encoding="utf-8")
    with factory.begin() as s:
        load_history(s, None, history, OrgTemplate.load())
    with factory.begin() as s:
        former = org(s, "15850")
        assert former.valid_to == date(2025, 6, 30)
        units = mapped(import_file(s, former, seed("000"), None))
        posts = {code for code in units.values() if code.startswith("15850.")}
        assert {"15850.VPTK", "15850.TPHT", "15850.MOTCUA"} <= posts
