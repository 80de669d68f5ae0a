"""The precomputed monthly aggregates of the stored dossiers, one folder per reporting scheme
under $CCHC_DATA_DIR/aggregates/, rebuilt when the stored version changes."""

from __future__ import annotations

import json
from pathlib import Path

from cchc.errors import CchcError
from cchc.indicators.engine import Engine
from cchc.indicators.periods import Reporting
from cchc.indicators.store import DossierStore

CALENDAR_FILE = "calendar.yaml"  # optional per-year overrides and working hours


def engine_for(store: DossierStore, reporting: Reporting = Reporting()) -> Engine:
    """An engine over the stored dossiers' aggregates, built if missing or stale."""
    version, source = store.current(), store.relation_sql()
    if version is None or source is None:
        raise CchcError(f"{store.dossiers}: no dossiers imported yet (cchc dossiers import FILE)")
    folder = store.root / "aggregates" / f"{reporting.scheme}-{reporting.cutoff_day}"
    meta = folder / "meta.json"
    if meta.exists() and json.loads(meta.read_text(encoding="utf-8")).get(
            "source_version") == version.name:
        return Engine.from_aggregates(folder)
    engine = Engine.from_dossiers(source, reporting, calendar_config=calendar_config(store.root))
    engine.save(folder, version.name)
    return engine


def calendar_config(root: Path) -> Path | None:
    path = root / CALENDAR_FILE
    return path if path.exists() else None
