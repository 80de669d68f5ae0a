"""Inline HTML found inside text exports (<b>, <i>, <br>, entities) reduced to plain text."""

from __future__ import annotations

import html
import re

_BREAK = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def strip_tags(text: str) -> str:
    """Line breaks for <br> and </p>, other tags removed, entities decoded."""
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
