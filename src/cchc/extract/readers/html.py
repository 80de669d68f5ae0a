"""Reader for HTML pages (.html, .htm), e.g. a plan published on a portal or saved from Word.

Block elements (p, div, li, h1-h6...) become paragraphs, h1-h6 headings and li list items;
<br> is a line break; text all in <b>/<strong> is bold. Tables keep their grid like the .docx
reader: a colspan cell is one cell followed by empty ones, the cells a rowspan covers below
are empty, a nested table becomes lines of its cell. Scripts, styles and the head are dropped.
The charset comes from a <meta> tag, else it is detected like a text file's.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

import lxml.html
from lxml import etree

from cchc.domain.vntext import nfc
from cchc.errors import InputError
from cchc.extract.document import Document
from cchc.extract.readers.blocks import DocumentBuilder, cell_text, flatten_table
from cchc.extract.readers.encoding import decode_text

MAX_SPAN = 64  # colspan/rowspan beyond this are treated as this
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_SKIP = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object",
                   "svg", "title", "meta", "link", "button", "select", "textarea"})
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
                     "h5", "h6", "blockquote", "pre", "address", "center", "section",
                     "article", "header", "footer", "main", "nav", "aside", "figure",
                     "figcaption", "form", "fieldset", "hr", "body", "caption"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class HtmlReader:
    extensions = (".html", ".htm")

    def read(self, data: bytes, source: str) -> Document:
        text = _XML_DECLARATION.sub("", _decode(data, source))
        if not text.strip():
            raise InputError(f"{source}: tệp rỗng")
        try:
            root = lxml.html.document_fromstring(text)
        except (etree.ParserError, ValueError) as exc:
            raise InputError(f"{source}: không đọc được dạng HTML ({exc})") from None
        builder = DocumentBuilder(source)
        _Walker(lambda text, line, role, bold: builder.paragraph(
                    text, line=line, heading=role == "heading",
                    list_item=role == "list_item", bold=bold),
                lambda rows, line: builder.table(rows, line=line)).block(root)
        return builder.document()


def _decode(data: bytes, source: str) -> str:
    """The charset a <meta> tag names when Python knows it and it fits, else detection."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return nfc(data.decode(codecs.lookup(declared[1].decode("ascii")).name))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, source)


class _Walker:
    """Walks elements, sending paragraphs and tables to the callbacks in reading order."""

    def __init__(self, on_paragraph: Callable[[str, int | None, str, bool], None],
                 on_table: Callable[[list[list[str]], int | None], None]) -> None:
        self.on_paragraph, self.on_table = on_paragraph, on_table
        self.pieces: list[tuple[str, bool]] = []  # inline text of the paragraph being built
        self.line: int | None = None
        self.roles: list[str] = ["body"]
        self.bold = 0

    def block(self, element: etree._Element) -> None:
        self.walk(element)
        self.flush()

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments: no tag
        tag = tag.lower()
        if not tag or tag in _SKIP:
            return
        if tag == "br":
            self.pieces.append(("\n", self.bold > 0))
            return
        if tag == "table":
            self.flush()
            self.on_table(_rows(element), element.sourceline)
            return
        is_block = tag in _BLOCKS
        role = "heading" if tag in _HEADINGS else "list_item" if tag == "li" else None
        bold = tag in ("b", "strong", "th") or bool(_BOLD_STYLE.search(element.get("style", "")))
        if is_block:
            self.flush()
        self.roles.append(role or self.roles[-1])
        self.bold += bold
        self.text(element.text, element)
        for child in element:
            self.walk(child)
            self.text(child.tail, element)
        self.bold -= bold
        if is_block:
            self.flush()
        self.roles.pop()

    def text(self, text: str | None, element: etree._Element) -> None:
        if text:
            if self.line is None and text.strip():
                self.line = element.sourceline
            self.pieces.append((_SPACES.sub(" ", text), self.bold > 0))

    def flush(self) -> None:
        text = "".join(t for t, _ in self.pieces)
        if text.strip():
            bold = all(b for t, b in self.pieces if t.strip())
            self.on_paragraph(text, self.line, self.roles[-1], bold)
        self.pieces, self.line = [], None


def _rows(table: etree._Element) -> list[list[str]]:
    """The table's own rows (not those of nested tables) as cell texts, merged cells spread."""
    rows: list[list[str]] = []
    below: dict[int, int] = {}  # column -> rows a rowspan still covers
    for tr in _own(table, "tr"):
        cells: list[str] = []

        def fill_spanned() -> None:
            while below.get(len(cells), 0):
                below[len(cells)] -= 1
                cells.append("")

        for td in _own(tr, "td", "th"):
            fill_spanned()
            colspan, rowspan = _span(td, "colspan"), _span(td, "rowspan")
            for column in range(len(cells), len(cells) + colspan):
                if rowspan > 1:
                    below[column] = rowspan - 1
            cells.append(_cell(td))
            cells.extend([""] * (colspan - 1))
        fill_spanned()
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _own(parent: etree._Element, *tags: str):
    """Descendants with these tags that belong to `parent`, not to a table nested in it."""
    for child in parent:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in tags:
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from _own(child, *tags)


def _span(cell: etree._Element, attribute: str) -> int:
    value = cell.get(attribute, "1").strip()
    return min(max(int(value), 1), MAX_SPAN) if value.isdigit() and len(value) < 6 else 1


def _cell(td: etree._Element) -> str:
    lines: list[str] = []
    _Walker(lambda text, line, role, bold: lines.append(text),
            lambda rows, line: lines.append(flatten_table(rows))).block(td)
    return cell_text(lines)


READER = HtmlReader()
