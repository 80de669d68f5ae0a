"""Units before the 2025 reorganization (districts, former communes) and the mergers into today's
communes, from a CSV file an administrator reviews: `cchc orgs history FILE.csv`.

Columns (header row; comma or semicolon; UTF-8, with or without BOM):

    code,name,kind,parent_code,valid_from,valid_to,successor_code,merged_on,note
    380,Thành phố Thanh Hóa,huyen,38,,2025-06-30,,,
    14797,Phường Điện Biên,phuong,380,,,14797,2025-07-01,
    14800,Phường Lam Sơn,phuong,380,,,14797,,

code         the unit's official code before the reorganization.
name         "Phường Điện Biên" or "UBND phường Điện Biên" (stored as the latter).
kind         huyen, xa, phuong, thi_tran, tinh (or huyện, quận, thị xã, xã, phường, thị trấn, tỉnh).
parent_code  the unit above: a row of the file or a unit already stored (the province, "38").
valid_from   first day, when known; valid_to: last day (default: the day before merged_on).
successor_code, merged_on
             the unit it was merged into (sáp nhập) and from when (default 1/7/2025): a unit
             already stored — today's commune, often with the same code — or a row of the file.
note         free text, kept on the merge.

Dates are YYYY-MM-DD or dd/mm/yyyy. A former unit whose code today's register gives to another
unit is stored as CODE-YEAR (its last year: "14797-2025"), so both keep their official code.
Every row is checked before anything is written; any error (file, row, reason) writes nothing.
Loading the same file again changes nothing; a corrected file updates the units it lists.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.vntext import collapse, fold
from cchc.errors import CchcError
from cchc.store.models import ORG_KINDS, Organization, User
from cchc.store.org_template import OrgTemplate, TemplateApplier, committee_name
from cchc.store.queries import merges
from cchc.store.register import REORGANIZATION_DAY
from cchc.store.services import create_organization, merge_organizations, update_organization

COLUMNS = ("code", "name", "kind", "parent_code", "valid_from", "valid_to", "successor_code",
           "merged_on", "note")
REQUIRED = ("code", "name", "kind")
MAX_BYTES = 20 * 1024 * 1024
_CODE = re.compile(r"^[0-9A-Za-z_.-]{1,40}$")
_KIND_WORDS = {"tinh": "tinh", "huyen": "huyen", "quan": "huyen", "thi xa": "huyen",
               "xa": "xa", "phuong": "phuong", "thi tran": "thi_tran", "dac khu": "dac_khu"}


class HistoryError(CchcError):
    """The history file has errors; nothing was written. One line per error."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class _Row:
    line: int
    code: str
    name: str
    kind: str
    parent_code: str
    valid_from: date | None
    valid_to: date | None
    successor_code: str
    merged_on: date | None
    note: str | None
    stored_code: str = ""
    org: Organization | None = None


@dataclass
class HistoryReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    merges: int = 0
    template_units: int = 0

    def summary(self) -> str:
        if not (self.created or self.updated or self.merges or self.template_units):
            return "Lịch sử đơn vị: không có thay đổi."
        return (f"Lịch sử đơn vị: {len(self.created)} đơn vị cũ mới thêm, {len(self.updated)} "
                f"cập nhật, {self.merges} lần sáp nhập ghi mới, {self.template_units} phòng, "
                "ban, chức danh theo mẫu.")


def historical_code(code: str, valid_to: date) -> str:
    """The code of a former unit whose official code today's register gives to another unit."""
    return f"{code}-{valid_to.year}"


def load_history(session: Session, user: User | None, path: Path,
                 template: OrgTemplate | None = None) -> HistoryReport:
    """Check every row of `path`, then write the units and mergers in the caller's transaction;
    HistoryError, with every problem found, before any write."""
    rows, errors, unread = _read(path)
    errors += _HistoryCheck(session, path.name, rows, unread).run()
    if errors:
        raise HistoryError(sorted(errors, key=_line_number))
    return _write(session, user, rows, template)


def _line_number(error: str) -> int:
    found = re.search(r", dòng (\d+):", error)
    return int(found.group(1)) if found else 0


def _read(path: Path) -> tuple[list[_Row], list[str], set[str]]:
    """The rows read, the errors of those that could not be, and the codes of the latter."""
    name = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise HistoryError([f"{name}: tệp quá lớn (tối đa {MAX_BYTES // 2**20} MB)"])
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise HistoryError([f"{name}: không đọc được tệp ({exc.strerror or exc})"]) from exc
    except UnicodeDecodeError as exc:
        raise HistoryError([f"{name}: không phải văn bản UTF-8 (byte {exc.start}); hãy lưu "
                            "lại dạng «CSV UTF-8»"]) from exc
    first = text.splitlines()[0] if text else ""
    reader = csv.DictReader(io.StringIO(text, newline=""),
                            delimiter=";" if first.count(";") > first.count(",") else ",")
    try:
        return _rows(name, reader)
    except csv.Error as exc:
        raise HistoryError([f"{name}, dòng {reader.line_num}: không đọc được dạng CSV "
                            f"({exc})"]) from exc


