"""Tracking fixtures: the demo's organization tree (four provinces down to their communes)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cchc.demo.organizations import create_organizations
from cchc.store import make_sessionmaker
from cchc.store.models import Organization


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def orgs(factory: sessionmaker[Session]) -> dict[str, Organization]:
    """Organizations by code: TH, TH.TPTH, TH.TPTH.THIEUVAN, TH.TPTH.THIEUVAN.VPTK, ..."""
    with factory.begin() as session:
        return create_organizations(session)


@pytest.fixture
def configured(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test database as the configured one (CCHC_DATABASE_URL), as the CLI reads it."""
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    return db_url
