"""Backing up and restoring an installation: its database and its data folder, in one archive.

The database is copied first, then the data folder: evidence files are written before the rows
that name them and never change, so every file the copied database refers to is in the archive.
A restore checks the whole archive into a folder inside the data folder before it changes
anything, swaps the data folder's entries, loads the database (undoing the swap if that fails),
then brings the schema up to date, ends the sign-in sessions it brought back and records
the restore in the audit log.
"""

from __future__ import annotations

import getpass
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import delete

import cchc
from cchc.store.backup.archive import (
    DATA_PREFIX, ArchiveWriter, BackupError, Manifest, read_manifest, verify)
from cchc.store.backup.databases import Database
from cchc.store.engine import database_url
from cchc.store.files import data_dir
from cchc.store.models import AuditEntry, UserSession
from cchc.store.schema import alembic_config, open_database

KEPT_FILES = frozenset({"secret_key"})  # a fresh installation writes these on its first start
_SCRATCH = (".restore-", ".upload-")  # a restore's working folder, an evidence upload under way
COUNT_NAMES = {"organizations": "đơn vị", "users": "tài khoản", "plans": "kế hoạch"}


@dataclass(frozen=True)
class Outcome:
    archive: Path
    manifest: Manifest
    seconds: float


def make_backup(target: Path, url: str | None = None, data: Path | None = None) -> Outcome:
    """Write the database at `url` and the data folder `data` (default: the configured ones)
    to a new archive `target` (a folder gets a dated file name in it)."""
    started = time.perf_counter()
    database, data = Database.at(url or database_url()), (data or data_dir())
    target = _archive_path(target)
    if data.exists() and target.resolve().is_relative_to(data.resolve()):
        raise BackupError(f"{target}: tệp sao lưu phải nằm ngoài thư mục dữ liệu {data}")
    work = Path(tempfile.mkdtemp(prefix=".cchc-backup-", dir=target.parent))
    try:
        dump = work / database.member
        snapshot = database.dump(dump)
        writer = ArchiveWriter(work / target.name)
        try:
            writer.add_file(dump, database.member, database.compress)
            for path, name in _data_files(data, database):
                _add_data_file(writer, path, DATA_PREFIX + name)
            manifest = Manifest(
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                cchc_version=cchc.__version__, alembic_revision=snapshot.alembic_revision,
                backend=database.backend, backend_version=snapshot.backend_version,
                database=database.member, counts=snapshot.counts)
            writer.close(manifest)
        except BaseException:
            writer.abort()
            raise
        os.chmod(work / target.name, 0o600)  # passwords' hashes, the session key
        _place(work / target.name, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Outcome(target, manifest, time.perf_counter() - started)


def check_backup(archive: Path) -> Outcome:
    """Verify every file of `archive` against its manifest; change nothing."""
    started = time.perf_counter()
    return Outcome(archive, verify(archive), time.perf_counter() - started)


def restore_backup(archive: Path, url: str | None = None, data: Path | None = None,
                   force: bool = False) -> Outcome:
    """Restore `archive` into the installation (default: the configured database and data
    folder), which must be empty unless `force`; then migrate it to the current schema."""
    started = time.perf_counter()
    url = url or database_url()
    database, data = Database.at(url), (data or data_dir())
    manifest = read_manifest(archive)
    _check_compatible(archive, manifest, database)
    if not force and (content := _content(database, data)):
        raise BackupError(f"Cài đặt không trống ({content}); dùng --force để thay toàn bộ bằng "
                          f"bản sao lưu {archive.name}")
    created = not data.exists()
    data.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=_SCRATCH[0], dir=data))
    restored = False
    try:
        verify(archive, work / "archive")
        swap = _DataSwap(data, work, _kept_entries(data, database))
        swap.apply()
        try:
            database.load(work / "archive" / manifest.database)
        except BaseException:
            swap.undo()
            raise
        restored = True
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if created and not restored:
            shutil.rmtree(data, ignore_errors=True)
    _after_restore(url, archive, manifest)
    return Outcome(archive, manifest, time.perf_counter() - started)


def describe_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts.get(table, 0)} {name}" for table, name in COUNT_NAMES.items())


def _archive_path(target: Path) -> Path:
    if target.is_dir():
        return target / f"cchc-{datetime.now():%Y%m%d-%H%M%S}.zip"
    if target.exists():
        raise _taken(target)
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: không có thư mục này")
    return target


def _place(written: Path, target: Path) -> None:
    """Give the finished archive its name, never replacing a file of that name."""
    try:
        os.link(written, target)
    except FileExistsError:
        raise _taken(target) from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise _taken(target) from None
        os.replace(written, target)


