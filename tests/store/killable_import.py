"""Child process of test_kill9: import a synthetic plan, optionally pausing to be killed.

    python killable_import.py URL ORG_ID TASKS [PAUSE_AT]

PAUSE_AT is the start of an SQL statement ("INSERT INTO milestones", "UPDATE plans"): the import
stops right after running it, its transaction open; or COMMIT: it stops once committed. Either
way it prints "paused" and waits to be killed. Without PAUSE_AT it commits and exits.
"""

from __future__ import annotations

import sys
import time

from sqlalchemy import event
from synthetic_plans import synthetic_plan

from cchc.store import make_engine, make_sessionmaker
from cchc.store.models import Organization
from cchc.store.services import import_plan


def wait_to_be_killed() -> None:
    print("paused", flush=True)
    time.sleep(3600)


def main(url: str, org_id: str, tasks: str, pause_at: str | None = None) -> None:
    engine = make_engine(url)

    @event.listens_for(engine, "after_cursor_execute")
    def pause(conn, cursor, statement, parameters, context, executemany) -> None:
        if pause_at and statement.startswith(pause_at + " "):
            wait_to_be_killed()

    plan = synthetic_plan(int(tasks))
    with make_sessionmaker(engine).begin() as session:
        import_plan(session, session.get(Organization, int(org_id)), plan, None,
                    "big.docx", "cd" * 32)
    if pause_at == "COMMIT":
        wait_to_be_killed()


if __name__ == "__main__":
    main(*sys.argv[1:])
