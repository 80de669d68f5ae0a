"""`cchc demo`: a fresh database with the seeds' organizations, plans, accounts and history,
and a year of synthetic one-stop-shop dossiers for each plan.

The history of each plan stops at 30 June of its year, so the demo is served with "today"
(CCHC_TODAY) fixed at its reference date, the day after the history of its earliest plans
(xã Thiệu Vân and phường Sông Cầu, 2023) ends: their dashboards show a plan half way through
its year. `real_date=True` keeps the real date.

    info = build_demo_database("sqlite:///cchc-demo.sqlite")   # reusable by scripts, benchmarks
    run_demo("127.0.0.1", 8000, serve=True)                     # build, print accounts, serve
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cchc.demo.dossiers import add_demo_dossiers
from cchc.demo.history import Actors, history_end, simulate_half_year
from cchc.demo.organizations import DemoAccount, create_accounts, create_organizations, demo_config
from cchc.errors import CchcError
from cchc.scoring.sets import install_shipped
from cchc.store import make_engine, make_sessionmaker, migrate
from cchc.store.files import EvidenceFiles, SourceDocuments
from cchc.store.models import ROLES, Organization, User
from cchc.tracking.importing import import_file

DEFAULT_URL = "sqlite:///cchc-demo.sqlite"


@dataclass(frozen=True)
class DemoPlan:
    org_code: str
    org_name: str
    year: int
    tasks: int


@dataclass(frozen=True)
class DemoInfo:
    """What the demo database holds, and how to log in."""

    url: str
    data_dir: Path  # evidence files
    organizations: int
    plans: list[DemoPlan]
    accounts: list[DemoAccount]
    progress_updates: int
    today: date  # the reference date its history matches (CCHC_TODAY when served)
    dossiers: int = 0  # synthetic one-stop-shop dossiers in data_dir's store


def build_demo_database(url: str, data_dir: Path | None = None) -> DemoInfo:
    """Create the demo in `url`: a SQLite file is recreated, another database must be empty.

    Evidence files and dossiers go to `data_dir` (default: `<database name>-data` beside a
    SQLite file).
    """
    data_dir = data_dir or _default_data_dir(url)
    if make_url(url).get_backend_name() == "sqlite":
        _remove_sqlite(url)
    migrate(url)
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as session:
            _check_empty(session, url)
            info = _seed(session, url, data_dir)
    finally:
        engine.dispose()
    return replace(info, dossiers=add_demo_dossiers(data_dir, [(p.org_code, p.year)
                                                               for p in info.plans]))


def run_demo(host: str, port: int, serve: bool, real_date: bool = False) -> None:
    """Build the demo database (CCHC_DATABASE_URL if a SQLite URL, else ./cchc-demo.sqlite),
    print the accounts and the command that serves it again, then serve the web app on it with
    "today" at the demo's reference date (the real date with `real_date`)."""
    url = os.environ.get("CCHC_DATABASE_URL") or DEFAULT_URL
    if make_url(url).get_backend_name() != "sqlite":
        raise CchcError(f"cchc demo tạo lại cơ sở dữ liệu nên chỉ dùng SQLite; CCHC_DATABASE_URL "
                        f"đang là {make_url(url).render_as_string()} / the demo recreates its "
                        "database: use a SQLite URL")
    _refuse_a_real_installation(url)
    info = build_demo_database(url)
    os.environ["CCHC_DATABASE_URL"] = url
    os.environ["CCHC_DATA_DIR"] = str(info.data_dir)
    if real_date:
        os.environ.pop("CCHC_TODAY", None)
    else:
        os.environ["CCHC_TODAY"] = info.today.isoformat()
    serve_web = _web_server() if serve else None
    print(_describe(info, f"http://{host}:{port}" if serve_web else None))
    print(f"Ngày hiện tại của bản mẫu: {_today_label(info, real_date)}")
    print(f"Chạy lại trên dữ liệu này: {serve_command(info, host, port, real_date)}")
    if serve_web:
        serve_web(host=host, port=port)


def serve_command(info: DemoInfo, host: str, port: int, real_date: bool = False) -> str:
    """The shell command that serves the demo database again, as `cchc demo` served it."""
    database = Path(make_url(info.url).database or "").resolve()
    settings = {"CCHC_DATABASE_URL": f"sqlite:///{database}",
                "CCHC_DATA_DIR": str(info.data_dir.resolve())}
    if not real_date:
        settings["CCHC_TODAY"] = info.today.isoformat()
    program = Path(sys.argv[0])
    cchc = str(program.resolve()) if program.name == "cchc" and program.exists() else "cchc"
    words = [f"{name}={shlex.quote(value)}" for name, value in settings.items()]
    return " ".join([*words, shlex.quote(cchc), "serve", "--host", shlex.quote(host),
                     "--port", str(port)])


