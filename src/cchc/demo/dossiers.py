"""A year of synthetic one-stop-shop dossiers for the demo units under each seed plan's
organization, in the plan's year, imported into the demo's dossier store with its monthly
aggregates, so the plan dashboards show their targets' actual values."""

from __future__ import annotations

import tempfile
from datetime import date
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from cchc.indicators.aggregates import engine_for
from cchc.indicators.importer import import_dossiers
from cchc.indicators.periods import Reporting
from cchc.indicators.store import DossierStore
from cchc.indicators.synth import DemoOrg, demo_orgs, synth, write

SEED = 766
DOSSIERS_PER_WEIGHT = 1500  # a year's dossiers per unit of demo.yaml volume weight


def add_demo_dossiers(data_dir: Path, plans: Iterable[tuple[str, int]]) -> int:
    """Dossiers for every (organization code, year) of `plans`, stored under `data_dir`;
    returns how many. The same on every run."""
    years: dict[int, list[DemoOrg]] = {}
    for code, year in plans:
        chosen = years.setdefault(year, [])
        chosen += [o for o in demo_orgs() if _under(o.code, code) and o not in chosen]
    tables = [synth(round(DOSSIERS_PER_WEIGHT * sum(o.weight for o in orgs)), SEED + year,
                    orgs, year) for year, orgs in sorted(years.items()) if orgs]
    if not tables:
        return 0
    store = DossierStore(data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-dossiers.parquet"
        write(pa.concat_tables(tables), path)
        loaded = import_dossiers(path, store, Path(tmp) / "quarantine.csv",
                                 today=date(max(years), 12, 31)).loaded  # whatever CCHC_TODAY
    for scheme in ("calendar", "cchc"):
        engine_for(store, Reporting(scheme))
    return loaded


def _under(code: str, root: str) -> bool:
    return code == root or code.startswith(f"{root}.")
