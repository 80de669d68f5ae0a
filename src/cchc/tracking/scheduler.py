"""The daily reminder run while the web app serves, in a background thread.

    stop = start_daily_reminders(session_factory, ReminderSettings.from_env())  # on startup
    stop()                                                                      # on shutdown

Each day at `settings.run_at` (Vietnam time), or at once when started later in the day, the
thread runs `remind`; a failed run is retried a few minutes later. Runs are idempotent (a
reminder is never given twice), so several processes or a cron `cchc remind` can coexist.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from cchc.clock import VIETNAM
from cchc.tracking.reminders import ReminderSettings, remind

log = logging.getLogger("cchc.reminders")

RETRY_AFTER = timedelta(minutes=10)
LONGEST_SLEEP = timedelta(minutes=30)  # wake up now and then: the clock may have jumped


def start_daily_reminders(session_factory: sessionmaker[Session],
                          settings: ReminderSettings) -> Callable[[], None]:
    """Start the schedule; returns the function that stops it (and waits for a run to end)."""
    stopping = threading.Event()
    thread = threading.Thread(target=_run_daily, args=(session_factory, settings, stopping),
                              name="cchc-reminders", daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join()

    return stop


def _run_daily(factory: sessionmaker[Session], settings: ReminderSettings,
               stopping: threading.Event) -> None:
    done_on: date | None = None
    while not stopping.is_set():
        now = datetime.now(VIETNAM)
        if done_on != now.date() and now.time() >= settings.run_at:
            try:
                log.info(remind(factory, settings).summary())
                done_on = now.date()
            except Exception:  # a bad day must not end the schedule
                log.exception("Nhắc việc thất bại, sẽ chạy lại sau %s", RETRY_AFTER)
                stopping.wait(RETRY_AFTER.total_seconds())
                continue
        stopping.wait(_seconds_until_next_run(now, settings, done_on))


def _seconds_until_next_run(now: datetime, settings: ReminderSettings,
                            done_on: date | None) -> float:
    day = now.date() + timedelta(days=1) if done_on == now.date() else now.date()
    next_run = datetime.combine(day, settings.run_at, VIETNAM)
    return max(1.0, min((next_run - now).total_seconds(), LONGEST_SLEEP.total_seconds()))
