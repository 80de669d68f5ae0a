""""Today" in Vietnam, the date deadlines are judged against; fixed by CCHC_TODAY for
demonstrations and tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam_today() -> date:
    return datetime.now(VIETNAM).date()


def today_from_env(environ: Mapping[str, str] = os.environ) -> Callable[[], date]:
    """The clock CCHC_TODAY (an ISO date) fixes, else the real one."""
    fixed = environ.get("CCHC_TODAY")
    if fixed:
        day = date.fromisoformat(fixed)
        return lambda: day
    return vietnam_today
