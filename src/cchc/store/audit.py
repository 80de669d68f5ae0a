"""Audit entries (nhật ký): every write service records who did what, with the values before and
after, in the same transaction as the write itself."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from cchc.store.models import AuditEntry, Base, User


def snapshot(obj: Base, exclude: Collection[str] = ()) -> dict[str, Any]:
    """The column values of a stored object, ready for JSON."""
    return {attr.key: _jsonable(getattr(obj, attr.key))
            for attr in inspect(obj).mapper.column_attrs if attr.key not in exclude}


def record(session: Session, user: User | None, action: str, target: Base,
           before: Mapping[str, Any] | None = None,
           after: Mapping[str, Any] | None = None) -> AuditEntry:
    """Append an entry about `target`; `after` defaults to the target's current values.

    Flushes first, so the target has its id and a concurrent edit fails here, before the entry.
    """
    session.flush()
    identity = inspect(target).identity
    entry = AuditEntry(user_id=user.id if user else None, action=action,
                       entity=target.__tablename__,
                       entity_id="/".join(str(part) for part in identity or ()),
                       before=dict(before) if before is not None else None,
                       after=dict(after) if after is not None else snapshot(target))
    session.add(entry)
    return entry


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
