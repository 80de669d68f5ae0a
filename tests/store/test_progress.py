"""Progress updates: validated, audited, and guarded by optimistic locking."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from store_world import Tree
from synthetic_plans import synthetic_plan

from cchc.store import ConflictError, InvalidUpdateError, NotFoundError
from cchc.store.models import AuditEntry, Comment, Milestone, ProgressUpdate, Task, User
from cchc.store.services import (
    approve_progress, import_plan, return_progress, set_milestone_date,
    update_milestone_progress, update_task_progress)


@pytest.fixture
def task(factory: sessionmaker[Session], tree: Tree) -> Task:
    with factory.begin() as s:
        version = import_plan(s, tree.commune, synthetic_plan(4), None, "kh.docx", None)
        return version.tasks[0]


def updates(factory: sessionmaker[Session]) -> list[tuple[str, int, str | None]]:
    with factory() as s:
        return s.execute(select(ProgressUpdate.status, ProgressUpdate.percent,
                                ProgressUpdate.note).order_by(ProgressUpdate.id)).all()


def test_it_records_the_new_state_and_its_history(factory, task: Task, user: User):
    with factory.begin() as s:
        update_task_progress(s, task.id, user, "in_progress", 30, "Đã xây dựng dự thảo", 1)
    with factory.begin() as s:
        update_task_progress(s, task.id, user, "done", None, "Đã ban hành", 2,
                             today=date(2024, 3, 1))  # before every deadline
    with factory() as s:
        stored = s.get(Task, task.id)
        assert (stored.status, stored.percent, stored.version_id) == ("done", 100, 3)
        assert stored.updated_at.tzinfo is not None
    assert updates(factory) == [("in_progress", 30, "Đã xây dựng dự thảo"),
                                ("done", 100, "Đã ban hành")]


def test_it_audits_who_changed_what(factory, task: Task, user: User):
    with factory.begin() as s:
        update_task_progress(s, task.id, user, "in_progress", 30, None, 1)
    with factory() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "task.progress"))
        assert (entry.user_id, entry.entity, entry.entity_id) == (user.id, "tasks", str(task.id))
        assert (entry.before["status"], entry.before["percent"]) == ("not_started", 0)
        assert (entry.after["status"], entry.after["percent"], entry.after["version_id"]) == (
            "in_progress", 30, 2)


def test_it_refuses_an_edit_made_on_a_stale_page(factory, task: Task, user: User):
    with factory.begin() as s:
        update_task_progress(s, task.id, user, "in_progress", 30, "first", 1)
    with pytest.raises(ConflictError) as error, factory.begin() as s:
        update_task_progress(s, task.id, user, "paused", 30, "second", 1)
    assert "Xung đột cập nhật: nhiệm vụ" in str(error.value)
    assert "Update conflict: task" in str(error.value)
    assert updates(factory) == [("in_progress", 30, "first")]


def test_it_refuses_the_second_of_two_interleaved_edits(factory, task: Task, user: User):
    with factory() as first, factory() as second:
        update_task_progress(first, task.id, user, "in_progress", 50, "A", 1)
        second.get(Task, task.id)  # the second editor's page shows version 1 too
        first.commit()
        with pytest.raises(ConflictError):
            update_task_progress(second, task.id, user, "paused", 10, "B", 1)
            second.commit()
        second.rollback()
    assert updates(factory) == [("in_progress", 50, "A")]


def test_it_lets_exactly_one_of_many_simultaneous_edits_through(factory, task: Task, user: User):
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def edit(n: int) -> None:
        start.wait()
        try:
            with factory.begin() as s:
                update_task_progress(s, task.id, user, "in_progress", n * 10, f"edit {n}", 1)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
    [(status, percent, note)] = updates(factory)
    with factory() as s:
        assert (s.get(Task, task.id).percent, s.get(Task, task.id).version_id) == (percent, 2)


@pytest.mark.parametrize("status, percent, message", [
    ("finished", 100, "unknown status"),
    ("in_progress", 120, "percent must be 0–100"),
    ("done", 80, "finished item is 100%"),
])
def test_it_refuses_impossible_values(factory, task: Task, user: User, status, percent, message):
    with pytest.raises(InvalidUpdateError, match=message), factory.begin() as s:
        update_task_progress(s, task.id, user, status, percent, None, 1)
    assert updates(factory) == []


def test_it_reports_a_missing_task(factory, task: Task, user: User):
    with pytest.raises(NotFoundError, match="tasks #999999"), factory.begin() as s:
        update_task_progress(s, 999999, user, "done", None, None, 1)


def test_it_tracks_a_milestone_separately_from_its_task(factory, task: Task, user: User):
    milestone = task.milestones[1]
    with factory.begin() as s:
        update_milestone_progress(s, milestone.id, user, "done_late", None, "gửi ngày 25/3", 1)
    with factory() as s:
        assert s.get(Milestone, milestone.id).status == "done_late"
        assert s.get(Task, task.id).status == "not_started"
        stored = s.scalar(select(ProgressUpdate))
        assert (stored.task_id, stored.milestone_id) == (task.id, milestone.id)


def test_it_dates_an_event_milestone_once_it_happened(factory, tree: Tree, user: User):
    with factory.begin() as s:
        version = import_plan(s, tree.commune, synthetic_plan(4), None, "kh.docx", None)
        event = version.tasks[3].milestones[0]
    with factory.begin() as s:
        set_milestone_date(s, event.id, user, date(2024, 8, 1), 1)
    with factory() as s:
        stored = s.get(Milestone, event.id)
        assert (stored.due_date, stored.period_code, stored.version_id) == (
            date(2024, 8, 1), "2024-Q3", 2)


def test_it_approves_an_update_once(factory, task: Task, user: User, leader: User):
    with factory.begin() as s:
        update = update_task_progress(s, task.id, user, "done", None, None, 1,
                                      today=date(2024, 3, 1))
    with factory.begin() as s:
        approve_progress(s, update.id, s.get(User, leader.id))
    with pytest.raises(InvalidUpdateError, match="đã được xử lý"), factory.begin() as s:
        approve_progress(s, update.id, s.get(User, leader.id))
    with factory() as s:
        assert s.get(ProgressUpdate, update.id).approved_by == leader.id
        assert (s.get(Task, task.id).approved_status, s.get(Task, task.id).approved_percent) \
            == ("done", 100)
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "progress.approve")) == 1


def test_nobody_approves_their_own_update(factory, task: Task, user: User):
    with factory.begin() as s:
        update = update_task_progress(s, task.id, user, "done", None, None, 1)
    with pytest.raises(InvalidUpdateError, match="Không thể tự duyệt"), factory.begin() as s:
        approve_progress(s, update.id, s.get(User, user.id))
    with factory() as s:
        assert s.get(ProgressUpdate, update.id).approved_at is None
        assert s.get(Task, task.id).approved_status == "not_started"


def test_a_returned_update_leaves_the_approved_figures_and_comments_why(
        factory, task: Task, user: User, leader: User):
    with factory.begin() as s:
        update = update_task_progress(s, task.id, user, "done", None, None, 1)
    with factory.begin() as s:
        return_progress(s, update.id, s.get(User, leader.id), "Thiếu quyết định ban hành")
    with factory() as s:
        stored = s.get(ProgressUpdate, update.id)
        assert stored.returned_by == leader.id and stored.approved_at is None
        assert s.get(Task, task.id).approved_status == "not_started"
        assert s.scalar(select(Comment.body)) == (f"Trả lại cập nhật #{update.id}: "
                                                  "Thiếu quyết định ban hành")
