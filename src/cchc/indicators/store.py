"""Stored dossiers: Parquet partitioned by unit and month of receipt under
$CCHC_DATA_DIR/dossiers/, in versions. An import writes a new version (unchanged partitions
hard-linked, changed ones rewritten) and then switches the CURRENT pointer with one atomic
rename, so a failed import leaves the previous version untouched."""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import duckdb

from cchc.indicators.schema import COLUMNS

CURRENT = "CURRENT"
_MONTH = "strftime({}, '%Y-%m')"  # partition: month of receipt


def data_dir() -> Path:
    return Path(os.environ.get("CCHC_DATA_DIR", "cchc-data"))


_HELD: dict[Path, tuple[threading.RLock, list[int]]] = {}
_HELD_GUARD = threading.Lock()


@contextmanager
def store_lock(root: Path) -> Iterator[None]:
    """One writer at a time on the store under `root` — imports and aggregate rebuilds, from
    the web app's threads and processes and the command line alike (a file lock); re-entrant
    within a thread."""
    key = root.resolve()
    with _HELD_GUARD:
        lock, depth = _HELD.setdefault(key, (threading.RLock(), [0]))
    with lock:
        handle = None
        if depth[0] == 0:
            root.mkdir(parents=True, exist_ok=True)
            handle = (root / ".lock").open("a")
            fcntl.flock(handle, fcntl.LOCK_EX)
        depth[0] += 1
        try:
            yield
        finally:
            depth[0] -= 1
            if handle is not None:
                handle.close()  # releases the file lock


class DossierStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or data_dir()
        self.dossiers = self.root / "dossiers"

    def current(self) -> Path | None:
        """The directory of the version in force, None while nothing is stored."""
        pointer = self.dossiers / CURRENT
        if not pointer.exists():
            return None
        return self.dossiers / pointer.read_text(encoding="utf-8").strip()

    def relation_sql(self) -> str | None:
        """A DuckDB FROM-clause item reading every stored dossier in canonical columns."""
        version = self.current()
        if version is None or not any(version.rglob("*.parquet")):
            return None
        columns = ", ".join(c.name for c in COLUMNS)
        return (f"(SELECT {columns} FROM read_parquet('{version}/*/*/*.parquet', "
                "hive_partitioning = true, union_by_name = true))")

    def replace(self, con: duckdb.DuckDBPyConnection, incoming: str) -> int:
        """Upsert the rows of view `incoming` (canonical columns) keyed by dossier_code, in a
        new version. Returns how many stored dossiers were replaced."""
        old, stored = self.current(), self.relation_sql()
        new = self.dossiers / f"v-{uuid.uuid4().hex[:12]}"
        columns = ", ".join(c.name for c in COLUMNS)
        body = f"SELECT {columns} FROM {incoming}"
        replaced, touched = 0, set()
        try:
            if stored:
                con.execute(f"""CREATE OR REPLACE TEMP TABLE _hit AS
                    SELECT s.dossier_code, s.org_code, {_MONTH.format('s.received_at')} AS month
                    FROM {stored} s JOIN {incoming} i USING (dossier_code)""")
                con.execute(f"""CREATE OR REPLACE TEMP TABLE _touched AS
                    SELECT org_code, month FROM _hit UNION
                    SELECT org_code, {_MONTH.format('received_at')} FROM {incoming}""")
                replaced = con.execute("SELECT count(*) FROM _hit").fetchall()[0][0]
                touched = set(con.execute("SELECT org_code, month FROM _touched").fetchall())
                body += f""" UNION ALL SELECT {columns} FROM {stored} s
                    SEMI JOIN _touched t ON s.org_code = t.org_code
                        AND {_MONTH.format('s.received_at')} = t.month
                    ANTI JOIN _hit h ON s.dossier_code = h.dossier_code"""
            new.mkdir(parents=True)
            con.execute(f"""COPY (SELECT *, {_MONTH.format('received_at')} AS month
                FROM ({body})) TO '{new}' (FORMAT parquet, PARTITION_BY (org_code, month),
                OVERWRITE_OR_IGNORE true)""")
            if old is not None:
                _link_untouched(old, new, touched)
            self._switch_to(new)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return replaced

    def _switch_to(self, version: Path) -> None:
        pointer = self.dossiers / CURRENT
        tmp = pointer.with_suffix(".tmp")
        tmp.write_text(version.name, encoding="utf-8")
        os.replace(tmp, pointer)


def _link_untouched(old: Path, new: Path, touched: set[tuple[str, str]]) -> None:
    for org_dir in old.iterdir():
        if not org_dir.is_dir():
            continue
        for month_dir in org_dir.iterdir():
            key = (_value(org_dir.name), _value(month_dir.name))
            if key in touched:
                continue
            target = new / org_dir.name / month_dir.name
            target.mkdir(parents=True, exist_ok=True)
            for file in month_dir.iterdir():
                os.link(file, target / file.name)


def _value(partition_dir: str) -> str:
    return unquote(partition_dir.split("=", 1)[1])
