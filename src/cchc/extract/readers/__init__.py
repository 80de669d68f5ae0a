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
    b"PK\x03\x04": ("zip", "tệp nén zip (.docx, .xlsx hoặc .zip)"),
    b"PK\x05\x06": ("zip", "tệp nén zip rỗng"),
    b"%PDF-": ("pdf", "văn bản PDF"),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": (
        "ole", "tệp Office cũ (.doc, .xls) hoặc tệp .docx có mật khẩu"),
    b"{\\rtf": ("rtf", "văn bản RTF"),
    b"\x89PNG\r\n\x1a\n": ("image", "ảnh PNG"),
    b"\xff\xd8\xff": ("image", "ảnh JPEG"),
    b"II*\x00": ("image", "ảnh TIFF"),
    b"MM\x00*": ("image", "ảnh TIFF"),
}
_HTML_STARTS = (b"<!doctype html", b"<html")
# reader module -> the kinds of content it reads (None: no known signature, e.g. text; the
# PDF reader takes it too, as PDF readers tolerate junk before %PDF-)
_ACCEPTS = {
    "text": {None, "html"}, "html": {None, "html"}, "docx": {"zip"}, "pdf": {"pdf", None},
    "doc": {"ole", "rtf", "zip", "html"}, "image": {"image"},
}
_EXPECTED = {"docx": "văn bản Word .docx", "pdf": "văn bản PDF",
             "doc": "văn bản Word .doc", "text": "tệp văn bản thuần", "html": "trang HTML",
             "image": "ảnh PNG, JPEG hoặc TIFF"}


def read_document(path: str | Path) -> Document:
    """Read any supported plan file into the document model, or raise InputError."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise InputError(f"{name}: không tìm thấy tệp")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{name}: tệp rỗng")
    if size > MAX_BYTES:
        raise InputError(f"{name}: tệp nặng {size / 2**20:.0f} MB, quá giới hạn "
                         f"{MAX_BYTES // 2**20} MB của một văn bản kế hoạch")
    ext = path.suffix.lower()
    module = _BY_EXTENSION.get(ext)
    if module is None:
        known = ", ".join(sorted(_BY_EXTENSION))
        raise InputError(f"{name}: không đọc được loại tệp '{ext or '(không có đuôi)'}' "
                         f"(đọc được: {known})")
    data = path.read_bytes()
    kind, described = sniff(data)
    if kind not in _ACCEPTS[module]:
        expected = _EXPECTED[module]
        raise InputError(
            f"{name}: tệp là {described}, không phải {expected} như đuôi '{ext}' cho biết"
            if described else
            f"{name}: tệp không phải {expected} (bị hỏng, hoặc là loại tệp khác mang đuôi '{ext}')")
    reader = import_module(f"cchc.extract.readers.{module}").READER
    return reader.read(data, name)


def sniff(data: bytes) -> tuple[str | None, str | None]:
    """(kind, description) of a file from its first bytes; (None, None) for text or unknown."""
    for signature, found in _SIGNATURES.items():
        if data.startswith(signature):
            return found
    if data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_HTML_STARTS):
        return "html", "trang HTML"
    return None, None
