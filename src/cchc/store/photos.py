"""Phone photos reduced before they are stored as evidence: a 4000 × 3000 photo of a signed
record reads as well at 2000 px on its long side, for a fraction of the bytes a commune sends
and keeps. JPEG, PNG, WebP and the HEIC photos of iPhones (pillow-heif)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

MAX_SIDE = 2000  # px on the long side
PHOTO_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})
_SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True},
    "WEBP": {"quality": 85}, "HEIF": {"quality": 80}}


class UnreadableImage(ValueError):
    """The file named as a photo is not an image Pillow can read."""


def reduced(content: bytes, max_side: int = MAX_SIDE) -> bytes | None:
    """`content` at most `max_side` px on its long side, turned upright as its EXIF orientation
    says, in its own format with its other EXIF data kept; None when it is small enough."""
    try:
        with Image.open(BytesIO(content)) as image:
            if max(image.size) <= max_side:
                image.verify()  # a broken file is refused even when it needs no reduction
                return None
            kind = image.format or ""
            image.draft(image.mode, (max_side, max_side))  # JPEG: decoded at a reduced scale
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out = BytesIO()
            upright.save(out, format=kind, exif=upright.getexif(),
                         **_SAVE_OPTIONS.get(kind, {}))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise UnreadableImage(str(exc)) from exc
    return out.getvalue()
