"""Import one-stop-shop dossier exports into the store.

Every row either loads or goes to the quarantine file with its row number and its problems,
each naming the column, the value and the rule broken (validation.py). Re-importing a file
replaces the same dossiers (keyed by dossier_code); a failed import leaves the store as it was.
A dry run does everything but store: which profile was chosen, the column and value mappings,
the first rows as they would be stored, and what would be quarantined.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from cchc.clock import today_from_env
from cchc.indicators.catalog import RATES, Rate
from cchc.indicators.profiles import Profile, Vocabulary, choose, fold_value
from cchc.indicators.schema import CHANNELS, CODED, COLUMNS, FLAGS, STATUSES
from cchc.indicators.sources import ROW, read_source
from cchc.indicators.store import DossierStore, store_lock
from cchc.indicators.validation import RECORD, RULES, UNIT, Settings, checked_sql

SAMPLE_ROWS = 5  # rows shown as they would be stored (dry run)
SHOWN_PROBLEMS = 10  # quarantined rows shown in a summary
STAGES = ("read", "check", "store")  # reported to `progress` as they start
OK, SOME_QUARANTINED, NOTHING_STORED = 0, 1, 2  # exit codes of `cchc dossiers import`


@dataclass(frozen=True)
class ValueUse:
    """A word of a coded column as the file writes it, how many rows, and what it means."""

    column: str
    header: str
    text: str
    rows: int
    value: object | None  # None: not recognized (the rows are quarantined)


@dataclass
class ImportResult:
    source: Path
    profile: Profile
    rows: int
    loaded: int  # stored (or, in a dry run, that would be)
    replaced: int  # dossiers already stored that this import replaced
    quarantined: int
    quarantine: Path | None
    columns: dict[str, str]  # canonical column → header in the file
    ignored_columns: list[str] = field(default_factory=list)
    values: list[ValueUse] = field(default_factory=list)
    rules: dict[str, int] = field(default_factory=dict)  # rule → quarantined rows breaking it
    problems: list[tuple[int, str]] = field(default_factory=list)  # first quarantined rows
    kept_same_day: int = 0  # rows loaded under the rule same_day_before_receipt: keep
    sample: list[dict] = field(default_factory=list)  # first good rows, canonical columns
    dry_run: bool = False

    def missing_sources(self) -> list[tuple[Rate, list[str]]]:
        """The indicators this file cannot feed, with the columns it lacks for them."""
        lacking = [(rate, [c for c in rate.sources if c not in self.columns]) for rate in RATES]
        return [(rate, missing) for rate, missing in lacking if missing]

    @property
    def exit_code(self) -> int:
        if not self.loaded:
            return NOTHING_STORED
        return SOME_QUARANTINED if self.quarantined else OK

    def to_dict(self) -> dict:
        """The result as JSON values (`cchc dossiers import --format json`, the web preview)."""
        return {
            "file": str(self.source), "profile": self.profile.name,
            "profile_source": self.profile.source, "dry_run": self.dry_run,
            "rows": self.rows, "loaded": self.loaded, "replaced": self.replaced,
            "quarantined": self.quarantined,
            "quarantine": str(self.quarantine) if self.quarantine else None,
            "rules": self.rules, "first_problems": [list(p) for p in self.problems],
            "kept_same_day": self.kept_same_day, "columns": self.columns,
            "ignored_columns": self.ignored_columns,
            "values": [{**vars(use), "meaning": meaning(use.column, use.value)}
                       for use in self.values],
            "no_data": [rate.id for rate, _ in self.missing_sources()],
            "sample": [{k: _jsonable(v) for k, v in row.items()} for row in self.sample],
            "exit_code": self.exit_code}

    def summary(self) -> str:
        """What happened, in Vietnamese, naming the profile, the counts, the reasons and the
        quarantine file."""
        verb = "sẽ lưu" if self.dry_run else "đã lưu"
        lines = [f"{self.source.name}: hồ sơ ánh xạ '{self.profile.name}' "
                 f"({self.profile.source})",
                 f"{_n(self.rows)} dòng: {verb} {_n(self.loaded)} hồ sơ"
                 + (f" (thay {_n(self.replaced)} hồ sơ đã có)" if self.replaced else "")
                 + f", cách ly {_n(self.quarantined)} dòng"]
        for rule, count in sorted(self.rules.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {_n(count)} dòng — {RULES[rule]} [{rule}]")
        if self.quarantine:
            lines.append(f"Các dòng bị cách ly, kèm lý do: {self.quarantine}")
        if self.kept_same_day:
            lines.append(f"{_n(self.kept_same_day)} hồ sơ có giờ hẹn trả / kết thúc sớm hơn giờ "
                         "tiếp nhận trong cùng ngày: giữ nguyên (quy tắc "
                         "same_day_before_receipt: keep)")
        if self.ignored_columns:
            lines.append(f"Cột không dùng: {', '.join(self.ignored_columns)}")
        return "\n".join(lines)


Progress = Callable[[str], None]


def import_dossiers(path: Path, store: DossierStore | None = None,
                    quarantine: Path | None = None, *, profile: str | Path | None = None,
                    today: dt.date | None = None, scope: Sequence[str] | None = None,
                    units: Mapping[str, str] | None = None, dry_run: bool = False,
                    progress: Progress | None = None) -> ImportResult:
    """Validate and load one export; bad rows go to `quarantine` (default
    $CCHC_DATA_DIR/quarantine/<file name>.csv). `profile`: a profile name or YAML file
    (default: the one recognizing most headers); `today`: dates more than a year after it are
    refused (default: CCHC_TODAY or today in Vietnam); `scope`: the unit codes whose subtrees
    may be imported (default: any); `units`: unit names → codes, besides the profile's."""
    store = store or DossierStore()
    report = progress or (lambda _stage: None)
    report("read")
    raw = read_source(path)
    chosen, mapping = choose(str(path), raw.headers, profile)
    header_of = {canonical: raw.headers.index(header) for canonical, header in mapping.items()}
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.register("raw", raw.table)
    values = _register_vocabulary(con, raw.table, chosen.vocabulary(), units or {}, header_of,
                                  raw.headers)
    settings = Settings(today or today_from_env()(),
                        chosen.rule("same_day_before_receipt") == "keep", scope)
    report("check")
    with store_lock(store.root):
        con.execute(f"CREATE TEMP TABLE checked AS "
                    f"{checked_sql(raw.headers, header_of, store.relation_sql(), settings)}")
        con.execute("CREATE TEMP VIEW good AS SELECT * FROM checked WHERE problems = ''")
        rows, bad = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE problems <> '') FROM checked").fetchall()[0]
        replaced = 0
        if rows > bad and not dry_run:
            report("store")
            replaced = store.replace(con, "good")
    target = None
    if bad and not dry_run:
        target = quarantine or store.root / "quarantine" / f"{path.name}.csv"
        write_quarantine(con, raw.headers, target)
    used = set(header_of.values())
    return ImportResult(
        path, chosen, rows, rows - bad, replaced, bad, target, mapping,
        [h for i, h in enumerate(raw.headers) if i not in used and h], values,
        _rule_counts(con), _first_problems(con), _kept_same_day(con, settings),
        _sample(con), dry_run)


