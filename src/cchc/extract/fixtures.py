"""Real Word (and, through LibreOffice, PDF) versions of the text seeds, for tests and benchmarks.

`build_docx` reads a seed with the text reader and writes a .docx with the same paragraphs
(bold where bold, headings as Heading 1) and real Word tables shaped like the plans officials
write: the first row is a header repeated on every page (w:tblHeader), rows may break across
pages (w:cantSplit off), section rows ("I | Cải cách thể chế | | |") are one cell merged across
the remaining columns (w:gridSpan), the empty leading cells of a continuation row ("| | | Xây
dựng dự thảo báo cáo...") are merged down from the row above (w:vMerge), a cell's lines are
separate paragraphs, and every second table starts on a new page.

Reading the result with the .docx reader gives back the text reader's paragraphs and, for
each table, its rows padded with empty cells to the table's width.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.extract.document import Document, Paragraph, Table
from cchc.extract.readers import read_document
from cchc.extract.readers.doc import soffice_convert


def build_docx(txt_path: str | Path, out_path: str | Path) -> Path:
    """Write the seed at `txt_path` as a .docx at `out_path`."""
    return write_docx(read_document(txt_path), out_path)


def build_pdf(docx_path: str | Path, out_path: str | Path) -> Path:
    """Print a .docx to PDF with LibreOffice (raises InputError when it is not installed)."""
    docx_path, out_path = Path(docx_path), Path(out_path)
    out_path.write_bytes(soffice_convert(docx_path.read_bytes(), docx_path.name, "pdf"))
    return out_path


def write_docx(document: Document, out_path: str | Path) -> Path:
    """Write any document model as a .docx shaped as described in the module docstring."""
    out = docx.Document()
    _page_setup(out)
    tables = 0
    for block in document.blocks:
        if isinstance(block, Paragraph):
            _add_paragraph(out, block)
        else:
            tables += 1
            if tables % 2 == 0:
                out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _add_table(out, block)
    out_path = Path(out_path)
    out.save(out_path)
    return out_path


def is_section_row(cells: list[str]) -> bool:
    """A row naming a section of the task table: a number, a title, nothing else."""
    return len(cells) > 2 and bool(cells[0] and cells[1]) and not any(cells[2:])


def _page_setup(out: docx.document.Document) -> None:
    """A4, the margins and font of Decree 30/2020 (Times New Roman 13)."""
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = out.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)


def _add_paragraph(out: docx.document.Document, block: Paragraph) -> None:
    paragraph = out.add_paragraph(style="Heading 1" if block.role == "heading" else None)
    lines = block.text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = block.bold  # explicit, so a bold heading style does not make it bold
        if i < len(lines) - 1:
            run.add_break()


def _add_table(out: docx.document.Document, block: Table) -> None:
    width = max(len(r.cells) for r in block.rows)
    rows = [r.cells + [""] * (width - len(r.cells)) for r in block.rows]
    table = out.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for index, (row, cells) in enumerate(zip(table.rows, rows)):
        _row_properties(row, header=index == 0)
        for cell, text in zip(row.cells, cells):
            lines = text.split("\n")
            cell.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(line)
    for index, cells in enumerate(rows):
        if is_section_row(cells):
            table.cell(index, 1).merge(table.cell(index, width - 1))
        elif index > 1 and not cells[0] and not is_section_row(rows[index - 1]):
            for column in range(_leading_empty(cells)):
                table.cell(index - 1, column).merge(table.cell(index, column))


def _leading_empty(cells: list[str]) -> int:
    return next((i for i, c in enumerate(cells) if c), len(cells))


def _row_properties(row, *, header: bool) -> None:
    """Rows may break across pages; the header row repeats on each page."""
    trpr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "0")
    trpr.append(cant_split)
    if header:
        trpr.append(OxmlElement("w:tblHeader"))
