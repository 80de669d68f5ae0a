"""Dossier imports from the web app (nhập hồ sơ TTHC).

An uploaded export first becomes a draft — the file and its dry run (profile, column and value
mappings, first rows as they would be stored, what would be quarantined) — in its own
directory under the data directory. Confirming records the import in the database and runs it
in a background thread that writes each stage to that record, so any worker process can show
its progress; at the end the record holds the counts, the audit log the import, and the
import's directory the quarantined rows as CSV and as an Excel file with the reason beside
each row. The dossiers go to the dossier store (cchc.indicators), whose lock keeps imports
one at a time.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import shutil
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cchc.domain.vntext import fold
from cchc.errors import CchcError
from cchc.indicators.aggregates import engine_for
from cchc.indicators.importer import import_dossiers
from cchc.indicators.periods import Reporting
from cchc.indicators.store import DossierStore, store_lock
from cchc.store import audit
from cchc.store.models import DossierImport, Organization, User
from cchc.store.queries import subtree_ids
from cchc.store.types import utcnow
from cchc.web.drafts import DraftFolder
from cchc.web.permissions import Action, NotVisible, Principal, authorize_org

ACCEPTED = ".csv,.xlsx"
STAGES = {  # stage → what the progress bar says, in the order they run
    "queued": "Đang chờ", "read": "Đọc tệp", "check": "Kiểm tra từng dòng",
    "store": "Lưu hồ sơ", "aggregates": "Tính lại số liệu tổng hợp",
    "quarantine": "Ghi tệp các dòng bị cách ly",
}
MAX_AGE_SECONDS = 2 * 24 * 3600  # drafts older than this are removed
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reach:
    """What an import for one organization may touch: the unit codes of its subtree (rows of
    other units are quarantined) and the names of its units, read as their codes."""

    scope: tuple[str, ...]
    units: Mapping[str, str]


def reach(session: Session, org: Organization) -> Reach:
    """The organization's subtree: the fewest code prefixes covering it, and every unit name
    that belongs to one unit only (two "Văn phòng – Thống kê" name nobody)."""
    rows = session.execute(select(Organization.code, Organization.name).where(
        Organization.id.in_(subtree_ids(session, org.id)))).all()
    codes = sorted(code for code, _ in rows)
    scope = [c for c in codes if not any(c.startswith(p + ".") for p in codes if p != c)]
    by_name: dict[str, set[str]] = {}
    for code, name in rows:
        by_name.setdefault(fold(name), set()).add(code)
    units = {name: code for code, name in rows if len(by_name[fold(name)]) == 1}
    return Reach(tuple(scope), units)


@dataclass
class DossierDraft:
    token: str
    user_id: int
    org_id: int
    source_name: str
    sha256: str
    size: int
    profile: str | None  # the profile asked for; None: the one recognizing most headers
    preview: dict[str, Any]  # ImportResult.to_dict() of the dry run


class DossierDrafts(DraftFolder[DossierDraft]):
    """The dossier drafts under `root`, dry-run against `store`."""

    def __init__(self, root: Path, store: DossierStore) -> None:
        super().__init__(root, DossierDraft, MAX_AGE_SECONDS)
        self.store = store

    def create(self, user_id: int, org_id: int, name: str, content: bytes, reach: Reach,
               today: date) -> DossierDraft:
        """Save the upload and dry-run it; the importer's errors (unreadable file, missing
        required columns) pass through and leave nothing behind."""
        with self.upload(name, content, "ho-so.csv") as (token, _source):
            draft = DossierDraft(token, user_id, org_id, name,
                                 hashlib.sha256(content).hexdigest(), len(content), None, {})
            self.preview(draft, None, reach, today)
        return draft

    def preview(self, draft: DossierDraft, profile: str | None, reach: Reach,
                today: date) -> None:
        """Dry-run the draft's file with `profile` and keep the result in the draft."""
        result = import_dossiers(self.source(draft), self.store, profile=profile, today=today,
                                 scope=reach.scope, units=reach.units, dry_run=True)
        draft.profile, draft.preview = profile, result.to_dict()
        self.save(draft)


