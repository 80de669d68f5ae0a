"""Importing a plan: each import or edit stores a new version, never overwriting the previous."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cchc.domain import plan as domain
from cchc.domain.vntext import fold
from cchc.store import audit
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import (
    Milestone, Organization, Plan, PlanVersion, ReformArea, Target, Task, TaskUnit, User)
from cchc.store.services.units import UnitResolver
from cchc.store.status import Status
from cchc.tracking.milestones import DEFAULT_CALENDAR, expand_schedule
from cchc.tracking.periods import ReportingCalendar


class _AnyVersion:
    """`replacing=ANY_VERSION`: import over whatever version is current."""


ANY_VERSION = _AnyVersion()


def import_plan(session: Session, org: Organization, plan: domain.Plan, user: User | None,
                source_name: str | None, source_sha256: str | None,
                findings: Sequence[Mapping[str, Any]] = (), *, year: int | None = None,
                calendar: ReportingCalendar = DEFAULT_CALENDAR,
                replacing: int | None | _AnyVersion = ANY_VERSION) -> PlanVersion:
    """Store `plan` as the next version of `org`'s plan for its year, and make it current.

    Tasks get their units resolved (remembered mappings, then suggested codes) and their
    milestones expanded over the year; a task found again in the previous version (same area and
    text) carries on its progress. All in the caller's transaction, with one audit entry.
    A plan without tasks is refused; so is the import when `replacing` (the id of the version
    the user agreed to replace, None for none) is no longer the current version.
    """
    year = _importable_year(plan, year)
    _check_areas(session, plan)
    stored = _plan_for_update(session, org, year)
    previous = stored.current_version
    current_id = previous.id if previous else None
    if not isinstance(replacing, _AnyVersion) and replacing != current_id:
        raise InvalidUpdateError(REPLACED_MEANWHILE)
    carried = _CarriedProgress(session, previous)
    resolver = UnitResolver(session, org)
    with session.no_autoflush:  # build the whole version in memory, then write it at once
        version = PlanVersion(
            plan=stored, number=_next_number(session, stored),
            created_by=user.id if user else None, source_name=source_name,
            source_sha256=source_sha256, plan_json=plan.to_dict(),
            findings=[dict(f) for f in findings],
            tasks=[_task(t, position, year, calendar, resolver, carried)
                   for position, t in enumerate(plan.tasks, 1)],
            targets=[_target(t, position) for position, t in enumerate(plan.targets, 1)])
        session.add(version)
    stored.current_version = version
    session.flush()  # ids for the audit entry
    audit.record(session, user, "plan.import", version,
                 before={"current_version_id": previous.id if previous else None},
                 after={"plan_id": stored.id, "org": org.code, "year": year,
                        "number": version.number, "source_name": source_name,
                        "source_sha256": source_sha256, "tasks": len(version.tasks),
                        "targets": len(version.targets),
                        "milestones": sum(len(t.milestones) for t in version.tasks)})
    return version


NO_TASKS = ("{source}: không tìm thấy nhiệm vụ nào trong văn bản, nên không thể lưu thành kế "
            "hoạch. Hãy kiểm tra đây có đúng là kế hoạch CCHC (có bảng hoặc danh sách nhiệm vụ) "
            "không / no task found: not stored as a plan")

REPLACED_MEANWHILE = ("Kế hoạch vừa có phiên bản khác phiên bản bạn đồng ý thay (có người nhập "
                      "hoặc sửa trong lúc bạn xem trước); hãy xem lại các thay đổi rồi xác nhận "
                      "lần nữa / the current version changed meanwhile: review and confirm again")


def _importable_year(plan: domain.Plan, year: int | None) -> int:
    """The plan's year; InvalidUpdateError when it has none, or no tasks."""
    year = year or plan.meta.year
    if year is None:
        raise InvalidUpdateError(f"{plan.source}: kế hoạch không ghi năm, hãy chọn năm / "
                                 "the plan states no year: give one")
    if not plan.tasks:
        raise InvalidUpdateError(NO_TASKS.format(source=plan.source))
    return year


@dataclass(frozen=True)
class VersionChanges:
    """What storing a plan would do to the current version of its plan (thay phiên bản)."""

    current_id: int | None  # the version it would replace; None for a plan's first import
    current_number: int | None
    before: int  # tasks of the current version
    after: int  # tasks of the new version
    new: int  # tasks not found in the current version
    dropped: int  # tasks of the current version not found again (kept there, read-only)
    kept: int  # tasks found again, whose progress carries on (giữ nguyên tiến độ)
    dropped_reported: int  # dropped tasks someone had reported progress on

    def summary(self, done: bool = False) -> str:
        """In Vietnamese, for the person about to confirm (or, `done`, who just did)."""
        if self.current_id is None:
            return f"Kế hoạch mới, {self.after} nhiệm vụ."
        verb = "đã thay" if done else "sẽ thay"
        text = (f"Phiên bản mới {verb} phiên bản {self.current_number} ({self.before} nhiệm "
                f"vụ) bằng {self.after} nhiệm vụ: {self.new} mới, {self.dropped} bỏ, "
                f"{self.kept} giữ nguyên tiến độ.")
        if self.dropped_reported:
            text += (f" {self.dropped_reported} nhiệm vụ bị bỏ đã có báo cáo tiến độ; báo cáo "
                     f"đó chỉ còn xem được trong phiên bản {self.current_number}.")
        return text


