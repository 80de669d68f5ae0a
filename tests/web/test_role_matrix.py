"""The role matrix of docs/roles.md, cell by cell, through the web pages and the JSON API.

A district (huyện) above a commune (xã) with an internal office; every role is held by one user
at the commune and one at the district. The commune's plan has a task with no mapped unit (the
`own` task for commune users, `below` for district users); the district's plan has a task led by
the commune, one with the commune as partner and one assigned to "UBND cấp xã". Each ✓ cell must
succeed; each ✗ cell must be refused (403, or 404 when not readable) and change nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_world import csrf_of

from cchc.domain.plan import Plan, PlanMeta, ScheduleItem, Task, UnitRef
from cchc.store import make_engine, make_sessionmaker
from cchc.store.models import (
    Comment, Plan as StoredPlan, ProgressUpdate, ReportEdit, Task as StoredTask, User)
from cchc.store.services import (
    add_to_unit_class, create_organization, create_unit_class, create_user, grant_role,
    import_plan, update_task_progress)
from cchc.scoring.sets import install_shipped, read
from cchc.store.models import Assessment, AuditEntry, Organization
from cchc.store.services import scoring
from cchc.web.app import create_app
from cchc.web.permissions import MATRIX, Action, Scope
from cchc.web.settings import Settings

ROLES_DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
PASSWORD = "ma-trận-phân-quyền-2024"
_ROW = re.compile(r"^\| (\w+) \| (\w+) \|(.*)\|$")


def documented_cells() -> list[tuple[str, str, str, bool]]:
    """(role, action, scope, allowed) for every ✓/✗ cell of docs/roles.md's matrix."""
    cells = []
    for line in ROLES_DOC.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if not match or match.group(1) not in MATRIX:
            continue
        marks = [m.strip() for m in match.group(3).split("|")]
        for scope, mark in zip(Scope, marks, strict=True):
            if mark in ("✓", "✗"):
                cells.append((match.group(1), match.group(2), scope.value, mark == "✓"))
    return cells


CELLS = documented_cells()


PLAN_ONLY = (Action.MANAGE, Action.REPORT,  # actions on an organization, not on a task
             Action.IMPORT_DOSSIERS, Action.SCORE, Action.APPRAISE)
DOSSIERS = ("MaHoSo,MaTTHC,DonViXuLy,NgayTiepNhan,NgayHenTra,KenhThucHien,TrangThaiHoSo\n"
            "HS1,HT.001,d.c,2024-03-04 08:00,2024-03-06 17:00,1,4\n").encode()


def test_the_documented_matrix_is_the_codes():
    assert len(CELLS) == len(MATRIX) * (len(Action) * len(Scope) - 3 * len(PLAN_ONLY))
    for role, action, scope, allowed in CELLS:
        assert (Scope(scope) in MATRIX[role][Action(action)]) == allowed, (role, action, scope)
    for role in MATRIX:  # these have no meaning outside plans: never granted there
        for action in PLAN_ONLY:
            assert not MATRIX[role][action] & {Scope.LEAD, Scope.COOP, Scope.ASSIGNED}


@dataclass
class MatrixWorld:
    factory: sessionmaker[Session]
    tasks: dict[str, int]  # scope -> task id
    plans: dict[str, int]  # scope -> plan id (edit_plan)
    managed_user: int  # an account whose only role is at the commune
    reporter: int  # the user whose updates others approve or return


def _task(text: str, lead: list[UnitRef], coop: list[UnitRef] = ()) -> Task:
    return Task(no="1", area="tthc", text=text, outputs=["Báo cáo"],
                lead=[u.text for u in lead], coop=[u.text for u in coop],
                deadline_text="Tháng 6/2024",
                schedule=[ScheduleItem("due", date=date(2024, 6, 30))],
                lead_units=list(lead), coop_units=list(coop))


def _plan(issuer: str, tasks: list[Task]) -> Plan:
    return Plan(source="kh.docx", meta=PlanMeta(title="Kế hoạch CCHC năm 2024", issuer=issuer,
                                                level="xa", year=2024), tasks=tasks)


