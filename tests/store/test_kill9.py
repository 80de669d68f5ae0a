"""kill -9 during an import leaves all of it or nothing of it, and the import runs again."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from store_world import Tree
from synthetic_plans import synthetic_plan

from cchc.store.models import (
    AuditEntry, Milestone, Plan, PlanVersion, Target, Task, TaskUnit)
from cchc.store.services import import_plan

CHILD = Path(__file__).with_name("killable_import.py")
MILESTONES_PER_5_TASKS = 5 + 1 + 1 + 1 + 2  # see synthetic_plans.SCHEDULES


def killed_import(db_url: str, tree: Tree, tasks: int, pause_at: str) -> None:
    """Run an import in a child process and SIGKILL it where it pauses."""
    child = subprocess.Popen([sys.executable, str(CHILD), db_url, str(tree.commune.id),
                              str(tasks), pause_at], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "paused"
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=60) == -signal.SIGKILL


def run_import(factory, tree: Tree, tasks: int) -> PlanVersion:
    with factory.begin() as s:
        return import_plan(s, tree.commune, synthetic_plan(tasks), None, "big.docx", "cd" * 32)


def stored(factory) -> dict[str, int]:
    with factory() as s:
        return {model.__tablename__: s.scalar(select(func.count()).select_from(model))
                for model in (Plan, PlanVersion, Task, TaskUnit, Milestone, Target)} | {
            "imports": s.scalar(select(func.count()).select_from(AuditEntry)
                                .where(AuditEntry.action == "plan.import"))}


def imported(tasks_per_version: list[int]) -> dict[str, int]:
    """What the database holds after complete imports of versions with these task counts."""
    tasks = sum(tasks_per_version)
    return {"plans": min(len(tasks_per_version), 1), "plan_versions": len(tasks_per_version),
            "tasks": tasks, "task_units": 2 * tasks,
            "milestones": tasks // 5 * MILESTONES_PER_5_TASKS,
            "targets": 2 * len(tasks_per_version), "imports": len(tasks_per_version)}


def assert_consistent(factory, engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    with factory() as s:
        for plan in s.scalars(select(Plan)):
            current = plan.current_version
            assert len(current.tasks) == len(current.plan_json["tasks"])


def test_it_leaves_nothing_of_a_big_import_killed_mid_transaction(db_url, factory, engine,
                                                                  tree: Tree):
    killed_import(db_url, tree, 1000, "INSERT INTO milestones")  # plan, version, tasks written
    assert stored(factory) == imported([])
    assert_consistent(factory, engine)
    assert run_import(factory, tree, 1000).number == 1
    assert stored(factory) == imported([1000])
    assert_consistent(factory, engine)


@pytest.mark.parametrize("pause_at, committed", [
    ("INSERT INTO tasks", False),
    ("UPDATE plans", False),  # every row written, the plan about to point at the new version
    ("INSERT INTO audit_log", False),  # the last statement before COMMIT
    ("COMMIT", True),
])
def test_it_keeps_a_reimport_all_or_nothing_wherever_the_kill_lands(
        db_url, factory, engine, tree: Tree, pause_at: str, committed: bool):
    first = run_import(factory, tree, 50)
    killed_import(db_url, tree, 200, pause_at)
    assert stored(factory) == imported([50, 200] if committed else [50])
    assert_consistent(factory, engine)
    with factory() as s:
        current = s.scalar(select(Plan.current_version_id))
        assert (current == first.id) is not committed
    assert run_import(factory, tree, 200).number == (3 if committed else 2)
    assert stored(factory) == imported([50, 200, 200] if committed else [50, 200])
