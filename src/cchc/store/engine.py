"""Engines and sessions. The URL comes from CCHC_DATABASE_URL; the default is ./cchc.sqlite.

SQLite connections get WAL journaling, foreign keys ON and a busy timeout; PostgreSQL is reached
through psycopg 3 (`postgresql+psycopg://user@host/db`; a bare `postgresql://` is read the same).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from sqlite3 import Connection as SQLiteConnection
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///cchc.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """The configured database URL, drivers spelled out."""
    url = environ.get("CCHC_DATABASE_URL") or DEFAULT_URL
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url.removeprefix(bare)
    return url


def make_engine(url: str | None = None, **options: Any) -> Engine:
    """An engine for `url` (default: the configured one), set up for its dialect."""
    engine = create_engine(url or database_url(), **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit; use `with factory.begin() as s:`."""
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_pragmas(dbapi_connection: SQLiteConnection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()
