"""Benchmark: import a 1-million-row CSV export with 1% bad rows (bad dates, unknown channel
and status codes, missing keys, duplicate codes) into an empty store.

    python benchmarks/dossier_import_1m.py [--rows 1000000] [--shape portal|words]
                                           [--workdir /tmp/cchc-import-bench]

Shapes: `portal`, the national portal's field names and codes with ISO dates; `words`, as
provinces export to Excel/CSV — Vietnamese headers (mot_cua profile), status, channel and
yes/no words, dd/mm/yyyy HH:MM dates, `;` separator, a BOM; its bad rows also include
two-digit years.

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
from cchc.indicators.synth import in_words, synth

DEFECTS = ("bad date", "unknown channel", "unknown status", "missing key", "duplicate",
           "two-digit year")
SPOILED = {  # defect → (column, value) for each shape
    "portal": {"bad date": ("received_at", "31/02/2024"), "unknown channel": ("channel", "9"),
               "unknown status": ("status", "12"), "two-digit year": ("due_at", "18/03/24")},
    "words": {"bad date": ("received_at", "31/02/2024 08:00"),
              "unknown channel": ("channel", "Fax"), "unknown status": ("status", "Tạm giữ"),
              "two-digit year": ("due_at", "18/03/24")},
}


def make_csv(rows: int, path: Path, shape: str) -> int:
    """Synthetic dossiers as a CSV export of `shape` with 1% of the rows spoiled, one defect
    each."""
    table = synth(rows, seed=7)
    delimiter = ";" if shape == "words" else ","
    names = table.column_names
    if shape == "words":
        table = in_words(table)
    pacsv.write_csv(table, path, pacsv.WriteOptions(delimiter=delimiter))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = np.random.default_rng(7).choice(np.arange(2, rows), rows // 100, replace=False)
    first_code = next(csv.reader([lines[1]], delimiter=delimiter))[0]
    for n, index in enumerate(sorted(bad)):
        cells = next(csv.reader([lines[index]], delimiter=delimiter))
        defect = DEFECTS[n % len(DEFECTS)]
        if defect == "missing key":
            cells[0] = ""
        elif defect == "duplicate":
            cells[0] = first_code
        else:
            column, value = SPOILED[shape][defect]
            cells[names.index(column)] = value
        lines[index] = _csv_line(cells, delimiter)
    path.write_text("".join(lines), encoding="utf-8-sig" if shape == "words" else "utf-8")
    return len(bad)


def _csv_line(cells: list[str], delimiter: str) -> str:
    out = []
    for cell in cells:
        out.append(f'"{cell}"' if delimiter in cell or '"' in cell else cell)
    return delimiter.join(out) + "\n"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--shape", choices=("portal", "words"), default="portal")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cchc-import-bench"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    source = args.workdir / "export.csv"
    spoiled = make_csv(args.rows, source, args.shape)
    print(f"{source}: {args.rows:,} rows ({args.shape}), {spoiled:,} spoiled "
          f"({source.stat().st_size / 2**20:.0f} MB)")

    start = time.perf_counter()
    delimiter = ";" if args.shape == "words" else ","
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true, "
               f"delim = '{delimiter}')) TO '{args.workdir / 'baseline.parquet'}' (FORMAT parquet)")
    baseline = time.perf_counter() - start

    cpu_before, start = _cpu(), time.perf_counter()
    result = import_dossiers(source, DossierStore(args.workdir / "data"))
    wall, cpu = time.perf_counter() - start, _cpu() - cpu_before
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    assert result.rows == args.rows and result.loaded + result.quarantined == result.rows
    assert result.quarantined == spoiled, (result.quarantined, spoiled)
    with result.quarantine.open(encoding="utf-8") as handle:
        reasons = [(row["lý do"], row["mã lỗi"]) for row in csv.DictReader(handle)]
    assert len(reasons) == spoiled and all(reason and rule for reason, rule in reasons)
    print(result.summary())
    print(f"import: {wall:.2f} s wall, {cpu:.1f} s CPU, peak RSS {rss:.0f} MB (target < 30 s: "
          f"{'met' if wall < 30 else 'MISSED'})")
    print(f"baseline (DuckDB CSV → Parquet, no validation): {baseline:.2f} s; "
          f"ratio import / baseline: {wall / baseline:.1f}x")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
