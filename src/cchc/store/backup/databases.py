"""Copying a whole database to a file and back, one class per backend.

SQLite: the online backup API (a consistent copy while the app keeps writing), loaded back the
same way into the target file. PostgreSQL: `pg_dump --format=custom`, loaded back by
`pg_restore | psql --single-transaction` after dropping the `public` schema in that same
transaction, so a failed load leaves the target as it was. The audit log's append-only triggers
come back with the schema; the rows are copied before the triggers exist, and nothing is
updated or deleted row by row.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

from sqlalchemy import URL, Connection, inspect, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from cchc.store.backup.archive import BackupError
from cchc.store.engine import make_engine

T = TypeVar("T")
COUNTED = ("organizations", "users", "plans")  # "empty installation" = none of these rows


@dataclass(frozen=True)
class Snapshot:
    """What a dump read: the schema revision, the backend's version and row counts."""

    alembic_revision: str
    backend_version: str
    counts: dict[str, int]


class Database:
    """The database at a SQLAlchemy URL, as far as backups are concerned."""

    member: ClassVar[str]  # name of the dump inside the archive
    compress: ClassVar[bool]  # whether the archive should deflate the dump

    def __init__(self, url: str) -> None:
        self.url = make_url(url)

    @staticmethod
    def at(url: str) -> Database:
        backend = make_url(url).get_backend_name()
        if backend == "sqlite":
            return SqliteDatabase(url)
        if backend == "postgresql":
            return PostgresDatabase(url)
        raise BackupError(f"cơ sở dữ liệu {backend} chưa được hỗ trợ sao lưu")

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    @property
    def label(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def counts(self) -> dict[str, int]:
        """Rows of the main tables (an empty or missing database has none)."""
        return _read(self.url.render_as_string(hide_password=False), self.label, _counts)

    def files(self) -> set[Path]:
        """Files of the database that a data folder may hold too (resolved paths)."""
        return set()

    def dump(self, target: Path) -> Snapshot:
        raise NotImplementedError

    def load(self, dump: Path) -> None:
        raise NotImplementedError


class SqliteDatabase(Database):
    member = "database.sqlite"
    compress = True

    @property
    def path(self) -> Path:
        return Path(self.url.database or "")

    def exists(self) -> bool:
        return self.path.is_file() and self.path.stat().st_size > 0

    def counts(self) -> dict[str, int]:
        return super().counts() if self.exists() else {}

    def dump(self, target: Path) -> Snapshot:
        if not self.exists():
            raise BackupError(f"{self.path}: không có cơ sở dữ liệu để sao lưu")
        _sqlite_copy(self.path, target)
        with sqlite3.connect(target) as check:
            verdict = check.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"{self.path}: cơ sở dữ liệu hỏng, không sao lưu ({verdict})")
        return _read(f"sqlite:///{target}", str(self.path), _snapshot)

    def load(self, dump: Path) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(dump, self.path)

    def files(self) -> set[Path]:
        return {Path(f"{self.path.resolve()}{suffix}") for suffix in ("", "-wal", "-shm",
                                                                      "-journal")}


class PostgresDatabase(Database):
    member = "database.pgdump"
    compress = False  # pg_dump's custom format is compressed already

    def dump(self, target: Path) -> Snapshot:
        snapshot = _read(self._sqlalchemy_url(), self.label, _snapshot)
        tool = _tool("pg_dump")
        server = int(snapshot.backend_version.split(".")[0])
        if (client := _major_version(tool)) < server:
            raise BackupError(f"pg_dump {client} không sao lưu được máy chủ PostgreSQL {server}: "
                              f"hãy cài postgresql-client-{server}")
        self._run([tool, "--format=custom", "--no-owner", "--no-acl", f"--file={target}",
                   f"--dbname={libpq_url(self.url)}"], "pg_dump")
        return snapshot

    def load(self, dump: Path) -> None:
        """Replace the `public` schema by the dump's, in one transaction. The dump becomes a
        script first, so a dump pg_restore cannot read never reaches the database."""
        script = dump.with_suffix(".sql")
        self._run([_tool("pg_restore"), "--no-owner", "--no-acl", f"--file={script}",
                   str(dump)], "pg_restore")
        self._run([_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
                   "-c", "DROP SCHEMA IF EXISTS public CASCADE", "-c", "CREATE SCHEMA public",
                   "-f", str(script), f"--dbname={libpq_url(self.url)}"], "psql")

    def _sqlalchemy_url(self) -> str:
        return self.url.render_as_string(hide_password=False)


    def _run(self, command: list[str], name: str) -> None:
        environment = dict(os.environ)
        if self.url.password:
            environment["PGPASSWORD"] = str(self.url.password)
        done = subprocess.run(command, env=environment, capture_output=True, check=False)
        if done.returncode:
            raise BackupError(f"{name} ({self.label}): {_first_line(done.stderr)}")


def libpq_url(url: URL) -> str:
    """`url` for the libpq tools, without its password (that goes through PGPASSWORD, never
    onto a command line)."""
    return URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                      database=url.database, query=url.query).render_as_string()


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page in one step (a consistent snapshot)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{source} → {target}: {exc}") from None
    finally:
        src.close()


def _read(url: str, label: str, reader: Callable[[Connection], T]) -> T:
    """`reader`'s answer on a connection to `url`; a connection failure as one clear line."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return reader(connection)
    except DBAPIError as exc:
        raise BackupError(f"không đọc được cơ sở dữ liệu {label}: "
                          f"{_first_line(str(exc.orig))}") from None
    finally:
        engine.dispose()


def _counts(connection: Connection) -> dict[str, int]:
    tables = set(inspect(connection).get_table_names())
    return {table: connection.scalar(text(f'SELECT count(*) FROM "{table}"'))
            for table in COUNTED if table in tables}


def _snapshot(connection: Connection) -> Snapshot:
    if "alembic_version" not in inspect(connection).get_table_names():
        raise BackupError("cơ sở dữ liệu chưa được khởi tạo (chưa có bảng nào của cchc)")
    revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    if connection.dialect.name == "sqlite":
        version = sqlite3.sqlite_version
    else:
        version = str(connection.scalar(text("SHOW server_version"))).split()[0]
    return Snapshot(revision, version, _counts(connection))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"không tìm thấy {name}: hãy cài gói postgresql-client (cùng phiên bản "
                          "chính với máy chủ PostgreSQL)")
    return found


def _major_version(tool: str) -> int:
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else 0


def _first_line(message: bytes | str) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    lines = [line.strip() for line in message.splitlines()]
    return next((line for line in lines if line), "lỗi không rõ")
