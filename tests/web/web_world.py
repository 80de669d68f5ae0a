"""A small province for web tests: organizations, one user per role, two commune plans.

Quảng Ngãi ← Trà Bồng ← xã Hương Trà (Văn phòng – Thống kê, Tư pháp – Hộ tịch)
                      ← xã Trà Sơn (Văn phòng – Thống kê)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from cchc.domain.plan import Plan, PlanMeta, ScheduleItem, Target, Task, UnitRef
from cchc.store.models import Organization, Plan as StoredPlan, User
from cchc.store.services import (
    add_to_unit_class, create_organization, create_unit_class, create_user, grant_role,
    import_plan)

PASSWORD = "mật-khẩu-thử-123"
TODAY = date(2024, 5, 10)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    province: Organization
    district: Organization
    commune: Organization
    office: Organization  # Văn phòng – Thống kê, xã Hương Trà
    justice: Organization  # Tư pháp – Hộ tịch, xã Hương Trà
    other_commune: Organization
    other_office: Organization  # Văn phòng – Thống kê, xã Trà Sơn
    plan_id: int  # xã Hương Trà, 2024
    other_plan_id: int  # xã Trà Sơn, 2024
    tasks: dict[str, int]  # name -> task id


USERS = {  # username: (display name, role, org attribute)
    "admin": ("Quản trị viên", "admin", "province"),
    "lanhdao": ("Chủ tịch Hương Trà", "leader", "commune"),
    "thuongtruc": ("Thường trực CCHC Hương Trà", "secretariat", "commune"),
    "vanphong": ("Cán bộ Văn phòng", "unit_officer", "office"),
    "tuphap": ("Cán bộ Tư pháp", "unit_officer", "justice"),
    "huyen": ("Chuyên viên huyện", "reviewer", "district"),
    "trason": ("Cán bộ Trà Sơn", "unit_officer", "other_office"),
}


def _task(no: str, text: str, lead: Organization, coop: list[Organization],
          schedule: list[ScheduleItem], deadline: str, area: str = "tthc") -> Task:
    return Task(no=no, area=area, text=text, outputs=["Báo cáo"],
                lead=[lead.name], coop=[c.name for c in coop], deadline_text=deadline,
                schedule=schedule,
                lead_units=[UnitRef(lead.name, unit_id=lead.code)],
                coop_units=[UnitRef(c.name, unit_id=c.code) for c in coop])


def _plan(issuer: str, tasks: list[Task]) -> Plan:
    return Plan(source="kh.docx",
                meta=PlanMeta(title="Kế hoạch cải cách hành chính năm 2024", issuer=issuer,
                              level="xa", year=2024, number="12/KH-UBND",
                              issued_on=date(2024, 1, 5)),
                targets=[Target("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%", "tthc",
                                "on_time_rate", ">=", 98, "%")],
                tasks=tasks)


def build_world(factory: sessionmaker[Session]) -> World:
    with factory.begin() as s:
        province = create_organization(s, None, "qng", "UBND tỉnh Quảng Ngãi", "tinh")
        district = create_organization(s, None, "qng.tb", "UBND huyện Trà Bồng", "huyen",
                                       province)
        commune = create_organization(s, None, "qng.tb.ht", "UBND xã Hương Trà", "xa", district)
        office = create_organization(s, None, "qng.tb.ht.vp", "Văn phòng – Thống kê",
                                     "officer_post", commune)
        justice = create_organization(s, None, "qng.tb.ht.tp", "Tư pháp – Hộ tịch",
                                      "officer_post", commune)
        other = create_organization(s, None, "qng.tb.ts", "UBND xã Trà Sơn", "xa", district)
        other_office = create_organization(s, None, "qng.tb.ts.vp", "Văn phòng – Thống kê",
                                           "officer_post", other)
        communes = create_unit_class(s, None, "class.ubnd_cap_xa", "UBND cấp xã")
        add_to_unit_class(s, None, communes, commune)
        add_to_unit_class(s, None, communes, other)
        orgs = {"province": province, "district": district, "commune": commune,
                "office": office, "justice": justice, "other_office": other_office}
        for username, (name, role, where) in USERS.items():
            user = create_user(s, None, username, name, PASSWORD, f"{username}@example.vn")
            grant_role(s, None, user, orgs[where], role)
        q1 = [ScheduleItem("due", date=date(2024, 3, 31), label="Ban hành kế hoạch")]
        soon = [ScheduleItem("due", date=date(2024, 5, 20))]
        later = [ScheduleItem("window", start=date(2024, 6, 1), end=date(2024, 11, 30))]
        version = import_plan(s, commune, _plan("UBND xã Hương Trà", [
            _task("1", "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch", justice,
                  [office], q1, "Quý I/2024"),
            _task("2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa",
                  office, [justice], soon, "Trước ngày 20/5/2024", area="so"),
            _task("3", "Tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh", office,
                  [], later, "Quý II-IV/2024", area="chi_dao"),
        ]), None, "kh.docx", None)
        other_version = import_plan(s, other, _plan("UBND xã Trà Sơn", [
            _task("1", "Niêm yết công khai thủ tục hành chính tại trụ sở", other_office, [],
                  q1, "Quý I/2024"),
        ]), None, "kh-ts.docx", None)
        s.flush()
        tasks = {"hotich": version.tasks[0].id, "sohoa": version.tasks[1].id,
                 "tuyentruyen": version.tasks[2].id, "trason": other_version.tasks[0].id}
        return World(province, district, commune, office, justice, other, other_office,
                     version.plan_id, other_version.plan_id, tasks)


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the login form as a person would; returns the new CSRF token."""
    token = csrf_of(client.get("/login").text)
    page = client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token, "next": "/my"})
    assert page.status_code == 200, page.text
    return csrf_of(page.text)


def plan_of(factory: sessionmaker[Session], plan_id: int) -> StoredPlan:
    with factory() as s:
        plan = s.get(StoredPlan, plan_id)
        assert plan is not None
        return plan


def user_id(factory: sessionmaker[Session], username: str) -> int:
    with factory() as s:
        return s.query(User.id).filter(User.username == username).scalar()


_VERSION = re.compile(r'id="progress-version" name="version" value="(\d+)"')


def progress_form(html: str) -> dict[str, str]:
    """The hidden fields of the task page's progress form, as a browser would send them."""
    match = _VERSION.search(html)
    assert match, "no progress form on the page"
    return {"csrf_token": csrf_of(html), "version": match.group(1)}
