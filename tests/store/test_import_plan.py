"""Importing a plan stores a new version with its tasks, units, milestones and an audit entry."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from store_world import Tree
from synthetic_plans import synthetic_plan

from cchc.domain.plan import ScheduleItem, Task as DomainTask, UnitRef
from cchc.store import InvalidUpdateError
from cchc.store.models import (
    AuditEntry, Milestone, Organization, Plan, PlanVersion, Task, TaskUnit, User)
from cchc.store.queries import obligations
from cchc.store.services import (
    import_plan, remember_unit_mapping, set_milestone_date, update_milestone_progress,
    update_task_progress)

SHA = "ab" * 32


def run_import(factory: sessionmaker[Session], org: Organization, plan, user: User | None = None,
               **options) -> PlanVersion:
    with factory.begin() as s:
        return import_plan(s, org, plan, user, "kh-cchc-2024.docx", SHA,
                           [{"code": "year_mismatch", "message": "Phụ lục ghi năm 2022"}],
                           **options)


def test_it_creates_the_plan_and_its_first_version(factory, tree: Tree, user: User):
    version = run_import(factory, tree.commune, synthetic_plan(5), user)
    with factory() as s:
        plan = s.scalar(select(Plan))
        assert (plan.org_id, plan.year, plan.current_version_id) == (tree.commune.id, 2024,
                                                                      version.id)
        stored = s.get(PlanVersion, version.id)
        assert (stored.number, stored.created_by, stored.source_name, stored.source_sha256) == (
            1, user.id, "kh-cchc-2024.docx", SHA)
        assert stored.plan_json["schema"] == "cchc.plan/1"
        assert stored.findings == [{"code": "year_mismatch", "message": "Phụ lục ghi năm 2022"}]
        assert [t.no for t in stored.tasks] == ["1", "2", "3", "4", "5"]
        assert [(t.indicator, t.value) for t in stored.targets] == [("on_time_rate", 98),
                                                                   ("late_apology_rate", 100)]


def test_it_expands_each_task_schedule_into_milestones(factory, tree: Tree):
    run_import(factory, tree.commune, synthetic_plan(5))
    with factory() as s:
        tasks = s.scalars(select(Task).order_by(Task.position)).all()
        first = [(m.label, m.due_date, m.period_code) for m in tasks[0].milestones]
        assert first == [("Ban hành kế hoạch", date(2024, 3, 31), "2024-Q2"),
                         ("Báo cáo kết quả (Quý I/2024)", date(2024, 3, 20), "2024-Q1"),
                         ("Báo cáo kết quả (Quý II/2024)", date(2024, 6, 20), "2024-Q2"),
                         ("Báo cáo kết quả (Quý III/2024)", date(2024, 9, 20), "2024-Q3"),
                         ("Báo cáo kết quả (Quý IV/2024)", date(2024, 12, 20), "2024-Q4")]
        window = [(m.kind, m.due_date, m.period_code) for m in tasks[1].milestones]
        assert window == [("window", date(2024, 12, 31), "2025-Q1")]
        event = tasks[3].milestones[0]
        assert (event.kind, event.due_date, event.status) == ("event", None, "not_started")


def test_it_keeps_every_unit_as_printed_and_links_the_known_ones(factory, tree: Tree):
    plan = synthetic_plan(1, lead="Văn phòng – Thống kê", lead_code=tree.office.code)
    plan.tasks[0].coop_units = [UnitRef("UBND các xã", unit_id="class.ubnd_cap_xa",
                                        is_class=True)]
    run_import(factory, tree.district, plan)
    with factory() as s:
        units = s.scalars(select(TaskUnit).order_by(TaskUnit.position)).all()
        assert [(u.role, u.printed_text, u.org_id, u.unit_class_id) for u in units] == [
            ("lead", "Văn phòng – Thống kê", tree.office.id, None),
            ("coop", "UBND các xã", None, tree.communes.id)]


def test_it_remembers_a_confirmed_unit_for_next_years_plan(factory, tree: Tree, user: User):
    with factory.begin() as s:
        remember_unit_mapping(s, user, tree.commune, "Văn phòng - Thống kê", org=tree.office)
    plan = synthetic_plan(1, year=2025, lead="VĂN PHÒNG – THỐNG KÊ")
    run_import(factory, tree.commune, plan)
    with factory() as s:
        assert s.scalar(select(TaskUnit.org_id).where(TaskUnit.role == "lead")) == tree.office.id


def test_it_makes_a_class_task_an_obligation_of_every_unit_of_the_class_below(factory,
                                                                             tree: Tree):
    plan = synthetic_plan(2, lead="UBND các xã")
    plan.tasks[0].lead_units = [UnitRef("UBND các xã", "class.ubnd_cap_xa", is_class=True)]
    run_import(factory, tree.district, plan)
    with factory() as s:
        for commune in (tree.commune, tree.other_commune):
            assert [t.no for t in s.scalars(obligations(s, commune, 2024))] == ["1"]
        assert s.scalars(obligations(s, tree.province, 2024)).all() == []


def test_it_adds_a_version_on_reimport_and_keeps_the_old_one(factory, tree: Tree, user: User):
    first = run_import(factory, tree.commune, synthetic_plan(3), user)
    second = run_import(factory, tree.commune, synthetic_plan(4), user)
    with factory() as s:
        plan = s.scalar(select(Plan))
        assert [v.number for v in plan.versions] == [1, 2]
        assert plan.current_version_id == second.id
        assert s.scalar(select(func.count()).select_from(Task)
                        .where(Task.plan_version_id == first.id)) == 3
        assert s.scalar(select(func.count()).select_from(Task)
                        .where(Task.plan_version_id == second.id)) == 4


def test_it_carries_progress_over_to_the_same_tasks_of_the_new_version(factory, tree: Tree,
                                                                      user: User):
    run_import(factory, tree.commune, synthetic_plan(4), user)
    with factory.begin() as s:
        old = s.scalars(select(Task).order_by(Task.position)).all()
        update_task_progress(s, old[0].id, user, "in_progress", 40, "đã họp", old[0].version_id)
        quarter = old[0].milestones[1]
        update_milestone_progress(s, quarter.id, user, "done", None, None, quarter.version_id,
                                  today=date(2024, 3, 1))  # on time
        event = old[3].milestones[0]
        set_milestone_date(s, event.id, user, date(2024, 5, 10), event.version_id)
    second = run_import(factory, tree.commune, synthetic_plan(4), user)
    with factory() as s:
        new = s.scalars(select(Task).where(Task.plan_version_id == second.id)
                        .order_by(Task.position)).all()
        assert (new[0].status, new[0].percent, new[0].previous_task_id) == (
            "in_progress", 40, old[0].id)
        assert [m.status for m in new[0].milestones] == [
            "not_started", "done", "not_started", "not_started", "not_started"]
        event = new[3].milestones[0]
        assert (event.due_date, event.period_code) == (date(2024, 5, 10), "2024-Q2")
        assert (new[1].status, new[1].previous_task_id) == ("not_started", old[1].id)


def test_it_audits_the_import(factory, tree: Tree, user: User):
    version = run_import(factory, tree.commune, synthetic_plan(5), user)
    with factory() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "plan.import"))
        assert (entry.user_id, entry.entity, entry.entity_id) == (user.id, "plan_versions",
                                                                  str(version.id))
        assert entry.before == {"current_version_id": None}
        assert (entry.after["plan_id"], entry.after["org"]) == (version.plan_id, tree.commune.code)
        assert {k: entry.after[k] for k in ("number", "tasks", "targets", "milestones")} == {
            "number": 1, "tasks": 5, "targets": 2, "milestones": 1 + 5 + 1 + 1 + 2}


def test_it_refuses_a_plan_without_a_year(factory, tree: Tree):
    plan = synthetic_plan(1)
    plan.meta.year = None
    with pytest.raises(InvalidUpdateError, match="no year"):
        run_import(factory, tree.commune, plan)
    run_import(factory, tree.commune, plan, year=2024)


def test_it_refuses_an_unknown_reform_area_and_stores_nothing(factory, tree: Tree):
    plan = synthetic_plan(2)
    plan.tasks.append(DomainTask(no="3", area="vu_tru", text="Chinh phục sao Hỏa",
                                 schedule=[ScheduleItem("continuous")]))
    with pytest.raises(InvalidUpdateError, match="vu_tru"):
        run_import(factory, tree.commune, plan)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 0
        assert s.scalar(select(func.count()).select_from(Milestone)) == 0
