"""Bring a database to the current schema with the Alembic migrations shipped in this package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from cchc.store.engine import database_url

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
