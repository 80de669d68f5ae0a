"""Bring a database to the current schema with the Alembic migrations shipped in this package."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cchc.store.engine import database_url, make_engine, make_sessionmaker
from cchc.store.errors import StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for `url` (default: the configured database), no ini file needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url or database_url()
    return config


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Upgrade the database at `url` to `revision` (the latest by default)."""
    command.upgrade(alembic_config(url), revision)


@contextmanager
def open_database(url: str | None = None) -> Iterator[sessionmaker[Session]]:
    """Sessions on the database at `url` (default: the configured one), its schema brought up
    to date first: what every command that opens the database does. A database that cannot
    be reached or migrated raises StoreError with one line saying why."""
    url = url or database_url()
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        migrate(url)
    except CommandError as exc:
        raise StoreError(f"{shown}: không nâng cấp được cấu trúc cơ sở dữ liệu ({exc}); cơ sở dữ "
                         "liệu có thể do phiên bản cchc mới hơn tạo ra.") from exc
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
        raise StoreError(f"{shown}: không mở được cơ sở dữ liệu ({reason}).") from exc
    engine = make_engine(url)
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()
