"""`cchc serve`: migrate the configured database and serve the web app with uvicorn."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from cchc.store import database_url, make_engine, make_sessionmaker, migrate
from cchc.tracking.reminders import ReminderSettings
from cchc.tracking.scheduler import start_daily_reminders
from cchc.web.app import create_app
from cchc.web.settings import Settings


def build_app(url: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The app on the database at `url` (default: CCHC_DATABASE_URL), brought up to date."""
    url = url or database_url()
    migrate(url)
    return create_app(make_sessionmaker(make_engine(url)), settings or Settings.from_env())


def serve(host: str = "127.0.0.1", port: int = 8000, url: str | None = None,
          settings: Settings | None = None) -> None:
    """Serve until interrupted, sending the daily reminders meanwhile. Behind a reverse proxy,
    set FORWARDED_ALLOW_IPS to its address so https and client addresses (for login
    throttling) are read from its headers."""
    app = build_app(url, settings)
    stop_reminders = start_daily_reminders(app.state.session_factory,
                                           ReminderSettings.from_env())
    try:
        uvicorn.run(app, host=host, port=port, proxy_headers=True,
                    forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
                    log_level="info")
    finally:
        stop_reminders()


@contextmanager
def background_server(app: FastAPI, host: str = "127.0.0.1",
                      port: int = 0) -> Iterator[str]:
    """Serve `app` in a thread for as long as the block runs; yields its base URL.
    Port 0 picks a free port. For browser tests, screenshots and benchmarks."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           lifespan="off"))
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
