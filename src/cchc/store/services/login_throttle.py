"""Login throttling kept in the database, so every worker process counts the same failures.

Failures are counted per account and address together, per account, and per address. Past a
few free attempts each key makes the next attempt wait, twice as long after every failure, up
to a cap: guessing becomes slow, while the real user is never locked out for more than the cap
(a minute for their own account from their own office).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cchc.domain.vntext import fold
from cchc.store.models import LoginThrottleEntry
from cchc.store.types import utcnow

FORGET_AFTER = timedelta(hours=1)  # a key quiet this long starts again from zero


@dataclass(frozen=True)
class Rule:
    prefix: str
    free: int  # failures allowed before any wait
    cap: timedelta  # the longest wait

    def wait_after(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        return min(self.cap, timedelta(seconds=2 ** min(failures - self.free, 20)))


PAIR = Rule("pair", free=5, cap=timedelta(minutes=1))
ACCOUNT = Rule("account", free=20, cap=timedelta(minutes=2))
ADDRESS = Rule("address", free=50, cap=timedelta(minutes=5))


def _keys(username: str, address: str) -> list[tuple[Rule, str]]:
    name = fold(username)[:150]
    return [(PAIR, f"pair:{name}|{address}"), (ACCOUNT, f"account:{name}"),
            (ADDRESS, f"address:{address}")]


def wait_before_login(session: Session, username: str, address: str,
                      now: datetime | None = None) -> timedelta:
    """How long this account from this address must wait before its next attempt (0: now)."""
    now = now or utcnow()
    keys = [key for _, key in _keys(username, address)]
    until = session.scalars(select(LoginThrottleEntry.blocked_until).where(
        LoginThrottleEntry.key.in_(keys), LoginThrottleEntry.blocked_until.is_not(None)))
    return max([u - now for u in until if u > now], default=timedelta(0))


def record_failure(session: Session, username: str, address: str,
                   now: datetime | None = None) -> None:
    """Count a failed attempt under every key and set each key's next allowed time."""
    now = now or utcnow()
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for rule, key in _keys(username, address):
        table = LoginThrottleEntry.__table__
        statement = insert(table).values(key=key, failures=1, last_failure_at=now)
        session.execute(statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"failures": case((table.c.last_failure_at < now - FORGET_AFTER, 1),
                                   else_=table.c.failures + 1),
                  "last_failure_at": now}))
        failures = session.scalar(select(LoginThrottleEntry.failures)
                                  .where(LoginThrottleEntry.key == key))
        wait = rule.wait_after(failures or 0)
        session.execute(update(LoginThrottleEntry).where(LoginThrottleEntry.key == key)
                        .values(blocked_until=now + wait if wait else None))


def record_success(session: Session, username: str, address: str) -> None:
    """The account signed in: forget its own failures (not those of the address)."""
    keys = [key for rule, key in _keys(username, address) if rule is not ADDRESS]
    session.query(LoginThrottleEntry).filter(LoginThrottleEntry.key.in_(keys)).delete()
