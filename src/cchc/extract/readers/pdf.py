"""Reader for PDF files with a text layer (pdfplumber).

Per page, ruled tables come from page.find_tables() (a missing cell is ""); the text outside
them becomes paragraphs, everything in vertical order. A line joins the paragraph above when
it sits at normal line spacing under a line that reaches the right margin, in the same font,
and does not start a new item ("- ", "1.", "a)", "II."); inside a cell, the lines a cell wraps
into are joined the same way. A table continuing at the top of the next page with the same
columns is one table (the repeated header row and the part of a row broken over the page stay
as rows: the recognizers handle them). Larger-than-body lines are headings; a line in a bold
font is bold. Lines holding only a page number are dropped.

Pages that are only an image (a scan) are read by OCR (readers/ocr.py) into the same lines and
tables, so a scanned page joins the layout exactly as a text page would.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pdfplumber
from rapidfuzz import fuzz

from cchc.domain.vntext import fold
from cchc.errors import InputError
from cchc.extract.document import Document
from cchc.extract.readers import ocr
from cchc.extract.readers.blocks import DocumentBuilder, join_wrapped
from cchc.extract.readers.cell_lines import NEW_ITEM, CellLine, cell_texts, would_fit
from cchc.extract.readers.tab_print import TAB_GAP_EM, TabTable, tab_pieces

MAX_PAGES = 500  # a plan has 5-60 pages
EARLY_END_EM = 4  # a line ending this far (x the font size) before the margin may end a paragraph
REPEATED_HEADER_SIMILARITY = 90  # a scanned header row read with a letter or two wrong
_PAGE_NUMBER = re.compile(r"^(-\s*)?(trang\s+)?\d{1,3}(\s*-)?$", re.IGNORECASE)
T = TypeVar("T")


class PdfReader:
    extensions = (".pdf",)

    def read(self, data: bytes, source: str) -> Document:
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                pages = pdf.pages
                if len(pages) > MAX_PAGES:
                    raise InputError(f"{source}: tệp PDF có {len(pages)} trang, "
                                     f"quá giới hạn {MAX_PAGES} trang của một kế hoạch")
                scans = ocr.read_scanned_pdf_pages(data, source)
                layout = PageLayout(source)
                for number, page in enumerate(pages, start=1):
                    if number in scans.pages:
                        layout.add_content(number, *scans.content(number))
                    else:
                        layout.add_page(page, number)
                    page.close()  # drop the page's cached objects: memory stays flat
        except InputError:
            raise
        except Exception as exc:  # pdfminer raises a zoo of types on malformed files
            raise InputError(f"{source}: {_reason(exc)}") from None
        return scans.finish(layout)


def _reason(exc: Exception) -> str:
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__, *exc.args)
             if isinstance(e, BaseException)}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return "tệp PDF có mật khẩu"
    return f"tệp PDF bị hỏng hoặc không phải PDF ({type(exc).__name__}: {str(exc)[:80]})"


@dataclass
class TextLine:
    text: str
    page: int
    number: int  # 1-based among the page's lines outside tables
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    pieces: tuple[str, ...] = ()  # the texts between the line's tab gaps, when it has any
    first_x1: float | None = None  # right edge of the line's first word


@dataclass
class _PendingTable:
    rows: list[list[str]]
    pages: list[int]
    last_page: int
    width: int


@dataclass
class PageLayout:
    """Pages' lines and tables, in order, into paragraphs and tables (a table running over
    pages is one)."""

    source: str
    chars: int = 0
    builder: DocumentBuilder = field(init=False)
    lines: list[TextLine] = field(default_factory=list)  # the paragraph being built
    table: _PendingTable | None = None
    tab_table: TabTable | None = None  # a table typed with tabs, read from its print
    right: float = 0.0  # right edge of the text column on the current page
    body_size: float = 0.0

    def __post_init__(self) -> None:
        self.builder = DocumentBuilder(self.source)

    def add_page(self, page, number: int) -> None:
        """A pdfplumber page with a text layer."""
        self.chars += len(page.chars)
        tables = page.find_tables()
        lines = _lines(page, number, [t.bbox for t in tables])
        self.add_content(number, lines, [(t.bbox[1], _table_rows(page, t)) for t in tables])

    def add_content(self, number: int, lines: list[TextLine],
                    tables: list[tuple[float, list[list[str]]]]) -> None:
        """A page's text lines outside tables and its tables (top, rows of cell texts), in
        points from the top of the page."""
        if lines:
            self.right = max(line.x1 for line in lines)
            sizes = Counter(round(line.size) for line in lines)
            self.body_size = sizes.most_common(1)[0][0]
        items = [(line.top, 0, line) for line in lines] + \
                [(top, 1, rows) for top, rows in tables]
        for _, kind, item in sorted(items, key=lambda i: (i[0], i[1])):
            if kind == 0:
                self._line(item)
            else:
                self._table(item, number)

    def document(self) -> Document:
        self._flush_paragraph()
        self._flush_table()
        self._flush_tab_table()
        return self.builder.document()

    # -- paragraphs -----------------------------------------------------------------------
    def _line(self, line: TextLine) -> None:
        self._flush_table()
        if self.tab_table and self.tab_table.takes(line):
            self.tab_table.add(line)
            return
        self._flush_tab_table()
        if line.pieces and (tab_table := TabTable.headed_by(line)):
            self._flush_paragraph()
            self.tab_table = tab_table
            return
        if self.lines and not self._continues(self.lines[-1], line):
            self._flush_paragraph()
        self.lines.append(line)

    def _continues(self, above: TextLine, line: TextLine) -> bool:
        """Whether `line` is the wrapped continuation of the paragraph ending with `above`."""
        if NEW_ITEM.match(line.text) or above.bold != line.bold:
            return False
        if abs(above.size - line.size) > 0.5 or self._ended_early(above, line):
            return False
        if line.page == above.page:
            return line.top - above.bottom < 0.6 * (above.bottom - above.top)
        return True

    def _ended_early(self, above: TextLine, line: TextLine) -> bool:
        """Whether `above` stops short of the right margin though the first word of `line`
        would have fit after it (a long date or number wraps whole: "... ngày" /
        "10/01/2025 của ...")."""
        room = self.right - above.x1
        first = (line.first_x1 - line.x0) if line.first_x1 is not None else 0.0
        return room > EARLY_END_EM * above.size and would_fit(first, room, above.size)

    def _flush_paragraph(self) -> None:
        if not self.lines:
            return
        first = self.lines[0]
        text = ""
        for line in self.lines:
            text = join_wrapped(text, line.text)
        self.builder.paragraph(text,
                               line=first.number, page=first.page,
                               heading=first.size > self.body_size * 1.05,
                               bold=all(line.bold for line in self.lines))
        self.lines = []

    # -- tables ---------------------------------------------------------------------------
    def _table(self, rows: list[list[str]], page: int) -> None:
        self._flush_paragraph()
        self._flush_tab_table()
        width = max((len(r) for r in rows), default=0)
        pending = self.table
        if pending and pending.last_page == page - 1 and pending.width == width:
            _stitch_broken_row(pending.rows, rows)
            pending.rows += rows
            pending.pages += [page] * len(rows)
            pending.last_page = page
            return
        self._flush_table()
        self.table = _PendingTable(rows, [page] * len(rows), page, width)

    def _flush_table(self) -> None:
        if self.table:
            self.builder.table(self.table.rows, pages=self.table.pages)
            self.table = None

    def _flush_tab_table(self) -> None:
        if self.tab_table:
            self.builder.table(self.tab_table.table_rows(), pages=self.tab_table.pages)
            self.tab_table = None


def _stitch_broken_row(above: list[list[str]], rows: list[list[str]]) -> None:
    """Join the part of a row broken over the page (under the repeated header) to the row
    above the break. Its texts all sit under texts of the row above, at least one plainly goes
    on mid-sentence, and its first cell is empty or goes on in lower case (it is no number).
    Anything else stays a row."""
    i = 0
    while i < len(rows) and above and _repeats(rows[i], above[0]):
        i += 1  # the repeated header
    if i == len(rows) or not above:
        return
    part, last = rows[i], above[-1]
    pairs = [(a, c) for a, c in zip(last, part) if c]
    if not pairs or not all(a for a, _ in pairs) or not any(_goes_on(a, c) for a, c in pairs) \
            or (part[0] and not part[0][0].islower()):
        return
    above[-1] = [join_wrapped(a, c) for a, c in zip(last, part)]
    del rows[i]


def _repeats(row: list[str], header: list[str]) -> bool:
    """Whether `row` is the table's header printed again (OCR may misread a letter of it)."""
    return row == header or (len(row) == len(header) and fuzz.ratio(
        fold(" ".join(row)), fold(" ".join(header))) >= REPEATED_HEADER_SIMILARITY)


