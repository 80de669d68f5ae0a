"""Login throttling is shared by every server process, and X-Forwarded-For is not believed
unless the proxy is listed in CCHC_TRUSTED_PROXIES: two real `cchc serve` processes on one
database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from cchc.store import make_engine, make_sessionmaker
from cchc.store.services import create_organization, create_user, grant_role

PASSWORD = "hai-tiến-trình-một-csdl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db_url: str, tmp_path, port: int) -> subprocess.Popen:
    env = {**os.environ, "CCHC_DATABASE_URL": db_url, "CCHC_DATA_DIR": str(tmp_path / "data"),
           "CCHC_SECRET_KEY": "two-processes", "CCHC_REMIND_AT": "23:59"}
    env.pop("CCHC_TRUSTED_PROXIES", None)
    return subprocess.Popen([sys.executable, "-m", "cchc.cli", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_up(base: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode())
        try:
            httpx.get(f"{base}/login", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{base} did not start")


@pytest.fixture
def servers(db_url: str, tmp_path) -> Iterator[list[str]]:
    engine = make_engine(db_url)
    with make_sessionmaker(engine).begin() as s:
        commune = create_organization(s, None, "xa", "UBND xã Hương Trà", "xa")
        grant_role(s, None, create_user(s, None, "vanphong", "Cán bộ", PASSWORD), commune,
                   "unit_officer")
    engine.dispose()
    ports = [_free_port(), _free_port()]
    processes = [_serve(db_url, tmp_path, port) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base, process in zip(bases, processes):
            _wait_up(base, process)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def _attempt(base: str, password: str, forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return httpx.post(f"{base}/api/session", json={"username": "vanphong", "password": password},
                      headers=headers, timeout=30).status_code


def test_failures_on_one_process_slow_down_the_other(servers):
    first, second = servers
    assert [_attempt(first, "sai") for _ in range(5)] == [401] * 5  # wrong password
    assert _attempt(second, PASSWORD) == 429


def test_a_forged_forwarded_for_does_not_escape_the_throttle(servers):
    first, _ = servers
    statuses = [_attempt(first, "sai", f"203.0.113.{n}") for n in range(5)]
    assert statuses == [401] * 5
    assert _attempt(first, PASSWORD, "198.51.100.7") == 429