def _taken(target: Path) -> BackupError:
    return BackupError(f"{target}: tệp đã có, chọn tên khác (bản sao lưu không ghi đè)")


def _data_files(data: Path, database: Database) -> Iterator[tuple[Path, str]]:
    """The data folder's files with their "/"-separated relative names, in a stable order;
    never the database's own files or a working file of a restore or upload."""
    skipped = database.files()
    for folder, dirs, files in os.walk(data):
        dirs[:] = sorted(d for d in dirs if not d.startswith(_SCRATCH))
        for name in sorted(files):
            path = Path(folder, name)
            if not name.startswith(_SCRATCH) and path.resolve() not in skipped:
                yield path, path.relative_to(data).as_posix()


def _add_data_file(writer: ArchiveWriter, path: Path, name: str) -> None:
    try:
        writer.add_file(path, name)
    except FileNotFoundError:
        raise BackupError(f"{path}: tệp biến mất trong khi sao lưu (đang nhập hồ sơ?); hãy chạy "
                          "lại lệnh sao lưu") from None


def _check_compatible(archive: Path, manifest: Manifest, database: Database) -> None:
    if manifest.backend != database.backend:
        raise BackupError(f"{archive}: bản sao lưu của {manifest.backend}, không khôi phục được "
                          f"vào {database.backend} ({database.label})")
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(manifest.alembic_revision)
    except CommandError:
        raise BackupError(f"{archive}: bản sao lưu do cchc {manifest.cchc_version} ghi, lược đồ "
                          f"{manifest.alembic_revision} mới hơn phiên bản đang cài "
                          f"({cchc.__version__}); hãy nâng cấp cchc trước") from None


def _content(database: Database, data: Path) -> str:
    """What the installation holds, in words; empty when there is nothing to lose."""
    parts = []
    if any((counts := database.counts()).values()):
        parts.append(f"{database.label}: {describe_counts(counts)}")
    files = sum(1 for path, name in _data_files(data, database) if name not in KEPT_FILES)
    if files:
        parts.append(f"{data}: {files} tệp")
    return "; ".join(parts)


def _kept_entries(data: Path, database: Database) -> set[str]:
    """Top-level entries of the data folder that hold the (SQLite) database: left in place."""
    return {entry.name for entry in data.iterdir()
            if any(path.is_relative_to(entry.resolve()) for path in database.files())}


class _DataSwap:
    """Moves the data folder's entries aside and the archive's in, and back again if asked."""

    def __init__(self, data: Path, work: Path, kept: set[str]) -> None:
        self.data, self.kept = data, kept
        self.incoming, self.previous = work / "archive" / "data", work / "previous"
        self.moved_out: list[str] = []
        self.moved_in: list[str] = []
        names = {p.name for p in self.incoming.iterdir()} if self.incoming.exists() else set()
        if clash := names & kept:
            raise BackupError(f"{data}: bản sao lưu có {sorted(clash)[0]}, trùng chỗ của cơ sở "
                              "dữ liệu SQLite; hãy đặt cơ sở dữ liệu ngoài thư mục dữ liệu")
        self.names = sorted(names)

    def apply(self) -> None:
        self.previous.mkdir()
        for entry in sorted(self.data.iterdir()):
            if entry.name not in self.kept and not entry.name.startswith(_SCRATCH):
                os.replace(entry, self.previous / entry.name)
                self.moved_out.append(entry.name)
        for name in self.names:
            os.replace(self.incoming / name, self.data / name)
            self.moved_in.append(name)

    def undo(self) -> None:
        for name in self.moved_in:
            os.replace(self.data / name, self.incoming / name)
        for name in self.moved_out:
            os.replace(self.previous / name, self.data / name)


def _after_restore(url: str, archive: Path, manifest: Manifest) -> None:
    """Bring the schema up to date, end every sign-in session the archive brought back (a
    session ended after the backup must not open again), and record the restore."""
    with open_database(url) as factory, factory.begin() as session:
        ended = session.execute(delete(UserSession)).rowcount
        session.add(AuditEntry(
            user_id=None, action="system.restore", entity="installation",
            entity_id=manifest.created_at,
            after={"archive": archive.name, "created_at": manifest.created_at,
                   "cchc_version": manifest.cchc_version,
                   "alembic_revision": manifest.alembic_revision,
                   "restored_by": _os_user(), "restored_with": cchc.__version__,
                   "sessions_ended": ended}))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"
