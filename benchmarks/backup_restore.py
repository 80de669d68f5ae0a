"""Benchmark: `cchc backup`, `cchc restore --check` and `cchc restore` of the demo installation.

    python benchmarks/backup_restore.py [--postgres postgresql+psycopg://postgres@127.0.0.1/test]
                                        [--extra-evidence-mb 0] [--workdir /tmp/cchc-backup-bench]

Builds the demo (organizations, accounts, five plans with half a year of progress and evidence,
102,000 dossiers) on SQLite, and on PostgreSQL when a server URL is given (a database is made
and dropped there), optionally with more evidence (random, incompressible bytes), then backs it
up, checks the archive and restores it into an empty installation. The baseline measured in the
same run is a plain copy of the same things (the database file or a bare pg_dump, and the data
folder with shutil.copytree), so the ratio shows what the checksums, the zip and the
verification cost.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.pool import NullPool

from cchc.demo import build_demo_database
from cchc.store import make_engine
from cchc.store.backup import check_backup, make_backup, restore_backup
from cchc.store.backup.databases import libpq_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL server URL (a database is made there)")
    parser.add_argument("--extra-evidence-mb", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cchc-backup-bench"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    print("| backend | database MB | data files | data MB | archive MB | backup s | check s "
          "| restore s | plain copy s | backup / copy |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    backends = [("sqlite", sqlite_databases(args.workdir))]
    if args.postgres:
        backends.append(("postgresql", postgres_databases(args.postgres)))
    for name, databases in backends:
        with databases as make:
            run(name, make, args.workdir / name, args.extra_evidence_mb)


def run(name: str, make: Callable[[str], str], folder: Path, extra_mb: int) -> None:
    source, target = make("source"), make("target")
    data = folder / "source-data"
    build_demo_database(source, data)
    add_evidence(data, extra_mb)
    baseline = timed(lambda: plain_copy(source, data, folder / "copy"))
    backup = timed(lambda: make_backup(folder / "backup.zip", source, data))
    check = timed(lambda: check_backup(folder / "backup.zip"))
    restore = timed(lambda: restore_backup(folder / "backup.zip", target, folder / "target-data"))
    files = [p for p in data.rglob("*") if p.is_file()]
    database_mb = (folder / "copy" / "database").stat().st_size / 1e6
    print(f"| {name} | {database_mb:.1f} | {len(files)} "
          f"| {sum(p.stat().st_size for p in files) / 1e6:.1f} "
          f"| {(folder / 'backup.zip').stat().st_size / 1e6:.1f} | {backup:.2f} | {check:.2f} "
          f"| {restore:.2f} | {baseline:.2f} | {backup / baseline:.1f} |")


def add_evidence(data: Path, megabytes: int) -> None:
    """`megabytes` of 512 kB files of random bytes, stored as evidence is (by sha256)."""
    for n in range(megabytes * 2):
        name = secrets.token_hex(32)
        path = data / "evidence" / name[:2] / name[2:]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(512 * 1024))


def plain_copy(url: str, data: Path, to: Path) -> None:
    to.mkdir()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        shutil.copyfile(parsed.database or "", to / "database")
    else:
        subprocess.run(["pg_dump", "--format=custom", f"--file={to / 'database'}",
                        f"--dbname={libpq_url(parsed)}"], check=True)
    shutil.copytree(data, to / "data")


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@contextmanager
def sqlite_databases(workdir: Path) -> Iterator[Callable[[str], str]]:
    folder = workdir / "sqlite"
    folder.mkdir()
    yield lambda name: f"sqlite:///{folder / name}.sqlite"


@contextmanager
def postgres_databases(server_url: str) -> Iterator[Callable[[str], str]]:
    server = make_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    prefix, made = f"cchc_bench_{secrets.token_hex(4)}", []

    def make(name: str) -> str:
        made.append(f"{prefix}_{name}")
        with server.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {made[-1]}"))
        return server.url.set(database=made[-1]).render_as_string(hide_password=False)

    try:
        yield make
    finally:
        with server.connect() as connection:
            for database in made:
                connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        server.dispose()


if __name__ == "__main__":
    main()
