"""The intermediate document model every reader produces and every recognizer consumes.

A document is a flat sequence of blocks in reading order: paragraphs (with a role: body,
heading or list item) and tables (rows of cell texts). Each block carries its source
location, so findings and errors can point at "seed.docx, table 2, row 14".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from cchc.domain.findings import Finding

Role = Literal["body", "heading", "list_item"]


@dataclass(frozen=True)
class Loc:
    """Where a block came from. Lines and pages are 1-based."""

    source: str
    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None

    def __str__(self) -> str:
        parts = [self.source]
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


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
