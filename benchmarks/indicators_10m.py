"""Benchmark: every indicator by organization × month over 10 million dossiers.

DuckDB engine (the store's Parquet partitions by unit and month → monthly aggregates →
indicators) against the straightforward pandas reference (the same dossiers from one Parquet
file), each in its own process so that peak RSS (resource.getrusage) is its own. Prints wall
and CPU time, peak RSS, the ratio, and checks the two results are identical.

    python benchmarks/indicators_10m.py [--rows 10000000] [--workdir /tmp/cchc-bench]

Targets (issue 4): engine < 10 s wall and < 4 GB peak RSS on 2 cores; ≥ 5× the reference.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

KEYS = ["period", "org_code"]


def phase_synth(rows: int, data: Path, store_root: Path) -> dict:
    """Synthetic dossiers to one Parquet file, and the same into a store (no validation)."""
    import duckdb
    import pyarrow.parquet as pq

    from cchc.indicators.store import DossierStore
    from cchc.indicators.synth import synth

    start = time.perf_counter()
    pq.write_table(synth(rows, seed=2024), data)
    wall = time.perf_counter() - start
    con = duckdb.connect()
    con.execute(f"CREATE VIEW incoming AS SELECT * FROM read_parquet('{data}')")
    DossierStore(store_root).replace(con, "incoming")
    return {"wall": wall}


def phase_engine(store_root: Path, out: Path) -> dict:
    import pyarrow.parquet as pq

    from cchc.indicators.engine import Engine
    from cchc.indicators.store import DossierStore

    start = time.perf_counter()
    engine = Engine.from_dossiers(DossierStore(store_root).relation_sql())
    aggregated = time.perf_counter()
    table = engine.indicators("month", ("org",))
    wall = time.perf_counter() - start
    pq.write_table(table, out)
    return {"wall": wall, "aggregate": aggregated - start,
            "indicators": wall - (aggregated - start), "groups": table.num_rows}


def phase_reference(data: Path, out: Path) -> dict:
    import pandas as pd

    from cchc.indicators.reference import reference_indicators

    start = time.perf_counter()
    frame = pd.read_parquet(data)
    table = reference_indicators(frame, "month", ("org",))
    wall = time.perf_counter() - start
    table.to_parquet(out)
    return {"wall": wall, "groups": len(table)}


def run_phase(rows: int, *args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--rows", str(rows), "--phase", *args],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(engine_out: Path, reference_out: Path) -> None:
    import pandas as pd

    from cchc.indicators.catalog import COUNTS

    ours = pd.read_parquet(engine_out)[KEYS + list(COUNTS)].sort_values(KEYS)
    theirs = pd.read_parquet(reference_out)[KEYS + list(COUNTS)].sort_values(KEYS)
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), theirs.reset_index(drop=True),
                                  check_dtype=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cchc-bench"))
    parser.add_argument("--phase", nargs="+")
    args = parser.parse_args()
    if args.phase:
        name, *paths = args.phase
        result = {"synth": lambda: phase_synth(args.rows, Path(paths[0]), Path(paths[1])),
                  "engine": lambda: phase_engine(Path(paths[0]), Path(paths[1])),
                  "reference": lambda: phase_reference(Path(paths[0]), Path(paths[1]))}[name]()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result["peak_rss_mb"] = usage.ru_maxrss / 1024
        result["cpu"] = usage.ru_utime + usage.ru_stime
        print(json.dumps(result))
        return

    args.workdir.mkdir(parents=True, exist_ok=True)
    data = args.workdir / f"dossiers-{args.rows}.parquet"
    store_root = args.workdir / f"store-{args.rows}"
    if not (store_root / "dossiers" / "CURRENT").exists():
        made = run_phase(args.rows, "synth", str(data), str(store_root))
        print(f"synth: {args.rows:,} dossiers in {made['wall']:.1f} s wall, "
              f"{made['cpu']:.1f} s CPU (peak RSS {made['peak_rss_mb']:.0f} MB)")
    engine_out, reference_out = args.workdir / "engine.parquet", args.workdir / "reference.parquet"
    engine = run_phase(args.rows, "engine", str(store_root), str(engine_out))
    reference = run_phase(args.rows, "reference", str(data), str(reference_out))
    compare(engine_out, reference_out)
    ratio = reference["wall"] / engine["wall"]
    print(f"rows: {args.rows:,}  groups (org × month): {engine['groups']}")
    print(f"engine (DuckDB): {engine['wall']:.2f} s wall (aggregate {engine['aggregate']:.2f} s, "
          f"indicators {engine['indicators']:.3f} s), {engine['cpu']:.1f} s CPU, "
          f"peak RSS {engine['peak_rss_mb']:.0f} MB")
    print(f"reference (pandas): {reference['wall']:.2f} s wall, {reference['cpu']:.1f} s CPU, "
          f"peak RSS {reference['peak_rss_mb']:.0f} MB")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(other processes share the CPU when it exceeds the core count)")
    print(f"ratio: {ratio:.1f}x  results identical: yes")
    print("targets: wall < 10 s {}, RSS < 4096 MB {}, ratio >= 5x {}".format(
        *("met" if ok else "MISSED" for ok in (engine["wall"] < 10,
                                               engine["peak_rss_mb"] < 4096, ratio >= 5))))


if __name__ == "__main__":
    main()
