"""Encoders into the legacy Vietnamese encodings, inverse to cchc's decoders: they turn real
seed text into the bytes an old Windows machine would have saved."""

from __future__ import annotations

import unicodedata

from cchc.extract.readers.encoding import TCVN3_TABLE, VNI_MARKS

_MODIFIERS = "\u0302\u0306\u031b"  # circumflex, breve, horn: part of the letter, not the tone
_TCVN3 = {}
for _byte, _char in enumerate(TCVN3_TABLE):
    if _byte >= 0xA0 and unicodedata.category(_char) != "Mn":
        _TCVN3.setdefault(_char, bytes([_byte]))
_VNI_LETTERS = dict(zip("ơƠưƯđĐỉỈĩĨịỊíÍìÌ", "ôÔöÖñÑæÆóÓòÒíÍìÌ"))
_VNI_MARK = {marks: byte for byte, marks in VNI_MARKS.items() if byte.islower()}


def _letter_and_tone(char: str) -> tuple[str, str, str]:
    """(base letter, its circumflex/breve/horn, its tone mark) of a Vietnamese letter."""
    decomposed = unicodedata.normalize("NFD", char)
    modifiers = "".join(m for m in decomposed[1:] if m in _MODIFIERS)
    tone = "".join(m for m in decomposed[1:] if m not in _MODIFIERS)
    return decomposed[0], modifiers, tone


def windows_1258(text: str) -> bytes:
    """Letters with circumflex, breve or horn precomposed, tones as combining marks."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, modifiers, tone = _letter_and_tone(char)
            out.append((unicodedata.normalize("NFC", base + modifiers) + tone).encode("cp1258"))
    return b"".join(out)


def tcvn3(text: str) -> bytes:
    """One byte per letter; a capital TCVN3 has no code for is written with the small
    letter's code (the .VnTimeH font would draw it as a capital)."""
    return b"".join(_TCVN3.get(c) or _TCVN3.get(c.lower()) or c.encode("cp1252") for c in text)


def vni(text: str) -> bytes:
    """A base letter and, after it, one byte for its marks."""
    out = []
    for char in text:
        base, modifiers, tone = _letter_and_tone(char)
        if char in _VNI_LETTERS or not (modifiers or tone) or not base.isascii():
            out.append(_VNI_LETTERS.get(char, char))
            continue
        if modifiers == "\u031b":  # ơ, ư are one byte; the tone follows
            base = _VNI_LETTERS[unicodedata.normalize("NFC", base + modifiers)]
            modifiers = ""
        mark = _VNI_MARK[modifiers + tone] if modifiers + tone else ""
        out.append(base + (mark.upper() if base.isupper() else mark))
    return "".join(out).encode("cp1252")
