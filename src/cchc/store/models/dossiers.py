"""Dossier imports (nhập hồ sơ TTHC) from the web app: who imported which file for which
organization, how it went, and the counts; the dossiers themselves are in the dossier store
(cchc.indicators.store), not in the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cchc.store.models.base import Base, one_of
from cchc.store.types import utcnow

IMPORT_STATES = ("running", "done", "failed")
STALLED_AFTER = timedelta(hours=3)  # no import runs this long: its process was stopped


class DossierImport(Base):
    __tablename__ = "dossier_imports"
    __table_args__ = (CheckConstraint(one_of("state", IMPORT_STATES), name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)  # bytes
    profile: Mapped[str] = mapped_column(String(100))  # mapping profile used
    state: Mapped[str] = mapped_column(String(10), default="running")
    stage: Mapped[str | None] = mapped_column(String(20))  # while running: read, check, ...
    rows: Mapped[int | None]
    loaded: Mapped[int | None]
    replaced: Mapped[int | None]
    quarantined: Mapped[int | None]
    rules: Mapped[dict[str, Any] | None]  # rule → quarantined rows breaking it
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    @property
    def stalled(self) -> bool:
        """Still "running" long after any import ends: the server stopped during it. The
        dossier store switches versions atomically, so importing the file again is safe."""
        return self.state == "running" and utcnow() - self.started_at > STALLED_AFTER
