"""`cchc demo`: the seeds' organizations, the five seed plans, one account per role, history."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import cchc.demo
from cchc.cli import app
from cchc.demo import DemoInfo, build_demo_database, run_demo
from cchc.errors import CchcError
from cchc.store import make_engine, make_sessionmaker, migrate
from cchc.store.dashboard import plan_dashboard
from cchc.store.files import EvidenceFiles
from cchc.store.models import (
    ROLES, Comment, Evidence, Milestone, Organization, Plan, ProgressUpdate, Task, UnitClass, User)
from cchc.store.services import authenticate, create_user


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
    # 215 since issue 11: seed 001 reads two product and unit cells of shortened rows as the
    # task rows they belong to (its 9-column table lost cells in the export)
    assert count(session, Task) == sum(p.tasks for p in info.plans) == 215


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
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("CCHC_TODAY", "2023-07-01")
    served = []
    monkeypatch.setattr(cchc.demo, "_web_server",
                        lambda: lambda host, port: served.append((host, port, dict(os.environ))))

    run_demo("127.0.0.1", 8000, serve=True, real_date=True)

    out = capsys.readouterr().out
    assert "Mở http://127.0.0.1:8000 — tài khoản:" in out
    assert "canbo / cchc-demo — Cán bộ đơn vị" in out
    assert "Ngày hiện tại của bản mẫu: ngày thật (--real-date)" in out
    assert (f"Chạy lại trên dữ liệu này: CCHC_DATABASE_URL=sqlite:///{database} "
            f"CCHC_DATA_DIR={tmp_path / 'demo-data'} cchc serve --host 127.0.0.1 --port 8000"
            in out)
    [(host, port, environment)] = served
    assert (host, port) == ("127.0.0.1", 8000) and "CCHC_TODAY" not in environment
    assert environment["CCHC_DATA_DIR"] == str(tmp_path / "demo-data")  # where its files are
    assert Path(tmp_path / "demo-data" / "evidence").is_dir()


def test_its_dashboards_show_plans_in_progress_at_its_reference_date(demo):
    info, session = demo

    assert info.today == date(2023, 7, 1)  # the day after the 2023 plans' history ends
    for plan in session.scalars(select(Plan)):
        now = plan_dashboard(session, plan, info.today).totals
        year_after = plan_dashboard(session, plan, date(plan.year + 1, 3, 1)).totals
        assert now.rag != "red" and now.late < 0.2 * now.total, plan.org.name
        assert 0 < now.percent < 100
        assert year_after.rag == "red"  # what the real date showed before: a red wall


def test_demo_no_serve_prints_the_command_that_serves_it_again(tmp_path, monkeypatch):
    for name in ("CCHC_DATABASE_URL", "CCHC_DATA_DIR", "CCHC_TODAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    port = free_port()

    result = CliRunner().invoke(app, ["demo", "--no-serve", "--port", str(port)])

    assert result.exit_code == 0, result.output
    assert "Ngày hiện tại của bản mẫu: 01/07/2023" in result.output
    command = result.output.split("Chạy lại trên dữ liệu này: ")[1].strip()
    assert f"CCHC_DATABASE_URL=sqlite:///{tmp_path}/cchc-demo.sqlite" in command
    assert "CCHC_TODAY=2023-07-01" in command
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    server = subprocess.Popen(command, shell=True, cwd=elsewhere, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # its own process group, ended below
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            wait_for(client, server)
            signed_in = client.post("/api/session",
                                    json={"username": "lanhdao", "password": "cchc-demo"})
            tasks = client.get("/api/tasks").json()
            overdue = client.get("/api/tasks", params={"due": "overdue"}).json()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)

    assert signed_in.status_code == 200
    assert tasks["total"] == 30  # xã Thiệu Vân's 2023 plan
    assert overdue["total"] <= 3  # half way through the year, not 29 of 30 overdue


def test_demo_will_not_recreate_a_database_with_real_accounts(tmp_path, monkeypatch):
    database = tmp_path / "cchc.sqlite"
    migrate(f"sqlite:///{database}")
    engine = make_engine(f"sqlite:///{database}")
    with make_sessionmaker(engine).begin() as session:
        create_user(session, None, "nguyenvana", "Nguyễn Văn A", "một mật khẩu rất dài")
    engine.dispose()
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{database}")

    with pytest.raises(CchcError, match="cơ sở dữ liệu đang dùng \\(1 tài khoản"):
        run_demo("127.0.0.1", 8000, serve=False)
    engine = make_engine(f"sqlite:///{database}")
    with make_sessionmaker(engine)() as session:
        assert session.scalar(select(User.username)) == "nguyenvana"
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(client: httpx.Client, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"cchc serve ended with {server.returncode}")
        try:
            client.get("/login")
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("cchc serve did not answer")
