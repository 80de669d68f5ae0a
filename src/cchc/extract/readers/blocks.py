"""What the structured readers (.docx, .html, .pdf) share: cleaning text the way the text reader
does (and converting text typed in legacy Vietnamese fonts), recognising list items, numbering
tables and rows, flattening nested tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cchc.domain.vntext import collapse
from cchc.extract.document import Block, Document, Loc, Paragraph, Row, Table
from cchc.extract.readers.encoding import from_legacy_font
from cchc.extract.text_tables import TAB, with_text_tables

LIST_PREFIX = re.compile(r"^[-+•]\s")


def clean_lines(text: str) -> str:
    """Text typed in a legacy font (TCVN3, VNI) converted, each line collapsed (NFC, single
    spaces), empty lines dropped, lines joined by "\\n"."""
    lines = (collapse(line) for line in from_legacy_font(text).split("\n"))
    return "\n".join(line for line in lines if line)


def cell_text(paragraphs: Iterable[str]) -> str:
    """A table cell's text: its paragraphs cleaned and joined by "\\n"."""
    return clean_lines("\n".join(paragraphs))


def flatten_table(rows: Sequence[Sequence[str]]) -> str:
    """A table nested in a cell, as text of that cell: one line per row, cells joined by " | "."""
    lines = (" | ".join(c.replace("\n", " ") for c in row if c) for row in rows)
    return "\n".join(line for line in lines if line)


def join_wrapped(before: str, after: str) -> str:
    """Two pieces of one wrapped text: no space after a hyphen that ends a word."""
    if not (before and after):
        return before or after
    glued = before.endswith("-") and len(before) > 1 and not before[-2].isspace()
    return before + after if glued else f"{before} {after}"


class DocumentBuilder:
    """Collects blocks in reading order; numbers tables and rows the same way for every reader."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[Block] = []
        self.tables = 0

    def paragraph(self, text: str, *, line: int | None = None, page: int | None = None,
                  heading: bool = False, list_item: bool = False, bold: bool = False) -> None:
        text = TAB.join(clean_lines(cell) for cell in text.split(TAB))  # cells of a text table
        if not text.strip(TAB):
            return
        role = "heading" if heading else "list_item" if list_item or LIST_PREFIX.match(text) \
            else "body"
        self.blocks.append(Paragraph(text, Loc(self.source, line=line, page=page), role, bold))

    def table(self, rows: Sequence[Sequence[str]], *, line: int | None = None,
              pages: Sequence[int | None] | None = None) -> None:
        """A table from its rows of cell texts (cleaned here); rows with no text are dropped.

        `pages` gives each row's page (a PDF table may run over several pages)."""
        pages = pages or [None] * len(rows)
        cleaned = ([clean_lines(c) for c in cells] for cells in rows)
        kept = [(cells, page) for cells, page in zip(cleaned, pages) if any(cells)]
        if not kept:
            return
        self.tables += 1
        number = self.tables
        out = [Row(cells, Loc(self.source, page=page, table=number, row=i))
               for i, (cells, page) in enumerate(kept, start=1)]
        self.blocks.append(Table(out, Loc(self.source, line=line, page=kept[0][1], table=number)))

    def document(self) -> Document:
        return with_text_tables(Document(self.source, self.blocks))
