"""Splitting cells and lines that hold several items: outputs, units, bullet lists."""

from __future__ import annotations

import re

from cchc.domain.vntext import collapse

_BULLET = re.compile(r"^\s*(?:[-+•–*]|\d+[.)])\s*")
_TRAIL = " .;,:"


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def join_lines(text: str | None) -> str | None:
    """A multi-line cell as printed, on one line (the deadline_text convention)."""
    if text is None:
        return None
    joined = collapse(text.replace("\n", " "))
    return joined or None


def split_items(text: str | None) -> list[str]:
    """Outputs (sản phẩm) cell -> items: one per line / "- " bullet / ";" clause.

    Commas stay inside an item: "Kế hoạch, Quyết định" is one product description.
    """
    if not text:
        return []
    pieces: list[str] = []
    for line in _bullet_lines(text):
        pieces.extend(re.split(r";\s*|(?<=[a-zà-ỹđ)])\.\s+(?=[A-ZĐ\u00c0-\u1ef8])", line))
    return [_tidy(p) for p in pieces if _tidy(p)]


def _bullet_lines(text: str) -> list[str]:
    """Lines, with inline bullets ("; - Báo cáo", ". -Kế hoạch", "Kế hoạch - Báo cáo")
    turned into their own lines."""
    text = re.sub(r"(?:(?<=[.;:])|^)\s*[-+•]\s*(?=\w)", "\n", text, flags=re.MULTILINE)
    text = re.sub(r"\s+-\s+(?=[A-ZĐ\u00c0-\u1ef9])", "\n", text)
    return [strip_bullet(line) for line in text.split("\n") if line.strip()]


def _tidy(text: str) -> str:
    return collapse(strip_bullet(text)).strip(_TRAIL).strip()
