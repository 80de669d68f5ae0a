"""Synthetic one-stop-shop dossiers for the demo organizations: volumes by unit size, procedure
mix, channels, supplementation, lateness, apologies, open dossiers at the snapshot and the
holiday effect (online dossiers submitted over Tết are received after it). Vectorized and
deterministic by seed; used by tests, the demo and the benchmarks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

from cchc.indicators.calendar import WorkCalendar
from cchc.indicators.profiles import column_labels
from cchc.indicators.schema import ARROW_SCHEMA, CHANNELS, STATUSES

SUPPLEMENT_ONCE, SUPPLEMENT_TWICE = 0.05, 0.004  # shares of dossiers asked to supplement
REFUSED, WITHDRAWN = 0.004, 0.003  # TrangThaiHoSo 3 and 7
APOLOGY_SHARE, RATED_SHARE, REUSED_SHARE, E_RESULT_SHARE = 0.65, 0.15, 0.35, 0.75
RATINGS, RATING_WEIGHTS = np.arange(1, 6), np.array([0.02, 0.03, 0.10, 0.35, 0.50])


@dataclass(frozen=True)
class DemoOrg:
    code: str
    name: str
    level: str  # tinh | huyen | xa
    weight: float  # relative volume
    online: float  # share submitted online
    late: float  # share finished late
    digitized: float  # share of components digitized


@dataclass(frozen=True)
class DemoProcedure:
    code: str
    name: str
    field: str
    levels: tuple[str, ...]
    days: float  # working days allowed
    fee: int
    weight: float


def _demo() -> dict:
    return yaml.safe_load(resources.files("cchc.indicators").joinpath("demo.yaml")
                          .read_text(encoding="utf-8"))


def demo_orgs() -> list[DemoOrg]:
    """Thanh Hóa, Bắc Kạn, Quảng Ngãi, Bình Phước with one city/district and one commune each."""
    return [DemoOrg(**o) for o in _demo()["orgs"]]


def demo_procedures() -> tuple[list[DemoProcedure], dict[str, str]]:
    data = _demo()
    procedures = [DemoProcedure(**{**p, "levels": tuple(p["levels"])}) for p in data["procedures"]]
    return procedures, data["fields"]


def synth(rows: int, seed: int = 0, orgs: list[DemoOrg] | None = None, year: int = 2024,
          as_of: dt.datetime | None = None, calendar: WorkCalendar | None = None) -> pa.Table:
    """`rows` dossiers received during `year`, seen at `as_of` (default 31/12 17:00)."""
    orgs = orgs or demo_orgs()
    procedures, fields = demo_procedures()
    cal = calendar or WorkCalendar(year - 1, year + 1)
    as_of = as_of or dt.datetime(year, 12, 31, 17)
    per_day = cal.hours.seconds_per_day
    rng = np.random.default_rng(seed)

    org = rng.choice(len(orgs), rows, p=_normalized([o.weight for o in orgs]))
    proc = _procedures_for(rng, org, orgs, procedures)
    attr = {name: np.array([getattr(o, name) for o in orgs]) for name in
            ("online", "late", "digitized")}
    days = np.array([p.days for p in procedures])[proc]
    fee = np.array([p.fee for p in procedures])[proc]

    u = rng.random(rows)
    channel = np.where(u < attr["online"][org], 2,
                       np.where(u < attr["online"][org] + 0.03, 3, 1))
    received_pos, submitted = _received(rng, cal, year, channel == 2)
    due_pos = received_pos + np.round(days * per_day).astype(np.int64)

    u = rng.random(rows)
    supplement_requests = (u < SUPPLEMENT_ONCE).astype(np.int64) + (u < SUPPLEMENT_TWICE)
    supplement_days = np.where(supplement_requests > 0, rng.integers(1, 6, rows), 0)
    late = rng.random(rows) < attr["late"][org]
    allowed = due_pos - received_pos
    duration = np.where(late, allowed + per_day * (1 + rng.exponential(1.5, rows)),
                        allowed * rng.beta(2, 2.5, rows)).astype(np.int64)
    finished_pos = received_pos + supplement_days * per_day + duration
    as_of_pos = cal.working_seconds(np.array([as_of], dtype="datetime64[s]"))[0]

    u = rng.random(rows)
    refused, withdrawn = u < REFUSED, (u >= REFUSED) & (u < REFUSED + WITHDRAWN)
    dropped = refused | withdrawn
    finished = (finished_pos <= as_of_pos) & ~dropped
    returned = finished & (rng.random(rows) < 0.9)
    status = np.where(finished, np.where(returned, 10, 9),
                      np.where(supplement_requests > 0, 5, rng.choice([2, 4, 4, 4, 6], rows)))
    status = np.where(refused, 3, np.where(withdrawn, 7, status))
    apology = late & ~dropped & (rng.random(rows) < APOLOGY_SHARE)
    total_components = rng.integers(1, 6, rows)
    rated = finished & (rng.random(rows) < RATED_SHARE)

    at = cal.at_working_seconds
    columns = {
        "dossier_code": _codes(orgs, org, year),
        "procedure_code": _pick([p.code for p in procedures], proc),
        "procedure_name": _pick([p.name for p in procedures], proc),
        "field_code": _pick([p.field for p in procedures], proc),
        "field_name": _pick([fields[p.field] for p in procedures], proc),
        "org_code": _pick([o.code for o in orgs], org),
        "submitted_at": _stamps(submitted),
        "received_at": _stamps(at(received_pos)),
        "due_at": _stamps(at(due_pos)),
        "finished_at": _stamps(at(np.where(finished, finished_pos, 0)), ~finished),
        "returned_at": _stamps(at(finished_pos + rng.integers(0, per_day, rows)), ~returned),
        "rejected_at": _stamps(at(received_pos + per_day // 2), ~refused),
        "channel": channel,
        "status": status,
        "supplement_requests": supplement_requests,
        "supplement_days": supplement_days,
        "digitized_components": rng.binomial(total_components, attr["digitized"][org]),
        "total_components": total_components,
        "reused": rng.random(rows) < REUSED_SHARE,
        "e_result": finished & (rng.random(rows) < E_RESULT_SHARE),
        "fee": fee,
        "paid_online": (fee > 0) & (rng.random(rows) < np.where(channel == 2, 0.7, 0.1)),
        "apology_issued": apology,
        "new_due_at": _stamps(at(due_pos + (supplement_days + 3) * per_day), ~apology),
        "rating": pa.array(rng.choice(RATINGS, rows, p=RATING_WEIGHTS), mask=~rated),
    }
    return pa.Table.from_pydict(columns, schema=ARROW_SCHEMA)


def in_words(table: pa.Table) -> pa.Table:
    """The dossiers as provinces export them to Excel/CSV: Vietnamese headers (the mot_cua
    profile's), status and channel names, Có/Không, dd/mm/yyyy HH:MM dates."""
    labels = column_labels()
    columns = []
    for name, column in zip(table.column_names, table.columns):
        if pa.types.is_timestamp(column.type):
            column = pc.strftime(column, "%d/%m/%Y %H:%M")
        elif name in ("status", "channel"):
            names = STATUSES if name == "status" else CHANNELS
            column = pc.take(pa.array(["", *(names.get(i, "") for i in range(1, 11))]),
                             pc.cast(column, pa.int32()))
        elif pa.types.is_boolean(column.type):
            column = pc.if_else(column, "Có", "Không")
        columns.append(column)
    return pa.Table.from_arrays(columns, names=[labels[n] for n in table.column_names])


def write(table: pa.Table, path: Path) -> None:
    """Write dossiers as Parquet, CSV or XLSX (by the file's extension)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        pq.write_table(table, path)
    elif suffix == ".csv":
        pacsv.write_csv(table, path)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(table.column_names)
        for row in table.to_pylist():
            sheet.append(list(row.values()))
        book.save(path)
    else:
        raise ValueError(f"{path}: write .parquet, .csv or .xlsx")


def _procedures_for(rng: np.random.Generator, org: np.ndarray, orgs: list[DemoOrg],
                    procedures: list[DemoProcedure]) -> np.ndarray:
    level = np.array([o.level for o in orgs])[org]
    proc = np.zeros(org.size, dtype=np.int64)
    for name in np.unique(level):
        choices = [i for i, p in enumerate(procedures) if name in p.levels]
        mask = level == name
        weights = _normalized([procedures[i].weight for i in choices])
        proc[mask] = np.array(choices)[rng.choice(len(choices), int(mask.sum()), p=weights)]
    return proc


def _received(rng: np.random.Generator, cal: WorkCalendar, year: int,
              online: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Working-clock position of receipt, and the submission instant. Counter dossiers are
    received while submitted, in office hours; online ones are submitted at any hour on any
    day and received on the working clock a little later (after hours: next morning)."""
    start = np.datetime64(f"{year}-01-01T00:00:00", "s")
    bounds = cal.working_seconds(np.array([start, np.datetime64(f"{year}-12-31T17:00:00")]))
    counter_pos = rng.integers(bounds[0] + 1, bounds[1], online.size)
    submitted_online = start + rng.integers(0, 365 * 86_400, online.size).astype("timedelta64[s]")
    online_pos = cal.working_seconds(submitted_online) + rng.integers(0, 7200, online.size)
    received_pos = np.where(online, online_pos, counter_pos)
    submitted = np.where(online, submitted_online, cal.at_working_seconds(counter_pos))
    return received_pos, submitted


def _codes(orgs: list[DemoOrg], org: np.ndarray, year: int) -> pa.Array:
    prefix = _pick([f"{o.code}-{year}-" for o in orgs], org)
    serial = pc.utf8_lpad(pc.cast(pa.array(np.arange(org.size)), pa.string()), 8, "0")
    return pc.binary_join_element_wise(prefix, serial, "")


def _pick(values: list[str], index: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32)),
                                          pa.array(values)).cast(pa.string())


def _stamps(values: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(values.astype("datetime64[s]"), pa.timestamp("s"), mask=missing)


def _normalized(weights: list[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()
