"""Real Word (and, through LibreOffice, PDF) versions of the text seeds, for tests and benchmarks.

`build_docx` reads a seed with the text reader and writes a .docx with the same paragraphs
(bold where bold, headings as Heading 1) and real Word tables shaped like the plans officials
write: the first row is a header repeated on every page (w:tblHeader), rows may break across
pages (w:cantSplit off), section rows ("I | Cải cách thể chế | | |") are one cell merged across
the remaining columns (w:gridSpan), the empty leading cells of a continuation row ("| | | Xây
dựng dự thảo báo cáo...") are merged down from the row above (w:vMerge), a cell's lines are
separate paragraphs; tables of 7 columns or more go on landscape pages (as appendices do), and
every second narrower table starts on a new page. `write_html` writes the same shapes as HTML
(colspan, rowspan) and `build_pdf` prints a .docx with LibreOffice.

Reading the result with the .docx reader gives back the text reader's paragraphs and, for
each table, its rows padded with empty cells to the table's width.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.extract.document import Document, Paragraph, Table
from cchc.extract.readers import read_document
from cchc.extract.readers.doc import soffice_convert

TABLE_FONT = Pt(12)
LANDSCAPE_COLUMNS = 7  # tables this wide go on landscape pages, as appendices do


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
            continue
        tables += 1
        wide = max(len(r.cells) for r in block.rows) >= LANDSCAPE_COLUMNS
        if wide:
            _new_section(out, landscape=True)
        elif tables % 2 == 0:
            out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _add_table(out, block)
        if wide:
            _new_section(out, landscape=False)
    if document.blocks and isinstance(document.blocks[-1], Table):
        out.add_paragraph()  # Word always ends a document with a paragraph
    out_path = Path(out_path)
    out.save(out_path)
    return out_path


def write_html(document: Document, out_path: str | Path, charset: str = "utf-8") -> Path:
    """Write a document model as an HTML page with the same merges as `write_docx` (colspan for
    section rows, rowspan down over the empty leading cells of continuation rows)."""
    body = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            tag = "h2" if block.role == "heading" else "p"
            text = "<br>".join(escape(line) for line in block.text.split("\n"))
            body.append(f"<{tag}>{f'<b>{text}</b>' if block.bold else text}</{tag}>")
        else:
            body.append(_html_table(block))
    page = (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{document.source}'
            f'</title><style>td {{ border: 1px solid }}</style></head>\n<body>\n'
            + "\n".join(body) + "\n</body></html>\n")
    out_path = Path(out_path)
    out_path.write_bytes(page.encode(charset))
    return out_path


def padded_rows(block: Table) -> list[list[str]]:
    """A table's rows with empty cells added to the table's width: what the .docx and .html
    readers give back for a table `write_docx` / `write_html` wrote."""
    width = max(len(r.cells) for r in block.rows)
    return [r.cells + [""] * (width - len(r.cells)) for r in block.rows]


def is_section_row(cells: list[str]) -> bool:
    """A row naming a section of the task table: a number, a title, nothing else."""
    return len(cells) > 2 and bool(cells[0] and cells[1]) and not any(cells[2:])


def _page_setup(out: docx.document.Document) -> None:
    """A4, the margins and font of Decree 30/2020 (Times New Roman 13)."""
    _orient(out.sections[0], landscape=False)
    normal = out.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)


def _new_section(out: docx.document.Document, *, landscape: bool) -> None:
    _orient(out.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def _orient(section, *, landscape: bool) -> None:
    """A4 portrait or landscape; the 30 mm binding margin stays on the left."""
    long, short = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _add_paragraph(out: docx.document.Document, block: Paragraph) -> None:
    paragraph = out.add_paragraph(style="Heading 1" if block.role == "heading" else None)
    lines = block.text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = block.bold  # explicit, so a bold heading style does not make it bold
        if i < len(lines) - 1:
            run.add_break()


def _add_table(out: docx.document.Document, block: Table) -> None:
    rows = padded_rows(block)
    width = len(rows[0])
    table = out.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.autofit = False
    section = out.sections[-1]
    text_width = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    widths = _column_widths(rows, text_width)
    for column, column_width in zip(table.columns, widths):
        column.width = column_width
    for index, (row, cells) in enumerate(zip(table.rows, rows)):
        _row_properties(row, header=index == 0)
        for cell, text, column_width in zip(row.cells, cells, widths):
            cell.width = column_width
            lines = text.split("\n")
            cell.paragraphs[0].add_run(lines[0]).font.size = TABLE_FONT
            for line in lines[1:]:
                cell.add_paragraph().add_run(line).font.size = TABLE_FONT
    for index, cells in enumerate(rows):
        if is_section_row(cells):
            table.cell(index, 1).merge(table.cell(index, width - 1))
        else:
            for column in range(width):
                if _covered(rows, index, column):
                    table.cell(index - 1, column).merge(table.cell(index, column))


def _column_widths(rows: list[list[str]], text_width: float) -> list[int]:
    """Each column gets room for its longest word (up to 35 mm), the rest of `text_width` (mm)
    is shared by the square root of the columns' mean text length."""
    count = len(rows[0])
    floors = [min(35.0, 4 + 2.4 * max((len(w) for r in rows for w in r[c].split()), default=1))
              for c in range(count)]
    weights = [max(sum(len(r[c]) for r in rows) / len(rows), 1.0) ** 0.5 for c in range(count)]
    spare = max(text_width - sum(floors), 0.0)
    scale = min(1.0, text_width / sum(floors))
    return [Mm(f * scale + spare * w / sum(weights)) for f, w in zip(floors, weights)]


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


def _html_table(block: Table) -> str:
    rows = padded_rows(block)
    covered = [[_covered(rows, r, c) for c in range(len(rows[r]))] for r in range(len(rows))]
    out = ["<table>"]
    for r, cells in enumerate(rows):
        tag = "th" if r == 0 else "td"
        out.append("<tr>")
        span = len(cells) - 1 if is_section_row(cells) else 1
        for c, text in enumerate(cells[:len(cells) - span + 1]):
            if covered[r][c]:
                continue
            down = next((k for k in range(r + 1, len(rows)) if not covered[k][c]), len(rows)) - r
            attributes = (f' colspan="{span}"' if c == 1 and span > 1 else "") + \
                (f' rowspan="{down}"' if down > 1 else "")
            lines = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
            out.append(f"<{tag}{attributes}>{lines}</{tag}>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def _covered(rows: list[list[str]], r: int, c: int) -> bool:
    """Whether cell (r, c) is merged into the cell above (see `_add_table`)."""
    cells = rows[r]
    return r > 1 and not cells[0] and not is_section_row(rows[r - 1]) \
        and c < _leading_empty(cells)
