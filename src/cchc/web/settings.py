"""Settings of the web app, read from the environment by `Settings.from_env`."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from cchc.clock import today_from_env, vietnam_today
from cchc.store.files import data_dir


@dataclass(frozen=True)
class Settings:
    secret_key: str  # signs the session cookie
    data_dir: Path  # evidence files, import drafts
    today: Callable[[], date] = field(default=vietnam_today)
    # "today" of deadlines, in Vietnam; fixed in demonstrations and tests
    session_max_age: timedelta = timedelta(hours=8)
    max_upload_bytes: int = 25 * 1024 * 1024
    due_soon_days: int = 14
    page_size: int = 50
    api_requests_per_minute: int = 600  # per API token

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """CCHC_SECRET_KEY (else one kept in the data directory), CCHC_DATA_DIR,
        CCHC_TODAY (ISO date, for demonstrations), CCHC_API_REQUESTS_PER_MINUTE (per token)."""
        directory = Path(environ["CCHC_DATA_DIR"]) if environ.get("CCHC_DATA_DIR") else data_dir()
        return cls(secret_key=environ.get("CCHC_SECRET_KEY") or _kept_secret(directory),
                   data_dir=directory, today=today_from_env(environ),
                   api_requests_per_minute=int(environ.get("CCHC_API_REQUESTS_PER_MINUTE")
                                               or cls.api_requests_per_minute))


def _kept_secret(directory: Path) -> str:
    """A random key stored once in the data directory, so restarts keep people signed in."""
    path = directory / "secret_key"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
