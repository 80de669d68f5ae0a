"""Shared database fixtures: every test that asks for `db_url` gets an empty, migrated database.

SQLite by default: each test gets a copy of a template file migrated once per session.
PostgreSQL when CCHC_TEST_DATABASE_URL is set, e.g. postgresql+psycopg://postgres@127.0.0.1/test:
a template database cchc_test_<random> is created on that server and migrated once; tests share
one copy of it, emptied before each test (creating a database takes about a second), and
`databases.create()` makes a private copy for a test that alters the schema. Every database made
is dropped at the end of the session.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, make_url, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from cchc.store import make_engine, make_sessionmaker, migrate


REFERENCE_TABLES = {"alembic_version", "reform_areas", "roles"}  # filled by the migrations


@pytest.fixture(autouse=True)
def cchc_environment() -> Iterator[None]:
    """The CCHC_* environment as it was before each test: commands run in-process (`cchc demo`
    sets CCHC_TODAY for the server it starts) must not change what later tests see."""
    before = {k: v for k, v in os.environ.items() if k.startswith("CCHC_")}
    yield
    for name in [k for k in os.environ if k.startswith("CCHC_") and k not in before]:
        del os.environ[name]
    os.environ.update(before)


class SqliteDatabases:
    """Fresh SQLite files copied from one migrated template."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.template = directory / "template.sqlite"
        migrate(f"sqlite:///{self.template}")

    def create(self) -> str:
        path = self.directory / f"{secrets.token_hex(6)}.sqlite"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{make_url(url).database}{suffix}").unlink(missing_ok=True)

    def for_test(self) -> str:
        return self.create()

    def after_test(self, url: str) -> None:
        self.drop(url)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class PostgresDatabases:
    """Fresh PostgreSQL databases copied from one migrated template database."""

    def __init__(self, server_url: str) -> None:
        self.server = make_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.prefix = f"cchc_test_{secrets.token_hex(4)}"
        self.template = self._url(self.prefix)
        self._execute(f"CREATE DATABASE {self.prefix}")
        migrate(self.template)
        self.shared: str | None = None

    def create(self) -> str:
        name = f"{self.prefix}_{secrets.token_hex(4)}"
        self._execute(f"CREATE DATABASE {name} TEMPLATE {self.prefix}")
        return self._url(name)

    def drop(self, url: str) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")

    def for_test(self) -> str:
        """The shared database, emptied of everything but reference data."""
        if self.shared is None:
            self.shared = self.create()
            return self.shared
        engine = make_engine(self.shared, poolclass=NullPool)
        with engine.begin() as connection:
            # replica role: no triggers, so no foreign-key checks and no append-only audit_log
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            for table in inspect(connection).get_table_names():
                if table not in REFERENCE_TABLES:
                    connection.execute(text(f'DELETE FROM "{table}"'))
        engine.dispose()
        return self.shared

    def after_test(self, url: str) -> None:
        """Nothing: the next test empties the shared database."""

    def close(self) -> None:
        if self.shared:
            self.drop(self.shared)
        self.drop(self.template)
        self.server.dispose()

    def _url(self, name: str) -> str:
        return self.server.url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.server.connect() as connection:
            connection.execute(text(statement))


@pytest.fixture(scope="session")
def databases(
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteDatabases | PostgresDatabases]:
    """Maker of fresh migrated databases: `url = databases.create()`, `databases.drop(url)`.

    Use it directly for a database shared by several tests (a module-scoped fixture).
    """
    server = os.environ.get("CCHC_TEST_DATABASE_URL")
    made = (PostgresDatabases(server) if server
            else SqliteDatabases(tmp_path_factory.mktemp("databases")))
    yield made
    made.close()


@pytest.fixture
def db_url(databases: SqliteDatabases | PostgresDatabases) -> Iterator[str]:
    """The URL of an empty migrated database (reference data only) for this test."""
    url = databases.for_test()
    yield url
    databases.after_test(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test database; commit what the test writes, as the app would."""
    with make_sessionmaker(engine)() as session:
        yield session


@dataclass(frozen=True)
class PrintedSeed:
    """A seed as a generated .docx and, when LibreOffice is installed, as a PDF printed from it."""

    text: Path
    docx: Path
    pdf: Path | None


@pytest.fixture(scope="session")
def printed_seeds(tmp_path_factory) -> dict[str, PrintedSeed]:
    """Every seed as .docx and PDF, built once per test session (printing is the slow part)."""
    from cchc.extract.fixtures import build_docx, build_pdf
    from tests.helpers import SEEDS

    folder = tmp_path_factory.mktemp("printed")
    out = {}
    for seed in SEEDS:
        docx = build_docx(seed, folder / f"{seed.stem}.docx")
        pdf = build_pdf(docx, folder / f"{seed.stem}.pdf") if shutil.which("soffice") else None
        out[seed.name] = PrintedSeed(seed, docx, pdf)
    return out


@pytest.fixture(scope="session")
def scanned_seeds(printed_seeds, tmp_path_factory) -> dict[str, Path]:
    """The seeds with a gold file, printed and scanned (200 dpi, skewed, noisy, JPEG): seed
    name -> scanned PDF, built once per session. The scans are byte-identical from run to run,
    so their OCR is cached across runs (readers/ocr.py, CCHC_OCR_CACHE)."""
    from cchc.extract.scan_fixtures import build_scan
    from tests.helpers import GOLD

    if shutil.which("pdftoppm") is None or any(s.pdf is None for s in printed_seeds.values()):
        pytest.skip("LibreOffice and poppler-utils are needed to print and scan the seeds")
    folder = tmp_path_factory.mktemp("scanned")
    out = {}
    for gold in GOLD:
        seed = printed_seeds[f"{gold.stem}.txt"]
        out[gold.stem] = build_scan(seed.pdf, folder / f"{gold.stem}.scan.pdf")
    return out
