"""Reader for plain text and Markdown exports of plans (.txt, .md).

Handles the shapes Word-to-text conversion leaves behind:
- one paragraph per line; Markdown headings, bold markers and "- " list items;
- tables as tab-separated rows, one row per line (cells may carry HTML tags), left as
  paragraphs for extract.text_tables, which serves every reader;
- tables flattened one cell per line (each cell starts with a tab, continuation lines
  do not, a blank line then a tab line starts the next row);
- Markdown pipe tables.
"""

from __future__ import annotations

import re

from cchc.domain.vntext import collapse
from cchc.extract.document import Document, Loc, Paragraph, Row, Table
from cchc.extract.readers.encoding import decode_text
from cchc.extract.readers.html_text import strip_tags
from cchc.extract.text_tables import with_text_tables

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_GLUED_BOLD = re.compile(r"^(?P<head>[^*]+?)\*\*(?P<bold>[^*]+)\*\*\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*\w])")  # Markdown *italic*


class TextReader:
    extensions = (".txt", ".md", ".markdown")

    def read(self, data: bytes, source: str) -> Document:
        text = decode_text(data, source)
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return with_text_tables(Document(source, _Parser(lines, source).blocks()))


class _Parser:
    def __init__(self, lines: list[str], source: str) -> None:
        self.lines = lines
        self.source = source
        self.i = 0
        self.tables = 0

    def loc(self, line_index: int, **kw: int) -> Loc:
        return Loc(self.source, line=line_index + 1, **kw)

    def blocks(self) -> list:
        out: list = []
        while self.i < len(self.lines):
            line = self.lines[i := self.i]
            if _is_cell_line(line) and self._next_is_cell_line(i):
                out.append(self._cell_per_line_table())
            elif "\t" in line and line.strip():
                # a row of a table exported as text: extract.text_tables makes the table
                out.append(Paragraph("\t".join(map(_clean_cell, line.split("\t"))), self.loc(i)))
                self.i += 1
            elif line.lstrip().startswith("|") and line.rstrip().endswith("|"):
                out.append(self._pipe_table())
            else:
                out.extend(self._paragraphs(line, i))
                self.i += 1
        return out

    def _next_is_cell_line(self, i: int) -> bool:
        return i + 1 < len(self.lines) and _is_cell_line(self.lines[i + 1])

    # -- paragraphs -----------------------------------------------------------------------
    def _paragraphs(self, line: str, i: int) -> list[Paragraph]:
        stripped = line.strip()
        if not stripped:
            return []
        role = "body"
        if _MD_HEADING.match(stripped):
            stripped, role = _MD_HEADING.sub("", stripped), "heading"
        glued = _GLUED_BOLD.match(stripped)
        if glued and not glued["head"].rstrip().endswith(("-", ":")):
            # "KẾ HOẠCH**Công tác ... năm 2024**": two Word paragraphs glued by the export
            return [Paragraph(_clean(glued["head"]), self.loc(i), role),
                    Paragraph(_clean(glued["bold"]), self.loc(i), role, bold=True)]
        bold = stripped.startswith("**") or stripped.endswith("**")
        text = _clean(stripped.replace("**", ""))
        if not text:
            return []
        if role == "body" and re.match(r"^[-+•]\s", text):
            role = "list_item"
        return [Paragraph(text, self.loc(i), role, bold=bold)]

    # -- tables ---------------------------------------------------------------------------
    def _new_table_loc(self, i: int) -> tuple[int, Loc]:
        self.tables += 1
        return self.tables, self.loc(i, table=self.tables)

    def _cell_per_line_table(self) -> Table:
        """Word table flattened: each cell starts with a tab; a blank line ends the header."""
        number, loc = self._new_table_loc(self.i)
        header: list[str] = []
        while self.i < len(self.lines) and _is_cell_line(self.lines[self.i]):
            header.append(_clean_cell(self.lines[self.i]))
            self.i += 1
        ncols = len(header)
        rows = [Row(header, self.loc(self.i - ncols, table=number, row=1))]
        cells: list[str] = []
        row_start = self.i
        blank_before = False

        def close_row() -> None:
            if cells:
                rows.append(Row([_clean_cell(c) for c in cells],
                                self.loc(row_start, table=number, row=len(rows) + 1)))

        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.strip():
                blank_before = True
                self.i += 1
                continue
            if _is_cell_line(line):
                if blank_before or len(cells) >= ncols:
                    close_row()
                    cells, row_start = [], self.i
                cells.append(line[1:])
            elif blank_before and (not cells or len(cells) >= ncols) and not _continues(line):
                break  # text after the last complete row: the table is over
            elif cells:
                cells[-1] += "\n" + line
            else:
                break
            blank_before = False
            self.i += 1
        close_row()
        return Table(rows, loc)

    def _pipe_table(self) -> Table:
        number, loc = self._new_table_loc(self.i)
        rows: list[Row] = []
        while self.i < len(self.lines):
            line = self.lines[self.i].strip()
            if not (line.startswith("|") and line.endswith("|")):
                break
            if not _PIPE_SEPARATOR.match(line):
                cells = [_clean_cell(c) for c in line[1:-1].split("|")]
                rows.append(Row(cells, self.loc(self.i, table=number, row=len(rows) + 1)))
            self.i += 1
        return Table(rows, loc)


def _is_cell_line(line: str) -> bool:
    """A line of a table flattened one cell per line: a leading tab and no other tab."""
    return line.startswith("\t") and "\t" not in line[1:] and bool(line.strip())


def _continues(line: str) -> bool:
    """Whether a line after a blank one still belongs to the cell above (a bullet, a clause)."""
    first = line.lstrip()[:1]
    return first in "-+•–" or first.islower()


def _clean(text: str) -> str:
    return collapse(_ITALIC.sub(r"\1", strip_tags(text)))


def _clean_cell(text: str) -> str:
    """Cell text: tags stripped, Markdown bold removed, paragraphs kept on their own lines."""
    text = strip_tags(text.replace("**", ""))
    parts = [_clean(p) for p in text.split("\n")]
    return "\n".join(p for p in parts if p)


READER = TextReader()
