"""The precomputed monthly aggregates of the stored dossiers, one folder per reporting scheme
under $CCHC_DATA_DIR/aggregates/, rebuilt when the stored version changes."""

from __future__ import annotations

import json
from pathlib import Path

from cchc.errors import CchcError
from cchc.indicators.engine import AGGREGATE_FORMAT, Engine
from cchc.indicators.periods import Reporting
from cchc.indicators.store import DossierStore, store_lock

CALENDAR_FILE = "calendar.yaml"  # optional per-year overrides and working hours


def engine_for(store: DossierStore, reporting: Reporting = Reporting()) -> Engine:
    """An engine over the stored dossiers' aggregates, built if missing or stale."""
    folder = store.root / "aggregates" / f"{reporting.scheme}-{reporting.cutoff_day}"
    version = store.current()
    if version is not None and _fresh(folder, version.name):
        return Engine.from_aggregates(folder)
    with store_lock(store.root):  # one rebuild at a time, never during an import
        version, source = store.current(), store.relation_sql()
        if version is None or source is None:
            raise CchcError(f"{store.dossiers}: chưa nhập hồ sơ nào "
                            "(cchc dossiers import TỆP)")
        if _fresh(folder, version.name):
            return Engine.from_aggregates(folder)
        engine = Engine.from_dossiers(source, reporting,
                                      calendar_config=calendar_config(store.root))
        engine.save(folder, version.name)
        return engine


def _fresh(folder: Path, version: str) -> bool:
    """Are the aggregates in `folder` those of the stored `version`, in today's format?"""
    meta = folder / "meta.json"
    if not meta.exists():
        return False
    saved = json.loads(meta.read_text(encoding="utf-8"))
    return saved.get("source_version") == version and saved.get("format") == AGGREGATE_FORMAT


def calendar_config(root: Path) -> Path | None:
    path = root / CALENDAR_FILE
    return path if path.exists() else None
