"""Vietnamese text helpers: NFC normalization, diacritic folding, whitespace collapsing."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00a0": " "})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """NFC, one space between words, no leading/trailing space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Lower case without diacritics or dash variants: for matching, never for storage."""
    text = unicodedata.normalize("NFD", text.translate(_DASHES).lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return collapse(text.replace("đ", "d"))
