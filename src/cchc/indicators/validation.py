"""Row validation of a dossier export, as one DuckDB query over the raw text cells.

Steps: trimmed texts (t_*); coded words looked up in the vocabulary tables (v_*); parsed
values (p_*); typed canonical columns with each row's problems; then the checks across columns
and rows (finish before receipt, duplicates, codes stored for another unit, units outside the
importer's scope). A problem is `rule<US>message`, a row's problems are joined by <RS>; the
message names the column as the file heads it and the value as written. Nothing here raises on
any input: every parse is a try_ form, every value outside its range becomes a problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cchc.indicators.schema import (
    CODE_RANGES, CODED, COLUMNS, FLAGS, RECORDED, ZERO_DEFAULTS, Column)
from cchc.indicators.sources import ROW

UNIT, RECORD = "chr(31)", "chr(30)"  # between a rule and its message; between problems
EARLIEST = dt.date(2000, 1, 1)  # no dossier system predates this; earlier dates are typos
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y",
                "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
                "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d%H%M%S", "%d-%m-%Y %H:%M:%S",
                "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")
# Excel in Vietnamese writes SA / CH for AM / PM
AMPM_FORMATS = ("%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M %p", "%Y-%m-%d %I:%M:%S %p")
TWO_DIGIT_YEAR = r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}(\D.*)?$"
DATE_SHAPED = r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(\D.*)?$|^\d{14}$"
EXCEL_SERIAL = r"\d{5}(\.\d+)?"  # days since 30/12/1899: 36526 is 1/1/2000


def _cell_text(index: int) -> str:
    """SQL: the text of raw cell c<index>, trimmed, NULL when blank (non-breaking spaces are
    spaces by then: sources.py)."""
    return f"nullif(trim(c{index}), '')"

RULES = {  # stable codes (JSON, quarantine's "mã lỗi") and what they mean
    "missing": "để trống",
    "date_unreadable": "không đọc được ngày giờ",
    "date_impossible": "ngày giờ không tồn tại",
    "date_two_digit_year": "năm chỉ có hai chữ số (ghi đủ bốn chữ số, ví dụ 15/03/2024)",
    "date_before_2000": "ngày trước năm 2000",
    "date_after_next_year": "ngày sau ngày nhập hơn một năm",
    "unknown_value": "giá trị không có trong hồ sơ ánh xạ",
    "bad_number": "không phải số nguyên không âm",
    "bad_unit_code": "mã đơn vị có ký tự '/'",
    "digitized_over_total": "số thành phần số hóa lớn hơn tổng số thành phần",
    "due_before_received": "ngày hẹn trả trước ngày tiếp nhận",
    "finished_before_received": "ngày kết thúc xử lý trước ngày tiếp nhận",
    "same_day_before_receipt": "giờ hẹn trả / kết thúc sớm hơn giờ tiếp nhận trong cùng ngày",
    "finished_without_date": "trạng thái đã giải quyết nhưng không có ngày kết thúc xử lý",
    "duplicate": "trùng mã hồ sơ với một dòng trước",
    "stored_for_other_unit": "mã hồ sơ đã được lưu cho đơn vị khác",
    "outside_scope": "đơn vị không thuộc phạm vi được nhập",
}


@dataclass(frozen=True)
class Settings:
    """What the checks depend on beyond the file."""

    today: dt.date  # dates more than a year after it are refused
    keep_same_day: bool = True  # rule same_day_before_receipt: keep (else quarantine)
    scope: Sequence[str] | None = None  # unit codes (with their subtrees) one may import


def checked_sql(headers: list[str], header_of: dict[str, int], stored: str | None,
                settings: Settings) -> str:
    """SELECT of the canonical columns and `problems` ('' when the row is good) per row of
    table `raw`; coded columns need the tables v_<column>(t, v) (importer.py)."""
    label = {c.name: headers[header_of[c.name]] if c.name in header_of else c.portal
             for c in COLUMNS}
    mapped = [c for c in COLUMNS if c.name in header_of]
    texts = [f"{_cell_text(header_of[c.name])} AS t_{c.name}" for c in mapped]
    lookups = [c.name for c in mapped if c.name in (*CODED, *FLAGS, "org_code")]
    joins = " ".join(f"LEFT JOIN v_{n} ON v_{n}.t = texts.t_{n}" for n in lookups)
    parsed = [f"{_parsed(c, f't_{c.name}')} AS p_{c.name}" for c in mapped
              if c.kind != "text" and c.name not in (*CODED, *FLAGS)]
    looked_up = [f"coalesce(v_{n}.v, texts.t_{n}) AS p_{n}" if n == "org_code"  # names → codes
                 else f"v_{n}.v AS p_{n}" for n in lookups]
    recorded = [c.name for c in mapped if c.name in RECORDED]
    values, problems = [], []
    for column in COLUMNS:
        value, errors = _typed(column, label[column.name], column in mapped, settings.today)
        values.append(f"{value} AS {column.name}")
        problems += errors
    cross = [*_order_checks(label, settings.keep_same_day),
             _problem("finished_without_date", "status IN (9, 10) AND finished_at IS NULL",
                      f"'{_q(label['status'])} ' || status"),
             _problem("digitized_over_total", "digitized_components > total_components",
                      f"'{_q(label['digitized_components'])} ' || digitized_components || "
                      f"' > {_q(label['total_components'])} ' || total_components"),
             _problem("duplicate", f"first_row < {ROW}",
                      f"'{_q(label['dossier_code'])} “' || dossier_code || '”'",
                      "' (dòng ' || first_row || ')'")]
    stored_join = ""
    if stored:
        stored_join = (f"LEFT JOIN (SELECT dossier_code, org_code AS stored_org FROM {stored}) s "
                       "USING (dossier_code)")
        cross.append(_problem("stored_for_other_unit", "stored_org <> org_code",
                              f"'{_q(label['dossier_code'])} “' || dossier_code || '”'",
                              "' (' || stored_org || ')'"))
    if settings.scope is not None:
        inside = " OR ".join([f"org_code IN ({', '.join(_literal(c) for c in settings.scope)})",
                              *(f"starts_with(org_code, {_literal(c + '.')})"
                                for c in settings.scope)]) if settings.scope else "false"
        cross.append(_problem("outside_scope", f"org_code IS NOT NULL AND NOT ({inside})",
                              f"'{_q(label['org_code'])} “' || org_code || '”'"))
    presence, presence_join = "", ""
    if recorded:
        counts = ", ".join(f"count(t_{name}) > 0 AS has_{name}" for name in recorded)
        presence = (f", presence AS (SELECT p_org_code AS unit, {counts} FROM parsed "
                    "GROUP BY ALL)")
        presence_join = "LEFT JOIN presence ON presence.unit IS NOT DISTINCT FROM p_org_code"
    return f"""
        WITH texts AS (
            SELECT {ROW}, {', '.join(texts)} FROM raw
        ), parsed AS (
            SELECT texts.*{''.join(', ' + p for p in [*looked_up, *parsed])}
            FROM texts {joins}
        ){presence}, typed AS (
            SELECT {ROW}, {', '.join(values)},
                concat_ws({RECORD}, {', '.join(problems) or 'NULL'}) AS row_problems
            FROM parsed {presence_join}
        ), repeated AS (
            SELECT dossier_code, min({ROW}) AS first_row FROM typed
            WHERE dossier_code IS NOT NULL GROUP BY dossier_code HAVING count(*) > 1
        ), keyed AS (
            SELECT * FROM typed LEFT JOIN repeated USING (dossier_code) {stored_join}
        )
        SELECT * EXCLUDE (row_problems, first_row{', stored_org' if stored else ''}),
            concat_ws({RECORD}, nullif(row_problems, ''), {', '.join(cross)}) AS problems
        FROM keyed"""


def _parsed(column: Column, text: str) -> str:
    """The value read from the text, NULL when it cannot be read."""
    if column.kind == "timestamp":
        serial = (f"CASE WHEN regexp_full_match({text}, '{EXCEL_SERIAL}') THEN TIMESTAMP "
                  f"'1899-12-30' + to_seconds(round(CAST({text} AS DOUBLE) * 86400)::BIGINT) END")
        ampm = (f"try_strptime(replace(replace(upper({text}), ' SA', ' AM'), ' CH', ' PM'), "
                f"[{_formats(AMPM_FORMATS)}])")
        return (f"CAST(coalesce(try_strptime({text}, [{_formats(DATE_FORMATS)}]), {serial}, "
                f"{ampm}) AS TIMESTAMP_S)")
    if column.name == "fee":  # 50.000 or 50,000 đồng: thousands separators and the currency
        text = f"regexp_replace({text}, '\\s*(đồng|đ|vnđ|vnd)$', '', 'i')"
        text = (f"CASE WHEN regexp_full_match({text}, '\\d{{1,3}}([.,\\s]\\d{{3}})+') "
                f"THEN regexp_replace({text}, '[.,\\s]', '', 'g') ELSE {text} END")
    as_double = f"try_cast({text} AS DOUBLE)"
    whole = f"CASE WHEN {as_double} = round({as_double}) THEN try_cast({as_double} AS BIGINT) END"
    number = f"coalesce(try_cast({text} AS BIGINT), {whole})"
    return f"CASE WHEN {number} >= 0 THEN {number} END"


def _typed(column: Column, header: str, mapped: bool, today: dt.date) -> tuple[str, list[str]]:
    """SQL for the typed value and for its problems (NULL when fine)."""
    zero = "false" if column.kind == "bool" else "0"
    if not mapped:
        default = zero if column.name in ZERO_DEFAULTS else "NULL"
        return f"CAST({default} AS {_sql_type(column)})", []
    text, value = f"t_{column.name}", f"p_{column.name}"
    written = f"'{_q(header)} “' || {text} || '”'"
    errors = []
    if column.required:
        errors.append(_problem("missing", f"{text} IS NULL", f"'{_q(header)}'"))
    if column.name == "org_code":
        errors.append(_problem("bad_unit_code", f"{value} LIKE '%/%'", written))
        return value, errors
    if column.kind == "text":
        return text, errors  # already NFC (sources.py)
    if column.kind == "timestamp":
        value, problems = _dated(text, value, written, today)
        return value, errors + problems
    if column.name in (*CODED, *FLAGS):
        hint = ("mã " + "–".join(map(str, CODE_RANGES[column.name]))
                if column.name in CODE_RANGES else "có / không")
        errors.append(_problem("unknown_value", f"{text} IS NOT NULL AND {value} IS NULL",
                               written, f"' (cần {hint} hoặc một từ đã khai báo)'"))
    else:
        errors.append(_problem("bad_number", f"{text} IS NOT NULL AND {value} IS NULL", written))
    if column.name in ZERO_DEFAULTS:
        value = f"coalesce({value}, {zero})"
    elif column.name in RECORDED:  # blank among recorded values: 0 / no; else not recorded
        value = (f"CASE WHEN {text} IS NOT NULL THEN {value} "
                 f"WHEN presence.has_{column.name} THEN {zero} END")
    return value, errors


def _dated(text: str, value: str, written: str, today: dt.date) -> tuple[str, list[str]]:
    """The timestamp when it is a real date from 2000 to a year after `today`, and the
    problem of the text otherwise."""
    earliest = f"TIMESTAMP '{EARLIEST.isoformat()}'"
    latest = f"TIMESTAMP '{_latest(today).isoformat()}'"
    unread = (f"CASE WHEN regexp_matches({text}, '{TWO_DIGIT_YEAR}') "
              f"THEN {_message('date_two_digit_year', written)} "
              f"WHEN {value} IS NULL AND regexp_matches({text}, '{DATE_SHAPED}') "
              f"THEN {_message('date_impossible', written)} "
              f"WHEN {value} IS NULL THEN {_message('date_unreadable', written)} "
              f"ELSE {_message('date_before_2000', written)} END")
    problem = (f"CASE WHEN {text} IS NULL THEN NULL "
               f"WHEN {value} IS NULL OR {value} < {earliest} THEN {unread} "
               f"WHEN {value} >= {latest} THEN {_message('date_after_next_year', written)} END")
    return f"CASE WHEN {value} >= {earliest} AND {value} < {latest} THEN {value} END", [problem]


def _order_checks(label: dict[str, str], keep_same_day: bool) -> list[str]:
    """Due and finish before receipt: quarantined on an earlier day; on the same day, by the
    rule same_day_before_receipt (keep, or quarantine)."""
    checks = []
    for column, rule in (("due_at", "due_before_received"),
                         ("finished_at", "finished_before_received")):
        subject = (f"'{_q(label[column])} ' || strftime({column}, '%d/%m/%Y %H:%M') || ', "
                   f"{_q(label['received_at'])} ' || strftime(received_at, '%d/%m/%Y %H:%M')")
        earlier_day = f"{column}::DATE < received_at::DATE"
        checks.append(_problem(rule, earlier_day, subject))
        if not keep_same_day:
            checks.append(_problem("same_day_before_receipt",
                                   f"{column} < received_at AND NOT {earlier_day}", subject))
    return checks


def _problem(rule: str, condition: str, subject: str, detail: str | None = None) -> str:
    """SQL: the problem `rule` of a row where `condition` holds; `subject` (SQL) names the
    column and value, `detail` (SQL) adds to the rule's text."""
    return f"CASE WHEN {condition} THEN {_message(rule, subject, detail)} END"


def _message(rule: str, subject: str, detail: str | None = None) -> str:
    return (f"'{rule}' || {UNIT} || {subject} || ': {_q(RULES[rule])}'"
            + (f" || {detail}" if detail else ""))


def _latest(today: dt.date) -> dt.date:
    """The first day not accepted: a year and a day after `today`."""
    try:
        return today.replace(year=today.year + 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(today.year + 1, 3, 1) + dt.timedelta(days=1)


def _formats(formats: Sequence[str]) -> str:
    return ", ".join(f"'{f}'" for f in formats)


def _literal(text: str) -> str:
    return f"'{_q(text)}'"


def _sql_type(column: Column) -> str:
    return {"text": "VARCHAR", "timestamp": "TIMESTAMP_S", "int": "BIGINT",
            "bool": "BOOLEAN"}[column.kind]


def _q(text: str) -> str:
    return text.replace("'", "''")
