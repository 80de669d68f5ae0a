"""`cchc serve`: migrate the configured database and serve the web app with uvicorn."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, func, select

from cchc.errors import CchcError
from cchc.store import database_url, make_engine, make_sessionmaker, migrate, open_database
from cchc.store.models import Organization, User
from cchc.tracking.reminders import ReminderSettings
from cchc.tracking.scheduler import start_daily_reminders
from cchc.web.app import create_app
from cchc.web.settings import Settings


POOL = {"pool_size": 10, "max_overflow": 30}  # a connection for each of anyio's 40 threads


def build_app(url: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The app on the database at `url` (default: CCHC_DATABASE_URL), brought up to date."""
    url = url or database_url()
    migrate(url)
    return create_app(make_sessionmaker(_engine(url)), settings or Settings.from_env())


def ready_to_serve(url: str | None = None) -> None:
    """Bring the database up to date; refuse, saying exactly what to run, when nobody could
    sign in (no active administrator or no account at all)."""
    with open_database(url) as factory, factory() as session:
        if session.scalar(select(func.count()).select_from(User)
                          .where(User.active.is_(True))):
            return
        has_orgs = session.scalar(select(func.count()).select_from(Organization))
    first = [] if has_orgs else ["cchc orgs load --province <MÃ hoặc TÊN TỈNH>"]
    first.append('cchc users add admin --name "Họ và tên" --org <MÃ ĐƠN VỊ> --role quan_tri')
    raise CchcError("Chưa có tài khoản nào nên không ai đăng nhập được. Hãy chạy trước: "
                    + " ; ".join(first) + " (demo: cchc demo).")


def worker_app() -> FastAPI:
    """The app of one worker process (`uvicorn --factory`): database and settings from the
    environment, the database already migrated by the parent process."""
    return create_app(make_sessionmaker(_engine(database_url())), Settings.from_env())


def trusted_proxies(environ: Mapping[str, str] = os.environ) -> list[str]:
    """CCHC_TRUSTED_PROXIES: the comma-separated addresses whose X-Forwarded-For is believed."""
    return [p.strip() for p in environ.get("CCHC_TRUSTED_PROXIES", "").split(",") if p.strip()]


def _engine(url: str) -> Engine:
    return make_engine(url, **({} if ":memory:" in url else POOL))


def serve(host: str = "127.0.0.1", port: int = 8000, url: str | None = None,
          settings: Settings | None = None, workers: int | None = None) -> None:
    """Serve until interrupted, sending the daily reminders meanwhile.

    `workers` processes (default CCHC_WEB_WORKERS, else 1) share the load, one CPU each; with
    more than one, settings come from the environment (Settings.from_env). Behind a reverse
    proxy, list its address in CCHC_TRUSTED_PROXIES so that https and client addresses (for
    login throttling) are read from its X-Forwarded-* headers; by default no one is trusted.
    """
    workers = workers or int(os.environ.get("CCHC_WEB_WORKERS") or 1)
    proxies = trusted_proxies()
    options = dict(host=host, port=port, proxy_headers=bool(proxies), log_level="info",
                   forwarded_allow_ips=",".join(proxies) or None)
    if workers > 1:
        url = url or database_url()
        migrate(url)
        os.environ["CCHC_DATABASE_URL"] = url  # for the workers
        target: FastAPI | str = "cchc.web.server:worker_app"
        options.update(factory=True, workers=workers)
        session_factory = make_sessionmaker(_engine(url))
    else:
        target = build_app(url, settings)
        session_factory = target.state.session_factory
    stop_reminders = start_daily_reminders(session_factory, ReminderSettings.from_env())
    try:
        uvicorn.run(target, **options)
    finally:
        stop_reminders()


@contextmanager
def background_server(app: FastAPI, host: str = "127.0.0.1",
                      port: int = 0) -> Iterator[str]:
    """Serve `app` in a thread for as long as the block runs; yields its base URL.
    Port 0 picks a free port. For browser tests, screenshots and benchmarks."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           lifespan="off", proxy_headers=False))
    thread = threading.Thread(target=server.run, name="cchc-web", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"the web server could not start on {host}:{port}")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
