"""Service indicators over stored dossiers, in DuckDB SQL.

Two stages. `aggregate` reduces dossiers to counts per unit, field, procedure and report month
of receipt, keyed also by outcome, month finished and month the dossier turns late; these
monthly aggregates are stored (Parquet) so dashboards stay fast. `indicators` and `form06` sum
them over any period — month, quarter, 6 or 9 months, year, calendar or CCHC cut-off — judging
open dossiers at the period's end exactly, because a dossier counts as late at a period's end
iff the month it turns late is not after the period's last month. Formulas: docs/indicators.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa

from cchc.indicators.calendar import WorkCalendar
from cchc.indicators.catalog import COUNTS, derive
from cchc.indicators.periods import KINDS, Kind, Period, Reporting, bucket, periods_between
from cchc.indicators.schema import EXCLUDED_STATUSES, ONLINE_CHANNEL

Dimension = Literal["org", "field", "procedure"]
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "org": ("org_code",), "field": ("field_code", "field_name"),
    "procedure": ("procedure_code", "procedure_name"),
}
OPEN, EARLY, ON_TIME, LATE = 0, 1, 2, 3  # outcome codes in the aggregates
AGGREGATE_FORMAT = 2  # saved aggregates of another format are rebuilt (2: recorded counts)
AGGREGATE_KEY = ("org_code", "field_code", "procedure_code", "received_b", "online",
                 "outcome", "finished_b", "late_b")


def parent_map(codes: Iterable[str]) -> dict[str, str]:
    """Parents from dotted unit codes: TH.TPTH.THIEUVAN → TH.TPTH → TH."""
    return {code: code.rsplit(".", 1)[0] for code in codes if "." in code}


class Engine:
    """Indicators for one set of dossiers seen at `as_of` (default: the latest date in them)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, reporting: Reporting,
                 as_of: dt.datetime, seconds_per_day: int) -> None:
        self.con, self.reporting, self.as_of = con, reporting, as_of
        self.seconds_per_day = seconds_per_day

    @classmethod
    def from_dossiers(cls, source: str, reporting: Reporting = Reporting(),
                      as_of: dt.datetime | None = None,
                      calendar_config: Path | None = None) -> Engine:
        """Aggregate dossiers from a FROM-clause item (store.relation_sql() or a Parquet read)."""
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        first, last, latest = con.execute(f"""SELECT min(received_at)::DATE,
            greatest(max(due_at), max(finished_at))::DATE,
            greatest(max(received_at), max(finished_at)) FROM {source}""").fetchall()[0]
        if first is None:
            raise ValueError("no dossiers")
        as_of = as_of or latest
        calendar = WorkCalendar.covering(first, max(last, as_of.date()), calendar_config)
        # a real table, not a registered Arrow one: the optimizer then knows it is small
        # and builds its hash joins on it rather than on the dossiers
        con.register("calendar_arrow", _calendar_days(calendar, reporting))
        con.execute("CREATE OR REPLACE TEMP TABLE calendar_days AS SELECT * FROM calendar_arrow")
        con.unregister("calendar_arrow")
        aggregate = _aggregate_sql(source, calendar, as_of)
        con.execute(f"CREATE OR REPLACE TEMP TABLE agg AS {aggregate}")
        names = " UNION ALL ".join(
            f"SELECT '{dim}' AS kind, {code} AS code, any_value({name}) AS name FROM {source} "
            f"WHERE {code} IS NOT NULL GROUP BY {code}"
            for dim, (code, name) in (("field", DIMENSIONS["field"]),
                                      ("procedure", DIMENSIONS["procedure"])))
        con.execute(f"CREATE OR REPLACE TEMP TABLE names AS {names}")
        return cls(con, reporting, as_of, calendar.hours.seconds_per_day)

    @classmethod
    def from_aggregates(cls, folder: Path) -> Engine:
        """Open aggregates saved by `save` (no dossier is read)."""
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        con = duckdb.connect()
        con.execute(f"CREATE TEMP TABLE agg AS SELECT * FROM read_parquet('{folder}/agg.parquet')")
        con.execute(f"CREATE TEMP TABLE names AS SELECT * FROM "
                    f"read_parquet('{folder}/names.parquet')")
        return cls(con, Reporting(meta["scheme"], meta["cutoff_day"]),
                   dt.datetime.fromisoformat(meta["as_of"]), meta["seconds_per_day"])

    def save(self, folder: Path, source_version: str = "") -> None:
        """Write the monthly aggregates (agg.parquet, names.parquet, meta.json)."""
        folder.mkdir(parents=True, exist_ok=True)
        for table in ("agg", "names"):
            tmp = folder / f"{table}.parquet.tmp"
            self.con.execute(f"COPY {table} TO '{tmp}' (FORMAT parquet)")
            tmp.replace(folder / f"{table}.parquet")
        meta = {"format": AGGREGATE_FORMAT,
                "scheme": self.reporting.scheme, "cutoff_day": self.reporting.cutoff_day,
                "as_of": self.as_of.isoformat(), "seconds_per_day": self.seconds_per_day,
                "source_version": source_version}
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    # -- indicators ----------------------------------------------------------------------
    def indicators(self, kind: Kind = "month", by: Iterable[Dimension] = ("org",),
                   parents: dict[str, str] | None = None,
                   period: str | Period | Sequence[Period] | None = None,
                   within: str | None = None, judged_at: Period | None = None) -> pa.Table:
        """Counts, rates and 766 points per period of `kind` and per `by` group, for the
        dossiers received in the period, open ones judged at its end. With `parents`
        (unit → parent unit) a unit's figures include its whole subtree. `period` keeps one
        period of `kind` by id, or counts over given periods of any span instead
        (`periods.year_to_date`); `within` keeps the dossiers of one unit and the units below
        it (dotted codes); `judged_at` judges every period's dossiers at the end of that
        period instead (each month's dossiers as they stand at the end of the year so far)."""
        keys, joins = self._grouping(by, parents)
        end = "p.judge_b"
        finished = f"coalesce(a.finished_b <= {end}, false)"
        late = f"coalesce(a.late_b <= {end}, false)"
        sums = _sums({
            "received": "true",
            "received_online": "a.online",
            "received_direct_post": "NOT a.online",
            "resolved_early": f"{finished} AND a.outcome = {EARLY}",
            "resolved_on_time": f"{finished} AND a.outcome = {ON_TIME}",
            "resolved_late": f"{finished} AND a.outcome = {LATE}",
            "pending_within": f"NOT {finished} AND NOT {late}",
            "pending_overdue": f"NOT {finished} AND {late}",
        }, finished, late)
        cohort = "a.received_b BETWEEN p.first_b AND p.last_b"
        return derive(self._query(kind, keys, joins, sums, cohort, period, within, judged_at),
                      self.seconds_per_day)

    def form06(self, kind: Kind = "quarter", by: Iterable[Dimension] = ("field",),
               parents: dict[str, str] | None = None, period: str | None = None) -> pa.Table:
        """Periodic statistics of Circular 01/2020/TT-VPCP (form 06/VPCP/KSTT): received
        online / in person and by post / carried over; resolved early / on time / late;
        pending within time / overdue at the period's end."""
        keys, joins = self._grouping(by, parents)
        inside = "a.received_b BETWEEN p.first_b AND p.last_b"
        resolved = "coalesce(a.finished_b BETWEEN p.first_b AND p.last_b, false)"
        pending = "coalesce(a.finished_b > p.last_b, true)"
        counts = {
            "carried_over": "a.received_b < p.first_b AND coalesce(a.finished_b >= p.first_b, "
                            "true)",
            "received_online": f"{inside} AND a.online",
            "received_direct_post": f"{inside} AND NOT a.online",
            "resolved_early": f"{resolved} AND a.outcome = {EARLY}",
            "resolved_on_time": f"{resolved} AND a.outcome = {ON_TIME}",
            "resolved_late": f"{resolved} AND a.outcome = {LATE}",
            "pending_within": f"{pending} AND NOT coalesce(a.late_b <= p.last_b, false)",
            "pending_overdue": f"{pending} AND coalesce(a.late_b <= p.last_b, false)",
        }
        sums = ", ".join(f"coalesce(sum(a.n) FILTER (WHERE {cond}), 0)::BIGINT AS {name}"
                         for name, cond in counts.items())
        active = "a.received_b <= p.last_b AND coalesce(a.finished_b >= p.first_b, true)"
        return self._query(kind, keys, joins, sums, active, period)

    # -- internals -----------------------------------------------------------------------
    def _query(self, kind: Kind, keys: list[tuple[str, str]], joins: str, sums: str, cohort: str,
               period: str | Period | Sequence[Period] | None,
               within: str | None = None, judged_at: Period | None = None) -> pa.Table:
        if kind not in KINDS:
            raise ValueError(f"unknown period kind '{kind}' (one of {', '.join(KINDS)})")
        where = ""
        if period is None or isinstance(period, str):
            chosen = self._periods_of(kind)
            where = f"AND p.period = '{_quoted(period)}'" if period else ""
        else:
            chosen = [period] if isinstance(period, Period) else list(period)
        self._use_periods(chosen, judged_at)
        if within:
            unit = _quoted(within)
            where += f" AND (a.org_code = '{unit}' OR starts_with(a.org_code, '{unit}.'))"
        select_keys = ", ".join(["p.period", "p.label AS period_label",
                                 *(f"{expr} AS {alias}" for expr, alias in keys)])
        group = ", ".join(["p.period", "p.label", *(expr for expr, _ in keys)])
        sql = f"""SELECT {select_keys}, {sums}
            FROM agg a JOIN periods p ON {cohort} {where} {joins}
            GROUP BY {group} HAVING count(*) > 0 ORDER BY {group}"""
        return self.con.sql(sql).to_arrow_table()

    def _periods_of(self, kind: Kind) -> list[Period]:
        """The periods of `kind` touching the months of the aggregates."""
        first_b, last_b = self.con.execute(
            "SELECT min(received_b), greatest(max(received_b), max(finished_b)) FROM agg"
        ).fetchall()[0]
        first = dt.date(first_b // 12, first_b % 12 + 1, 1)
        last = dt.date(last_b // 12, last_b % 12 + 1, 1)
        return [p for p in periods_between(kind, first, last, self.reporting)
                if p.last_bucket >= first_b and p.first_bucket <= last_b]

    def _use_periods(self, chosen: list[Period], judged_at: Period | None) -> None:
        """Table `periods`: id, label, first and last month, and the month whose end open
        dossiers are judged at (judge_b)."""
        self.con.register("periods", pa.table({
            "period": [p.id for p in chosen], "label": [p.label for p in chosen],
            "first_b": [p.first_bucket for p in chosen],
            "last_b": [p.last_bucket for p in chosen],
            "judge_b": [(judged_at or p).last_bucket for p in chosen]}))

    def _grouping(self, by: Iterable[Dimension], parents: dict[str, str] | None
                  ) -> tuple[list[tuple[str, str]], str]:
        """(expression, column name) of each grouping key, and the joins they need."""
        keys, joins = [], ""
        for dim in by:
            if dim not in DIMENSIONS:
                raise ValueError(f"unknown grouping '{dim}' (org, field or procedure)")
            if dim == "org" and parents:
                self.con.register("subtree", _ancestors(self.org_codes(), parents))
                joins += " JOIN subtree t ON t.org_code = a.org_code"
                keys.append(("t.unit", "org_code"))
            elif dim == "org":
                keys.append(("a.org_code", "org_code"))
            else:
                code, name = DIMENSIONS[dim]
                joins += (f" LEFT JOIN names n_{dim} ON n_{dim}.kind = '{dim}' "
                          f"AND n_{dim}.code = a.{code}")
                keys += [(f"a.{code}", code), (f"n_{dim}.name", name)]
        return keys, joins

    def org_codes(self) -> list[str]:
        """Units that have dossiers."""
        return [row[0] for row in
                self.con.execute("SELECT DISTINCT org_code FROM agg ORDER BY 1").fetchall()]


def _sums(outcomes: dict[str, str], finished: str, late: str) -> str:
    """Outcome counts by condition on a.n, and the other measures of the cohort, in the
    order of catalog.COUNTS."""
    parts = {name: f"sum(a.n) FILTER (WHERE {cond})" for name, cond in outcomes.items()}
    for name in ("with_fee", "paid_online", "digitized_components", "total_components", "reused",
                 "reuse_recorded"):
        parts[name] = f"sum(a.{name})"
    for name in ("e_results", "e_result_recorded", "rated", "satisfied", "processing_seconds"):
        parts[name] = f"sum(a.{name}) FILTER (WHERE {finished})"
    for name in ("apologized", "apology_recorded"):
        parts[name] = f"sum(a.{name}) FILTER (WHERE {late})"
    return ",\n".join(f"coalesce({parts[name]}, 0)::BIGINT AS {name}" for name in COUNTS)


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _ancestors(orgs: list[str], parents: dict[str, str]) -> pa.Table:
    rows = []
    for org in orgs:
        unit, seen = org, set()
        while unit is not None and unit not in seen:
            rows.append((org, unit))
            seen.add(unit)
            unit = parents.get(unit)
    return pa.table({"org_code": [r[0] for r in rows], "unit": [r[1] for r in rows]})


def _calendar_days(calendar: WorkCalendar, reporting: Reporting) -> pa.Table:
    """The calendar with each day's report month (bucket) and the next day's."""
    table = calendar.table()
    days = table["day"].to_pylist()
    buckets = [bucket(day, reporting) for day in days]
    after = buckets[1:] + [bucket(days[-1] + dt.timedelta(days=1), reporting)]
    return table.append_column("bucket", pa.array(buckets, pa.int64())) \
        .append_column("bucket_after", pa.array(after, pa.int64()))


def _aggregate_sql(source: str, calendar: WorkCalendar, as_of: dt.datetime) -> str:
    """Per dossier: outcome, report months of receipt / finish / turning late, and working
    time; then counts per AGGREGATE_KEY. Needs table calendar_days (_calendar_days)."""
    as_of_ts = f"TIMESTAMP '{as_of.isoformat(sep=' ')}'"
    as_of_day = f"DATE '{as_of.date().isoformat()}'"
    per_day = calendar.hours.seconds_per_day
    excluded = ", ".join(str(s) for s in EXCLUDED_STATUSES)

    def working_seconds(time_of_day: str, day: str) -> str:
        in_day = " + ".join(f"(least(greatest({time_of_day}, {start}), {end}) - {start})"
                            for start, end in calendar.hours.sessions)
        return f"({day}.cum_before + CASE WHEN {day}.working THEN {in_day} ELSE 0 END)"

    return f"""
    WITH d AS NOT MATERIALIZED (
        SELECT org_code, field_code, procedure_code, channel, fee, paid_online,
               digitized_components, total_components, reused, e_result, apology_issued,
               rating, supplement_requests, supplement_days, received_at, due_at,
               CASE WHEN finished_at <= {as_of_ts} THEN finished_at END AS finished_at,
               datediff('second', received_at::DATE, received_at) AS received_tod,
               datediff('second', finished_at::DATE, finished_at) AS finished_tod
        FROM {source}
        WHERE status NOT IN ({excluded}) AND received_at <= {as_of_ts}
    ), e AS NOT MATERIALIZED (
        SELECT d.*, cr.bucket AS received_b, cf.bucket AS finished_b, cf.day AS finished_day,
               coalesce(shifted.day, cd.day) AS due_eff,
               coalesce(shifted.bucket_after, cd.bucket_after) AS overdue_b,
               {working_seconds('d.finished_tod', 'cf')} - {working_seconds('d.received_tod', 'cr')}
                   - d.supplement_days * {per_day} AS worked
        FROM d
        JOIN calendar_days cr ON cr.day = d.received_at::DATE
        LEFT JOIN calendar_days cf ON cf.day = d.finished_at::DATE
        JOIN calendar_days cd ON cd.day = d.due_at::DATE
        LEFT JOIN calendar_days shifted ON d.supplement_days > 0 AND shifted.working
            AND shifted.work_index = cd.work_index + d.supplement_days
    )
    SELECT org_code, field_code, procedure_code, received_b,
        channel = {ONLINE_CHANNEL} AS online,
        CASE WHEN finished_day IS NULL THEN {OPEN}
             WHEN supplement_requests > 1 OR finished_day > due_eff THEN {LATE}
             WHEN finished_day < due_eff THEN {EARLY} ELSE {ON_TIME} END::TINYINT AS outcome,
        finished_b,
        CASE WHEN supplement_requests > 1 THEN received_b
             WHEN coalesce(finished_day > due_eff, true) AND due_eff < {as_of_day}
             THEN overdue_b END AS late_b,
        count(*) AS n,
        count(paid_online) FILTER (WHERE fee > 0) AS with_fee,
        count(*) FILTER (WHERE fee > 0 AND paid_online) AS paid_online,
        coalesce(sum(digitized_components) FILTER (WHERE total_components IS NOT NULL), 0)
            AS digitized_components,
        coalesce(sum(total_components) FILTER (WHERE digitized_components IS NOT NULL), 0)
            AS total_components,
        count(*) FILTER (WHERE reused) AS reused,
        count(reused) AS reuse_recorded,
        count(*) FILTER (WHERE e_result AND finished_day IS NOT NULL) AS e_results,
        count(e_result) FILTER (WHERE finished_day IS NOT NULL) AS e_result_recorded,
        count(rating) AS rated,
        count(*) FILTER (WHERE rating >= 4) AS satisfied,
        count(*) FILTER (WHERE apology_issued) AS apologized,
        count(apology_issued) AS apology_recorded,
        coalesce(sum(greatest(worked, 0)), 0) AS processing_seconds
    FROM e
    GROUP BY ALL
    """
