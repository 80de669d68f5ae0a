"""The layout of an official document (Decree 30/2020/NĐ-CP, Appendix I) in python-docx.

A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman (Liberation Serif,
metric-compatible, where LibreOffice prints it). Top: the issuing body (upper body regular,
issuer bold, a short rule under it) and "Số: …" on the left; the national motto (bold 13,
"Độc lập - Tự do - Hạnh phúc" bold 14 with a rule as long as it) and the italic place-and-date
line on the right. Document type and subject bold, centred; body 14, justified, first line
indented 1.27 cm. At the end "Nơi nhận:" (bold italic 12, list in 11) on the left and the
signature block on the right.

The functions take the texts to print, so the same blocks build a finished document (the plan
export) and the docxtpl report templates (texts holding Jinja placeholders).
"""

from __future__ import annotations

from collections.abc import Sequence

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(12)
TEXT_WIDTH_MM = 210 - 30 - 15  # portrait A4 less the margins
LANDSCAPE_TEXT_WIDTH_MM = 297 - 30 - 15
FIRST_LINE_INDENT = Cm(1.27)

Container = Document | _Cell


def new_document() -> Document:
    """An empty A4 portrait document with the margins and fonts of Decree 30/2020."""
    out = docx.Document()
    orient(out.sections[0], landscape=False)
    for name in ("Normal", "Table Grid"):
        style = out.styles[name]
        style.font.name = FONT
        style.font.size = BODY_SIZE
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    paragraph = out.styles["Normal"].paragraph_format
    paragraph.space_before, paragraph.space_after, paragraph.line_spacing = Pt(0), Pt(6), 1.0
    return out


def orient(section, *, landscape: bool) -> None:
    """A4 portrait or landscape; the 30 mm binding margin stays on the left."""
    long, short = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def new_section(out: Document, *, landscape: bool) -> None:
    orient(out.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def line(container: Container, text: str = "", *, bold: bool = False, italic: bool = False,
         underline: bool = False, size: Pt | None = None, align: str = "center",
         indent: bool = False, after: Pt | None = Pt(0), keep_with_next: bool = False
         ) -> Paragraph:
    """One paragraph of one run, formatted."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                     "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                     "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
    if after is not None:
        fmt.space_after = after
    fmt.keep_with_next = keep_with_next or None
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        run.underline = underline or None
        if size is not None:
            run.font.size = size
    return paragraph


def body(container: Container, text: str, *, bold: bool = False, italic: bool = False
         ) -> Paragraph:
    """A body paragraph: 14 pt, justified, first line indented."""
    return line(container, text, bold=bold, italic=italic, align="justify", indent=True,
                after=Pt(6))


def heading(container: Container, text: str) -> Paragraph:
    """A section heading of the body ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"): bold, indented."""
    return line(container, text, bold=True, align="justify", indent=True, after=Pt(6),
                keep_with_next=True)


def short_rule(container: Container, width_mm: float, cell_mm: float) -> Paragraph:
    """A centred horizontal rule `width_mm` long under the line above (in a cell `cell_mm`
    wide): an empty paragraph with a bottom border and equal side indents."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = Mm(max(cell_mm - width_mm, 0) / 2)
    fmt.left_indent = fmt.right_indent = side
    fmt.space_after = Pt(4)
    fmt.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)
    return paragraph


def borderless_table(container: Container, widths_mm: Sequence[float]) -> Table:
    """A one-row table without borders, for side-by-side blocks."""
    table = container.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for cell, width in zip(table.rows[0].cells, widths_mm):
        cell.width = Mm(width)
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return table


def first_paragraph(cell: _Cell) -> _Cell:
    """Drop the cell's initial empty paragraph once others were added."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)
    return cell


HEADER_WIDTHS = (70.0, 95.0)


def header_block(out: Document, upper_body: str | None, issuer: Sequence[str], number: str,
                 date_text: str) -> Table:
    """The issuing body and "Số: …" on the left; the national motto and the place-and-date line
    on the right."""
    table = borderless_table(out, HEADER_WIDTHS)
    left, right = table.rows[0].cells
    if upper_body:
        line(left, upper_body, size=Pt(13))
    for text in issuer:
        line(left, text, bold=True, size=Pt(13))
    short_rule(left, HEADER_WIDTHS[0] / 3, HEADER_WIDTHS[0])
    line(left, number, size=Pt(13))
    line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=Pt(12))
    line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=Pt(13),
         after=Pt(10))
    line(right, date_text, italic=True, size=Pt(14))
    for cell in (left, right):
        first_paragraph(cell)
    out.add_paragraph()
    return table


