"""Hand corrections of imported plans, kept with the hash of the document the extractor read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cchc.store.models.base import Base, one_of
from cchc.store.models.plans import PlanVersion
from cchc.store.types import utcnow

CORRECTION_KINDS = ("meta", "task", "split", "merge")
CORRECTION_PLACES = ("import", "editor")  # the import preview, the plan editor


class ExtractionCorrection(Base):
    """One correction (cchc.domain.corrections.Correction) a user made to a plan read from the
    document whose sha256 it keeps; `plan_version_id` is the version it produced. All of them
    together say how well the extractor reads this installation's documents
    (`cchc extract eval --corrections`)."""

    __tablename__ = "extraction_corrections"
    __table_args__ = (CheckConstraint(one_of("kind", CORRECTION_KINDS), name="kind"),
                      CheckConstraint(one_of("place", CORRECTION_PLACES), name="place"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    source_name: Mapped[str | None] = mapped_column(String(255))
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    place: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))
    field: Mapped[str | None] = mapped_column(String(32))
    position: Mapped[int | None]
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)

    plan_version: Mapped[PlanVersion] = relationship()
