"""Half a year of plausible progress on a demo plan, the same on every run.

Up to 30 June of the plan year: most milestones due by then are done (some late, some overdue,
with a reason), some later ones are under way; tasks follow their milestones. Some finished
milestones carry evidence (a small PDF or text file), overdue and late ones draw comments, and the
leader approves most updates (the latest ones wait for approval). Everything goes through the audited store services; the
dates of updates, comments, evidence and approvals are then set back to when they "happened".
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy.orm import Session

from cchc.clock import VIETNAM
from cchc.demo.pdf import text_pdf
from cchc.store.files import EvidenceFiles
from cchc.store.models import Milestone, PlanVersion, ProgressUpdate, Task, User
from cchc.store.services import (
    add_comment, add_evidence, approve_progress, update_milestone_progress, update_task_progress)
from cchc.store.status import FINISHED, Status

EVIDENCE_SHARE = 0.35  # of finished milestones
APPROVAL_SHARE = 0.85  # of updates made at least a few days before 30 June


@dataclass(frozen=True)
class Outcome:
    """Where a task or milestone stood when last updated."""

    status: Status
    percent: int
    day: date


@dataclass
class Actors:
    """Who updates a plan's tasks (by lead unit, else the secretariat) and who approves."""

    secretariat: User
    approver: User
    by_unit: dict[int, User] = field(default_factory=dict)  # organization id -> officer

    def updater(self, task: Task) -> User:
        return next((self.by_unit[u.org_id] for u in task.units
                     if u.role == "lead" and u.org_id in self.by_unit), self.secretariat)


@cache
def _texts() -> dict[str, Any]:
    text = resources.files("cchc").joinpath("demo_data/history.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def simulate_half_year(session: Session, version: PlanVersion, actors: Actors,
                       files: EvidenceFiles) -> int:
    """Record the history of `version`'s plan up to 30 June; the number of progress updates."""
    year = version.plan.year
    history = _History(session, files, actors, random.Random(f"{version.plan.org.code}/{year}"),
                       date(year, 1, 2), history_end(year))
    return sum(history.task(task) for task in version.tasks)


def history_end(year: int) -> date:
    """The last day of the history of a plan of `year`."""
    return date(year, 6, 30)