@pytest.fixture(scope="module")
def matrix_world(databases) -> Iterator[MatrixWorld]:
    url = databases.create()
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with factory.begin() as s:
        district = create_organization(s, None, "d", "UBND huyện Sơn Hà", "huyen")
        commune = create_organization(s, None, "d.c", "UBND xã Sơn Bao", "xa", district)
        create_organization(s, None, "d.c.vp", "Văn phòng – Thống kê", "officer_post", commune)
        communes = create_unit_class(s, None, "class.ubnd_cap_xa", "UBND cấp xã")
        add_to_unit_class(s, None, communes, commune)
        for role in MATRIX:
            for org in (commune, district):
                user = create_user(s, None, f"{role}@{org.code}", f"{role} {org.name}", PASSWORD)
                grant_role(s, None, user, org, role)
        managed = create_user(s, None, "managed", "Cán bộ xã", PASSWORD)
        grant_role(s, None, managed, commune, "unit_officer")
        reporter = create_user(s, None, "reporter", "Người báo cáo", PASSWORD)
        own = import_plan(s, commune, _plan("UBND xã Sơn Bao", [
            _task("Niêm yết thủ tục hành chính", [UnitRef("Ban Chỉ đạo")])]), None, "x.docx", None)
        above = import_plan(s, district, _plan("UBND huyện Sơn Hà", [
            _task("Rà soát thủ tục do xã chủ trì", [UnitRef(commune.name, unit_id="d.c")]),
            _task("Số hóa hồ sơ có xã phối hợp", [UnitRef("Phòng Nội vụ")],
                  [UnitRef(commune.name, unit_id="d.c")]),
            _task("Tuyên truyền cải cách hành chính ở cấp xã",
                  [UnitRef("UBND cấp xã", unit_id="class.ubnd_cap_xa", is_class=True)])]), None, "h.docx", None)
        s.flush()
        world = MatrixWorld(
            factory,
            {"own": own.tasks[0].id, "below": own.tasks[0].id, "lead": above.tasks[0].id,
             "coop": above.tasks[1].id, "assigned": above.tasks[2].id},
            {"own": own.plan_id, "below": own.plan_id, "lead": above.plan_id,
             "coop": above.plan_id, "assigned": above.plan_id},
            managed.id, reporter.id)
    yield world
    engine.dispose()
    databases.drop(url)


@pytest.fixture(scope="module")
def matrix_app(matrix_world, tmp_path_factory):
    settings = Settings(secret_key="matrix", data_dir=tmp_path_factory.mktemp("data"),
                        today=lambda: date(2024, 5, 10))
    return create_app(matrix_world.factory, settings)


@pytest.fixture(scope="module")
def clients(matrix_app) -> Iterator[dict[str, tuple[TestClient, str]]]:
    """A signed-in page client with its CSRF token, per username (made on first use)."""
    made: dict[str, tuple[TestClient, str]] = {}

    def get(username: str) -> tuple[TestClient, str]:
        if username not in made:
            client = TestClient(matrix_app)
            token = csrf_of(client.get("/login").text)
            page = client.post("/login", data={"username": username, "password": PASSWORD,
                                               "csrf_token": token, "next": "/my"})
            assert page.status_code == 200, page.text
            made[username] = (client, csrf_of(page.text))
        return made[username]

    yield get
    for client, _ in made.values():
        client.close()


def _user_for(role: str, scope: str) -> str:
    return f"{role}@{'d' if scope == 'below' else 'd.c'}"


def _count(factory, model, **where) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(model).filter_by(**where))


def _fresh_update(world: MatrixWorld, task_id: int) -> int:
    """An update by the reporter, waiting for a decision."""
    with world.factory.begin() as s:
        task = s.get(StoredTask, task_id)
        return update_task_progress(s, task_id, s.get(User, world.reporter), "in_progress", 20,
                                    None, task.version_id).id


def _version(world: MatrixWorld, task_id: int) -> int:
    with world.factory() as s:
        return s.get(StoredTask, task_id).version_id


def _decided_by(world: MatrixWorld, update_id: int) -> tuple[int | None, int | None]:
    with world.factory() as s:
        update = s.get(ProgressUpdate, update_id)
        return update.approved_by, update.returned_by


