"""Dossier exports in the shapes provinces produce (Vietnamese headers in any order, status and
channel words in several spellings, yes/no words, dd/mm/yyyy dates, Excel dates), written from
the same canonical dossiers so that tests can compare what each shape imports to."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tests.indicators.test_importer import to_cp1258

MOT_CUA = {  # canonical column → a header officials' exports use
    "dossier_code": "Số hồ sơ", "procedure_code": "Mã TTHC", "procedure_name": "Tên thủ tục",
    "field_code": "Mã lĩnh vực", "field_name": "Lĩnh vực", "org_code": "Mã đơn vị",
    "submitted_at": "Ngày nộp hồ sơ", "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả kết quả", "finished_at": "Ngày có kết quả",
    "returned_at": "Ngày trả kết quả", "rejected_at": "Ngày từ chối",
    "channel": "Hình thức nộp", "status": "Tình trạng hồ sơ",
    "supplement_requests": "Số lần yêu cầu bổ sung", "supplement_days": "Số ngày chờ bổ sung",
    "digitized_components": "Số TPHS số hóa", "total_components": "Tổng số TPHS",
    "reused": "Tái sử dụng dữ liệu số hóa", "e_result": "Trả kết quả điện tử",
    "fee": "Phí, lệ phí", "paid_online": "Hình thức thanh toán",
    "apology_issued": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "new_due_at": "Ngày hẹn lại", "rating": "Kết quả đánh giá",
}
STATUS_WORDS = {  # code → spellings seen in exports (cycled through)
    1: ["Mới đăng ký", "Chờ tiếp nhận"], 2: ["Được tiếp nhận", "Đã tiếp nhận"],
    3: ["Không được tiếp nhận", "Từ chối"], 4: ["Đang xử lý", "ĐANG XỬ LÝ", "dang xu ly"],
    5: ["Chờ bổ sung", "Yêu cầu bổ sung"], 6: ["Yêu cầu nghĩa vụ tài chính"],
    7: ["Công dân yêu cầu rút hồ sơ", "Công dân rút"], 8: ["Dừng xử lý"],
    9: ["Đã xử lý xong", "đã giải quyết"],
    10: ["Đã trả kết quả", "ĐÃ TRẢ KẾT QUẢ", "da tra ket qua", " Đã trả kết quả "],
}
CHANNEL_WORDS = {1: ["Trực tiếp", "trực tiếp"], 2: ["Trực tuyến", "TRUC TUYEN"],
                 3: ["Bưu chính công ích", "Qua bưu điện"]}
RATING_WORDS = {5: "Rất hài lòng", 4: "Hài lòng", 3: "Bình thường", 2: "Không hài lòng",
                1: "Rất không hài lòng"}
FLAG_STYLES: dict[str, Callable[[bool], str]] = {  # column → how the export writes yes / no
    "reused": lambda yes: "x" if yes else "",
    "e_result": lambda yes: "TRUE" if yes else "FALSE",
    "paid_online": lambda yes: "Trực tuyến" if yes else "Tiền mặt",
    "apology_issued": lambda yes: "Có" if yes else "Không",
}


def canonical(table: pa.Table) -> pa.Table:
    """The dossiers with times to the minute, as text exports write them."""
    columns = [pc.floor_temporal(c, unit="minute") if pa.types.is_timestamp(c.type) else c
               for c in table.columns]
    return pa.Table.from_arrays(columns, schema=table.schema)


def export_rows(table: pa.Table, headers: dict[str, str] = MOT_CUA,
                date: Callable[[dt.datetime], object] = lambda t: t.strftime("%d/%m/%Y %H:%M"),
                status: dict[int, Sequence[str]] = STATUS_WORDS,
                org: Callable[[str], str] = lambda code: code) -> list[list[object]]:
    """Header and rows of an export of `table`: the columns in a shuffled order, words for
    codes and flags, dates written by `date`, thousands separators in fees."""
    names = [n for n in table.column_names if n in headers]
    order = names[1::2] + names[0::2]  # shuffled, deterministically
    rows = [[headers[n] for n in order]]
    for i, record in enumerate(table.to_pylist()):
        rows.append([_cell(n, record[n], i, date, status, org) for n in order])
    return rows


def _cell(name: str, value: object, i: int, date: Callable, status: dict,
          org: Callable[[str], str]) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return date(value)
    if name == "status":
        return _cycle(status[value], i)
    if name == "channel":
        return _cycle(CHANNEL_WORDS[value], i)
    if name == "rating":
        return RATING_WORDS[value] if i % 2 else str(value)
    if name in FLAG_STYLES:
        return FLAG_STYLES[name](value)
    if name == "fee":
        return f"{value:,}".replace(",", ".")
    if name == "org_code":
        return org(value)
    return str(value)


def _cycle(words: Sequence[str], i: int) -> str:
    return words[i % len(words)]


def write_csv(rows: list[list[object]], path: Path, encoding: str = "utf-8-sig",
              delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def write_xlsx(rows: list[list[object]], path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def excel_serial(value: dt.datetime) -> float:
    """The date as Excel stores it: days since 30/12/1899."""
    return (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400


def write_parquet(table: pa.Table, path: Path) -> Path:
    pq.write_table(table, path)
    return path
