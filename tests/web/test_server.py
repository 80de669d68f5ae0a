"""`cchc serve`: the app built from a database URL, served over HTTP by uvicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from cchc.web.server import background_server, build_app
from cchc.web.settings import Settings


class TestServe:
    def test_it_migrates_the_database_and_serves_the_login_page(self, db_url, tmp_path):
        app = build_app(db_url, Settings(secret_key="s", data_dir=tmp_path))
        try:
            with background_server(app) as base:
                page = httpx.get(f"{base}/login")
                assert page.status_code == 200 and "Đăng nhập" in page.text
                assert httpx.get(f"{base}/static/vendor/htmx-2.0.11.min.js").status_code == 200
                assert httpx.get(f"{base}/tasks", follow_redirects=False).status_code == 303
        finally:
            app.state.session_factory.kw["bind"].dispose()

    def test_it_keeps_a_secret_key_in_the_data_directory(self, tmp_path):
        first = Settings.from_env({"CCHC_DATA_DIR": str(tmp_path)})
        again = Settings.from_env({"CCHC_DATA_DIR": str(tmp_path)})
        assert first.secret_key == again.secret_key and len(first.secret_key) > 40
        assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0

    def test_it_serves_with_several_worker_processes(self, db_url, tmp_path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "CCHC_DATABASE_URL": db_url, "CCHC_DATA_DIR": str(tmp_path),
               "CCHC_WEB_WORKERS": "2"}
        server = subprocess.Popen(
            [sys.executable, "-c", f"from cchc.web.server import serve; serve(port={port})"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    page = httpx.get(f"http://127.0.0.1:{port}/login")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            assert page.status_code == 200 and "Đăng nhập" in page.text
        finally:
            server.terminate()
            server.wait(timeout=30)
