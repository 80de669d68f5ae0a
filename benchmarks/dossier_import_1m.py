"""Benchmark: import a 1-million-row CSV export with 1% bad rows (bad dates, unknown channel
and status codes, missing keys, duplicate codes) into an empty store.

    python benchmarks/dossier_import_1m.py [--rows 1000000] [--workdir /tmp/cchc-import-bench]

Checks that every good row is loaded and every bad row quarantined with its reason; target
< 30 s. The baseline measured in the same run is a plain DuckDB read of the same CSV into
Parquet without validation, so the ratio shows what validation and the store cost.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.csv as pacsv

from cchc.indicators.importer import import_dossiers
from cchc.indicators.store import DossierStore
from cchc.indicators.synth import synth

DEFECTS = ("bad date", "unknown channel", "unknown status", "missing key", "duplicate")


def make_csv(rows: int, path: Path) -> int:
    """Synthetic dossiers as a CSV with 1% of the rows spoiled, one defect each."""
    table = synth(rows, seed=7)
    pacsv.write_csv(table, path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = np.random.default_rng(7).choice(np.arange(2, rows), rows // 100, replace=False)
    for n, index in enumerate(sorted(bad)):
        cells = next(csv.reader([lines[index]]))
        defect = DEFECTS[n % len(DEFECTS)]
        if defect == "bad date":
            cells[7] = "31/02/2024"
        elif defect == "unknown channel":
            cells[12] = "9"
        elif defect == "unknown status":
            cells[13] = "12"
        elif defect == "missing key":
            cells[0] = ""
        else:
            cells[0] = next(csv.reader([lines[1]]))[0]  # the first dossier's code
        lines[index] = _csv_line(cells)
    path.write_text("".join(lines), encoding="utf-8")
    return len(bad)


def _csv_line(cells: list[str]) -> str:
    out = []
    for cell in cells:
        out.append(f'"{cell}"' if "," in cell or '"' in cell else cell)
    return ",".join(out) + "\n"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cchc-import-bench"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    source = args.workdir / "export.csv"
    spoiled = make_csv(args.rows, source)
    print(f"{source}: {args.rows:,} rows, {spoiled:,} spoiled "
          f"({source.stat().st_size / 2**20:.0f} MB)")

    start = time.perf_counter()
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true)) "
               f"TO '{args.workdir / 'baseline.parquet'}' (FORMAT parquet)")
    baseline = time.perf_counter() - start

    cpu_before, start = _cpu(), time.perf_counter()
    result = import_dossiers(source, DossierStore(args.workdir / "data"))
    wall, cpu = time.perf_counter() - start, _cpu() - cpu_before
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    assert result.rows == args.rows and result.loaded + result.quarantined == result.rows
    assert result.quarantined == spoiled, (result.quarantined, spoiled)
    with result.quarantine.open(encoding="utf-8") as handle:
        reasons = [row["reason"] for row in csv.DictReader(handle)]
    assert len(reasons) == spoiled and all(reasons)
    print(result.summary())
    print(f"import: {wall:.2f} s wall, {cpu:.1f} s CPU, peak RSS {rss:.0f} MB (target < 30 s: "
          f"{'met' if wall < 30 else 'MISSED'})")
    print(f"baseline (DuckDB CSV → Parquet, no validation): {baseline:.2f} s; "
          f"ratio import / baseline: {wall / baseline:.1f}x")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
