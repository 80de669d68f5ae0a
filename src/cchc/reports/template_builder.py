"""Builds the shipped report templates (templates/*.docx): Word files in the Decree 30/2020
layout holding docxtpl (Jinja) placeholders, which an administrator may open in Word, restyle
and re-word, then use instead (CCHC_REPORT_TEMPLATES, see `render`).

    python -m cchc.reports.template_builder     # rewrites src/cchc/reports/templates/

The placeholders read the context `render.context` builds: `org`, `doc`, `period`, `intro`,
`sections`, `areas`, `targets`, `form06`, `units`, `ranking`, `most_overdue`, `excerpts`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document
from docx.shared import Pt

from cchc.reports import docx_layout as layout
from cchc.reports.dossier_figures import FORM06_COLUMNS

TEMPLATES = Path(__file__).with_name("templates")
UNIT_TEMPLATE = "bao_cao_don_vi.docx"
COMPILATION_TEMPLATE = "bao_cao_tong_hop.docx"


def _control(container, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p ... %})."""
    layout.line(container, f"{{%p {tag} %}}", align="left")


def _paragraphs(container, expression: str, *, bold: bool = False, italic: bool = False
                ) -> None:
    """One body paragraph per item of `expression`."""
    _control(container, f"for p in {expression}")
    layout.body(container, "{{ p }}", bold=bold, italic=italic)
    _control(container, "endfor")


def _header(out: Document) -> None:
    table = layout.borderless_table(out, layout.HEADER_WIDTHS)
    left, right = table.rows[0].cells
    _control(left, "if org.upper_body")
    layout.line(left, "{{ org.upper_body }}", size=Pt(13))
    _control(left, "endif")
    _control(left, "for l in org.issuer")
    layout.line(left, "{{ l }}", bold=True, size=Pt(13))
    _control(left, "endfor")
    layout.short_rule(left, layout.HEADER_WIDTHS[0] / 3, layout.HEADER_WIDTHS[0])
    layout.line(left, "{{ doc.number }}", size=Pt(13))
    layout.line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=Pt(12))
    layout.line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=Pt(13),
                after=Pt(10))
    layout.line(right, "{{ doc.date_line }}", italic=True, size=Pt(14))
    for cell in (left, right):
        layout.first_paragraph(cell)
    out.add_paragraph()


def _signature(out: Document) -> None:
    table = layout.borderless_table(out, layout.SIGNATURE_WIDTHS)
    left, right = table.rows[0].cells
    layout.line(left, "Nơi nhận:", bold=True, italic=True, size=Pt(12), align="left")
    _control(left, "for r in doc.recipients")
    layout.line(left, "{{ r }}", size=Pt(11), align="left")
    _control(left, "endfor")
    _control(right, "for t in doc.titles")
    layout.line(right, "{{ t }}", bold=True, size=Pt(14))
    _control(right, "endfor")
    for _ in range(4):
        layout.line(right)
    layout.line(right, "{{ doc.signer }}", bold=True, size=Pt(14))
    for cell in (left, right):
        layout.first_paragraph(cell)


def _loop_table(out: Document, header: list[str], widths: list[float], items: str,
                cells: list[str], total: list[str] | None = None,
                size: Pt = layout.TABLE_SIZE, align: list[str] | None = None):
    """A table with a header row, one row per item of `items`, and an optional total row;
    numbers right-aligned unless `align` says otherwise."""
    table = layout.grid_table(out, header, widths, size=size)
    align = align or ["center", "left"] + ["right"] * (len(header) - 2)
    layout.add_row(table, [f"{{%tr for r in {items} %}}"] + [""] * (len(header) - 1))
    layout.add_row(table, cells, align=align, size=size)
    layout.add_row(table, ["{%tr endfor %}"] + [""] * (len(header) - 1))
    if total:
        layout.add_row(table, total, bold=True, align=align, size=size)
    return table


