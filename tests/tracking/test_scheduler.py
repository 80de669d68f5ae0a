"""The daily reminder schedule the web app starts while it serves."""

from __future__ import annotations

import time as clock
from datetime import datetime, time

import pytest
from sqlalchemy import func, select

from cchc.store.models import Notification
from cchc.clock import VIETNAM
from cchc.tracking.reminders import ReminderSettings
from cchc.tracking.scheduler import start_daily_reminders
from tests.tracking.small_plans import TODAY


def notification_count(factory) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(Notification))


def wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = clock.monotonic() + seconds
    while not condition():
        if clock.monotonic() > deadline:
            return False
        clock.sleep(0.1)
    return True


def test_it_reminds_at_once_when_started_after_the_daily_time(factory, plans):
    stop = start_daily_reminders(factory, ReminderSettings(run_at=time(0, 0), reports=False,
                                                           today=lambda: TODAY))
    try:
        assert wait_for(lambda: notification_count(factory) == 4)
    finally:
        stop()


def test_it_waits_for_the_daily_time_and_stops_at_once(factory, plans):
    if datetime.now(VIETNAM).time() >= time(23, 59):
        pytest.skip("too close to the daily time chosen by the test")
    stop = start_daily_reminders(factory, ReminderSettings(run_at=time(23, 59, 59),
                                                           today=lambda: TODAY))
    clock.sleep(1)
    started = clock.monotonic()

    stop()

    assert clock.monotonic() - started < 2
    assert notification_count(factory) == 0