def _rows(name: str, reader: csv.DictReader) -> tuple[list[_Row], list[str], set[str]]:
    header = [collapse(h or "").lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        reasons = ([f"thiếu cột {', '.join(missing)}"] if missing else []) + (
            [f"cột lạ {', '.join(unknown)} (các cột: {', '.join(COLUMNS)})"] if unknown else [])
        raise HistoryError([f"{name}, dòng 1: {'; '.join(reasons)}"])
    reader.fieldnames = header
    rows, errors, unread = [], [], set()
    for record in reader:
        line = reader.line_num
        cells = {key: collapse(record.get(key) or "") for key in COLUMNS}
        if None in record:
            errors.append(f"{name}, dòng {line}: nhiều ô hơn tiêu đề")
        elif any(cells.values()):
            try:
                rows.append(_row(line, cells))
                continue
            except ValueError as exc:
                errors.append(f"{name}, dòng {line}: {exc}")
        unread.add(cells["code"])
    if not rows and not errors:
        raise HistoryError([f"{name}: không có dòng dữ liệu nào"])
    return rows, errors, unread


def _row(line: int, cells: dict[str, str]) -> _Row:
    for key in REQUIRED:
        if not cells[key]:
            raise ValueError(f"thiếu {key}")
    for key in ("code", "parent_code", "successor_code"):
        if cells[key] and not _CODE.match(cells[key]):
            raise ValueError(f"{key} '{cells[key]}' chỉ được gồm chữ, số, dấu chấm, _ và -")
    kind = cells["kind"] if cells["kind"] in ORG_KINDS else _KIND_WORDS.get(fold(cells["kind"]))
    if kind is None:
        raise ValueError(f"loại đơn vị '{cells['kind']}' không hợp lệ (dùng huyen, xa, phuong, "
                         "thi_tran, tinh hoặc huyện, quận, thị xã, xã, phường, thị trấn)")
    valid_from, valid_to, merged_on = (parse_day(cells[key], key)
                                       for key in ("valid_from", "valid_to", "merged_on"))
    successor = cells["successor_code"]
    if merged_on and not successor:
        raise ValueError("có merged_on nhưng thiếu successor_code")
    if successor:
        merged_on = merged_on or REORGANIZATION_DAY
        valid_to = valid_to or merged_on - timedelta(days=1)
        if valid_to >= merged_on:
            raise ValueError(f"valid_to {valid_to:%d/%m/%Y} phải trước ngày sáp nhập "
                             f"{merged_on:%d/%m/%Y}")
    if valid_to is None:
        raise ValueError("đơn vị cũ cần valid_to (ngày cuối) hoặc successor_code (đơn vị kế thừa)")
    if valid_from and valid_from > valid_to:
        raise ValueError(f"valid_from {valid_from:%d/%m/%Y} sau valid_to {valid_to:%d/%m/%Y}")
    return _Row(line, cells["code"], committee_name(cells["name"], kind), kind,
                cells["parent_code"], valid_from, valid_to, successor, merged_on,
                cells["note"] or None)


def parse_day(text: str, label: str) -> date | None:
    """A day written YYYY-MM-DD or dd/mm/yyyy; None when blank; ValueError naming `label`."""
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{label} '{text}' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)")


