"""Engine set-up: where the database is and how SQLite connections behave."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from cchc.store import database_url, make_engine


def test_it_defaults_to_a_sqlite_file_in_the_working_directory():
    assert database_url({}) == "sqlite:///cchc.sqlite"


def test_it_reads_the_url_from_the_environment_and_spells_out_the_driver():
    assert database_url({"CCHC_DATABASE_URL": "postgresql://u@db/cchc"}) == (
        "postgresql+psycopg://u@db/cchc")
    assert database_url({"CCHC_DATABASE_URL": "sqlite:////srv/x.sqlite"}) == (
        "sqlite:////srv/x.sqlite")


def test_it_opens_sqlite_with_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as connection:
        pragmas = [connection.execute(text(f"PRAGMA {name}")).scalar()
                   for name in ("journal_mode", "foreign_keys", "busy_timeout")]
    engine.dispose()
    assert pragmas == ["wal", 1, 30000]
