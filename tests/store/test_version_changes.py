"""What a new version of a plan changes, counted as import_plan carries progress over; a plan
without tasks is never stored; a confirmation for a version that is no longer current is
refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from store_world import Tree
from synthetic_plans import synthetic_plan

from cchc.store import InvalidUpdateError
from cchc.store.models import Plan, PlanVersion, Task, User
from cchc.store.services import import_plan, update_task_progress
from cchc.store.services.plans import version_changes


def store(factory: sessionmaker[Session], tree: Tree, plan, **options) -> PlanVersion:
    with factory.begin() as s:
        return import_plan(s, tree.commune, plan, None, "kh.docx", None, **options)


def next_year_edit(tasks: int):
    """The same plan with its last task dropped and a new one added."""
    plan = synthetic_plan(tasks)
    plan.tasks[-1] = replace(plan.tasks[-1], text="Nhiệm vụ mới: số hóa hồ sơ một cửa")
    return plan


def test_it_counts_new_dropped_and_kept_tasks(factory, tree: Tree, user: User):
    first = store(factory, tree, synthetic_plan(28))
    with factory.begin() as s:
        dropped = s.scalar(select(Task).where(Task.plan_version_id == first.id,
                                              Task.position == 28))
        update_task_progress(s, dropped.id, user, "in_progress", 40, None, 1,
                             today=date(2024, 3, 1))
    with factory() as s:
        changes = version_changes(s, tree.commune, next_year_edit(28))
    assert (changes.current_id, changes.current_number) == (first.id, 1)
    assert (changes.before, changes.after, changes.new, changes.dropped, changes.kept,
            changes.dropped_reported) == (28, 28, 1, 1, 27, 1)
    assert changes.summary() == (
        "Phiên bản mới sẽ thay phiên bản 1 (28 nhiệm vụ) bằng 28 nhiệm vụ: 1 mới, 1 bỏ, 27 giữ "
        "nguyên tiến độ. 1 nhiệm vụ bị bỏ đã có báo cáo tiến độ; báo cáo đó chỉ còn xem được "
        "trong phiên bản 1.")


def test_a_first_import_replaces_nothing(factory, tree: Tree):
    with factory() as s:
        changes = version_changes(s, tree.commune, synthetic_plan(3))
    assert changes.current_id is None and changes.summary() == "Kế hoạch mới, 3 nhiệm vụ."


def test_a_plan_without_tasks_is_never_stored(factory, tree: Tree):
    store(factory, tree, synthetic_plan(3))
    empty = replace(synthetic_plan(3), tasks=[])
    with pytest.raises(InvalidUpdateError, match="không tìm thấy nhiệm vụ nào"):
        store(factory, tree, empty)
    with pytest.raises(InvalidUpdateError, match="không tìm thấy nhiệm vụ nào"), factory() as s:
        version_changes(s, tree.commune, empty)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(PlanVersion)) == 1
        assert len(s.scalar(select(Plan)).current_version.tasks) == 3


def test_it_refuses_to_replace_a_version_other_than_the_one_agreed_to(factory, tree: Tree):
    first = store(factory, tree, synthetic_plan(3))
    store(factory, tree, synthetic_plan(4), replacing=first.id)  # agreed: version 1 → 2
    with pytest.raises(InvalidUpdateError, match="vừa có phiên bản khác"):
        store(factory, tree, synthetic_plan(5), replacing=first.id)  # version 2 is current
    with pytest.raises(InvalidUpdateError, match="vừa có phiên bản khác"):
        store(factory, tree, synthetic_plan(5), replacing=None)  # "a new plan" it is not
    with factory() as s:
        assert s.scalar(select(Plan)).current_version.number == 2
