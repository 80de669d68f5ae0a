#!/usr/bin/env python3
"""Web load benchmark: a synthetic province, server time of the busiest pages, 50 clients.

    .venv/bin/python benchmarks/web_load.py                       # SQLite (temporary file)
    .venv/bin/python benchmarks/web_load.py \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test  # and PostgreSQL
    options: --orgs 700 --tasks 50 --clients 50 --seconds 60 --samples 100 --workers 1
             --doc FILE

The province has `--orgs` organizations (a province, its departments, districts and communes),
each with a plan of `--tasks` tasks imported through the store, and a year of progress (four
reports per task, statuses and milestones as of 20 December). Then:

1. server time (the app's Server-Timing header: from the request reaching the app to its
   response) of the plan dashboard and of the task list — as the provincial secretariat, who sees every task, and as
   commune officers, with and without filters and diacritic-free search — one request at a
   time: p50 / p95 / max;
2. `--clients` concurrent clients for `--seconds` over loopback HTTP against uvicorn (in a
   thread, or `--workers` processes as `cchc serve` runs them): each signs
   in through the API and loops over task list, dashboard, task page and a progress report on
   one of a few tasks it shares with another client (optimistic locking: a 409 makes it
   re-read the task and report again). Every answer other than the expected ones is an error.
   Afterwards each task's version must have grown by exactly the number of acknowledged reports,
   every acknowledged report must be stored, and the task must show the last one: no lost update.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import bindparam, func, insert, make_url, select, text, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool
from starlette.types import ASGIApp

from cchc.domain.areas import AREAS
from cchc.domain.plan import Plan, PlanMeta, ScheduleItem, Task, UnitRef
from cchc.store import make_engine, make_sessionmaker, migrate
from cchc.store.models import Milestone, Organization, Plan as StoredPlan, ProgressUpdate
from cchc.store.models import Task as StoredTask
from cchc.store.services import create_organization, create_user, grant_role, import_plan
from cchc.web.app import create_app
from cchc.web.server import POOL, background_server
from cchc.web.settings import Settings
from cchc.web.timing import server_time

YEAR = 2024
TODAY = date(YEAR, 12, 20)
PASSWORD = "mật-khẩu-đo-tải"
HOT_TASKS = 3  # tasks per commune that its two clients both report on
LABELS = {"list": "task list", "dashboard": "dashboard / my work", "task": "task page"}
SCHEDULES = [
    [ScheduleItem("due", date=date(YEAR, 3, 31), label="Ban hành kế hoạch"),
     ScheduleItem("recurring", freq="quarterly", label="Báo cáo kết quả")],
    [ScheduleItem("window", start=date(YEAR, 4, 1), end=date(YEAR, 9, 30))],
    [ScheduleItem("continuous")],
    [ScheduleItem("due", date=date(YEAR, 6, 30))],
    [ScheduleItem("recurring", freq="semiannual")],
    [ScheduleItem("due", date=date(YEAR, 12, 31))],
]
WORDS = ["rà soát thủ tục hành chính", "số hóa hồ sơ", "tuyên truyền cải cách hành chính",
         "kiểm tra công vụ", "đánh giá chỉ số hài lòng", "dịch vụ công trực tuyến",
         "một cửa liên thông", "chuyển đổi số", "quản lý tài chính công", "đào tạo công chức"]


# -- the synthetic province -------------------------------------------------------------------

@dataclass
class Province:
    url: str
    province_plan: int
    commune_plans: list[int]
    officers: list[tuple[str, int]]  # (username, commune plan id) for the load clients
    tasks: int = 0
    updates: int = 0
    build_seconds: float = 0.0


def build_province(url: str, orgs: int, tasks: int, officers: int) -> Province:
    started = time.perf_counter()
    migrate(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with factory.begin() as s:
        province = create_organization(s, None, "p", "UBND tỉnh Thử Nghiệm", "tinh")
        units = [province]
        units += [create_organization(s, None, f"p.so{n}", f"Sở thứ {n}", "so", province)
                  for n in range(1, 21)]
        districts = [create_organization(s, None, f"p.h{n}", f"UBND huyện {n}", "huyen",
                                         province) for n in range(1, 10)]
        units += districts
        communes = [create_organization(s, None, f"p.h{n % 9 + 1}.x{n}", f"UBND xã Số {n}",
                                        "xa", districts[n % 9])
                    for n in range(1, orgs - len(units) + 1)]
        units += communes
        secretariat = create_user(s, None, "sonoivu", "Sở Nội vụ", PASSWORD)
        grant_role(s, None, secretariat, province, "secretariat")
        names = []
        for n, commune in enumerate(communes[:(officers + 1) // 2]):
            for k in (1, 2):  # two clients per commune compete for the same tasks; every
                if n % 5 == 4 and k == 2:  # fifth commune's second one is the province's
                    names.append(("sonoivu", commune.id))  # secretariat, reading everything
                    continue
                user = create_user(s, None, f"canbo{n}_{k}", f"Cán bộ {n}.{k}", PASSWORD)
                grant_role(s, None, user, commune, "unit_officer")
                names.append((user.username, commune.id))
        unit_ids = [(u.id, u.code, u.name) for u in units]
    plan_of: dict[int, int] = {}
    for start in range(0, len(unit_ids), 50):  # a transaction per 50 plans
        with factory.begin() as s:
            for org_id, code, name in unit_ids[start:start + 50]:
                org = s.get(Organization, org_id)
                version = import_plan(s, org, _plan(name, code, tasks), None, "bench.docx", None)
                plan_of[org_id] = version.plan_id
    updates = _year_of_progress(factory)
    with factory() as s:
        task_count = s.scalar(select(func.count(StoredTask.id)))
    engine.dispose()
    return Province(url, plan_of[unit_ids[0][0]], [plan_of[c.id] for c in communes],
                    [(u, plan_of[c]) for u, c in names], task_count or 0, updates,
                    time.perf_counter() - started)


def _plan(name: str, code: str, tasks: int) -> Plan:
    return Plan(source="bench.docx",
                meta=PlanMeta(title=f"Kế hoạch cải cách hành chính năm {YEAR}", issuer=name,
                              year=YEAR, number="1/KH-UBND", issued_on=date(YEAR, 1, 5)),
                tasks=[Task(no=str(n), area=list(AREAS)[n % len(AREAS)],
                            text=f"Nhiệm vụ {n}: {WORDS[n % len(WORDS)]} tại {name}",
                            outputs=["Báo cáo kết quả"], lead=[name], deadline_text="Năm 2024",
                            schedule=SCHEDULES[n % len(SCHEDULES)],
                            lead_units=[UnitRef(name, unit_id=code)])
                       for n in range(1, tasks + 1)])


def _year_of_progress(factory: sessionmaker[Session]) -> int:
    """Four reports per task (March, June, September, December) and where each task stands on
    20 December: 55% done, 10% done late, 20% in progress, 10% not started (late), 5% paused."""
    rng = random.Random(2024)
    with factory() as s:
        tasks = s.execute(select(StoredTask.id)).scalars().all()
    reports, states = [], []
    for task_id in tasks:
        final = rng.choices(["done", "done_late", "in_progress", "not_started", "paused"],
                            [55, 10, 20, 10, 5])[0]
        percent = {"done": 100, "done_late": 100, "not_started": 0}.get(final,
                                                                       rng.randrange(10, 95))
        for month, share in ((3, .25), (6, .5), (9, .75), (12, 1.0)):
            status = final if month == 12 else ("in_progress" if final != "not_started"
                                                else "not_started")
            reports.append({"task_id": task_id, "status": status,
                            "percent": percent if month == 12 else int(percent * share),
                            "note": f"Báo cáo tháng {month}",
                            "created_at": datetime(YEAR, month, 15, 3, tzinfo=UTC)})
        states.append({"id": task_id, "status": final, "percent": percent})
    tasks_table, milestones = StoredTask.__table__, Milestone.__table__
    active = [t["id"] for t in states if t["status"] in ("done", "done_late", "in_progress")]
    with factory.begin() as s:
        s.execute(insert(ProgressUpdate), reports)
        s.execute(update(tasks_table).where(tasks_table.c.id == bindparam("task"))
                  .values(status=bindparam("state"), percent=bindparam("share"), version_id=5,
                          updated_at=datetime(YEAR, 12, 15, tzinfo=UTC)),
                  [{"task": t["id"], "state": t["status"], "share": t["percent"]}
                   for t in states])  # version 5: the import, then four reports
        for start in range(0, len(active), 5000):
            s.execute(update(milestones).where(milestones.c.due_date < TODAY,
                                               milestones.c.task_id.in_(active[start:start + 5000]))
                      .values(status="done", percent=100))
    return len(reports)


# -- measuring ----------------------------------------------------------------------------------

class Timings:
    """Server times (from the Server-Timing header) by label."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self._lock = threading.Lock()

    def add(self, label: str, answer: httpx.Response) -> None:
        took = server_time(answer.headers.get("server-timing"))
        if took is not None:
            with self._lock:
                self.times[label].append(took / 1000)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95 and max, in milliseconds."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (1000 * statistics.median(ordered), 1000 * p95, 1000 * ordered[-1])