def title_block(out: Document, kind: str, subject_lines: Sequence[str]) -> None:
    """The document type ("BÁO CÁO", "KẾ HOẠCH") and its subject, bold and centred."""
    line(out, kind, bold=True, size=Pt(14), keep_with_next=True)
    for text in subject_lines:
        line(out, text, bold=True, size=Pt(14), keep_with_next=True)
    short_rule(out, 40, TEXT_WIDTH_MM)
    out.add_paragraph()


SIGNATURE_WIDTHS = (80.0, 85.0)


def signature_block(out: Document, recipients: Sequence[str], titles: Sequence[str],
                    signer: str) -> Table:
    """"Nơi nhận:" and its list on the left; the signer's titles, room to sign and the
    signer's name on the right."""
    table = borderless_table(out, SIGNATURE_WIDTHS)
    left, right = table.rows[0].cells
    line(left, "Nơi nhận:", bold=True, italic=True, size=Pt(12), align="left")
    for text in recipients:
        line(left, text, size=Pt(11), align="left")
    for text in titles:
        line(right, text, bold=True, size=Pt(14))
    for _ in range(4):
        line(right)
    line(right, signer, bold=True, size=Pt(14))
    for cell in (left, right):
        first_paragraph(cell)
    return table


def grid_table(container: Container, header: Sequence[str], widths_mm: Sequence[float],
               *, repeat_header: bool = True, size: Pt = TABLE_SIZE) -> Table:
    """A bordered table with a bold, centred header row repeated on every page; rows may break
    across pages."""
    table = container.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for cell, text, width in zip(table.rows[0].cells, header, widths_mm):
        cell.width = Mm(width)
        set_cell_text(cell, text, bold=True, align="center", size=size)
    row_properties(table.rows[0], header=repeat_header)
    _cell_margins(table, CELL_MARGIN_TWIPS)
    return table


CELL_MARGIN_TWIPS = 57  # 1 mm each side of a cell's text


def _cell_margins(table: Table, twips: int) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def add_row(table: Table, texts: Sequence[str], *, bold: bool = False,
            align: Sequence[str] | None = None, size: Pt = TABLE_SIZE) -> list[_Cell]:
    """A row of `texts` (a text's lines become paragraphs of its cell)."""
    row = table.add_row()
    row_properties(row, header=False)
    for index, (cell, text) in enumerate(zip(row.cells, texts)):
        cell.width = table.columns[index].width
        set_cell_text(cell, text, bold=bold, align=align[index] if align else "left",
                      size=size)
    return row.cells


def set_cell_text(cell: _Cell, text: str, *, bold: bool = False, align: str = "left",
                  size: Pt = TABLE_SIZE) -> None:
    """The cell's text, one paragraph per line, in the table font."""
    lines = (text or "").split("\n")
    first = cell.paragraphs[0]
    for index, text_line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(0)
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else (
            WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.LEFT)
        if text_line:
            run = paragraph.add_run(text_line)
            run.bold = bold or None
            run.font.size = size


def row_properties(row, *, header: bool) -> None:
    """Rows may break across pages; a header row repeats on each page."""
    trpr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "0")
    trpr.append(cant_split)
    if header:
        trpr.append(OxmlElement("w:tblHeader"))
