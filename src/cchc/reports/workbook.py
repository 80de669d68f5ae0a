"""Reports as Excel workbooks (openpyxl): every figure in sheets with a title, a bold header
row that stays in view, borders, wrapped text, number formats, filters on every column and
overdue rows shown in red."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.reports.dossier_figures import FORM06_COLUMNS
from cchc.reports.render import vn_date

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_LATE_FILL = PatternFill("solid", fgColor="F8D7D5")
_FONT = "Times New Roman"
STATES = {"done": "Hoàn thành", "overdue": "Quá hạn", "open": "Đang thực hiện"}


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None  # "0", "0.0%"...


def add_sheet(book: Workbook, title: str, heading: str, columns: Sequence[Column],
              rows: Sequence[Sequence[Any]], total: Sequence[Any] | None = None,
              late_column: int | None = None) -> Worksheet:
    """A sheet: `heading` over a filtered table of `rows` (and a bold total row); with
    `late_column`, rows whose cell there reads "Quá hạn" (or a positive count) turn red."""
    sheet = book.create_sheet(title[:31])
    sheet.append([heading])
    sheet["A1"].font = Font(name=_FONT, bold=True, size=13)
    sheet.append([c.header for c in columns])
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=2, column=index)
        cell.font = Font(name=_FONT, bold=True)
        cell.fill, cell.border = _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for values in rows:
        _append(sheet, columns, values)
    last = sheet.max_row
    if total is not None:
        _append(sheet, columns, total, bold=True)
    sheet.freeze_panes = "A3"
    span = f"A2:{get_column_letter(len(columns))}{max(last, 2)}"
    sheet.auto_filter.ref = span
    if late_column is not None and last > 2:
        letter = get_column_letter(late_column)
        sheet.conditional_formatting.add(
            f"A3:{get_column_letter(len(columns))}{last}",
            FormulaRule(formula=[f'OR(${letter}3="Quá hạn",AND(ISNUMBER(${letter}3),'
                                 f'${letter}3>0))'], fill=_LATE_FILL))
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    return sheet


def _append(sheet: Worksheet, columns: Sequence[Column], values: Sequence[Any],
            bold: bool = False) -> None:
    sheet.append(list(values))
    row = sheet.max_row
    for index, column in enumerate(columns, 1):
        sheet.cell(row=row, column=index).style = _style(sheet.parent, bold,
                                                         column.number_format)


def _style(book: Workbook, bold: bool, number_format: str | None) -> str:
    """A named cell style (registered once per workbook: setting fonts, borders and
    alignments cell by cell is what makes large sheets slow)."""
    name = f"cchc{'-bold' if bold else ''}-{number_format or 'text'}"
    if name not in book.named_styles:
        style = NamedStyle(name=name, font=Font(name=_FONT, bold=bold), border=_BORDER,
                           alignment=Alignment(vertical="top", wrap_text=True))
        if number_format:
            style.number_format = number_format
        book.add_named_style(style)
    return name


def new_workbook() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def share(done: int, due: int) -> float | None:
    """Done of due as a fraction for a percent cell; None without tasks due."""
    return done / due if due else None


FIGURES = [Column("Đến hạn", 10, "0"), Column("Hoàn thành", 11, "0"),
           Column("Quá hạn", 10, "0"), Column("Đang thực hiện", 12, "0"),
           Column("Tỷ lệ hoàn thành", 12, "0.0%")]


def report_workbook(content: Mapping[str, Any]) -> bytes:
    """A unit's report: figures by reform area, the tasks of the period, the targets, form 06,
    the tasks of the next period."""
    book = new_workbook()
    period, org = content["period"], content["org"]
    where = f"{org['short_name']} — {period['label']}"
    areas = content["areas"]
    totals = content["totals"]
    add_sheet(book, "Lĩnh vực", f"Kết quả thực hiện nhiệm vụ theo lĩnh vực — {where}",
              [Column("STT", 6), Column("Lĩnh vực", 48), *FIGURES],
              [[n, a["name"], a["due"], a["done"], a["overdue"], a["open"],
                share(a["done"], a["due"])] for n, a in enumerate(areas, 1)],
              ["", "Tổng cộng", totals["due"], totals["done"], totals["overdue"],
               totals["open"], share(totals["done"], totals["due"])], late_column=5)
    tasks = [[a["name"], t["no"], t["text"], "; ".join(t["leads"]),
              ", ".join(vn_date(d) for d in t["due"]), STATES[state], "; ".join(t["outputs"]),
              "; ".join(t["evidence"]), t["note"]]
             for a in areas for state in ("done", "overdue", "open")
             for t in a[f"{state}_tasks"]]
    add_sheet(book, "Nhiệm vụ trong kỳ", f"Nhiệm vụ đến hạn trong kỳ — {where}",
              [Column("Lĩnh vực", 24), Column("STT", 6), Column("Nhiệm vụ", 60),
               Column("Chủ trì", 24), Column("Hạn trong kỳ", 14), Column("Tình trạng", 14),
               Column("Sản phẩm", 30), Column("Tài liệu kiểm chứng", 30),
               Column("Ghi chú, lý do", 40)], tasks, late_column=6)
    add_sheet(book, "Chỉ tiêu", f"Kết quả thực hiện các chỉ tiêu — {where}",
              [Column("STT", 6), Column("Chỉ tiêu", 60), Column("Kế hoạch", 12),
               Column("Kết quả trong kỳ", 14), Column("Đánh giá", 16),
               Column("Nguồn số liệu", 50)],
              [[n, t["text"], t["target"], t["actual"], t["status"], t["source"]]
               for n, t in enumerate(content["targets"], 1)])
    if content["form06"]:
        form06 = content["form06"]
        add_sheet(book, "Mẫu 06", f"Tình hình giải quyết TTHC (mẫu 06/VPCP/KSTT) — {where}",
                  [Column("STT", 6), Column("Lĩnh vực", 36),
                   *(Column(label, 13, "#,##0") for _, _, label in FORM06_COLUMNS)],
                  [[n, f["name"], *(f[k] for k, _, _ in FORM06_COLUMNS)]
                   for n, f in enumerate(form06["fields"], 1)],
                  ["", "Tổng cộng", *(form06["total"][k] for k, _, _ in FORM06_COLUMNS)])
    add_sheet(book, "Kỳ tới", f"Nhiệm vụ {period['next_label']} — {org['short_name']}",
              [Column("STT", 6), Column("Nhiệm vụ", 70), Column("Chủ trì", 26),
               Column("Thời gian hoàn thành", 30)],
              [[t["no"], t["text"], "; ".join(t["leads"]), t["deadline"]]
               for t in content["next_tasks"]])
    return saved(book)



def compilation_workbook(content: Mapping[str, Any]) -> bytes:
    """The upper level's compilation: every unit's figures, the ranking, the units with the
    most overdue tasks, the figures by reform area and who sent their report."""
    from cchc.reports.compilation import SENT_LABELS, most_overdue, ranking

    book = new_workbook()
    org, period, rows = content["org"], content["period"], content["units"]
    where = f"{org['short_name']} — {period['label']}"
    targets = [Column("Chỉ tiêu đạt", 11, "0"), Column("Chỉ tiêu đo được", 11, "0")]
    sent = [Column("Báo cáo", 14), Column("Ngày gửi", 16)]

    def unit(row: Mapping[str, Any]) -> list[Any]:
        met = row["targets"] or [None, None]
        return [row["name"], row["level"], "Có" if row["has_plan"] else "Chưa có",
                row["due"], row["done"], row["overdue"], row["open"],
                share(row["done"], row["due"]), *met, SENT_LABELS[row["sent"]],
                vn_date(row["sent_at"][:10]) if row["sent_at"] else ""]

    totals = content["totals"]
    add_sheet(book, "Đơn vị", f"Kết quả thực hiện của các đơn vị — {where}",
              [Column("Đơn vị", 36), Column("Cấp", 14), Column("Kế hoạch", 10), *FIGURES,
               *targets, *sent], [unit(r) for r in rows],
              ["Tổng cộng", "", "", totals["due"], totals["done"], totals["overdue"],
               totals["open"], share(totals["done"], totals["due"]), "", "", "", ""],
              late_column=6)
    add_sheet(book, "Xếp hạng", f"Xếp hạng theo tỷ lệ hoàn thành nhiệm vụ — {where}",
              [Column("Hạng", 7, "0"), Column("Đơn vị", 36), *FIGURES],
              [[r["rank"], r["name"], r["due"], r["done"], r["overdue"], r["open"],
                share(r["done"], r["due"])] for r in ranking(rows)])
    add_sheet(book, "Quá hạn nhiều nhất", f"Đơn vị có nhiều nhiệm vụ quá hạn — {where}",
              [Column("STT", 6, "0"), Column("Đơn vị", 36), Column("Quá hạn", 10, "0"),
               Column("Đến hạn", 10, "0")],
              [[n, r["name"], r["overdue"], r["due"]]
               for n, r in enumerate(most_overdue(rows), 1)])
    add_sheet(book, "Lĩnh vực", f"Kết quả theo lĩnh vực, các đơn vị cộng lại — {where}",
              [Column("Lĩnh vực", 48), *FIGURES],
              [[a["name"], a["due"], a["done"], a["overdue"], a["open"],
                share(a["done"], a["due"])] for a in content["areas"]], late_column=4)
    return saved(book)
