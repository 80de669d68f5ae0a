"""Declarative base: constraint naming convention and the Python → column type map."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collections.abc import Iterable

from sqlalchemy import JSON, CheckConstraint, MetaData
from sqlalchemy.orm import DeclarativeBase

from cchc.store.status import Status
from cchc.store.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


def one_of(column: str, values: Iterable[str]) -> str:
    """SQL condition: `column` holds one of `values`."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def progress_checks() -> tuple[CheckConstraint, CheckConstraint]:
    """Constraints of a status/percent pair: a known status code, a percent within 0–100."""
    return (CheckConstraint(one_of("status", Status), name="status"),
            CheckConstraint("percent BETWEEN 0 AND 100", name="percent"))