def server_times(app: ASGIApp, province: Province, samples: int, timings: Timings) -> None:
    rng = random.Random(7)
    with TestClient(app) as client:
        _sign_in(client, "sonoivu")
        cases: dict[str, Callable[[], str]] = {
            "dashboard (province plan)": lambda: f"/plans/{province.province_plan}",
            "dashboard (a commune plan)": lambda: f"/plans/{rng.choice(province.commune_plans)}",
            "task list, province: all tasks": lambda: f"/tasks?page={rng.randrange(1, 50)}",
            "task list, province: overdue": lambda: "/tasks?due=overdue",
            "task list, province: search 'so hoa ho so'": lambda: "/tasks?q=so+hoa+ho+so",
            "task list, province: one plan and area": lambda: (
                f"/tasks?plan={rng.choice(province.commune_plans)}&area=tthc"),
            "organization tree (province)": lambda: "/orgs",
        }
        for label, path in cases.items():
            for _ in range(samples):
                answer = client.get(path())
                assert answer.status_code == 200, (label, answer.status_code)
                timings.add(label, answer)
        client.cookies.clear()
        _sign_in(client, province.officers[0][0])
        for _ in range(samples):
            answer = client.get("/tasks?q=chuyen+doi+so")
            assert answer.status_code == 200
            timings.add("task list, commune officer: search", answer)


