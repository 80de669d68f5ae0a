"""How long a text typed by a person may be: a progress note, a comment, a field of a plan
corrected by hand. One limit for the pages, the API and the store."""

from __future__ import annotations

MAX_TEXT = 10_000  # characters


def too_long(text: str | None, what: str, limit: int = MAX_TEXT) -> str | None:
    """Why `text` is refused (in Vietnamese), or None when it fits within `limit`."""
    if text is None or len(text) <= limit:
        return None
    return f"{what} dài {_thousands(len(text))} ký tự, quá giới hạn {_thousands(limit)} ký tự."


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")
