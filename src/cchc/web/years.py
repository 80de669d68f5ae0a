"""Which plan years a user can look at, and which one a page shows by default."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.models import Plan
from cchc.store.queries import scope_ids
from cchc.web.permissions import Principal


def plan_years(session: Session, principal: Principal) -> list[int]:
    """Years of the plans the user may read, or read tasks of, newest first."""
    return list(session.scalars(select(Plan.year).where(principal.task_scope.plan_clause())
                                .distinct().order_by(Plan.year.desc())))


def tree_years(session: Session, org_id: int) -> list[int]:
    """Years of the plans of `org_id` and the units below it (those merged into them included),
    newest first: the organization tree opens on one of these, not on a year of plans elsewhere
    in the user's scope."""
    return list(session.scalars(select(Plan.year).where(
        Plan.org_id.in_(sorted(scope_ids(session, org_id)))).distinct()
        .order_by(Plan.year.desc())))


def chosen_year(requested: int | None, years: list[int], today: date) -> int:
    """The requested year; else the latest year up to this one that has plans."""
    if requested:
        return requested
    return next((y for y in years if y <= today.year), years[-1] if years else today.year)
