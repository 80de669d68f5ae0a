"""Readers for dossier exports: CSV (utf-8, utf-8-sig, cp1258), XLSX, Parquet. Each returns the
headers and every cell as text with its row number, so validation is the same for all."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cchc.domain.vntext import collapse
from cchc.errors import InputError

ROW = "__row"  # spreadsheet row number of each record (the header is row 1)


@dataclass
class RawTable:
    headers: list[str]
    table: pa.Table  # one string column per header plus ROW


def read_source(path: Path) -> RawTable:
    readers = {".csv": read_csv, ".txt": read_csv, ".xlsx": read_xlsx, ".parquet": read_parquet}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"{path}: unsupported file type (CSV, XLSX or Parquet)")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        return reader(path)
    except (pa.ArrowInvalid, OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc


def read_csv(path: Path) -> RawTable:
    """utf-8 (with or without BOM); a file that is not valid UTF-8 is read as cp1258
    (Windows Vietnamese, common in exports from older one-stop-shop systems)."""
    try:
        return _read_csv(path, "utf-8-sig")
    except (UnicodeDecodeError, pa.ArrowInvalid) as exc:
        if "utf" not in str(exc).lower():
            raise
        return _read_csv(path, "cp1258")


def _read_csv(path: Path, encoding: str) -> RawTable:
    with path.open(encoding=encoding, newline="") as handle:
        first = handle.readline()
    if not first.strip():
        raise InputError(f"{path}: dòng 1: tiêu đề trống")
    delimiter = max(",;\t", key=first.count)
    headers = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    _check_headers(path, headers)
    names = [f"c{i}" for i in range(len(headers))]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1,
                                       encoding="utf8" if encoding.startswith("utf") else encoding,
                                       block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                             strings_can_be_null=False))
    return _raw(headers, table.columns, first_row=2)


def read_xlsx(path: Path) -> RawTable:
    """The first sheet, through calamine (Rust): 7 to 16 times less CPU than openpyxl's
    read-only mode (docs/decisions.md). The header is the first row with a value; row numbers
    are the sheet's."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        header_at = 1  # the header's row number (iter_rows begins at the first row)
        rows = sheet.iter_rows()
        headers: list[str] = []
        for header_row in rows:  # empty rows above the header (an export's blank title)
            headers = [_cell(h).strip() for h in header_row]
            if any(headers):
                break
            header_at += 1
        if not any(headers):
            raise InputError(f"{path}: không có dòng tiêu đề")
        while headers and not headers[-1]:
            headers.pop()
        _check_headers(path, headers)
        columns: list[list[str]] = [[] for _ in headers]
        for row in rows:
            for i in range(len(headers)):
                columns[i].append(_cell(row[i]) if i < len(row) else "")
    except CalamineError as exc:
        raise InputError(f"{path}: không đọc được tệp Excel: {exc}") from exc
    return _raw(headers, [pa.array(c, pa.string()) for c in columns], first_row=header_at + 1)


def read_parquet(path: Path) -> RawTable:
    table = pq.read_table(path)
    headers = table.column_names
    columns = [pc.cast(c, pa.string()) if c.type != pa.string() else c
               for c in table.columns]
    return _raw(headers, [pc.fill_null(c, "") for c in columns], first_row=1)


def _raw(headers: list[str], columns: list, first_row: int) -> RawTable:
    headers = [collapse(h) for h in headers]
    columns = [_nfc(c) for c in columns]
    rows = len(columns[0]) if columns else 0
    names = [f"c{i}" for i in range(len(headers))] + [ROW]
    table = pa.Table.from_arrays([*columns, pa.array(range(first_row, first_row + rows),
                                                     pa.int64())], names=names)
    return RawTable(headers, table)


def _nfc(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Unicode NFC (Windows-1258 text arrives decomposed) and non-breaking spaces as spaces
    (Excel pads with them), once per distinct value."""
    if pc.all(pc.string_is_ascii(column)).as_py() is not False:
        return column
    encoded = pc.dictionary_encode(column).combine_chunks() \
        if isinstance(column, pa.ChunkedArray) else pc.dictionary_encode(column)
    normalized = pc.replace_substring(pc.utf8_normalize(encoded.dictionary, "NFC"),
                                      "\u00a0", " ")
    return pc.take(normalized, encoded.indices)


def _check_headers(path: Path, headers: list[str]) -> None:
    seen = set()
    for header in filter(None, headers):
        if header in seen:
            raise InputError(f"{path}: row 1: column '{header}' appears twice")
        seen.add(header)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