def _group_header(table, groups: list[tuple[str, int]]) -> None:
    """A header row above the table's header naming groups of columns (cells merged across);
    a column without a group keeps its header over both rows."""
    top = layout.add_row(table, [""] * len(table.columns), bold=True, size=Pt(10))
    row = table.rows[-1]._tr
    header = table.rows[0]._tr
    header.addprevious(row)  # the new row goes first
    layout.row_properties(table.rows[0], header=True)
    column = 0
    for label, span in groups:
        if label:
            layout.set_cell_text(top[column], label, bold=True, align="center",
                                 size=Pt(10))
            if span > 1:
                top[column].merge(top[column + span - 1])
        else:
            layout.first_paragraph(table.cell(0, column).merge(table.cell(1, column)))
        column += span


def _task_lists(out: Document, area: str) -> None:
    """The figures of an area and its lists of done and overdue tasks."""
    layout.body(out, f"{{{{ {area}.figures }}}}")
    _paragraphs(out, f"{area}.narrative")
    _control(out, f"if {area}.done")
    layout.body(out, "Nhiệm vụ đã hoàn thành:", italic=True)
    _paragraphs(out, f"{area}.done")
    _control(out, "endif")
    _control(out, f"if {area}.overdue")
    layout.body(out, "Nhiệm vụ quá hạn, chưa hoàn thành:", italic=True)
    _paragraphs(out, f"{area}.overdue")
    _control(out, "endif")


