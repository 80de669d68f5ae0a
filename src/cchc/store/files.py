"""Content-addressed file storage by sha256: evidence (CCHC_DATA_DIR/evidence/ab/cdef…) and
the plan documents imported (CCHC_DATA_DIR/sources/ab/cdef…).

A file is written to a temporary name and renamed into place, so a reader never sees half a file;
the same content is stored once. Files of a rolled-back upload stay behind, unreferenced.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

DEFAULT_DATA_DIR = "cchc-data"
_CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^\w.\- ]+")


def data_dir() -> Path:
    """The configured data directory (CCHC_DATA_DIR, default ./cchc-data)."""
    return Path(os.environ.get("CCHC_DATA_DIR") or DEFAULT_DATA_DIR)


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    path: Path


class EvidenceFiles:
    """The evidence directory under a data directory."""

    folder = "evidence"

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or data_dir()) / self.folder

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:]

    def put(self, content: bytes | BinaryIO) -> StoredFile:
        """Store `content` (bytes or a binary file object) unless the same content is there."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with tempfile.NamedTemporaryFile(dir=self.root, prefix=".upload-", delete=False) as tmp:
            for chunk in _chunks(content):
                digest.update(chunk)
                size += len(chunk)
                tmp.write(chunk)
            tmp.flush()
            os.fsync(tmp.fileno())
        target = self.path(digest.hexdigest())
        if target.exists():
            os.unlink(tmp.name)
        else:
            target.parent.mkdir(exist_ok=True)
            os.replace(tmp.name, target)
        return StoredFile(digest.hexdigest(), size, target)

    def open(self, sha256: str) -> BinaryIO:
        return self.path(sha256).open("rb")


class SourceDocuments(EvidenceFiles):
    """The plan documents imported, as uploaded: a correction of a plan can be measured
    against what the extractor reads from its document today."""

    folder = "sources"


def safe_name(name: str) -> str:
    """An uploaded file's name as a file name of ours: no folders, no odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE.sub("_", base).strip(" .")[:120]


def _chunks(content: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(content, bytes):
        yield content
        return
    while chunk := content.read(_CHUNK):
        yield chunk
