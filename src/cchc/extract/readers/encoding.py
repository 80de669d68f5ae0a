"""Decoding text files: UTF-8 (with or without BOM), UTF-16 with BOM."""

from __future__ import annotations

from cchc.domain.vntext import nfc
from cchc.errors import InputError


def decode_text(data: bytes, source: str) -> str:
    """Bytes of a text export -> NFC Unicode text, or InputError naming the problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(data.decode("utf-16"))
    try:
        return nfc(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start})") from None
