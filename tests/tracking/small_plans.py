"""Small plans with chosen due dates, and the names the tracking tests share."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cchc.domain.plan import Plan, PlanMeta, ScheduleItem, Task
from cchc.store.models import Organization, UnitClass
from cchc.store.services import import_plan, remember_unit_mapping

THIEU_VAN = "TH.TPTH.THIEUVAN"
TODAY = date(2024, 3, 25)  # the day the reminder tests run on


def task(no: str, text: str, lead: str, due: date) -> Task:
    return Task(no=no, area="tthc", text=text, lead=[lead], deadline_text=f"{due:%d/%m/%Y}",
                schedule=[ScheduleItem("due", date=due)])


def store_plan(session: Session, org: Organization, tasks: list[Task],
               units: dict[str, Organization | UnitClass]) -> None:
    """Confirm what each printed lead means, then import the plan for 2024."""
    for text, unit in units.items():
        remember_unit_mapping(session, None, org, text,
                              unit if isinstance(unit, Organization) else None,
                              unit if isinstance(unit, UnitClass) else None)
    import_plan(session, org, Plan("kh.docx", PlanMeta(year=2024), tasks=tasks), None, None,
                None)