def _assessment(world: MatrixWorld, commune: int, action: str) -> int:
    """The year of the commune's assessment to try `action` on, made on first use: a draft
    of 2024 to score, a submitted one of 2023 to appraise."""
    year = 2024 if action == "score" else 2023
    with world.factory.begin() as s:
        if s.scalar(select(Assessment.id).where(Assessment.org_id == commune,
                                                Assessment.year == year)) is None:
            record = install_shipped(s, None)[-1]
            org = s.get(Organization, commune)
            assessment = scoring.open_assessment(s, org, year, record, read(record), None)
            if action == "appraise":
                scoring.approve(s, assessment, None)
                scoring.submit(s, assessment, None, {}, {}, 0.0)
    return year


def _try_page(world: MatrixWorld, client: TestClient, token: str, user_id: int, action: str,
              scope: str) -> tuple[int, bool]:
    """(status, whether the intended change happened) for an attempt through the pages."""
    task = world.tasks[scope]
    if action == "read":
        page = client.get(f"/tasks/{task}")
        return page.status_code, page.status_code == 200
    if action == "comment":
        before = _count(world.factory, Comment, user_id=user_id)
        page = client.post(f"/tasks/{task}/comments", data={"csrf_token": token, "body": "Ý kiến"})
        return page.status_code, _count(world.factory, Comment, user_id=user_id) > before
    if action == "update":
        before = _count(world.factory, ProgressUpdate, user_id=user_id)
        page = client.post(f"/tasks/{task}/progress", data={
            "csrf_token": token, "status": "in_progress", "percent": "30",
            "version": str(_version(world, task))})
        return page.status_code, _count(world.factory, ProgressUpdate, user_id=user_id) > before
    if action in ("approve", "return"):
        update = _fresh_update(world, task)
        page = client.post(f"/updates/{update}/{action}",
                           data={"csrf_token": token, "reason": "Thiếu tài liệu kiểm chứng"})
        return page.status_code, user_id in _decided_by(world, update)
    if action == "urge":
        page = client.post(f"/tasks/{task}/urge", data={"csrf_token": token})
        return page.status_code, page.status_code == 200
    if action == "edit_plan":
        page = client.get(f"/plans/{world.plans[scope]}/edit")
        return page.status_code, page.status_code == 200
    if action == "report":  # the commune's periodic report, seen from the commune or above
        with world.factory() as s:
            commune = s.get(StoredPlan, world.plans[scope]).org_id
        before = _count(world.factory, ReportEdit, user_id=user_id)
        page = client.post(f"/reports/{commune}/2024-Q1", data={
            "csrf_token": token, "version": "0", "s:de_xuat": f"Đề xuất của người dùng {user_id}"})
        return page.status_code, _count(world.factory, ReportEdit, user_id=user_id) > before
    if action == "import_dossiers":  # the commune's one-stop-shop export, up to its preview
        with world.factory() as s:
            commune = s.get(StoredPlan, world.plans[scope]).org_id
        page = client.post("/dossiers/import", data={"csrf_token": token, "org": str(commune)},
                           files={"file": ("mot-cua.csv", DOSSIERS, "text/csv")})
        return page.status_code, "Xác nhận nhập 1 hồ sơ" in page.text
    if action in ("score", "appraise"):  # the commune's self-assessment: its 2024 draft, its
        with world.factory() as s:  # 2023 one submitted to the district
            commune = s.get(StoredPlan, world.plans[scope]).org_id
        year = _assessment(world, commune, action)
        audited = "score.self" if action == "score" else "score.appraise"
        before = _count(world.factory, AuditEntry, user_id=user_id, action=audited)
        with world.factory() as s:
            version = s.scalar(select(Assessment.version_id).where(
                Assessment.org_id == commune, Assessment.year == year))
        fields = ({"c:1.5": str(user_id), "x:1.5": ""} if action == "score"
                  else {"a:1.5": "1", "m:1.5": f"Nhận xét của người dùng {user_id}"})
        page = client.post(f"/scoring/{commune}/{year}{'' if action == 'score' else '/appraise'}",
                           data={"csrf_token": token, "version": str(version), **fields})
        return page.status_code, _count(world.factory, AuditEntry, user_id=user_id,
                                        action=audited) > before
    assert action == "manage"
    page = client.get(f"/admin/users/{world.managed_user}")
    return page.status_code, page.status_code == 200


