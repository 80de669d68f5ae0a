"""Keeping hand corrections of imported plans with the document they corrected, and finding
the corrected documents again (what `cchc extract eval --corrections` measures)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cchc.domain.corrections import Correction
from cchc.store import audit
from cchc.store.models import ExtractionCorrection, PlanVersion, User


@dataclass(frozen=True)
class CorrectedDocument:
    """A document users corrected: its plan as they left it, and how many corrections."""

    sha256: str
    source_name: str | None
    org_name: str
    year: int
    corrections: int
    plan_json: dict[str, Any]  # the latest version a correction of this document produced


def record_corrections(session: Session, version: PlanVersion, user: User | None, place: str,
                       corrections: Sequence[Correction]) -> None:
    """Keep the corrections that produced `version` with its document's hash (nothing is kept
    for a plan typed without a source document); audited in the caller's transaction."""
    if not corrections or not version.source_sha256:
        return
    session.add_all(ExtractionCorrection(
        source_sha256=version.source_sha256, source_name=version.source_name,
        plan_version=version, user_id=user.id if user else None, place=place,
        kind=c.kind, field=c.field, position=c.position, before=c.before, after=c.after)
        for c in corrections)
    audit.record(session, user, "extraction.corrections", version,
                 after={"source_sha256": version.source_sha256, "place": place,
                        "corrections": [c.to_dict() for c in corrections]})


def corrected_documents(session: Session) -> list[CorrectedDocument]:
    """Every corrected document of the installation, most recently corrected first."""
    latest = (select(ExtractionCorrection.source_sha256,
                     func.max(ExtractionCorrection.plan_version_id).label("version_id"),
                     func.count().label("corrections"), func.max(ExtractionCorrection.at)
                     .label("at"))
              .group_by(ExtractionCorrection.source_sha256).subquery())
    rows = session.execute(select(latest.c.source_sha256, latest.c.corrections, PlanVersion)
                           .join(PlanVersion, PlanVersion.id == latest.c.version_id)
                           .order_by(latest.c.at.desc())).all()
    return [CorrectedDocument(sha, version.source_name, version.plan.org.name, version.plan.year,
                              count, version.plan_json) for sha, count, version in rows]