class _History:
    def __init__(self, session: Session, files: EvidenceFiles, actors: Actors,
                 rng: random.Random, start: date, as_of: date) -> None:
        self.session, self.files, self.actors, self.rng = session, files, actors, rng
        self.start, self.as_of = start, as_of

    def task(self, task: Task) -> int:
        """Update the task's milestones, then the task; the number of updates written."""
        user = self.actors.updater(task)
        results = []
        for milestone in task.milestones:
            outcome = self._milestone_outcome(milestone.due_date)
            if outcome is not None:
                self._update(task, milestone, user, outcome, milestone.label)
                results.append(outcome)
        outcome = self._task_outcome(results, len(task.milestones))
        if outcome is None:
            return len(results)
        self._update(task, None, user, outcome, None)
        if outcome.status in (Status.OVERDUE, Status.DONE_LATE) and self.rng.random() < 0.6:
            self._discussion(task, user, outcome.day)
        elif outcome.status is Status.DONE and self.rng.random() < 0.15:
            self._comment(task, self.actors.approver, "praise", outcome.day + timedelta(days=2))
        return len(results) + 1

    def _milestone_outcome(self, due: date | None) -> Outcome | None:
        rng = self.rng
        if due is None or due < self.start:
            return None
        if due <= self.as_of:
            roll, late = rng.random(), due + timedelta(days=rng.randint(2, 25))
            if roll < 0.68:
                early = rng.randint(0, min(20, (due - self.start).days))
                return Outcome(Status.DONE, 100, due - timedelta(days=early))
            if roll < 0.84 and late <= self.as_of:
                return Outcome(Status.DONE_LATE, 100, late)
            return Outcome(Status.OVERDUE, rng.choice((0, 20, 40)),
                           min(self.as_of, due + timedelta(days=rng.randint(1, 10))))
        if rng.random() < (0.6 if (due - self.as_of).days <= 120 else 0.4):
            return Outcome(Status.IN_PROGRESS, rng.choice((20, 30, 40, 50, 60)),
                           self.as_of - timedelta(days=rng.randint(0, 40)))
        return None

    def _task_outcome(self, results: list[Outcome], milestones: int) -> Outcome | None:
        if not results:
            if self.rng.random() < 0.3:
                return Outcome(Status.IN_PROGRESS, 30,
                               self.as_of - timedelta(days=self.rng.randint(0, 60)))
            return None
        day = max(r.day for r in results)
        statuses = {r.status for r in results}
        if len(results) == milestones and statuses <= FINISHED:
            return Outcome(Status.DONE_LATE if Status.DONE_LATE in statuses else Status.DONE,
                           100, day)
        percent = 5 * round(sum(r.percent for r in results) / milestones / 5)
        if Status.OVERDUE in statuses:
            return Outcome(Status.OVERDUE, percent, day)
        return Outcome(Status.IN_PROGRESS, max(5, percent), day)

    def _update(self, task: Task, milestone: Milestone | None, user: User, outcome: Outcome,
                label: str | None) -> None:
        note = self._text("notes", outcome.status.value, outcome.day, label)
        if milestone is None:
            update = update_task_progress(self.session, task.id, user, outcome.status,
                                          outcome.percent, note, task.version_id,
                                          today=outcome.day)
        else:
            update = update_milestone_progress(self.session, milestone.id, user, outcome.status,
                                               outcome.percent, note, milestone.version_id,
                                               today=outcome.day)
        at = self._at(outcome.day)
        update.created_at = at
        (milestone or task).updated_at = at
        if outcome.status in FINISHED and milestone is not None \
                and self.rng.random() < EVIDENCE_SHARE:
            self._evidence(task, milestone, user, outcome.day)
        approved_on = outcome.day + timedelta(days=self.rng.randint(1, 6))
        if approved_on <= self.as_of and self.rng.random() < APPROVAL_SHARE:
            self._approve(update, user, approved_on)

    def _approve(self, update: ProgressUpdate, reporter: User, day: date) -> None:
        """The leader approves; nobody approves their own update (the update stays pending)."""
        if self.actors.approver.id != reporter.id:
            approve_progress(self.session, update.id,
                             self.actors.approver).approved_at = self._at(day)

    def _evidence(self, task: Task, milestone: Milestone, user: User, day: date) -> None:
        kind = self.rng.choice(("pdf", "pdf", "text"))
        name = self.rng.choice(_texts()["evidence"][kind])
        lines = [task.plan_version.plan.org.name, f"Nhiệm vụ {task.no or task.position}: "
                 f"{task.text[:90]}", milestone.label or "", f"Ngày {day:%d/%m/%Y}"]
        content, mime = ((text_pdf(lines), "application/pdf") if kind == "pdf" else
                         ("\n".join(lines).encode("utf-8"), "text/plain; charset=utf-8"))
        evidence = add_evidence(self.session, self.files, task, user, name, content, mime,
                                milestone)
        evidence.created_at = self._at(day)

    def _discussion(self, task: Task, officer: User, day: date) -> None:
        chased = min(self.as_of, day + timedelta(days=2))
        self._comment(task, self.actors.approver, "chase", chased)
        if self.rng.random() < 0.5:
            self._comment(task, officer, "answer", chased + timedelta(days=1))

    def _comment(self, task: Task, user: User, kind: str, day: date) -> None:
        body = self._text("comments", kind, day + timedelta(days=7), None)
        add_comment(self.session, task, user, body).created_at = self._at(day)

    def _text(self, group: str, kind: str, day: date, label: str | None) -> str:
        template = self.rng.choice(_texts()[group][kind])
        return template.format(label=label or f"6 tháng năm {day.year}", day=f"{day:%d/%m/%Y}",
                               no=self.rng.randint(12, 240))

    def _at(self, day: date) -> datetime:
        """A working-hours moment of `day`, Vietnam time."""
        moment = time(self.rng.randint(7, 16), self.rng.randint(0, 59))
        return datetime.combine(day, moment, VIETNAM).astimezone(UTC)