@pytest.mark.parametrize("role,action,scope,allowed", CELLS,
                         ids=[f"{r}-{a}-{s}" for r, a, s, _ in CELLS])
def test_the_pages_follow_the_matrix(matrix_world, clients, role, action, scope, allowed):
    username = _user_for(role, scope)
    client, token = clients(username)
    with matrix_world.factory() as s:
        user_id = s.scalar(select(User.id).where(User.username == username))
    status, changed = _try_page(matrix_world, client, token, user_id, action, scope)
    if allowed:
        assert status == 200 and changed, (status, username)
    else:
        assert status in (403, 404) and not changed, (status, username)


API_ACTIONS = ("read", "comment", "update", "approve", "return")
API_CELLS = [c for c in CELLS if c[1] in API_ACTIONS]


@pytest.fixture(scope="module")
def api_clients(matrix_app) -> Iterator[dict[str, TestClient]]:
    made: dict[str, TestClient] = {}

    def get(username: str) -> TestClient:
        if username not in made:
            client = TestClient(matrix_app)
            answer = client.post("/api/session", json={"username": username,
                                                        "password": PASSWORD})
            assert answer.status_code == 200, answer.text
            client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
            made[username] = client
        return made[username]

    yield get
    for client in made.values():
        client.close()


@pytest.mark.parametrize("role,action,scope,allowed", API_CELLS,
                         ids=[f"{r}-{a}-{s}" for r, a, s, _ in API_CELLS])
def test_the_api_follows_the_matrix(matrix_world, api_clients, role, action, scope, allowed):
    username = _user_for(role, scope)
    client = api_clients(username)
    task = matrix_world.tasks[scope]
    with matrix_world.factory() as s:
        user_id = s.scalar(select(User.id).where(User.username == username))
    if action == "read":
        answer = client.get(f"/api/tasks/{task}")
        ok, changed = 200, answer.status_code == 200
    elif action == "comment":
        before = _count(matrix_world.factory, Comment, user_id=user_id)
        answer = client.post(f"/api/tasks/{task}/comments", json={"body": "Ý kiến qua API"})
        ok, changed = 201, _count(matrix_world.factory, Comment, user_id=user_id) > before
    elif action == "update":
        before = _count(matrix_world.factory, ProgressUpdate, user_id=user_id)
        answer = client.post(f"/api/tasks/{task}/progress", json={
            "status": "in_progress", "percent": 40, "version": _version(matrix_world, task)})
        ok, changed = 200, _count(matrix_world.factory, ProgressUpdate, user_id=user_id) > before
    else:
        update = _fresh_update(matrix_world, task)
        answer = client.post(f"/api/updates/{update}/{action}",
                             json={"reason": "Thiếu tài liệu"} if action == "return" else None)
        ok, changed = 200, user_id in _decided_by(matrix_world, update)
    if allowed:
        assert answer.status_code == ok and changed, (answer.status_code, answer.text)
    else:
        assert answer.status_code in (403, 404) and not changed, answer.status_code


class TestNoSelfDecision:
    @pytest.mark.parametrize("action", ["approve", "return"])
    def test_whoever_reported_cannot_decide_on_the_report(self, matrix_world, clients,
                                                          api_clients, action):
        secretariat = "secretariat@d.c"
        client, token = clients(secretariat)
        task = matrix_world.tasks["own"]
        client.post(f"/tasks/{task}/progress", data={
            "csrf_token": token, "status": "in_progress", "percent": "50",
            "version": str(_version(matrix_world, task))})
        with matrix_world.factory() as s:
            update = s.scalar(select(func.max(ProgressUpdate.id)))
        page = client.post(f"/updates/{update}/{action}", data={"csrf_token": token,
                                                                 "reason": "Tự trả lại"})
        assert page.status_code == 403
        answer = api_clients(secretariat).post(
            f"/api/updates/{update}/{action}",
            json={"reason": "Tự trả lại"} if action == "return" else None)
        assert answer.status_code == 403
        assert _decided_by(matrix_world, update) == (None, None)
