"""Completion judged on the day of the report: after the deadline a task or milestone is "Hoàn
thành trễ hạn", whatever was chosen, and a finished task finishes its milestones."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from store_world import Tree
from synthetic_plans import synthetic_plan

from cchc.store.models import AuditEntry, Milestone, ProgressUpdate, Task, User
from cchc.store.services import import_plan, update_milestone_progress, update_task_progress


@pytest.fixture
def task(factory: sessionmaker[Session], tree: Tree) -> Task:
    """Task 1: "Ban hành kế hoạch" by 31/3/2024, then a report each quarter of 2024."""
    with factory.begin() as s:
        return import_plan(s, tree.commune, synthetic_plan(1), None, "kh.docx", None).tasks[0]


def milestones(factory: sessionmaker[Session], task: Task) -> list[tuple[date, str]]:
    with factory() as s:
        return [(m.due_date, m.status) for m in s.scalars(
            select(Milestone).where(Milestone.task_id == task.id).order_by(Milestone.position))]


def test_a_task_finished_after_its_deadline_is_done_late(factory, task: Task, user: User):
    with factory.begin() as s:
        update = update_task_progress(s, task.id, user, "done", None, "Đã ban hành", 1,
                                      today=date(2024, 5, 10))
    with factory() as s:
        assert s.get(Task, task.id).status == "done_late"
        assert s.get(ProgressUpdate, update.id).status == "done_late"


def test_its_milestones_follow_each_late_or_not_by_its_own_date(factory, task: Task,
                                                                 user: User):
    with factory.begin() as s:
        update_task_progress(s, task.id, user, "done", None, None, 1, today=date(2024, 5, 10))
    assert [status for _, status in milestones(factory, task)] == [
        "done_late", "done_late", "done", "done", "done"]  # 31/3, Q1 report, Q2–Q4 reports
    with factory() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action ==
                                                     "milestone.follow_task")).all()
        assert len(entries) == 5 and all(e.user_id == user.id for e in entries)


def test_a_task_finished_in_time_is_done(factory, task: Task, user: User):
    with factory.begin() as s:
        update_task_progress(s, task.id, user, "done", None, None, 1, today=date(2024, 3, 1))
    with factory() as s:
        assert s.get(Task, task.id).status == "done"
    assert {status for _, status in milestones(factory, task)} == {"done"}


def test_a_finished_milestone_keeps_its_status_when_the_task_finishes(factory, task: Task,
                                                                      user: User):
    first = task.milestones[0]
    with factory.begin() as s:
        update_milestone_progress(s, first.id, user, "done", None, None, 1,
                                  today=date(2024, 3, 20))
        update_task_progress(s, task.id, user, "done", None, None, 1, today=date(2024, 5, 10))
    assert milestones(factory, task)[0][1] == "done"  # in time, before the task was late
    with factory() as s:
        assert s.get(Task, task.id).status == "done_late"  # the Q1 report was still open


def test_a_milestone_finished_after_its_date_is_done_late(factory, task: Task, user: User):
    first = task.milestones[0]
    with factory.begin() as s:
        update_milestone_progress(s, first.id, user, "done", None, None, 1,
                                  today=date(2024, 4, 2))
    assert milestones(factory, task)[0] == (date(2024, 3, 31), "done_late")


def test_a_task_marked_overdue_is_done_late_when_finished(factory, task: Task, user: User):
    with factory.begin() as s:
        update_task_progress(s, task.id, user, "overdue", 20, None, 1, today=date(2024, 3, 1))
    with factory.begin() as s:
        update_task_progress(s, task.id, user, "done", None, None, 2, today=date(2024, 3, 2))
    with factory() as s:
        assert s.get(Task, task.id).status == "done_late"
