"""A commune with a year of data for scoring tests: the small province of the web tests
(xã Hương Trà, its 2024 plan issued on 5/1/2024), its tasks' approved progress, evidence on
its communication task, its periodic reports (two on time, one late, one never sent) and ten
one-stop-shop dossiers; the shipped criteria sets installed. Assessed on 20/1/2025."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cchc.indicators.importer import import_dossiers
from cchc.indicators.schema import ARROW_SCHEMA
from cchc.indicators.store import DossierStore
from cchc.reports.periods import ReportCalendar
from cchc.scoring.facts import Context
from cchc.scoring.sets import install_shipped
from cchc.store import make_sessionmaker
from cchc.store.files import EvidenceFiles
from cchc.store.models import CriteriaSetRecord, Organization, Task, User
from cchc.store.services import add_evidence, approve_progress, update_task_progress
from cchc.store.services.reports import open_report, send_report
from tests.indicators.conftest import dossier

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_world import World, build_world

ASSESSED_ON = date(2025, 1, 20)
HANOI = "xa-hanoi-5666"


@dataclass
class ScoringWorld:
    factory: sessionmaker[Session]
    world: World
    store: DossierStore
    files: EvidenceFiles

    def context(self, session: Session, org: Organization | None = None) -> Context:
        return Context(org or session.get(Organization, self.world.commune.id), 2024,
                       ASSESSED_ON, ReportCalendar(), self.store)

    def user(self, session: Session, username: str) -> User:
        return session.scalar(select(User).where(User.username == username))

    def criteria_set(self, session: Session, code: str = HANOI) -> CriteriaSetRecord:
        return session.scalar(select(CriteriaSetRecord).where(CriteriaSetRecord.code == code))


def _progress(s: Session, task_id: int, status: str, reporter: User, leader: User) -> None:
    task = s.get(Task, task_id)
    update = update_task_progress(s, task_id, reporter, status, 100, None, task.version_id,
                                  today=date(2024, 3, 1))  # reported before every deadline
    approve_progress(s, update.id, leader)


def _dossiers(store: DossierStore, folder: Path) -> None:
    """Ten dossiers of the commune in 2024: four online; nine on time; the late one with an
    apology letter."""
    rows = []
    for n in range(10):
        late = n == 9
        rows.append(dossier(f"HT{n}", "2024-03-04 08:00", "2024-03-08 17:00",
                            "2024-03-12 10:00" if late else "2024-03-06 10:00",
                            org_code="qng.tb.ht", channel=2 if n < 4 else 1,
                            apology_issued=True if late else None))
    path = folder / "mot-cua.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=ARROW_SCHEMA), path)
    import_dossiers(path, store, today=ASSESSED_ON)


@pytest.fixture
def scoring_world(engine, tmp_path) -> ScoringWorld:
    factory = make_sessionmaker(engine)
    world = build_world(factory)
    store, files = DossierStore(tmp_path / "data"), EvidenceFiles(tmp_path / "data")
    with factory.begin() as s:
        install_shipped(s, None)
        reporter, leader = (s.scalar(select(User).where(User.username == name))
                            for name in ("vanphong", "lanhdao"))
        _progress(s, world.tasks["hotich"], "done", reporter, leader)
        _progress(s, world.tasks["sohoa"], "done_late", reporter, leader)
        _progress(s, world.tasks["tuyentruyen"], "done", reporter, leader)
        task = s.get(Task, world.tasks["tuyentruyen"])
        for name in ("loa-thang-6.jpg", "hoi-nghi-tuyen-truyen.pdf"):
            add_evidence(s, files, task, reporter, name, name.encode(), "application/pdf")
        commune = s.get(Organization, world.commune.id)
        for period, late in (("2024-Q1", False), ("2024-H1", True), ("2024-9M", False)):
            report = open_report(s, commune, period, "unit", {}, {}, reporter)
            send_report(s, report, reporter, {"period": period}, late=late)
    _dossiers(store, tmp_path)
    return ScoringWorld(factory, world, store, files)
