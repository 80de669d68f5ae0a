"""What a file of evidence (tài liệu kiểm chứng) may be, checked before anything is written:
documents, spreadsheets, presentations, images, audio, video and archives, told by their
extension; photos are read and reduced on the way (photos.py)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from cchc.store.errors import InvalidUpdateError
from cchc.store.photos import PHOTO_EXTENSIONS, UnreadableImage, reduced

EXTENSIONS = PHOTO_EXTENSIONS | frozenset({
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".htm", ".html", ".xml",
    ".xls", ".xlsx", ".ods", ".csv", ".ppt", ".pptx", ".odp",
    ".gif", ".bmp", ".tif", ".tiff",
    ".mp3", ".m4a", ".wav", ".mp4", ".mov", ".3gp", ".webm",
    ".zip", ".rar", ".7z"})
ACCEPT = ",".join(["image/*", *sorted(EXTENSIONS)])  # a file picker's `accept`: the camera too
KINDS = "văn bản (PDF, Word, Excel…), ảnh, âm thanh, video hoặc tệp nén (ZIP, RAR, 7Z)"


@dataclass(frozen=True)
class Upload:
    """A file as it came with a form or an API call."""

    name: str
    content: BinaryIO
    size: int | None  # bytes, when the request told
    mime: str | None  # as the browser declared it


@dataclass(frozen=True)
class CheckedUpload:
    """An upload fit to store: its base name, content (a photo reduced) and media type."""

    name: str
    content: bytes | BinaryIO
    mime: str


def base_name(name: str) -> str:
    """The file's own name, without the folders some browsers send."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]


def media_type(name: str, declared: str | None) -> str:
    """The media type a file is stored and served with: told by its extension, else as the
    browser declared it."""
    return mimetypes.guess_type(name)[0] or declared or "application/octet-stream"


def checked(upload: Upload) -> CheckedUpload:
    """The upload, if its type is one evidence may have and a photo is readable; else
    InvalidUpdateError naming the file and why."""
    name = base_name(upload.name)
    if not name:
        raise InvalidUpdateError("Hãy chọn tệp tài liệu kiểm chứng.")
    extension = PurePosixPath(name).suffix.lower()
    if extension not in EXTENSIONS:
        kind = f"“{extension}”" if extension else "không có phần mở rộng"
        raise InvalidUpdateError(f"“{name}”: không nhận loại tệp {kind}; tài liệu kiểm chứng "
                                 f"là {KINDS}.")
    mime = media_type(name, upload.mime)
    if extension not in PHOTO_EXTENSIONS:
        return CheckedUpload(name, upload.content, mime)
    content = upload.content.read()
    try:
        return CheckedUpload(name, reduced(content) or content, mime)
    except UnreadableImage:
        raise InvalidUpdateError(f"“{name}”: không đọc được ảnh — tệp bị hỏng hoặc không phải "
                                 f"ảnh {extension.lstrip('.').upper()}.") from None
