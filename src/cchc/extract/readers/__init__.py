"""Format readers: one module per format, all producing extract.document.Document."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from cchc.errors import InputError
from cchc.extract.document import Document

MAX_BYTES = 25 * 1024 * 1024  # a real plan is well under 5 MB; larger is refused, not read

# extension -> module under cchc.extract.readers exposing READER
_BY_EXTENSION = {
    ".txt": "text", ".md": "text", ".markdown": "text",
}


def read_document(path: str | Path) -> Document:
    """Read any supported plan file into the document model, or raise InputError."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise InputError(f"{name}: file not found")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{name}: the file is empty")
    if size > MAX_BYTES:
        raise InputError(f"{name}: the file is {size / 2**20:.0f} MB, more than the "
                         f"{MAX_BYTES // 2**20} MB a plan document may be")
    ext = path.suffix.lower()
    module = _BY_EXTENSION.get(ext)
    if module is None:
        known = ", ".join(sorted(_BY_EXTENSION))
        raise InputError(f"{name}: unsupported file type '{ext or '(none)'}' (supported: {known})")
    reader = import_module(f"cchc.extract.readers.{module}").READER
    return reader.read(path.read_bytes(), name)