class Imports:
    """Imports under `data_dir`: their files in dossier-imports/<id>/, their dossiers in
    the data directory's dossier store."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.root = data_dir / "dossier-imports"
        self.store = DossierStore(data_dir)
        self.drafts = DossierDrafts(self.root / "drafts", self.store)

    def folder(self, import_id: int) -> Path:
        return self.root / str(import_id)

    def quarantine_xlsx(self, import_id: int) -> Path:
        return self.folder(import_id) / "quarantine.xlsx"

    def start(self, factory: sessionmaker[Session], draft: DossierDraft, reach: Reach,
              today: date) -> int:
        """Record the import (audited), move the draft's file to it and run it in a thread;
        returns the import's id."""
        with factory.begin() as session:
            record = DossierImport(org_id=draft.org_id, user_id=draft.user_id,
                                   file_name=draft.source_name[:255], sha256=draft.sha256,
                                   size=draft.size, profile=draft.preview["profile"],
                                   state="running", stage="queued")
            session.add(record)
            audit.record(session, session.get(User, draft.user_id), "dossiers.import_start",
                         record)
            import_id = record.id
        folder = self.folder(import_id)
        folder.mkdir(parents=True, exist_ok=True)
        source = self.drafts.source(draft)
        moved = folder / source.name
        shutil.move(source, moved)
        self.drafts.discard(draft)
        threading.Thread(target=self._run, name=f"dossier-import-{import_id}", daemon=True,
                         args=(factory, import_id, moved, draft.profile, reach, today)).start()
        return import_id

    def _run(self, factory: sessionmaker[Session], import_id: int, source: Path,
             profile: str | None, reach: Reach, today: date) -> None:
        def stage(name: str) -> None:
            with factory.begin() as session:
                session.get(DossierImport, import_id).stage = name

        store = self.store
        folder = self.folder(import_id)
        try:
            with store_lock(store.root):  # the aggregates follow before anyone reads them
                result = import_dossiers(source, store, folder / "quarantine.csv",
                                         profile=profile, today=today, scope=reach.scope,
                                         units=reach.units, progress=stage)
                if result.loaded:
                    stage("aggregates")
                    for scheme in ("calendar", "cchc"):
                        engine_for(store, Reporting(scheme))
            if result.quarantine:
                stage("quarantine")
                write_quarantine_xlsx(result.quarantine, self.quarantine_xlsx(import_id))
            self._finish(factory, import_id, rows=result.rows, loaded=result.loaded,
                         replaced=result.replaced, quarantined=result.quarantined,
                         rules=result.rules)
        except CchcError as exc:
            self._finish(factory, import_id, error=str(exc).replace(str(source), source.name))
        except Exception:  # recorded for the user; the store is as it was (atomic switch)
            log.exception("dossier import %s failed", import_id)
            self._finish(factory, import_id, error="Lỗi không mong đợi khi nhập; dữ liệu hồ sơ "
                                                   "đã lưu trước đó không thay đổi.")

    @staticmethod
    def _finish(factory: sessionmaker[Session], import_id: int, error: str | None = None,
                **counts: Any) -> None:
        with factory.begin() as session:
            record = session.get(DossierImport, import_id)
            before = audit.snapshot(record)
            for name, value in counts.items():
                setattr(record, name, value)
            record.state, record.stage, record.error = ("failed" if error else "done"), None, error
            record.finished_at = utcnow()
            audit.record(session, session.get(User, record.user_id), "dossiers.import", record,
                         before=before)


def app_imports(app: Any) -> Imports:
    """The app's imports (one `Imports` per process, under its data directory)."""
    state = app.state
    if getattr(state, "dossier_imports", None) is None:
        state.dossier_imports = Imports(state.settings.data_dir)
    return state.dossier_imports


def upload_error(name: str, content: bytes, limit: int) -> str | None:
    """Why an uploaded export cannot be imported from the web (None: it can be tried)."""
    if not name or not content:
        return "Hãy chọn tệp hồ sơ xuất từ hệ thống một cửa (.csv hoặc .xlsx)."
    if Path(name).suffix.lower() not in ACCEPTED.split(","):
        return "Chỉ nhận tệp .csv hoặc .xlsx; tệp Parquet hãy nhập bằng lệnh cchc dossiers import."
    if len(content) > limit:
        return (f"Tệp lớn hơn {limit // (1024 * 1024)} MB: hãy nhập bằng lệnh "
                "cchc dossiers import trên máy chủ.")
    return None


def dry_run(imports: Imports, session: Session, user_id: int, org: Organization, name: str,
            content: bytes, profile: str | None, today: date) -> DossierDraft:
    """Save an upload as a draft and dry-run it (with `profile` if one is chosen); the
    importer's CchcError passes through."""
    area = reach(session, org)
    draft = imports.drafts.create(user_id, org.id, name, content, area, today)
    if profile:
        imports.drafts.preview(draft, profile, area, today)
    return draft


def authorized_import(session: Session, principal: Principal, import_id: int) -> DossierImport:
    """An import of an organization the user may import dossiers for; NotVisible otherwise."""
    record = session.get(DossierImport, import_id)
    if record is None:
        raise NotVisible(f"dossier import {import_id}")
    authorize_org(principal, record.org_id, Action.IMPORT_DOSSIERS)
    return record


def history(session: Session, org_ids: Sequence[int] | frozenset[int],
            limit: int = 50) -> list[tuple[DossierImport, str, str]]:
    """The latest imports for these organizations: (import, organization, who)."""
    if not org_ids:
        return []
    return [tuple(row) for row in session.execute(
        select(DossierImport, Organization.name, User.display_name)
        .join(Organization, Organization.id == DossierImport.org_id)
        .outerjoin(User, User.id == DossierImport.user_id)
        .where(DossierImport.org_id.in_(sorted(org_ids)))
        .order_by(DossierImport.started_at.desc(), DossierImport.id.desc()).limit(limit))]


def write_quarantine_xlsx(source: Path, target: Path) -> None:
    """The quarantine CSV as an Excel sheet: row, reason and rule beside the row's cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dòng bị cách ly")
    sheet.freeze_panes = "D2"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        for index, width in enumerate([8, 70, 24] + [18] * (len(header) - 3)):
            sheet.column_dimensions[_column_letter(index)].width = width
        bold = []
        for name in ["Dòng", "Lý do", "Mã lỗi", *header[3:]]:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            reason = WriteOnlyCell(sheet, value=row[1])
            reason.alignment = wrap
            sheet.append([int(row[0]), reason, *row[2:]])
    tmp = target.with_name(target.name + ".tmp")
    book.save(tmp)
    tmp.replace(target)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