class _HistoryCheck:
    """Resolves each row's stored code, parent and successor; collects every error."""

    def __init__(self, session: Session, name: str, rows: list[_Row], unread: set[str]) -> None:
        self.session, self.name, self.rows, self.unread = session, name, rows, unread
        self.errors: list[str] = []
        self.by_code = {row.code: row for row in rows}

    def run(self) -> list[str]:
        seen: dict[str, int] = {}
        for row in self.rows:
            if row.code in seen:
                self._error(row, f"mã {row.code} đã có ở dòng {seen[row.code]}")
            seen.setdefault(row.code, row.line)
            row.stored_code, row.org = self._stored(row)
        for row in self.rows:
            self._check_links(row)
        self._check_cycles()
        return self.errors

    def _error(self, row: _Row, reason: str) -> None:
        self.errors.append(f"{self.name}, dòng {row.line}: {reason}")

    def _stored(self, row: _Row) -> tuple[str, Organization | None]:
        org = self._org(row.code)
        if org is None or org.official_name is None:
            return row.code, org
        code = historical_code(row.code, row.valid_to)
        return code, self._org(code)

    def _org(self, code: str) -> Organization | None:
        return self.session.scalar(select(Organization).where(Organization.code == code))

    def _check_links(self, row: _Row) -> None:
        if (row.parent_code and row.parent_code not in self.unread
                and _parent(self.session, self.rows, row) is None):
            self._error(row, f"không có đơn vị cấp trên mã {row.parent_code} (trong tệp hoặc "
                             "đã nạp)")
        if not row.successor_code or row.successor_code in self.unread:
            return
        successor = _successor(self.session, self.rows, row)
        if successor is None:
            self._error(row, f"không có đơn vị kế thừa mã {row.successor_code} (trong tệp hoặc "
                             "đã nạp; nạp danh mục trước bằng `cchc orgs load`)")
        elif isinstance(successor, Organization) and not _exists_on(successor, row.merged_on):
            self._error(row, f"đơn vị kế thừa {successor.name} không tồn tại ngày "
                             f"{row.merged_on:%d/%m/%Y}")

    def _check_cycles(self) -> None:
        for row in self.rows:
            seen, above = {row.code}, self.by_code.get(row.parent_code)
            while above is not None and above is not row:
                if above.code in seen:
                    break
                seen.add(above.code)
                above = self.by_code.get(above.parent_code)
            if above is row:
                self._error(row, f"vòng lặp đơn vị cấp trên qua mã {row.parent_code}")


def _stored(session: Session, rows: list[_Row], code: str) -> Organization | None:
    """The stored unit with `code`, unless it is the unit of a row of the file."""
    org = session.scalar(select(Organization).where(Organization.code == code))
    return org if org is not None and all(org is not r.org for r in rows) else None


def _row_with(rows: list[_Row], row: _Row, code: str) -> _Row | None:
    return next((other for other in rows if other.code == code and other is not row), None)


def _parent(session: Session, rows: list[_Row], row: _Row) -> _Row | Organization | None:
    """The unit above: a row of the file (a district), else a stored unit (the province)."""
    return _row_with(rows, row, row.parent_code) or _stored(session, rows, row.parent_code)


def _successor(session: Session, rows: list[_Row], row: _Row) -> _Row | Organization | None:
    """The unit merged into: a stored unit existing on that day (today's commune, whose code
    may be the row's own), else a row of the file."""
    org = _stored(session, rows, row.successor_code)
    if org is not None and _exists_on(org, row.merged_on):
        return org
    return _row_with(rows, row, row.successor_code) or org


def _exists_on(org: Organization, day: date | None) -> bool:
    return day is None or ((org.valid_from is None or org.valid_from <= day)
                           and (org.valid_to is None or org.valid_to >= day))


def _write(session: Session, user: User | None, rows: list[_Row],
           template: OrgTemplate | None) -> HistoryReport:
    report = HistoryReport()

    def resolve(found: _Row | Organization | None) -> Organization:
        return write(found) if isinstance(found, _Row) else found

    def write(row: _Row) -> Organization:
        if row.line in written:
            return written[row.line]
        parent = resolve(_parent(session, rows, row)) if row.parent_code else None
        values = {"name": row.name, "kind": row.kind, "parent": parent,
                  "valid_from": row.valid_from, "valid_to": row.valid_to}
        if row.org is None:
            row.org = create_organization(session, user, row.stored_code, **values)
            report.created.append(row.stored_code)
        elif update_organization(session, user, row.org, "org.history", **values):
            report.updated.append(row.stored_code)
        written[row.line] = row.org
        return row.org

    written: dict[int, Organization] = {}
    for row in rows:
        write(row)
    recorded = {(m.merged_id, m.successor_id) for m in merges(session)}
    groups: dict[tuple[int, date], list[_Row]] = defaultdict(list)
    for row in rows:
        if row.successor_code:
            successor = resolve(_successor(session, rows, row))
            if (row.org.id, successor.id) not in recorded:
                groups[(successor.id, row.merged_on)].append(row)
    for (successor_id, merged_on), merged in groups.items():
        notes = "; ".join(dict.fromkeys(r.note for r in merged if r.note)) or None
        merge_organizations(session, user, [r.org for r in merged],
                            session.get(Organization, successor_id), merged_on, notes)
        report.merges += 1
    if template is not None:
        applier = TemplateApplier(session, user, template)
        for row in rows:
            children = {o.code: o for o in row.org.children}
            applier.apply(row.org, children)
        report.template_units = applier.created
    return report
