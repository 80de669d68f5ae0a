"""Request values that name stored things — ids and plan years — bounded where they enter.

A database id is a positive 32-bit integer (PostgreSQL's INTEGER, the narrower of the two
databases) and a plan year lies within `YEARS`; anything else names nothing, so a path, query,
form or JSON value out of range is answered 404 (not found), like a missing row, before it
reaches the database (where SQLite and PostgreSQL overflow).
Declare such parameters as `Id` or `Year`: the app's validation handler answers the
`not_found` error they raise with 404. Free-text filters use `optional_id`/`optional_year`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from cchc.web.permissions import NotVisible

IDS = range(1, 2**31)  # PostgreSQL's INTEGER (SERIAL); SQLite's would take up to 2**63
YEARS = range(1900, 2201)
NOT_FOUND = "not_found"  # the error type that makes a validation failure a 404
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")


def _within(allowed: range, what: str) -> Callable[[int], int]:
    def check(value: int) -> int:
        if value not in allowed:
            raise PydanticCustomError(NOT_FOUND, f"Không có {what} {{value}}.", {"value": value})
        return value

    return check


Id = Annotated[int, AfterValidator(_within(IDS, "đối tượng nào mang mã"))]
Year = Annotated[int, AfterValidator(_within(YEARS, "kế hoạch năm"))]


def _optional(value: str | None, allowed: range) -> int | None:
    """A form or filter value as a number: None when empty or not a number (an unused filter);
    NotVisible (404) when it is a number outside `allowed`."""
    if value is None or not _INTEGER.match(value):
        return None
    number = int(value)
    if number not in allowed:
        raise NotVisible(value)
    return number


def optional_id(value: str | None) -> int | None:
    return _optional(value, IDS)


def optional_year(value: str | None) -> int | None:
    return _optional(value, YEARS)
