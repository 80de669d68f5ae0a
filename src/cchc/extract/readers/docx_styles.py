"""Word styles and list numbering (styles.xml, numbering.xml), as far as the .docx reader needs
them: which styles are bold or headings or numbered, and the label ("1.", "a)", "II.", "-")
Word draws in front of a numbered paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

OUTLINE_LEVELS = frozenset("012345678")  # w:outlineLvl values that make a heading
_HEADING_NAME = re.compile(r"(heading \d|title)", re.IGNORECASE)
_MAX_BASED_ON = 16  # depth of w:basedOn chains followed (real ones are 2-4; guards cycles)
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def on(element: etree._Element | None, val: str) -> bool | None:
    """A Word on/off property such as <w:b/>: None when absent, else whether w:val says on."""
    if element is None:
        return None
    return element.get(val, "true").lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    bold: bool | None
    heading: bool | None
    numbering: tuple[str, int] | None


class Styles:
    def __init__(self, root: etree._Element | None, w: str) -> None:
        self.default: str | None = None  # the paragraph style of paragraphs naming none
        self._styles: dict[str, _Style] = {}
        if root is None:
            return
        q = lambda name: f"{{{w}}}{name}"  # noqa: E731
        val = q("val")
        for style in root.iter(q("style")):
            style_id = style.get(q("styleId"))
            if not style_id:
                continue
            if style.get(q("type")) == "paragraph" and style.get(q("default")) in ("1", "true"):
                self.default = style_id
            name, based_on = style.find(q("name")), style.find(q("basedOn"))
            ppr, rpr = style.find(q("pPr")), style.find(q("rPr"))
            outline = ppr.find(q("outlineLvl")) if ppr is not None else None
            heading = True if name is not None and _HEADING_NAME.fullmatch(name.get(val, "")) \
                else None if outline is None else outline.get(val) in OUTLINE_LEVELS
            numpr = ppr.find(q("numPr")) if ppr is not None else None
            numbering = None
            if numpr is not None and numpr.find(q("numId")) is not None:
                level = numpr.find(q("ilvl"))
                level_value = level.get(val, "0") if level is not None else "0"
                numbering = (numpr.find(q("numId")).get(val, "0"),
                             int(level_value) if level_value.isdigit() else 0)
            self._styles[style_id] = _Style(
                based_on.get(val) if based_on is not None else None,
                on(rpr.find(q("b")), val) if rpr is not None else None,
                heading, numbering)

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        for _ in range(_MAX_BASED_ON):
            style = self._styles.get(style_id or "")
            if style is None:
                return
            yield style
            style_id = style.based_on

    def bold(self, style_id: str | None) -> bool | None:
        return next((s.bold for s in self._chain(style_id) if s.bold is not None), None)

    def is_heading(self, style_id: str | None) -> bool:
        return bool(next((s.heading for s in self._chain(style_id) if s.heading is not None),
                         False))

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        """(numId, level) of a numbered style, None when it is not numbered."""
        found = next((s.numbering for s in self._chain(style_id) if s.numbering), None)
        return found if found and found[0] != "0" else None


@dataclass(frozen=True)
class _Level:
    fmt: str  # w:numFmt: decimal, lowerLetter, upperRoman, bullet, none...
    text: str  # w:lvlText: "%1.", "%1.%2", "a)" patterns, or the bullet character
    start: int


class Numbering:
    """Counts numbered paragraphs in document order and renders their labels."""

    def __init__(self, root: etree._Element | None, w: str) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._starts: dict[tuple[str, int], int] = {}  # w:startOverride of a list restart
        self._used: set[str] = set()
        if root is None:
            return
        q = lambda name: f"{{{w}}}{name}"  # noqa: E731
        val = q("val")

        def value(parent: etree._Element, tag: str, default: str) -> str:
            child = parent.find(q(tag))
            return default if child is None else child.get(val, default)

        for abstract in root.iter(q("abstractNum")):
            self._levels[abstract.get(q("abstractNumId"), "")] = {
                _int(lvl.get(q("ilvl"))): _Level(value(lvl, "numFmt", "decimal"),
                                                 value(lvl, "lvlText", ""),
                                                 _int(value(lvl, "start", "1"), 1))
                for lvl in abstract.iter(q("lvl"))}
        for num in root.iter(q("num")):
            overrides = {_int(o.get(q("ilvl"))): _int(value(o, "startOverride", "1"), 1)
                         for o in num.iter(q("lvlOverride"))
                         if o.find(q("startOverride")) is not None}
            self._nums[num.get(q("numId"), "")] = (value(num, "abstractNumId", ""), overrides)

    def label(self, num_id: str, level: int) -> str:
        """The next label of list `num_id` at `level` ("" when the list is not defined)."""
        if num_id not in self._nums:
            return ""
        abstract, overrides = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        level = min(level, 8)
        if level not in levels:
            return ""
        counters = self._counters.setdefault(abstract, [None] * 9)
        if num_id not in self._used:  # a list restarted with new start values
            self._used.add(num_id)
            for lvl, start in overrides.items():
                counters[min(lvl, 8)] = None
                self._starts[(abstract, lvl)] = start
        current = counters[level]
        counters[level] = self._start(abstract, level) if current is None else current + 1
        counters[level + 1:] = [None] * (8 - level)
        this = levels[level]
        if this.fmt == "bullet":
            return _bullet(this.text)
        if this.fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match[1]) - 1
            count = counters[k] if counters[k] is not None else self._start(abstract, k)
            return _format(count, levels.get(k, this).fmt)

        return re.sub(r"%([1-9])", number, this.text).strip()

    def _start(self, abstract: str, level: int) -> int:
        defined = self._levels.get(abstract, {}).get(level)
        return self._starts.get((abstract, level), defined.start if defined else 1)


def _int(text: str | None, default: int = 0) -> int:
    return int(text) if text and text.isdigit() and len(text) < 6 else default


def _bullet(text: str) -> str:
    char = text.strip()[:1]
    return "-" if char in ("-", "–") else char if char in ("+", "•", "*") else "•"


def _format(n: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = ""
        for value, digits in _ROMAN:
            count, n = divmod(n, value)
            roman += digits * count
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)
