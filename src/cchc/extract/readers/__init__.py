"""Format readers: one module per format, all producing extract.document.Document.

The extension picks the reader; the first bytes must agree with it, so a .docx renamed .txt or
a zip named .pdf is refused with a message saying what the file really is.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from cchc.errors import InputError
from cchc.extract.document import Document

MAX_BYTES = 25 * 1024 * 1024  # a real plan is well under 5 MB; larger is refused, not read

# extension -> module under cchc.extract.readers exposing READER
_BY_EXTENSION = {
    ".txt": "text", ".md": "text", ".markdown": "text",
    ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".doc": "doc",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
}

# signature -> (kind, what a user would call it)
_SIGNATURES = {
    b"PK\x03\x04": ("zip", "a zip archive (a .docx, .xlsx or .zip)"),
    b"PK\x05\x06": ("zip", "an empty zip archive"),
    b"%PDF-": ("pdf", "a PDF document"),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": (
        "ole", "a legacy Office file (.doc, .xls) or a password-protected .docx"),
    b"{\\rtf": ("rtf", "an RTF document"),
    b"\x89PNG\r\n\x1a\n": ("image", "a PNG image"),
    b"\xff\xd8\xff": ("image", "a JPEG image"),
    b"II*\x00": ("image", "a TIFF image"),
    b"MM\x00*": ("image", "a TIFF image"),
}
_HTML_STARTS = (b"<!doctype html", b"<html")
# reader module -> the kinds of content it reads (None: no known signature, e.g. text; the
# PDF reader takes it too, as PDF readers tolerate junk before %PDF-)
_ACCEPTS = {
    "text": {None, "html"}, "html": {None, "html"}, "docx": {"zip"}, "pdf": {"pdf", None},
    "doc": {"ole", "rtf", "zip", "html"}, "image": {"image"},
}
_EXPECTED = {"docx": "a Word .docx document", "pdf": "a PDF document",
             "doc": "a Word .doc document", "text": "text", "html": "an HTML page",
             "image": "a PNG, JPEG or TIFF image"}


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
    data = path.read_bytes()
    kind, described = sniff(data)
    if kind not in _ACCEPTS[module]:
        expected = _EXPECTED[module]
        raise InputError(
            f"{name}: the file is {described}, not {expected} as its '{ext}' extension says"
            if described else
            f"{name}: the file is not {expected} (damaged, or another kind of file named '{ext}')")
    reader = import_module(f"cchc.extract.readers.{module}").READER
    return reader.read(data, name)


def sniff(data: bytes) -> tuple[str | None, str | None]:
    """(kind, description) of a file from its first bytes; (None, None) for text or unknown."""
    for signature, found in _SIGNATURES.items():
        if data.startswith(signature):
            return found
    if data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_HTML_STARTS):
        return "html", "an HTML page"
    return None, None
