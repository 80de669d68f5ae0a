"""The demo (the five seed plans, half a year of progress, a year of synthetic dossiers), built
once for the report tests that only read it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cchc.demo import DemoInfo, build_demo_database
from cchc.indicators.store import DossierStore
from cchc.reports.drafts import Drafting
from cchc.reports.periods import ReportCalendar
from cchc.store import make_engine, make_sessionmaker
from cchc.store.models import Organization


@dataclass
class Demo:
    info: DemoInfo
    factory: sessionmaker[Session]
    store: DossierStore

    def drafting(self, today: date) -> Drafting:
        return Drafting(ReportCalendar(), self.store, today)

    def org(self, session: Session, code: str) -> Organization:
        return session.scalar(select(Organization).where(Organization.code == code))


@pytest.fixture(scope="session")
def demo(databases, tmp_path_factory) -> Iterator[Demo]:
    url = databases.create()
    data = tmp_path_factory.mktemp("report-demo")
    info = build_demo_database(url, data)
    engine = make_engine(url)
    yield Demo(info, make_sessionmaker(engine), DossierStore(data))
    engine.dispose()
    databases.drop(url)
