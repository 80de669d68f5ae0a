"""Alembic environment: the URL comes from cchc.store.migrate(url) or CCHC_DATABASE_URL."""

from logging.config import fileConfig

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

from cchc.store.engine import database_url, make_engine
from cchc.store.models import Base

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name)


def _url() -> str:
    return config.attributes.get("url") or database_url()


def _render_item(kind: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Write cchc's own column types (UtcDateTime) as the plain types they are stored as."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def _configure(**options: Any) -> None:
    context.configure(target_metadata=Base.metadata, render_as_batch=True, compare_type=True,
                      render_item=_render_item, **options)


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with make_engine(_url(), poolclass=NullPool).connect() as connection:
        _run(connection)
