"""The demo's province plan (Thanh Hóa 2024) assigns tasks to "UBND cấp xã", "UBND cấp huyện"
and "các sở, ban, ngành": every member unit in the province owes them; the matrix shows each
unit's own progress, and the coverage check finds what a commune's plan lacks."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cchc.extract import parse_file
from cchc.reports.cascade import cascade_matrix, coverage
from cchc.store.models import Organization, Plan, Task, TaskUnit, UnitClass
from cchc.store.services import import_plan
from cchc.store.services.obligations import report_obligation
from tests.helpers import seed

TODAY = date(2024, 6, 18)


@pytest.fixture(scope="module")
def province(demo):
    """The province's plan, with xã Thiệu Vân's 2023 plan imported again as its 2024 plan
    (xã Thiệu Tân keeps none)."""
    with demo.factory.begin() as session:
        thieu_van = demo.org(session, "TH.TPTH.THIEUVAN")
        import_plan(session, thieu_van, parse_file(seed("000")).plan, None, "000.txt", None,
                    year=2024)
    with demo.factory() as session:
        plan = session.scalar(select(Plan).join(Organization).where(
            Organization.code == "TH", Plan.year == 2024))
        yield session, plan


def assigned(session, plan, class_code: str) -> set[int]:
    """Tasks of the plan whose lead is the class, read straight from the task units."""
    return set(session.scalars(
        select(Task.id).join(TaskUnit, TaskUnit.task_id == Task.id)
        .join(UnitClass, UnitClass.id == TaskUnit.unit_class_id)
        .where(Task.plan_version_id == plan.current_version_id, TaskUnit.role == "lead",
               UnitClass.code == class_code)))


def test_every_member_unit_of_the_province_owes_its_class_tasks(province):
    session, plan = province
    matrix = cascade_matrix(session, plan, TODAY)
    communes, districts, departments = (assigned(session, plan, c) for c in (
        "class.ubnd_cap_xa", "class.ubnd_cap_huyen", "class.so_ban_nganh"))
    assert len(communes) == 14 and districts and departments
    assert {t.id for t in matrix.tasks} == communes | districts | departments
    codes = {u.code: u for u in matrix.units}
    assert {"TH.TPTH.THIEUVAN", "TH.TPTH.THIEUTAN", "TH.TPTH", "TH.SNV",
            "TH.SKHDT"} <= set(codes)  # the planning department still existed in 2024
    assert not {"TH.BAO", "BK.TPBK.SONGCAU", "TH"} & set(codes)  # not a member, not below
    thieu_van = codes["TH.TPTH.THIEUVAN"].id
    owed = {task for unit, task in matrix.cells if unit == thieu_van}
    assert owed == communes
    assert {task for unit, task in matrix.cells if unit == codes["TH.SNV"].id} == departments


def test_a_units_report_moves_only_its_own_cell(province, demo):
    session, plan = province
    matrix = cascade_matrix(session, plan, TODAY)
    units = {u.code: u for u in matrix.units}
    task = next(t for t in matrix.tasks if (units["TH.TPTH.THIEUVAN"].id, t.id) in matrix.cells)
    before = matrix.counts(task_id=task.id)
    with demo.factory() as s:
        upper = s.get(Task, task.id)
        untouched = (upper.status, upper.percent, upper.version_id)
    with demo.factory.begin() as s:
        report_obligation(s, s.get(Task, task.id), s.get(Organization,
                                                         units["TH.TPTH.THIEUVAN"].id),
                          None, "done", None, "Đã ban hành kế hoạch của xã", None)
    session.expire_all()
    after = cascade_matrix(session, plan, TODAY)
    cell = after.cells[units["TH.TPTH.THIEUVAN"].id, task.id]
    assert (cell.state, cell.percent, cell.note) == ("done", 100, "Đã ban hành kế hoạch của xã")
    assert after.cells[units["TH.TPTH.THIEUTAN"].id, task.id].state in ("overdue",
                                                                         "not_started")
    counts = after.counts(task_id=task.id)
    assert counts["done"] == before["done"] + 1
    assert sum(counts.values()) == sum(before.values())
    with demo.factory() as s:
        upper = s.get(Task, task.id)  # the province's own task is untouched
        assert (upper.status, upper.percent, upper.version_id) == untouched


def test_coverage_lists_what_a_communes_plan_lacks(province):
    session, plan = province
    matrix = cascade_matrix(session, plan, TODAY)
    found = {c.unit.code: c for c in coverage(session, matrix)}
    thieu_van, thieu_tan = found["TH.TPTH.THIEUVAN"], found["TH.TPTH.THIEUTAN"]
    assert thieu_van.has_plan and not thieu_tan.has_plan
    assert len(thieu_tan.missing) == 14 and not thieu_tan.covered
    assert len(thieu_van.covered) + len(thieu_van.missing) == 14
    pairs = [(task.text, own) for task, own, _ in thieu_van.covered]
    assert len(pairs) == 3
    assert any(task.startswith("Thực hiện đồng bộ các hoạt động theo dõi, thi hành pháp luật")
               and own.startswith("Thực hiện đồng bộ các hoạt động theo dõi")
               for task, own in pairs)
    assert any(task.startswith("Các cơ quan, đơn vị, địa phương xây dựng Kế hoạch")
               and own.startswith("Xây dựng Kế hoạch CCHC của đơn vị") for task, own in pairs)
    missing = [task.text for task, _, _ in thieu_van.missing]
    assert any(text.startswith("Rà soát, chuẩn hóa, điện tử hóa mẫu đơn") for text in missing)
    assert all(score < 85 for _, _, score in thieu_van.missing)