def version_changes(session: Session, org: Organization, plan: domain.Plan,
                    year: int | None = None) -> VersionChanges:
    """Compare `plan` with the current version of `org`'s plan of its year, matching tasks as
    `import_plan` does when it carries progress over."""
    year = _importable_year(plan, year)
    current = session.scalar(select(PlanVersion).join(Plan, Plan.current_version_id ==
                                                      PlanVersion.id)
                             .where(Plan.org_id == org.id, Plan.year == year))
    carried = _CarriedProgress(session, current)
    kept = sum(carried.match(task.area, task.text) is not None for task in plan.tasks)
    dropped = carried.unmatched()
    return VersionChanges(current.id if current else None, current.number if current else None,
                          kept + len(dropped), len(plan.tasks), len(plan.tasks) - kept,
                          len(dropped), kept,
                          sum(task.status != Status.NOT_STARTED.value for task in dropped))


def _check_areas(session: Session, plan: domain.Plan) -> None:
    known = set(session.scalars(select(ReformArea.code)))
    for item in [*plan.tasks, *plan.targets]:
        if item.area not in known:
            raise InvalidUpdateError(
                f"{plan.source}: lĩnh vực '{item.area}' không có trong danh mục / unknown reform "
                f"area '{item.area}' ({item.text[:60]})")


def _plan_for_update(session: Session, org: Organization, year: int) -> Plan:
    """The plan row, locked on PostgreSQL so two imports of one plan take turns."""
    stored = session.scalar(select(Plan).where(Plan.org_id == org.id, Plan.year == year)
                            .with_for_update())
    if stored is None:
        stored = Plan(org=org, year=year)
        session.add(stored)
    return stored


def _next_number(session: Session, stored: Plan) -> int:
    if stored.id is None:
        return 1
    return (session.scalar(select(func.max(PlanVersion.number))
                           .where(PlanVersion.plan_id == stored.id)) or 0) + 1


def _task(task: domain.Task, position: int, year: int, calendar: ReportingCalendar,
          resolver: UnitResolver, carried: _CarriedProgress) -> Task:
    row = Task(position=position, no=task.no, area_code=task.area, text=task.text,
               objective=task.objective, activities=list(task.activities),
               outputs=list(task.outputs), deadline_text=task.deadline_text,
               schedule=[item.to_dict() for item in task.schedule], budget=task.budget,
               source_where=task.where,
               units=[_unit(ref, role, n, resolver)
                      for n, (role, ref) in enumerate(_units(task), 1)],
               milestones=[Milestone(position=n, label=o.label, kind=o.kind,
                                     due_date=o.due_date, period_code=o.period_code)
                           for n, o in enumerate(expand_schedule(task.schedule, year,
                                                                 calendar), 1)])
    carried.apply(row)
    return row


def _units(task: domain.Task) -> list[tuple[str, domain.UnitRef]]:
    """Lead then cooperating units: the resolved references, or the printed names alone."""
    lead = task.lead_units or [domain.UnitRef(text) for text in task.lead]
    coop = task.coop_units or [domain.UnitRef(text) for text in task.coop]
    return [("lead", ref) for ref in lead] + [("coop", ref) for ref in coop]


def _unit(ref: domain.UnitRef, role: str, position: int, resolver: UnitResolver) -> TaskUnit:
    resolved = resolver.resolve(ref)
    return TaskUnit(role=role, position=position, printed_text=ref.text,
                    org_id=resolved.org_id, unit_class_id=resolved.unit_class_id)


def _target(target: domain.Target, position: int) -> Target:
    return Target(position=position, text=target.text, area_code=target.area,
                  indicator=target.indicator, comparator=target.comparator,
                  value=target.value, unit=target.unit, source_where=target.where)


class _CarriedProgress:
    """Progress of the previous version's tasks, handed on to the same tasks in the new one.

    A task is the same when its area and folded text are; a milestone when its kind and label
    are and, unless it is an event (whose date someone may have set), its due date.
    """

    def __init__(self, session: Session, previous: PlanVersion | None) -> None:
        self._tasks: dict[tuple[str, str], deque[Task]] = defaultdict(deque)
        if previous is None:
            return
        for task in session.scalars(select(Task).where(Task.plan_version_id == previous.id)
                                    .order_by(Task.position)
                                    .options(selectinload(Task.milestones))):
            self._tasks[_task_key(task)].append(task)

    def match(self, area: str, text: str) -> Task | None:
        """The first task of the previous version with this area and text not matched yet."""
        candidates = self._tasks.get((area, fold(text)))
        return candidates.popleft() if candidates else None

    def unmatched(self) -> list[Task]:
        return [task for candidates in self._tasks.values() for task in candidates]

    def apply(self, task: Task) -> None:
        old = self.match(task.area_code, task.text)
        if old is None:
            return
        task.previous_task_id = old.id
        task.status, task.percent, task.updated_at = old.status, old.percent, old.updated_at
        task.approved_status, task.approved_percent = old.approved_status, old.approved_percent
        old_milestones = {_milestone_key(m): m for m in old.milestones}
        for milestone in task.milestones:
            match = old_milestones.get(_milestone_key(milestone))
            if match is not None:
                milestone.status, milestone.percent = match.status, match.percent
                milestone.approved_status = match.approved_status
                milestone.approved_percent = match.approved_percent
                milestone.updated_at, milestone.due_date = match.updated_at, match.due_date
                milestone.period_code = match.period_code


def _task_key(task: Task) -> tuple[str, str]:
    return task.area_code, fold(task.text)


def _milestone_key(milestone: Milestone) -> tuple[str, str | None, Any]:
    date = None if milestone.kind == "event" else milestone.due_date
    return milestone.kind, milestone.label, date