def _sign_in(client: TestClient | httpx.Client, username: str) -> str:
    answer = client.post("/api/session", json={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    token = answer.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token


@dataclass
class Acknowledged:
    task_id: int
    version: int
    status: str
    percent: int
    note: str
    update_id: int


@dataclass
class LoadResult:
    requests: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    acknowledged: list[Acknowledged] = field(default_factory=list)
    timings: Timings = field(default_factory=Timings)
    lock: threading.Lock = field(default_factory=threading.Lock)


def load(base: str, province: Province, clients: int, seconds: float,
         factory: sessionmaker[Session]) -> tuple[LoadResult, dict[int, int]]:
    hot = _hot_tasks(factory, province)
    before = _versions(factory, [t for tasks in hot.values() for t in tasks])
    result = LoadResult()
    start = threading.Barrier(min(clients, len(province.officers)) + 1)  # all signed in
    deadline: list[float] = []
    threads = [threading.Thread(target=_client, args=(base, username, plan, hot[plan], start,
                                                      deadline, result, n))
               for n, (username, plan) in enumerate(province.officers[:clients])]
    for thread in threads:
        thread.start()
    start.wait()
    deadline.append(time.monotonic() + seconds)
    for thread in threads:
        thread.join()
    return result, before


def _hot_tasks(factory: sessionmaker[Session], province: Province) -> dict[int, list[int]]:
    plans = {plan for _, plan in province.officers}
    with factory() as s:
        rows = s.execute(select(StoredPlan.id, StoredTask.id)
                         .join(StoredTask, StoredTask.plan_version_id
                               == StoredPlan.current_version_id)
                         .where(StoredPlan.id.in_(plans)).order_by(StoredTask.position))
        hot: dict[int, list[int]] = defaultdict(list)
        for plan, task in rows:
            if len(hot[plan]) < HOT_TASKS:
                hot[plan].append(task)
    return hot


def _versions(factory: sessionmaker[Session], tasks: list[int]) -> dict[int, int]:
    with factory() as s:
        return dict(s.execute(select(StoredTask.id, StoredTask.version_id)
                              .where(StoredTask.id.in_(tasks))).all())


def _client(base: str, username: str, plan: int, tasks: list[int], start: threading.Barrier,
            deadline: list[float], result: LoadResult, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as http:
        try:
            _sign_in(http, username)
        except httpx.HTTPError as exc:
            with result.lock:
                result.errors.append(f"{username}: sign-in {exc!r}")
            start.abort()
            return
        start.wait()
        while not deadline:
            time.sleep(0.001)
        n = 0
        while time.monotonic() < deadline[0]:
            n += 1
            kind = rng.choices(["list", "dashboard", "task", "report"], [3, 2, 2, 3])[0]
            who = "province" if username == "sonoivu" else "officer"
            label = f"{LABELS.get(kind, kind)} ({who})"
            try:
                if kind == "list":
                    _expect(http.get("/tasks", params={"q": rng.choice(["", "so hoa"]),
                                                       "page": rng.randrange(1, 5)}),
                            {200}, result, label)
                elif kind == "dashboard":  # an officer's own page is "Việc của tôi"
                    page = f"/plans/{plan}" if who == "province" else "/my"
                    _expect(http.get(page), {200}, result, label)
                elif kind == "task":
                    _expect(http.get(f"/tasks/{rng.choice(tasks)}"), {200}, result, label)
                else:
                    _report(http, rng.choice(tasks), f"{username} #{seed}.{n}", rng, result)
            except Exception as exc:  # noqa: BLE001 - every failure is an error of the run
                with result.lock:
                    result.errors.append(f"{kind}: {exc!r}")


def _expect(answer: httpx.Response, ok: set[int], result: LoadResult, label: str) -> None:
    result.timings.add(label, answer)
    with result.lock:
        result.requests[label] += 1
        if answer.status_code not in ok:
            result.errors.append(f"{label}: HTTP {answer.status_code} {answer.text[:200]}")


def _report(http: httpx.Client, task: int, note: str, rng: random.Random,
            result: LoadResult) -> None:
    """Read the task, report progress at its version; on a conflict read again and retry."""
    status, percent = "in_progress", rng.randrange(1, 100)
    for _ in range(20):
        shown = http.get(f"/api/tasks/{task}")
        _expect(shown, {200}, result, "API: read the task")
        version = shown.json()["task"]["version"]
        answer = http.post(f"/api/tasks/{task}/progress",
                           json={"status": status, "percent": percent, "note": note,
                                 "version": version})
        _expect(answer, {200, 409}, result, "API: report progress")
        if answer.status_code == 200:
            body = answer.json()
            with result.lock:
                result.acknowledged.append(Acknowledged(task, body["version"], status, percent,
                                                        note, body["update_id"]))
            return
        with result.lock:
            result.conflicts += 1
    with result.lock:
        result.errors.append(f"report on task {task}: 20 conflicts in a row")


def lost_updates(factory: sessionmaker[Session], result: LoadResult,
                 before: dict[int, int]) -> list[str]:
    """Every acknowledged report stored; each task's version grown by exactly the number of
    acknowledged reports; each task showing its last acknowledged report."""
    problems = []
    by_task: dict[int, list[Acknowledged]] = defaultdict(list)
    for ack in result.acknowledged:
        by_task[ack.task_id].append(ack)
    with factory() as s:
        stored = dict(s.execute(select(ProgressUpdate.id, ProgressUpdate.note).where(
            ProgressUpdate.id.in_([a.update_id for a in result.acknowledged]))).all())
        for ack in result.acknowledged:
            if stored.get(ack.update_id) != ack.note:
                problems.append(f"report {ack.update_id} ({ack.note}) is missing")
        for task_id, start in before.items():
            task = s.get(StoredTask, task_id)
            acks = sorted(by_task.get(task_id, []), key=lambda a: a.version)
            if task.version_id != start + len(acks):
                problems.append(f"task {task_id}: version {task.version_id}, expected "
                                f"{start} + {len(acks)} acknowledged reports")
            if acks and (task.status, task.percent) != (acks[-1].status, acks[-1].percent):
                problems.append(f"task {task_id} does not show its last report")
    return problems


# -- running --------------------------------------------------------------------------------------

def run(url: str, label: str, args: argparse.Namespace, data_dir: Path) -> list[str]:
    print(f"\n== {label}: building {args.orgs} organizations × {args.tasks} tasks ...",
          flush=True)
    province = build_province(url, args.orgs, args.tasks, args.clients)
    print(f"   {province.tasks} tasks, {province.updates} progress reports "
          f"in {province.build_seconds:.0f} s", flush=True)
    engine = make_engine(url, **POOL)
    factory = make_sessionmaker(engine)
    secret = secrets.token_hex(16)
    app = create_app(factory, Settings(secret_key=secret, data_dir=data_dir, today=lambda: TODAY))
    sequential = Timings()
    server_times(app, province, args.samples, sequential)
    lines = [f"### {label}", "",
             f"{args.orgs} organizations, {province.tasks} tasks, {province.updates} progress "
             f"reports (built in {province.build_seconds:.0f} s). Server time, one request at "
             f"a time, {args.samples} requests each:", "",
             "| page | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|"]
    for name, values in sequential.times.items():
        p50, p95, top = percentiles(values)
        lines.append(f"| {name} | {p50:.0f} | {p95:.0f} | {top:.0f} |")
    print(f"   {args.clients} clients for {args.seconds:.0f} s ...", flush=True)
    with _served(app, url, data_dir, secret, args.workers) as base:
        result, before = load(base, province, args.clients, args.seconds, factory)
    problems = lost_updates(factory, result, before)
    total = sum(result.requests.values())
    loaded = {name: percentiles(v) for name, v in sorted(result.timings.times.items())}
    processes = "one process" if args.workers == 1 else f"{args.workers} worker processes"
    lines += ["", f"{args.clients} concurrent clients for {args.seconds:.0f} s over loopback "
                  f"(uvicorn, {processes}): {total} requests ({total / args.seconds:.0f}/s), "
                  f"**{len(result.errors)} errors**, {len(result.acknowledged)} progress reports "
                  f"acknowledged, {result.conflicts} optimistic-locking conflicts re-read and "
                  f"retried, **{len(problems)} lost updates**."]
    if loaded:
        lines += ["", "Server time under that load (requests wait for the CPU):", "",
                  "| request | count | p50 ms | p95 ms |", "|---|---:|---:|---:|"]
        lines += [f"| {n} | {result.requests[n]} | {p50:.0f} | {p95:.0f} |"
                  for n, (p50, p95, _) in loaded.items()]
    for message in (result.errors + problems)[:10]:
        lines.append(f"- {message}")
    engine.dispose()
    print("\n".join(lines), flush=True)
    return lines


@contextmanager
def _served(app: ASGIApp, url: str, data_dir: Path, secret: str, workers: int) -> Iterator[str]:
    """The app over HTTP: in a thread, or `workers` uvicorn processes as `cchc serve` runs."""
    if workers == 1:
        with background_server(app) as base:
            yield base
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "CCHC_DATABASE_URL": url, "CCHC_DATA_DIR": str(data_dir),
           "CCHC_SECRET_KEY": secret, "CCHC_TODAY": TODAY.isoformat()}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "cchc.web.server:worker_app",
                               "--factory", "--workers", str(workers), "--port", str(port),
                               "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/login")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


def _postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    server = make_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"cchc_bench_{secrets.token_hex(4)}"
    with server.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))

    def drop() -> None:
        with server.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        server.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=700)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--postgres", help="server URL; the benchmark makes its own database")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--doc", type=Path, help="write the figures to this Markdown file")
    args = parser.parse_args()
    sections = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            sections.append(run(f"sqlite:///{tmp}/bench.sqlite", "SQLite", args,
                                Path(tmp) / "data"))
        if args.postgres:
            url, drop = _postgres_database(args.postgres)
            try:
                sections.append(run(url, "PostgreSQL", args, Path(tmp) / "data"))
            finally:
                drop()
    if args.doc:
        command = " ".join(["benchmarks/web_load.py", *sys.argv[1:]])
        args.doc.write_text("\n".join(_document(command, sections)) + "\n", "utf-8")


READING = [
    "Reading the figures: one request at a time, every dashboard and task list answers "
    "within 200 ms at p95; the first diacritic-free search of a plan version reads its tasks "
    "into the search index (the max column), later ones use it. Under load the 50 clients ask "
    "without pause, so requests queue for the CPU: one uvicorn process uses one core, and the "
    "clients share the same two cores, hence seconds of waiting at about 30 requests a second. "
    "Nothing fails and no report is lost; `CCHC_WEB_WORKERS` (or `--workers`) runs one process "
    "per core on a real server."]


def _document(command: str, sections: list[list[str]]) -> list[str]:
    return ["# Web benchmark", "",
            "Server time of the plan dashboard and the task list on a synthetic province, and "
            "50 concurrent clients reporting progress under optimistic locking. Target: "
            "dashboard and task list p95 < 200 ms; zero errors and zero lost updates under load.",
            "", "```", f".venv/bin/python {command}", "```", "",
            f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {date.today().isoformat()}. "
            "Server time is the app's Server-Timing header (request in to response out, "
            "inside the server); the clients run on the same machine and share its CPUs.", "",
            *READING, "",
            *[line for section in sections for line in (*section, "")]]


if __name__ == "__main__":
    main()