def _today_label(info: DemoInfo, real_date: bool) -> str:
    if real_date:
        return "ngày thật (--real-date)"
    return (f"{info.today:%d/%m/%Y} (lịch sử mẫu dừng ở 30/06 của năm kế hoạch; "
            "--real-date để dùng ngày thật)")


def _web_server() -> Callable[..., None] | None:
    """The web app's serve function, or None while the web app is not installed."""
    try:
        from cchc.web.server import serve
    except ModuleNotFoundError as exc:
        if exc.name not in ("cchc.web", "cchc.web.server"):
            raise
        return None
    return serve


def _seed(session: Session, url: str, data_dir: Path) -> DemoInfo:
    config = demo_config()
    orgs = create_organizations(session)
    accounts = create_accounts(session, orgs)
    files = EvidenceFiles(data_dir)
    seeds = resources.files("cchc").joinpath("demo_data/seeds")
    plans, updates = [], 0
    for prefix, code in config["plans"].items():
        seed = next(s for s in seeds.iterdir() if s.name.startswith(f"{prefix}_"))
        with resources.as_file(seed) as path:
            outcome = import_file(session, orgs[code], path, _secretariat(accounts, code),
                                  sources=SourceDocuments(data_dir))
        updates += simulate_half_year(session, outcome.version, _actors(accounts, orgs, code),
                                      files)
        plans.append(DemoPlan(code, orgs[code].name, outcome.version.plan.year,
                              len(outcome.version.tasks)))
    install_shipped(session, None)  # the criteria sets of Chỉ số CCHC, ready to copy or use
    return DemoInfo(url, data_dir, len(orgs), plans, [account for account, _ in accounts],
                    updates, reference_date(plans))


def reference_date(plans: list[DemoPlan]) -> date:
    """The day after the history of the earliest plans ends: "today" in the demo."""
    return history_end(min(plan.year for plan in plans)) + timedelta(days=1)


def _secretariat(accounts: list[tuple[DemoAccount, User]], code: str) -> User:
    return next(user for account, user in accounts
                if account.role == "secretariat" and code in account.org_codes)


def _actors(accounts: list[tuple[DemoAccount, User]], orgs: dict[str, Organization],
            code: str) -> Actors:
    """The plan organization's secretariat updates, its leader (else secretariat) approves,
    unit officers update their own unit's tasks."""
    secretariat = _secretariat(accounts, code)
    leader = next((user for account, user in accounts
                   if account.role == "leader" and code in account.org_codes), secretariat)
    officers = {orgs[unit].id: user for account, user in accounts
                if account.role == "unit_officer" for unit in account.org_codes}
    return Actors(secretariat, leader, officers)


def _describe(info: DemoInfo, address: str | None) -> str:
    plans = ", ".join(f"{p.org_name} {p.year} ({p.tasks} nhiệm vụ)" for p in info.plans)
    lines = [f"Đã tạo dữ liệu mẫu: {info.organizations} đơn vị, {len(info.plans)} kế hoạch "
             f"({plans}), {info.progress_updates} lượt cập nhật tiến độ, {info.dossiers} hồ sơ "
             f"thủ tục hành chính mẫu — {info.url}",
             f"Mở {address} — tài khoản:" if address else "Tài khoản:"]
    lines += [f"  {a.username} / {a.password} — {ROLES[a.role]}: {a.display_name}"
              for a in info.accounts]
    return "\n".join(lines)


def _default_data_dir(url: str) -> Path:
    database = make_url(url).database
    if make_url(url).get_backend_name() == "sqlite" and database:
        path = Path(database)
        return path.with_name(f"{path.stem}-data")
    return Path("cchc-demo-data")


def _refuse_a_real_installation(url: str) -> None:
    """Refuse to recreate a SQLite database that holds accounts the demo did not make."""
    database = make_url(url).database
    if not database or not Path(database).is_file():
        return
    demo_users = {user["username"] for user in demo_config()["users"]}
    db = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)
    try:
        users = {name for (name,) in db.execute("SELECT username FROM users")}
    except sqlite3.Error:  # not a cchc database (or not a database at all): nothing to keep
        return
    finally:
        db.close()
    if users - demo_users:
        raise CchcError(f"{database}: cơ sở dữ liệu đang dùng ({len(users - demo_users)} tài "
                        "khoản không phải của bản mẫu); cchc demo không xoá nó — hãy bỏ "
                        "CCHC_DATABASE_URL hoặc chọn tệp khác")


def _remove_sqlite(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)


def _check_empty(session: Session, url: str) -> None:
    if session.scalar(select(func.count()).select_from(Organization)):
        raise CchcError(f"{make_url(url).render_as_string()}: cơ sở dữ liệu đã có dữ liệu, dữ liệu "
                        "mẫu cần một cơ sở dữ liệu trống / the demo needs an empty database")