def _goes_on(above: str, text: str) -> bool:
    """Whether `text` continues the sentence `above` ends with."""
    if NEW_ITEM.match(text):
        return False
    return text[0].islower() or (text[0].isdigit() and above[-1] not in ".;:!?")


def _lines(page, number: int, boxes: list[tuple]) -> list[TextLine]:
    """The page's text lines outside the table boxes, page numbers dropped."""
    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    raw = page.filter(outside).extract_text_lines(return_chars=True) if boxes else \
        page.extract_text_lines(return_chars=True)
    raw = without_page_numbers([r for r in raw if r["text"].strip()], lambda r: r["text"])
    lines = []
    for i, r in enumerate(raw, start=1):
        chars = [c for c in r["chars"] if c["text"].strip()]
        size = max((c["size"] for c in chars), default=0.0)
        pieces = tab_pieces(r["chars"], TAB_GAP_EM * size, lambda c: (c["x0"], c["x1"]),
                            lambda cell: pdfplumber.utils.extract_text(cell, x_tolerance=1.5)
                            .strip())
        lines.append(TextLine(r["text"], number, i, r["x0"], r["x1"], r["top"], r["bottom"],
                              size, bool(chars) and all("bold" in c["fontname"].lower()
                                                        for c in chars), pieces,
                              _first_word_end(r)))
    return lines


