"""The Alembic migrations create exactly the tables the models describe."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from cchc.domain.areas import AREAS
from cchc.store import make_engine
from cchc.store.models import ROLES, AuditEntry, Base, ReformArea, Role
from cchc.store.schema import MIGRATIONS_DIR, alembic_config


def test_it_creates_a_schema_identical_to_the_models(engine: Engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_it_seeds_every_reform_area_and_role(session: Session):
    assert dict(session.execute(select(ReformArea.code, ReformArea.name)).all()) == AREAS
    assert dict(session.execute(select(Role.code, Role.name)).all()) == ROLES


@pytest.fixture
def private_db_url(databases) -> Iterator[str]:
    """A database of this test's own, for changing the schema."""
    url = databases.create()
    yield url
    databases.drop(url)


def test_it_downgrades_to_nothing_and_upgrades_again(private_db_url: str):
    engine = make_engine(private_db_url, poolclass=NullPool)
    command.downgrade(alembic_config(private_db_url), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(alembic_config(private_db_url), "head")
    assert "audit_log" in inspect(engine).get_table_names()


def test_it_ships_its_migrations_inside_the_package():
    assert importlib.util.find_spec("cchc.store").submodule_search_locations
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert any(MIGRATIONS_DIR.glob("versions/0001_*.py"))


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET action = 'forged'",
    "DELETE FROM audit_log",
])
def test_it_refuses_to_change_or_delete_audit_entries(session: Session, statement: str):
    session.add(AuditEntry(action="test", entity="tests", entity_id="1"))
    session.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))
    session.rollback()
    assert session.scalar(select(AuditEntry.action)) == "test"
