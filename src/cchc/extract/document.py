"""The intermediate document model every reader produces and every recognizer consumes.

A document is a flat sequence of blocks in reading order: paragraphs (with a role: body,
heading or list item) and tables (rows of cell texts). Each block carries its source
location, so findings and errors can point at "seed.docx, table 2, row 14".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Union

from cchc.domain.findings import Finding

Role = Literal["body", "heading", "list_item"]


@dataclass(frozen=True)
class Loc:
    """Where a block came from. Lines, rows and pages are 1-based; `part` is the appendix a
    table belongs to ("Phụ lục số 02"), as extract.text_tables names it."""

    source: str
    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    part: str | None = None

    def __str__(self) -> str:
        """The place as officials name it: "Phụ lục số 02, dòng 5, trang 7" for a row of an
        appendix table, "Bảng 1, dòng 3" for another table, "dòng 215" (a text file's line),
        "đoạn 40" (a Word or web document's paragraph), "trang 3, dòng 12" (a PDF's)."""
        parts = []
        if self.table is not None:
            parts.append(self.part or f"Bảng {self.table}")
            if self.row is not None:
                parts.append(f"dòng {self.row}")
        if self.page is not None:
            parts.append(f"trang {self.page}")
        if self.table is None and self.line is not None:
            word = "dòng" if self.page is not None else _LINE_WORDS.get(
                self.source.rsplit(".", 1)[-1].lower(), "dòng")
            parts.append(f"{word} {self.line}")
        return ", ".join(parts) or self.source


# a Word or web document is numbered by paragraphs, a text file (and a PDF page) by lines
_LINE_WORDS = {"docx": "đoạn", "doc": "đoạn", "html": "đoạn", "htm": "đoạn"}
TABLE_PLACES = ("Phụ lục", "Bảng")  # how the place of a table row starts


def is_table_place(where: str | None) -> bool:
    """Whether a place (str of a Loc) is in a table."""
    return bool(where) and where.startswith(TABLE_PLACES)


def page_of_place(where: str | None) -> int | None:
    """The page a place (str of a Loc) names, if any."""
    found = re.search(r"\btrang (\d+)\b", where or "")
    return int(found.group(1)) if found else None


@dataclass
class Paragraph:
    text: str  # NFC, inner line breaks kept as "\n" only where the source had them
    loc: Loc
    role: Role = "body"
    bold: bool = False


@dataclass
class Row:
    cells: list[str]  # cell texts, NFC; a multi-paragraph cell keeps "\n" between paragraphs
    loc: Loc


@dataclass
class Table:
    rows: list[Row]
    loc: Loc


Block = Union[Paragraph, Table]


@dataclass
class Document:
    source: str  # file name shown to users
    blocks: list[Block] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what the reader itself doubts
    scanned_pages: list[int] = field(default_factory=list)  # pages read by OCR

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text_lines(self) -> list[str]:
        """Every paragraph and every table row (cells joined by tabs), in order."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            else:
                out.extend("\t".join(r.cells) for r in b.rows)
        return out
