"""Web fixtures: the app on a fresh test database (SQLite, or PostgreSQL when
CCHC_TEST_DATABASE_URL is set), a small province, and a client to call it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from web_world import TODAY, World, build_world

from cchc.store import make_sessionmaker, passwords
from cchc.web.app import create_app
from cchc.web.settings import Settings


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with minimal cost: the same code paths, a hundred times faster."""
    monkeypatch.setattr(passwords, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(secret_key="test-secret", data_dir=tmp_path / "data", today=lambda: TODAY)


@pytest.fixture
def app(factory: sessionmaker[Session], settings: Settings, world: World) -> FastAPI:
    return create_app(factory, settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
