"""The backup archive: a zip file whose `manifest.json` lists every other member with its size
and sha256, and the versions it was written by.

Members are written once, hashed as they are written; compressible ones are deflated, the rest
(PDFs, Parquet, a compressed database dump) stored as they are. Reading verifies every member
against the manifest before anything is used, and refuses a member the manifest does not list
or a name that would leave the folder it is extracted to.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from cchc.store.errors import StoreError

FORMAT = "cchc-backup/1"
MANIFEST = "manifest.json"
DATA_PREFIX = "data/"  # the data folder's files, under their relative paths
_CHUNK = 1 << 20
_SAMPLE = 64 * 1024
_WORTH_DEFLATING = 0.9  # deflate a file when a sample shrinks below this share of its size


class BackupError(StoreError):
    """A backup cannot be written, read or restored; nothing was changed."""


@dataclass(frozen=True)
class Member:
    path: str  # inside the archive, "/"-separated
    size: int
    sha256: str


@dataclass
class Manifest:
    """What an archive holds and what wrote it."""

    created_at: str  # ISO 8601, UTC
    cchc_version: str
    alembic_revision: str
    backend: str  # "sqlite" | "postgresql"
    backend_version: str
    database: str  # the member holding the database
    counts: dict[str, int]  # rows of the main tables, for people reading the manifest
    files: list[Member] = field(default_factory=list)
    format: str = FORMAT

    @property
    def data_files(self) -> list[Member]:
        return [m for m in self.files if m.path.startswith(DATA_PREFIX)]

    @property
    def size(self) -> int:
        return sum(m.size for m in self.files)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> Manifest:
        raw: dict[str, Any] = json.loads(text)
        if raw.get("format") != FORMAT:
            raise ValueError(f"định dạng {raw.get('format')!r}, cần {FORMAT}")
        raw["files"] = [Member(**m) for m in raw["files"]]
        return cls(**raw)


class ArchiveWriter:
    """Writes members to a new zip file, recording each one's size and checksum."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path, "x", allowZip64=True, compresslevel=1)
        self.members: list[Member] = []

    def add_file(self, source: Path, name: str, compress: bool | None = None) -> Member:
        """Copy `source` in as `name`; `compress=None` decides from a sample of its bytes."""
        with source.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if compress is None:
                compress = _compressible(stream.read(_SAMPLE))
                stream.seek(0)
            info = zipfile.ZipInfo.from_file(source, name, strict_timestamps=False)
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            digest, written = hashlib.sha256(), 0
            with self.zip.open(info, "w", force_zip64=size > zipfile.ZIP64_LIMIT // 2) as out:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    written += len(chunk)
                    out.write(chunk)
        member = Member(name, written, digest.hexdigest())
        self.members.append(member)
        return member

    def close(self, manifest: Manifest) -> None:
        """Write the manifest (listing the members written) and close the zip."""
        manifest.files = list(self.members)
        self.zip.writestr(MANIFEST, manifest.to_json(), compress_type=zipfile.ZIP_DEFLATED)
        self.zip.close()

    def abort(self) -> None:
        self.zip.close()


def read_manifest(path: Path) -> Manifest:
    """The manifest of the archive at `path`, its members' names checked."""
    with _open(path) as archive:
        return _manifest(path, archive)


def verify(path: Path, into: Path | None = None) -> Manifest:
    """Check every member of the archive at `path` against its manifest; with `into`, also
    extract the members there (as `into/<member path>`). Raises BackupError on any damage."""
    with _open(path) as archive:
        manifest = _manifest(path, archive)
        for member in manifest.files:
            target = into / member.path if into else None
            _check_member(path, archive, member, target)
    return manifest


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"{path}: không có tệp này") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path}: không phải bản sao lưu cchc hoặc tệp đã hỏng ({exc})") from None


def _manifest(path: Path, archive: zipfile.ZipFile) -> Manifest:
    try:
        manifest = Manifest.from_json(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{path}: không phải bản sao lưu cchc (thiếu {MANIFEST})") from None
    except (ValueError, TypeError, zipfile.BadZipFile, zlib.error) as exc:
        raise BackupError(f"{path}: {MANIFEST} hỏng hoặc không đọc được ({exc})") from None
    listed = {m.path for m in manifest.files}
    present = set(archive.namelist()) - {MANIFEST}
    for name in sorted(listed | present):
        if not _safe(name):
            raise BackupError(f"{path}: tên tệp không hợp lệ trong bản sao lưu: {name}")
    if missing := sorted(listed - present):
        raise BackupError(f"{path}: bản sao lưu bị hỏng, thiếu {len(missing)} tệp ({missing[0]}…)")
    if extra := sorted(present - listed):
        raise BackupError(f"{path}: bản sao lưu có {len(extra)} tệp không ghi trong {MANIFEST} "
                          f"({extra[0]}…)")
    if manifest.database not in listed:
        raise BackupError(f"{path}: bản sao lưu không có cơ sở dữ liệu ({manifest.database})")
    return manifest


def _check_member(path: Path, archive: zipfile.ZipFile, member: Member,
                  target: Path | None) -> None:
    digest, size = hashlib.sha256(), 0
    out: BinaryIO | None = None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    try:
        with archive.open(member.path) as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if out:
                    out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise BackupError(f"{path}: bản sao lưu bị hỏng, không đọc được {member.path} "
                          f"({exc})") from None
    finally:
        if out:
            out.close()
    if size != member.size or digest.hexdigest() != member.sha256:
        raise BackupError(f"{path}: bản sao lưu bị hỏng, {member.path} không khớp mã kiểm tra "
                          "sha256 trong manifest")


def _safe(name: str) -> bool:
    """A relative path that stays inside the folder it is extracted to."""
    pure = PurePosixPath(name)
    return (bool(name) and not pure.is_absolute() and "\\" not in name
            and all(part not in ("", ".", "..") for part in name.split("/")))


def _compressible(sample: bytes) -> bool:
    return bool(sample) and len(zlib.compress(sample, 1)) < _WORTH_DEFLATING * len(sample)