def _first_word_end(line: dict) -> float:
    """x1 of the first word of a pdfplumber text line: its glyph at the first space of the
    line's text (pdfplumber puts the spaces a PDF prints only as gaps)."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    first = len(line["text"].split(" ", 1)[0])
    return chars[min(first, len(chars)) - 1]["x1"] if chars else line["x1"]


def _table_rows(page, table) -> list[list[str]]:
    """The table's rows of cell texts (a cell a merge covers is ""), each cell's lines joined
    where they wrapped (readers/cell_lines.py)."""
    x0, top, x1, bottom = table.bbox
    region = page.filter(lambda o: x0 <= (o["x0"] + o["x1"]) / 2 <= x1 and
                         top <= (o["top"] + o["bottom"]) / 2 <= bottom)  # once, not per cell
    rows = [[_cell_lines(region, box) if box else (None, []) for box in row.cells]
            for row in table.rows]
    size = max((c["size"] for c in page.chars), default=0.0)
    return cell_texts(rows, size)


def _cell_lines(page, box: tuple[float, float, float, float]) -> tuple[int, list[CellLine]]:
    """The lines of the cell in `box` (the characters whose centre it holds), keyed by the
    cell's width."""
    x0, top, x1, bottom = box
    lines = page.filter(lambda o: x0 <= (o["x0"] + o["x1"]) / 2 <= x1 and
                        top <= (o["top"] + o["bottom"]) / 2 <= bottom
                        ).extract_text_lines(return_chars=True)
    return round(x1 - x0), [CellLine(line["text"], line["x0"], line["x1"], _first_word_end(line))
                            for line in lines]


def without_page_numbers(lines: list[T], text: Callable[[T], str]) -> list[T]:
    """The page's lines without a first or last line holding only a page number."""
    lines = list(lines)
    if lines and _PAGE_NUMBER.match(text(lines[-1]).strip()):
        lines.pop()
    if lines and _PAGE_NUMBER.match(text(lines[0]).strip()):
        lines.pop(0)
    return lines


READER = PdfReader()
