"""`cchc demo`: the seeds' organizations, the five seed plans, one account per role, history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import cchc.demo
from cchc.demo import DemoInfo, build_demo_database, run_demo
from cchc.store import make_engine, make_sessionmaker
from cchc.store.files import EvidenceFiles
from cchc.store.models import (
    ROLES, Comment, Evidence, Milestone, Organization, Plan, ProgressUpdate, Task, UnitClass, User)
from cchc.store.services import authenticate


@pytest.fixture(scope="module")
def demo(databases, tmp_path_factory) -> Iterator[tuple[DemoInfo, Session]]:
    url = databases.create()
    info = build_demo_database(url, tmp_path_factory.mktemp("demo-data"))
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        yield info, session
    engine.dispose()
    databases.drop(url)


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_it_builds_the_organization_tree_of_the_seeds(demo):
    info, session = demo
    codes = set(session.scalars(select(Organization.code)))

    assert info.organizations == count(session, Organization) == 100
    assert {"TH", "TH.TPTH", "TH.TPTH.THIEUVAN", "BK.TPBK.SONGCAU", "QNG.TRABONG.HUONGTRA",
            "BP.LOCNINH.LOCHOA", "TH.SNV", "TH.TPTH.THIEUVAN.VPTK",
            "TH.TPTH.THIEUVAN.MOTCUA"} <= codes
    communes = session.scalar(select(UnitClass).where(UnitClass.code == "class.ubnd_cap_xa"))
    assert {org.name for org in communes.members} >= {"UBND xã Thiệu Vân",
                                                      "UBND phường Sông Cầu"}


def test_it_imports_every_seed_plan_for_its_organization_and_year(demo):
    info, session = demo
    stored = {(plan.org.code, plan.year) for plan in session.scalars(select(Plan))}

    assert stored == {("TH.TPTH.THIEUVAN", 2023), ("BP.LOCNINH.LOCHOA", 2025),
                      ("QNG.TRABONG.HUONGTRA", 2024), ("BK.TPBK.SONGCAU", 2023), ("TH", 2024)}
    assert {(p.org_code, p.year) for p in info.plans} == stored
    assert count(session, Task) == sum(p.tasks for p in info.plans) == 216


def test_it_makes_one_account_per_role_that_can_log_in(demo):
    info, session = demo

    assert {account.role for account in info.accounts} == set(ROLES)
    assert count(session, User) == len(info.accounts)
    officer = next(a for a in info.accounts if a.role == "unit_officer")
    assert authenticate(session, officer.username, officer.password) is not None


def test_it_records_half_a_year_of_progress(demo):
    info, session = demo
    statuses = set(session.scalars(select(Milestone.status)))
    updates = session.scalars(select(ProgressUpdate)).all()

    assert info.progress_updates == len(updates) > 150
    assert {"done", "done_late", "overdue", "in_progress", "not_started"} <= statuses
    assert all(u.created_at.month <= 6 for u in updates)  # up to 30 June of the plan year
    assert any(u.approved_by for u in updates) and any(u.note for u in updates)
    assert count(session, Comment) > 0


def test_its_evidence_files_are_stored(demo):
    info, session = demo
    evidence = session.scalars(select(Evidence)).all()
    files = EvidenceFiles(info.data_dir)

    assert evidence and {e.name.rsplit(".", 1)[1] for e in evidence} == {"pdf", "txt"}
    pdf = next(e for e in evidence if e.name.endswith(".pdf"))
    assert files.path(pdf.file.sha256).read_bytes().startswith(b"%PDF-1.4")


def test_run_demo_recreates_the_database_prints_the_accounts_and_serves(tmp_path, monkeypatch,
                                                                         capsys):
    database = tmp_path / "demo.sqlite"
    database.write_bytes(b"an old demo")
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.delenv("CCHC_DATA_DIR", raising=False)
    served = []
    monkeypatch.setattr(cchc.demo, "_web_server",
                        lambda: lambda host, port: served.append((host, port)))

    run_demo("127.0.0.1", 8000, serve=True)

    out = capsys.readouterr().out
    assert "Mở http://127.0.0.1:8000 — tài khoản:" in out
    assert "canbo / cchc-demo — Cán bộ đơn vị" in out
    assert served == [("127.0.0.1", 8000)]
    assert Path(tmp_path / "demo-data" / "evidence").is_dir()