def write_quarantine(con: duckdb.DuckDBPyConnection, headers: list[str], target: Path) -> None:
    """The bad rows as CSV: dòng, lý do, mã lỗi, then the row's cells as the file had them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    originals = ", ".join(f'r.c{i} AS "{_column_name(h, i)}"' for i, h in enumerate(headers))
    tmp = target.with_name(target.name + ".tmp")
    con.execute(f"""COPY (SELECT c.{ROW} AS "dòng", {_reasons('c.problems')} AS "lý do",
            {_rules('c.problems')} AS "mã lỗi", {originals}
        FROM checked c JOIN raw r USING ({ROW}) WHERE c.problems <> '' ORDER BY c.{ROW})
        TO '{_path(tmp)}' (FORMAT csv, HEADER true)""")
    os.replace(tmp, target)


def _register_vocabulary(con: duckdb.DuckDBPyConnection, raw: pa.Table, vocabulary: Vocabulary,
                         units: Mapping[str, str], header_of: dict[str, int],
                         headers: list[str]) -> list[ValueUse]:
    """Tables v_<column>(t, v) of the words found in each coded column and what they mean;
    returns every word with its count, for the preview."""
    uses = []
    folded_units = {fold_value(name): code for name, code in units.items()}
    for column in (*CODED, *FLAGS, "org_code"):
        if column not in header_of:
            continue
        found: dict[str, int] = {}  # the cell as validation trims it (spaces) → rows
        for entry in pc.value_counts(raw[f"c{header_of[column]}"]).to_pylist():
            text = entry["values"].strip(" ") if entry["values"] else ""
            if text:
                found[text] = found.get(text, 0) + entry["counts"]
        meaning = {}
        for text, count in sorted(found.items(), key=lambda item: (-item[1], item[0])):
            value = vocabulary.lookup(column, text)
            if column == "org_code" and value is None:
                value = folded_units.get(fold_value(text))
            meaning[text] = value
            if column != "org_code" or value is not None:
                uses.append(ValueUse(column, headers[header_of[column]], text, count, value))
        kind = {"org_code": pa.string(), **{f: pa.bool_() for f in FLAGS}}.get(column,
                                                                                 pa.int64())
        known = {t: v for t, v in meaning.items() if v is not None}
        con.register(f"v_{column}", pa.table({"t": pa.array(list(known), pa.string()),
                                              "v": pa.array(list(known.values()), kind)}))
    return uses


def meaning(column: str, value: object) -> str | None:
    """What a coded value stands for, in Vietnamese: "10 Đã trả kết quả", "có"."""
    if value is None:
        return None
    if column == "status":
        return f"{value} {STATUSES[value]}"
    if column == "channel":
        return f"{value} {CHANNELS[value]}"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def _jsonable(value: object) -> object:
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value


def _rule_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute(f"""SELECT rule, count(DISTINCT {ROW}) FROM (
        SELECT {ROW}, unnest(string_split({_rules('problems')}, ', ')) AS rule
        FROM checked WHERE problems <> '') GROUP BY rule""").fetchall()
    return dict(rows)


def _first_problems(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    return con.execute(f"SELECT {ROW}, {_reasons('problems')} FROM checked "
                       f"WHERE problems <> '' ORDER BY {ROW} LIMIT {SHOWN_PROBLEMS}").fetchall()


def _kept_same_day(con: duckdb.DuckDBPyConnection, settings: Settings) -> int:
    if not settings.keep_same_day:
        return 0
    return con.execute("SELECT count(*) FROM good WHERE due_at < received_at "
                       "OR finished_at < received_at").fetchall()[0][0]


def _sample(con: duckdb.DuckDBPyConnection) -> list[dict]:
    names = ", ".join(c.name for c in COLUMNS)
    table = con.sql(f"SELECT {names} FROM good ORDER BY {ROW} "
                        f"LIMIT {SAMPLE_ROWS}").to_arrow_table()
    return table.to_pylist()


def _reasons(problems: str) -> str:
    """SQL: a row's problems as text, "; " between them."""
    return (f"replace(regexp_replace({problems}, '[a-z_0-9]+' || {UNIT}, '', 'g'), "
            f"{RECORD}, '; ')")


def _rules(problems: str) -> str:
    """SQL: the rules a row breaks, ", " between them."""
    return (f"array_to_string(regexp_extract_all({problems}, '(?:^|' || {RECORD} || ')"
            f"([a-z_0-9]+)' || {UNIT}, 1), ', ')")


def _column_name(header: str, index: int) -> str:
    return header.replace('"', "") or f"cột {index + 1}"


def _path(path: Path) -> str:
    return str(path).replace("'", "''")


def _n(count: int) -> str:
    """1.234.567, as Vietnamese writes thousands."""
    return f"{count:,}".replace(",", ".")