def _appendices(out: Document, targets: str, form06: str) -> None:
    _control(out, f"if {targets}")
    out.add_page_break()
    layout.line(out, "Phụ lục I", bold=True)
    layout.line(out, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {{ period.label|upper }}", bold=True)
    layout.line(out, "(Kèm theo Báo cáo {{ doc.number_short }} của {{ org.short_name }})",
                italic=True, after=Pt(6))
    _loop_table(out, ["STT", "Chỉ tiêu", "Kế hoạch", "Kết quả trong kỳ", "Đánh giá",
                      "Nguồn số liệu"], [12, 55, 18, 20, 20, 40], targets,
                ["{{ r.no }}", "{{ r.text }}", "{{ r.target }}", "{{ r.actual }}",
                 "{{ r.status }}", "{{ r.source }}"],
                align=["center", "left", "center", "center", "center", "left"])
    _control(out, "endif")
    _control(out, f"if {form06}")
    out.add_page_break()
    layout.line(out, "Phụ lục II", bold=True)
    layout.line(out, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", bold=True)
    layout.line(out, "(Mẫu 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP; {{ period.label }}, từ "
                     "{{ period.start_text }} đến {{ period.end_text }})", italic=True,
                after=Pt(6))
    counts = [key for key, _, _ in FORM06_COLUMNS]
    table = _loop_table(out, ["STT", "Lĩnh vực", *(label for _, label, _ in FORM06_COLUMNS)],
                        [10, 26] + [11.7] * len(counts), f"{form06}.fields",
                        ["{{ r.no }}", "{{ r.name }}"] + [f"{{{{ r.{c} }}}}" for c in counts],
                        ["", "Tổng cộng"] + [f"{{{{ {form06}.total.{c} }}}}" for c in counts],
                        size=Pt(10))
    _group_header(table, [("", 1), ("", 1), ("Số hồ sơ nhận giải quyết", 4),
                          ("Số hồ sơ đã giải quyết", 4), ("Số hồ sơ đang giải quyết", 3)])
    _control(out, "endif")


def _opening() -> Document:
    """A report's first lines: heading block, "BÁO CÁO" and its subject, the introduction."""
    out = layout.new_document()
    _header(out)
    layout.title_block(out, "BÁO CÁO", ["{{ doc.subject }}"])
    _paragraphs(out, "intro")
    return out


def build_unit_template() -> Document:
    """The unit's periodic report (báo cáo định kỳ của đơn vị)."""
    out = _opening()
    layout.heading(out, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH")
    _paragraphs(out, "sections.chi_dao")
    _control(out, "if direction")
    _task_lists(out, "direction")
    _control(out, "endif")
    layout.heading(out, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")
    layout.body(out, "{{ totals_text }}")
    _control(out, "for a in areas")
    layout.heading(out, "{{ a.no }}. {{ a.name }}")
    _task_lists(out, "a")
    _control(out, "endfor")
    layout.heading(out, "III. ĐÁNH GIÁ CHUNG")
    for number, (title, key) in enumerate((("Ưu điểm", "uu_diem"), ("Hạn chế", "han_che"),
                                           ("Nguyên nhân", "nguyen_nhan")), 1):
        layout.heading(out, f"{number}. {title}")
        _paragraphs(out, f"sections.{key}")
    layout.heading(out, "IV. NHIỆM VỤ TRỌNG TÂM {{ period.next_label|upper }}")
    _paragraphs(out, "sections.ky_toi")
    layout.heading(out, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    _paragraphs(out, "sections.de_xuat")
    layout.body(out, "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính "
                     "{{ period.in_words }} của {{ org.short_name }}./.")
    _signature(out)
    _appendices(out, "targets", "form06")
    return out


def build_compilation_template() -> Document:
    """The upper level's compiled report (báo cáo tổng hợp)."""
    out = _opening()
    layout.heading(out, "I. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ")
    _paragraphs(out, "submission_text")
    layout.heading(out, "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐƠN VỊ")
    layout.body(out, "{{ totals_text }}")
    _paragraphs(out, "sections.ket_qua")
    layout.heading(out, "1. Xếp hạng theo tỷ lệ hoàn thành nhiệm vụ đến hạn")
    _loop_table(out, ["Hạng", "Đơn vị", "Đến hạn", "Hoàn thành", "Tỷ lệ"],
                [15, 85, 20, 25, 20], "ranking",
                ["{{ r.rank }}", "{{ r.name }}", "{{ r.due }}", "{{ r.done }}",
                 "{{ r.share }}"])
    layout.line(out)
    layout.heading(out, "2. Đơn vị có nhiều nhiệm vụ quá hạn nhất")
    _loop_table(out, ["STT", "Đơn vị", "Quá hạn", "Đến hạn"], [15, 100, 25, 25],
                "most_overdue", ["{{ r.no }}", "{{ r.name }}", "{{ r.overdue }}",
                                 "{{ r.due }}"])
    layout.line(out)
    layout.heading(out, "III. KẾT QUẢ THEO LĨNH VỰC (TRÍCH BÁO CÁO CỦA CÁC ĐƠN VỊ)")
    _control(out, "for a in excerpts")
    layout.heading(out, "{{ a.no }}. {{ a.name }}")
    _paragraphs(out, "a.paragraphs")
    _control(out, "endfor")
    layout.heading(out, "IV. ĐÁNH GIÁ CHUNG VÀ NHIỆM VỤ KỲ TỚI")
    _paragraphs(out, "sections.danh_gia")
    layout.heading(out, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    _paragraphs(out, "sections.de_xuat")
    _signature(out)
    out.add_page_break()
    layout.line(out, "Phụ lục", bold=True)
    layout.line(out, "KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ {{ period.label|upper }}", bold=True)
    layout.line(out, "(Kèm theo Báo cáo {{ doc.number_short }} của {{ org.short_name }})",
                italic=True, after=Pt(6))
    _loop_table(out, ["STT", "Đơn vị", "Đến hạn", "Hoàn thành", "Quá hạn", "Chỉ tiêu đạt",
                      "Báo cáo"], [10, 52, 17, 20, 17, 22, 27], "units",
                ["{{ r.no }}", "{{ r.name }}", "{{ r.due }}", "{{ r.done }}",
                 "{{ r.overdue }}", "{{ r.targets }}", "{{ r.sent }}"],
                ["", "Tổng cộng", "{{ total.due }}", "{{ total.done }}", "{{ total.overdue }}",
                 "{{ total.targets }}", "{{ total.sent }}"])
    return out


def build_all(folder: Path = TEMPLATES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in ((UNIT_TEMPLATE, build_unit_template),
                        (COMPILATION_TEMPLATE, build_compilation_template)):
        path = folder / name
        build().save(path)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - maintenance command
    for written in build_all():
        print(written)
