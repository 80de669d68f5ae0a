"""The self-assessment report (báo cáo tự đánh giá, chấm điểm Chỉ số CCHC) in the Decree
30/2020 layout — DOCX from a Word template an administrator may restyle (docxtpl, the same
machinery and CCHC_REPORT_TEMPLATES folder as the periodic reports), PDF through LibreOffice
— and the XLSX of scores and evidence links.

The template (`TEMPLATE`, built by `build_template`) prints: the score table by area, the
criteria without evidence with their explanations, difficulties and proposals, the signature,
and an appendix with every criterion, its calculation, appraisal and evidence.

    python -m cchc.scoring.export     # rewrites the shipped template
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docx.document import Document
from docx.shared import Pt

from cchc.extract.readers.doc import find_soffice, soffice_convert
from cchc.reports import docx_layout as layout
from cchc.reports import template_builder as builder
from cchc.reports.naming import unit_names
from cchc.reports.render import (
    NO_PDF,
    ReportRenderError,
    document_context,
    fill_template,
    paragraphs,
)
from cchc.reports.template_builder import TEMPLATES
from cchc.reports.workbook import Column, add_sheet, new_workbook, saved
from cchc.scoring.assessments import Line, Scoresheet
from cchc.scoring.rules import vn_number
from cchc.store.models import Organization

TEMPLATE = "bao_cao_tu_cham_chi_so_cchc.docx"
FORMATS = ("docx", "pdf", "xlsx")
EVIDENCE_WORDS = {"task": "nhiệm vụ", "evidence": "tài liệu", "report": "báo cáo",
                  "plan": "kế hoạch", "file": "tệp"}


def _points(value: float | None) -> str:
    return "—" if value is None else vn_number(value)


def _evidence(line: Line) -> str:
    return "; ".join(f"{e.name} ({EVIDENCE_WORDS[e.kind]})" for e in line.evidence)


def context(sheet: Scoresheet, org: Organization, today: date) -> dict[str, Any]:
    """The docxtpl context of the report."""
    names = unit_names(org.name, org.kind, org.parent.name if org.parent else None,
                       org.parent.kind if org.parent else None)
    assessment, found = sheet.assessment, sheet.criteria_set
    year = assessment.year
    content = {"org": {"is_committee": names.is_committee, "place": names.place,
                       "name": org.name}, "as_of": today.isoformat(),
               "document": {**(assessment.document or {}),
                            "sent_on": assessment.submitted_at.date().isoformat()
                            if assessment.submitted_at else None}}
    appraised = sheet.stage == "appraised"
    total = sheet.totals["self"]
    lines = [f"Tổng điểm tự đánh giá: {_points(total.total)}/{_points(found.max_points)} "
             f"điểm, trong đó điểm các tiêu chí tự đánh giá {_points(total.self_part)}/"
             f"{_points(found.max_of('self'))}, điểm điều tra xã hội học "
             f"{_points(total.survey_part)}/{_points(found.max_of('survey'))}."]
    if appraised:
        lines.append(f"Điểm sau thẩm định: {_points(sheet.totals['appraised'].total)} điểm"
                     f"{' (điểm chính thức)' if assessment.status == 'final' else ''}.")
    missing = [f"- Tiêu chí {line.code} ({line.name}): "
               f"{line.item.explanation or 'chưa có giải trình'}."
               for line in sheet.without_evidence()]
    return {
        "org": {"upper_body": names.upper_body, "issuer": names.issuer,
                "short_name": names.short_name},
        "doc": document_context(content, "Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành "
                                         f"chính năm {year}"),
        "intro": [f"Thực hiện {found.source.document}, {names.short_name} báo cáo kết quả tự "
                  f"đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year} như sau:"],
        "totals": lines,
        "areas": [{"no": n, "code": line.code, "name": line.name,
                   "max": _points(line.maximum), "self": _points(line.points["self"]),
                   "appraised": _points(line.points["appraised"]) if appraised else ""}
                  for n, line in enumerate((l for l in sheet.lines if l.level == "area"), 1)],
        "total": {"max": _points(found.max_points), "self": _points(total.total),
                  "appraised": _points(sheet.totals["appraised"].total) if appraised else ""},
        "missing": missing or ["Các tiêu chí tự đánh giá đều có tài liệu kiểm chứng."],
        "difficulties": paragraphs(assessment.difficulties)
        or ["Không có khó khăn, vướng mắc."],
        "proposals": paragraphs(assessment.proposals) or ["Không có đề xuất, kiến nghị."],
        "rows": [_row(line) for line in sheet.lines],
        "appraised": appraised, "year": year, "set_name": found.name,
    }


def _row(line: Line) -> dict[str, str]:
    item = line.item
    if line.level != "leaf":
        how = ""
    elif line.is_survey:
        how = line.survey.text
    else:
        how = line.self_scored.text if line.self_scored else ""
    comment = item.appraisal_comment if item and item.appraisal_comment else ""
    return {"code": line.code, "name": line.name, "max": _points(line.maximum),
            "self": _points(line.points["self"]), "how": how,
            "appraised": _points(line.points["appraised"]), "comment": comment,
            "evidence": _evidence(line) if line.level == "leaf" else ""}


def render_docx(sheet: Scoresheet, org: Organization, today: date) -> bytes:
    return fill_template(TEMPLATE, context(sheet, org, today))


def render(sheet: Scoresheet, org: Organization, today: date, fmt: str) -> bytes:
    """The report as docx or pdf, or the scores as xlsx."""
    if fmt == "xlsx":
        return workbook(sheet, org)
    document = render_docx(sheet, org, today)
    if fmt == "docx":
        return document
    if find_soffice() is None:
        raise ReportRenderError(NO_PDF)
    return soffice_convert(document, "tu-cham.docx", "pdf")


def workbook(sheet: Scoresheet, org: Organization) -> bytes:
    """Scores by criterion (with the calculation, appraisal, evidence), by area, and every
    evidence link."""
    book = new_workbook()
    where = f"{org.name} — năm {sheet.assessment.year}"
    rows = [_row(line) for line in sheet.lines]
    add_sheet(book, "Bảng điểm", f"Tự đánh giá, chấm điểm Chỉ số CCHC — {where}",
              [Column("Mã", 8), Column("Tiêu chí", 60), Column("Tối đa", 9, "0.00"),
               Column("Tự chấm", 9, "0.00"), Column("Cách tính", 50),
               Column("Thẩm định", 10, "0.00"), Column("Nhận xét thẩm định", 40),
               Column("Tài liệu kiểm chứng", 40)],
              [[line.code, line.name, line.maximum, line.points["self"], row["how"],
                line.points["appraised"] if sheet.stage == "appraised" else None,
                row["comment"], row["evidence"]] for line, row in zip(sheet.lines, rows)],
              ["", "Tổng điểm", sheet.criteria_set.max_points, sheet.totals["self"].total, "",
               sheet.totals["appraised"].total if sheet.stage == "appraised" else None, "", ""])
    add_sheet(book, "Theo lĩnh vực", f"Điểm theo lĩnh vực — {where}",
              [Column("Mã", 8), Column("Lĩnh vực", 60), Column("Tối đa", 9, "0.00"),
               Column("Tự chấm", 9, "0.00"), Column("Thẩm định", 10, "0.00"),
               Column("Điểm bị mất", 11, "0.00")],
              [[line.code, line.name, line.maximum, line.points["self"],
                line.points["appraised"], line.maximum - line.points["appraised"]
                if line.area.type == "normal" else None]
               for line in sheet.lines if line.level == "area"])
    add_sheet(book, "Tài liệu kiểm chứng", f"Tài liệu kiểm chứng — {where}",
              [Column("Mã tiêu chí", 10), Column("Tiêu chí", 50), Column("Loại", 14),
               Column("Tài liệu", 60), Column("Mã trong cchc", 12, "0"),
               Column("Giải trình khi thiếu", 50)],
              [[line.code, line.name, EVIDENCE_WORDS[e.kind], e.name, e.ref_id,
                ""] for line in sheet.leaves() for e in line.evidence]
              + [[line.code, line.name, "", "", None, line.item.explanation or ""]
                 for line in sheet.without_evidence()])
    return saved(book)


def build_template() -> Document:
    """The shipped Word template of the self-assessment report."""
    out = layout.new_document()
    builder._header(out)
    layout.title_block(out, "BÁO CÁO", ["{{ doc.subject }}"])
    builder._paragraphs(out, "intro")
    layout.heading(out, "I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM")
    builder._paragraphs(out, "totals")
    builder._loop_table(out, ["STT", "Lĩnh vực", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định"],
                        [12, 85, 22, 22, 24], "areas",
                        ["{{ r.code }}", "{{ r.name }}", "{{ r.max }}", "{{ r.self }}",
                         "{{ r.appraised }}"],
                        ["", "Tổng cộng", "{{ total.max }}", "{{ total.self }}",
                         "{{ total.appraised }}"])
    layout.line(out)
    layout.heading(out, "II. TIÊU CHÍ CHƯA CÓ TÀI LIỆU KIỂM CHỨNG VÀ GIẢI TRÌNH")
    builder._paragraphs(out, "missing")
    layout.heading(out, "III. KHÓ KHĂN, VƯỚNG MẮC")
    builder._paragraphs(out, "difficulties")
    layout.heading(out, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    builder._paragraphs(out, "proposals")
    layout.body(out, "Trên đây là báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành "
                     "chính năm {{ year }} của {{ org.short_name }}./.")
    builder._signature(out)
    out.add_page_break()
    layout.line(out, "Phụ lục", bold=True)
    layout.line(out, "BẢNG ĐIỂM CHI TIẾT CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {{ year }}", bold=True)
    layout.line(out, "(Kèm theo Báo cáo {{ doc.number_short }} của {{ org.short_name }}; "
                     "{{ set_name }})", italic=True, after=Pt(6))
    builder._loop_table(out, ["Mã", "Tiêu chí", "Tối đa", "Tự chấm", "Cách tính",
                              "Thẩm định", "Tài liệu kiểm chứng"],
                        [12, 48, 13, 13, 36, 14, 29], "rows",
                        ["{{ r.code }}", "{{ r.name }}", "{{ r.max }}", "{{ r.self }}",
                         "{{ r.how }}", "{{ r.appraised }}{% if r.comment %} ({{ r.comment }})"
                                        "{% endif %}", "{{ r.evidence }}"],
                        size=Pt(10),
                        align=["left", "left", "right", "right", "left", "left", "left"])
    return out


if __name__ == "__main__":  # pragma: no cover - maintenance command
    build_template().save(TEMPLATES / TEMPLATE)
    print(TEMPLATES / TEMPLATE)
