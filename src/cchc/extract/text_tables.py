"""Tables typed as text: one paragraph per row, cells separated by tab characters.

A Word table exported as text keeps each row as a line whose cells are separated by tabs;
pasted back into Word, or saved as .txt, it stays that way. Whatever reader found those
paragraphs, `with_text_tables` turns each run of them into a Table of the document model, so
the recognizers meet one kind of table whatever the format. A run starts at a paragraph where
a tab separates two pieces of text (a tab before the text only is an indent) and goes on while
paragraphs hold tabs; inside a run a leading tab is an empty cell. A tab that only lays out
one line ("1.<tab>Rà soát ...", "- Chủ trì:<tab>Văn phòng") is a space. Tables and rows are
then numbered in document order and named by their appendix, so a place reads "Phụ lục số 02,
dòng 5" as officials say it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cchc.domain.vntext import collapse
from cchc.extract.document import Block, Document, Loc, Paragraph, Row, Table

TAB = "\t"
_CELLS_APART = re.compile(r"[^\t\s][^\S\t]*\t+[^\S\t]*[^\t\s]")
_APPENDIX = re.compile(r"(?i)^phụ lục\b(?:\s+(?:số\s*)?(?P<no>[0-9]{1,3}|[IVX]{1,5})\b)?")
_GAPS = re.compile(r"[^\S\n]*\t+[^\S\n]*")
# a list marker or number before the one tab of a line: "1.", "a)", "II.", "-", "+"
_MARKER = re.compile(r"[-+•–*]|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVXLC]{1,5})[.):]")


def with_text_tables(doc: Document) -> Document:
    """The document with every run of tab-separated paragraphs made a table."""
    blocks: list[Block] = []
    run: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and TAB in block.text:
            if run or (_CELLS_APART.search(block.text) and not _lays_out(block.text)):
                run.append(block)
                continue
            block = replace(block, text=collapse(block.text))  # an indent, not a cell
        if run:
            blocks.append(_table(run))
            run = []
        blocks.append(block)
    if run:
        blocks.append(_table(run))
    return replace(doc, blocks=_numbered(blocks))


def _lays_out(text: str) -> bool:
    """ "1.<tab>Rà soát", "- Chủ trì:<tab>Văn phòng": the one tab after a marker or a label
    lays a line out; it separates no cells (a row ends with the tabs of its empty cells)."""
    body = text.strip(" ").lstrip(TAB)
    pieces = _GAPS.split(body)
    return len(pieces) == 2 and (_MARKER.fullmatch(pieces[0]) is not None
                                 or pieces[0].endswith(":"))


def _table(paragraphs: list[Paragraph]) -> Table:
    rows = [Row(p.text.split(TAB), p.loc) for p in paragraphs]
    return Table(rows, paragraphs[0].loc)


def _numbered(blocks: list[Block]) -> list[Block]:
    """Tables numbered 1, 2... in order, their rows 1, 2... (readers number only their own),
    and named by the appendix heading above them ("PHỤ LỤC SỐ 02" -> "Phụ lục số 02")."""
    out: list[Block] = []
    number, part = 0, None
    for block in blocks:
        if isinstance(block, Paragraph):
            appendix = _APPENDIX.match(block.text.strip())
            if appendix and len(block.text) < 200:
                part = "Phụ lục" + (f" số {appendix['no']}" if appendix["no"] else "")
        else:
            number += 1
            block = Table([Row(r.cells, _at(r.loc, number, i, part))
                           for i, r in enumerate(block.rows, start=1)],
                          replace(block.loc, table=number, row=None, part=part))
        out.append(block)
    return out


def _at(loc: Loc, table: int, row: int, part: str | None) -> Loc:
    return replace(loc, table=table, row=row, part=part)
