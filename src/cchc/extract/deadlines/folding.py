"""Position-keeping folding: lower case, no diacritics, one character per character.

Matching runs on the folded text; labels and event texts are sliced from the original at the
same offsets, so they keep their case and diacritics.
"""

from __future__ import annotations

import unicodedata

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


class _FoldTable(dict[int, str]):
    """str.translate table filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _DASHES:
            folded = "-"
        elif char in "đĐ":
            folded = "d"
        else:
            folded = unicodedata.normalize("NFD", char)[0].lower()[:1] or char
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold_in_place(text: str) -> str:
    """`text` lower-cased without diacritics (đ -> d, dashes -> "-"), same length as `text`."""
    return text.translate(_TABLE)
