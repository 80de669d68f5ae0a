"""Import one-stop-shop dossier exports into the store.

Every row either loads or goes to the quarantine CSV with its row number and reason (bad
date, unknown channel or status code, missing key, duplicate dossier code in the file, code
already stored for another unit...). Re-importing a file replaces the same dossiers
(keyed by dossier_code); a failed import leaves the store as it was."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cchc.indicators.profiles import detect
from cchc.indicators.schema import COLUMNS, ZERO_DEFAULTS, Column
from cchc.indicators.sources import ROW, read_source
from cchc.indicators.store import DossierStore

DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
                "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                "%d/%m/%Y", "%Y%m%d%H%M%S", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y")
CODE_RANGES = {"channel": (1, 3), "status": (1, 10), "rating": (1, 5)}
CHANNEL_WORDS = {"truc tiep": 1, "truc tuyen": 2, "buu chinh": 3, "buu chinh cong ich": 3}
TRUE_WORDS = ("1", "true", "x", "co", "yes", "y", "t", "da")
FALSE_WORDS = ("0", "false", "khong", "no", "n", "f", "chua")


@dataclass
class ImportResult:
    source: Path
    profile: str
    rows: int
    loaded: int
    replaced: int  # dossiers already stored that this import replaced
    quarantined: int
    quarantine: Path | None
    ignored_columns: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"{self.source}: {self.rows} rows, {self.loaded} loaded "
                f"({self.replaced} replaced), {self.quarantined} quarantined")
        return text + (f" → {self.quarantine}" if self.quarantine else "")


def import_dossiers(path: Path, store: DossierStore | None = None,
                    quarantine: Path | None = None) -> ImportResult:
    """Validate and load one export; bad rows go to `quarantine` (default
    $CCHC_DATA_DIR/quarantine/<file name>.csv)."""
    store = store or DossierStore()
    raw = read_source(path)
    profile, mapping = detect(str(path), raw.headers)
    header_of = {canonical: raw.headers.index(header) for canonical, header in mapping.items()}
    con = duckdb.connect()
    con.register("raw", raw.table)
    stored = store.relation_sql()
    con.execute(f"CREATE TEMP TABLE checked AS {_checked_sql(raw.headers, header_of, stored)}")
    rows, bad = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE reason <> '') FROM checked").fetchall()[0]
    con.execute("CREATE TEMP VIEW good AS SELECT * FROM checked WHERE reason = ''")
    replaced = store.replace(con, "good") if rows > bad else 0
    target = None
    if bad:
        target = quarantine or store.root / "quarantine" / f"{path.name}.csv"
        _write_quarantine(con, raw.headers, target)
    used = set(header_of.values())
    return ImportResult(path, profile.name, rows, rows - bad, replaced, bad, target,
                        [h for i, h in enumerate(raw.headers) if i not in used and h])


def _checked_sql(headers: list[str], header_of: dict[str, int], stored: str | None) -> str:
    """Three steps: trimmed texts (t_*), parsed values (p_*), typed columns with their
    error messages; then file-wide checks (duplicates, codes stored for another unit)."""
    label = {c.name: headers[header_of[c.name]] if c.name in header_of else c.portal
             for c in COLUMNS}
    mapped = [c for c in COLUMNS if c.name in header_of]
    texts = [f"nullif(trim(c{header_of[c.name]}), '') AS t_{c.name}" for c in mapped]
    parsed = [f"{_parsed(c, f't_{c.name}')} AS p_{c.name}" for c in mapped if c.kind != "text"]
    values, checks = [], []
    for column in COLUMNS:
        value, errors = _typed(column, label[column.name], column in mapped)
        values.append(f"{value} AS {column.name}")
        checks += errors
    errors = [
        f"CASE WHEN finished_at < received_at THEN '{_sql_text(label['finished_at'])} before "
        f"{_sql_text(label['received_at'])}' END",
        f"CASE WHEN due_at < received_at THEN '{_sql_text(label['due_at'])} before "
        f"{_sql_text(label['received_at'])}' END",
        f"CASE WHEN status IN (9, 10) AND finished_at IS NULL THEN '{_sql_text(label['status'])} "
        f"' || status || ' without {_sql_text(label['finished_at'])}' END",
        f"CASE WHEN first_row < {ROW} THEN 'duplicate {_sql_text(label['dossier_code'])} ' || "
        "dossier_code || ' (first at row ' || first_row || ')' END",
    ]
    stored_join = ""
    if stored:
        stored_join = (f"LEFT JOIN (SELECT dossier_code, org_code AS stored_org FROM {stored}) s "
                       "USING (dossier_code)")
        errors.append(f"CASE WHEN stored_org <> org_code THEN "
                      f"'{_sql_text(label['dossier_code'])} ' || dossier_code || "
                      f"' already stored for {_sql_text(label['org_code'])} ' || stored_org END")
    return f"""
        WITH texts AS (
            SELECT {ROW}, {', '.join(texts)} FROM raw
        ), parsed AS (
            SELECT *{''.join(', ' + p for p in parsed)} FROM texts
        ), typed AS (
            SELECT {ROW}, {', '.join(values)}, concat_ws('; ', {', '.join(checks) or 'NULL'})
                AS checks
            FROM parsed
        ), repeated AS (
            SELECT dossier_code, min({ROW}) AS first_row FROM typed
            WHERE dossier_code IS NOT NULL GROUP BY dossier_code HAVING count(*) > 1
        ), keyed AS (
            SELECT * FROM typed LEFT JOIN repeated USING (dossier_code) {stored_join}
        )
        SELECT * EXCLUDE (checks, first_row{', stored_org' if stored else ''}),
            concat_ws('; ', nullif(checks, ''), {', '.join(errors)}) AS reason
        FROM keyed"""


def _parsed(column: Column, text: str) -> str:
    """The value read from the text, NULL when it cannot be read."""
    if column.kind == "timestamp":
        formats = ", ".join(f"'{f}'" for f in DATE_FORMATS)
        return (f"CAST(coalesce(try_cast({text} AS TIMESTAMP), "
                f"try_strptime({text}, [{formats}])) AS TIMESTAMP_S)")
    if column.kind == "bool":
        words = " ".join([*(f"WHEN '{w}' THEN true" for w in TRUE_WORDS),
                          *(f"WHEN '{w}' THEN false" for w in FALSE_WORDS)])
        return (f"CASE {text} WHEN 'true' THEN true WHEN '1' THEN true WHEN 'false' THEN false "
                f"WHEN '0' THEN false ELSE CASE lower(strip_accents({text})) {words} END END")
    if column.name == "channel":
        words = " ".join(f"WHEN '{w}' THEN {code}" for w, code in CHANNEL_WORDS.items())
        spelled = f"CASE lower(strip_accents({text})) {words} END"
        return f"coalesce(try_cast({text} AS BIGINT), {spelled})"
    if column.name == "fee":  # 50.000 or 50,000 đồng: thousands separators
        text = (f"CASE WHEN regexp_full_match({text}, '\\d{{1,3}}([.,\\s]\\d{{3}})+') "
                f"THEN regexp_replace({text}, '[.,\\s]', '', 'g') ELSE {text} END")
    as_double = f"try_cast({text} AS DOUBLE)"
    whole = f"CASE WHEN {as_double} = round({as_double}) THEN CAST({as_double} AS BIGINT) END"
    number = f"coalesce(try_cast({text} AS BIGINT), {whole})"
    return number if column.name in CODE_RANGES else f"CASE WHEN {number} >= 0 THEN {number} END"


def _typed(column: Column, header: str, mapped: bool) -> tuple[str, list[str]]:
    """SQL for the typed value and for its error messages (NULL when fine)."""
    if not mapped:
        default = ("false" if column.kind == "bool" else "0") \
            if column.name in ZERO_DEFAULTS else "NULL"
        return f"CAST({default} AS {_sql_type(column)})", []
    text, value = f"t_{column.name}", f"p_{column.name}"
    quoted = f"'{_sql_text(header)}'"
    errors = []
    if column.required:
        errors.append(f"CASE WHEN {text} IS NULL THEN 'missing ' || {quoted} END")
    if column.kind == "text":
        if column.name == "org_code":
            errors.append(f"CASE WHEN {text} LIKE '%/%' THEN 'bad ' || {quoted} || ' ' || "
                          f"{text} END")
        return text, errors  # already NFC (sources.py)
    if column.name in CODE_RANGES:
        low, high = CODE_RANGES[column.name]
        errors.append(f"CASE WHEN {text} IS NOT NULL AND coalesce({value} NOT BETWEEN {low} "
                      f"AND {high}, true) THEN 'unknown ' || {quoted} || ' ' || {text} END")
        value = f"CASE WHEN {value} BETWEEN {low} AND {high} THEN {value} END"
    else:
        what = "date" if column.kind == "timestamp" else "value"
        errors.append(f"CASE WHEN {text} IS NOT NULL AND {value} IS NULL THEN 'bad {what} in ' "
                      f"|| {quoted} || ': ' || {text} END")
    if column.name in ZERO_DEFAULTS:
        value = f"coalesce({value}, {'false' if column.kind == 'bool' else '0'})"
    return value, errors


def _write_quarantine(con: duckdb.DuckDBPyConnection, headers: list[str], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    originals = ", ".join(f'r.c{i} AS "{h.replace(chr(34), "")  or f"column {i + 1}"}"'
                          for i, h in enumerate(headers))
    tmp = target.with_name(target.name + ".tmp")
    con.execute(f"""COPY (SELECT c.{ROW} AS "row", c.reason, {originals}
        FROM checked c JOIN raw r USING ({ROW}) WHERE c.reason <> '' ORDER BY c.{ROW})
        TO '{tmp}' (FORMAT csv, HEADER true)""")
    os.replace(tmp, target)


def _sql_type(column: Column) -> str:
    return {"text": "VARCHAR", "timestamp": "TIMESTAMP_S", "int": "BIGINT",
            "bool": "BOOLEAN"}[column.kind]


def _sql_text(text: str) -> str:
    return text.replace("'", "''")
