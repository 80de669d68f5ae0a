"""A report printed: DOCX from its Word template (docxtpl), PDF through LibreOffice, XLSX.

The template is a Word file with Jinja placeholders (see `template_builder`); the code only
builds the context dictionary from the report's content. An administrator adjusts a report
without code by copying the shipped template (`cchc report templates DIR`), editing it in
Word and pointing CCHC_REPORT_TEMPLATES at the folder: a file there with the shipped name is
used instead.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError

from cchc.errors import CchcError
from cchc.extract.readers.doc import find_soffice, soffice_convert
from cchc.reports.naming import date_line, signature_titles
from cchc.reports.template_builder import COMPILATION_TEMPLATE, TEMPLATES, UNIT_TEMPLATE
from cchc.reports.unit_report import DIRECTION

FORMATS = ("docx", "pdf", "xlsx")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NO_PDF = ("Máy chủ chưa cài LibreOffice (gói libreoffice-writer) nên chưa xuất được PDF; hãy "
          "tải bản Word (.docx) rồi in ra PDF / PDF needs LibreOffice (libreoffice-writer)")


class ReportRenderError(CchcError):
    """A report could not be printed (a broken template, no LibreOffice for PDF)."""


def template_path(name: str, environ: Mapping[str, str] = os.environ) -> Path:
    """The administrator's template of that name (CCHC_REPORT_TEMPLATES), else the shipped."""
    folder = environ.get("CCHC_REPORT_TEMPLATES")
    if folder and (Path(folder) / name).is_file():
        return Path(folder) / name
    return TEMPLATES / name


def render(content: Mapping[str, Any], fmt: str) -> bytes:
    """The report as `fmt` (docx, pdf or xlsx)."""
    if fmt not in FORMATS:
        raise ReportRenderError(f"Định dạng không hỗ trợ '{fmt}': dùng docx, pdf hoặc xlsx")
    if fmt == "xlsx":
        from cchc.reports.workbook import compilation_workbook, report_workbook

        if content["kind"] == "compilation":
            return compilation_workbook(content)
        return report_workbook(content)
    document = render_docx(content)
    if fmt == "docx":
        return document
    if find_soffice() is None:
        raise ReportRenderError(NO_PDF)
    return soffice_convert(document, "bao-cao.docx", "pdf")


def render_docx(content: Mapping[str, Any]) -> bytes:
    compiled = content["kind"] == "compilation"
    if compiled:
        from cchc.reports.compilation import compilation_context

        context = compilation_context(content)
    else:
        context = unit_context(content)
    return fill_template(COMPILATION_TEMPLATE if compiled else UNIT_TEMPLATE, context)


def fill_template(name: str, context: Mapping[str, Any]) -> bytes:
    """The Word template `name` (the administrator's, else the shipped) filled with
    `context`; ReportRenderError naming the line of a broken template."""
    path = template_path(name)
    template = DocxTemplate(str(path))
    try:
        template.render(context, autoescape=True)
    except TemplateError as exc:
        raise ReportRenderError(f"{path.name}: mẫu báo cáo lỗi ở dòng {exc.lineno or '?'}: "
                                f"{exc} / the report template is broken") from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def paragraphs(text: str | None) -> list[str]:
    """A narrative as the paragraphs it is printed in: one per non-blank line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def document_context(content: Mapping[str, Any], subject: str) -> dict[str, Any]:
    """The heading and signature parts every report prints (`doc`)."""
    org, settings = content["org"], content.get("document") or {}
    sent = date.fromisoformat(settings["sent_on"]) if settings.get("sent_on") else None
    year = sent.year if sent else date.fromisoformat(content["as_of"]).year
    kind = "UBND" if org["is_committee"] else _initials(org["name"])
    number = (settings.get("number") or "").strip()
    shown = number or f"     /BC-{kind}"
    return {
        "number": f"Số: {shown}", "number_short": f"số {shown}",
        "date_line": date_line(org["place"], sent.day if sent else None,
                               sent.month if sent else None, year),
        "subject": subject, "recipients": paragraphs(settings.get("recipients")),
        "titles": signature_titles(org["is_committee"], bool(settings.get("deputy"))),
        "signer": settings.get("signer") or "",
    }


def period_context(content: Mapping[str, Any]) -> dict[str, Any]:
    period = content["period"]
    return {**period, "start_text": vn_date(period["start"]), "end_text": vn_date(period["end"])}


def unit_context(content: Mapping[str, Any]) -> dict[str, Any]:
    """The docxtpl context of a unit's report."""
    period, plan, totals = content["period"], content["plan"], content["totals"]
    org, sections = content["org"], content["sections"]
    areas = {a["code"]: _area(a, sections) for a in content["areas"]}
    basis = ""
    if plan and plan.get("number"):
        issued = f" ngày {vn_date(plan['issued_on'])}" if plan.get("issued_on") else ""
        basis = (f"Thực hiện Kế hoạch số {plan['number']}{issued} của {org['short_name']} về "
                 f"cải cách hành chính năm {plan['year']}, ")
    intro = (f"{basis}{org['short_name']} báo cáo kết quả "
             f"thực hiện công tác cải cách hành chính {period['in_words']} (số liệu từ ngày "
             f"{vn_date(period['start'])} đến ngày {vn_date(period['end'])}) như sau:")
    return {
        "org": org, "period": period_context(content),
        "doc": document_context(content, "Kết quả thực hiện công tác cải cách hành chính "
                                         f"{period['in_words']}"),
        "intro": [intro[:1].upper() + intro[1:]],
        "sections": {key: paragraphs(text) for key, text in sections.items()}
        | {"de_xuat": paragraphs(sections.get("de_xuat"))
           or ["Không có đề xuất, kiến nghị."]},
        "direction": areas.pop(DIRECTION, None),
        "areas": list(areas.values()),
        "totals_text": totals_sentence(totals, "Trong kỳ"),
        "targets": [{"no": n, **t} for n, t in enumerate(content["targets"], 1)],
        "form06": _form06(content["form06"]),
    }


def totals_sentence(figures: Mapping[str, int], when: str) -> str:
    if not figures["due"]:
        return f"{when} không có nhiệm vụ đến hạn."
    return (f"{when} có {figures['due']} nhiệm vụ đến hạn: đã hoàn thành {figures['done']}, "
            f"quá hạn {figures['overdue']}, đang thực hiện {figures['open']}.")


def _area(area: Mapping[str, Any], sections: Mapping[str, str]) -> dict[str, Any]:
    narrative = sections.get("chi_dao" if area["code"] == DIRECTION else f"area:{area['code']}")
    return {
        "no": area["no"], "name": area["name"],
        "figures": totals_sentence(area, "Trong kỳ, lĩnh vực này"),
        "narrative": [] if area["code"] == DIRECTION else paragraphs(narrative),
        "done": [_done_line(t) for t in area["done_tasks"]],
        "overdue": [_overdue_line(t) for t in area["overdue_tasks"]],
    }


def _done_line(task: Mapping[str, Any]) -> str:
    parts = [f"- {task['text'].rstrip('.;: ')}"]
    if task["outputs"]:
        parts.append(f"sản phẩm: {'; '.join(task['outputs'])}")
    if task["evidence"]:
        parts.append(f"tài liệu kiểm chứng: {', '.join(task['evidence'])}")
    return "; ".join(parts) + "."


def _overdue_line(task: Mapping[str, Any]) -> str:
    due = [d for d in task["due"]]
    when = f"hạn {vn_date(min(due))}" if due else f"hạn {task['deadline']}"
    leads = "; ".join(task["leads"]) or "chưa rõ đơn vị chủ trì"
    reason = task["note"].strip().rstrip(".") or "chưa báo cáo lý do"
    return f"- {task['text'].rstrip('.;: ')} (chủ trì: {leads}; {when}): {reason}."


def _form06(form06: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not form06:
        return None
    return {"fields": [{"no": n, **f} for n, f in enumerate(form06["fields"], 1)],
            "total": form06["total"]}


def vn_date(iso: str) -> str:
    """dd/mm/yyyy of an ISO date."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _initials(name: str) -> str:
    """"Sở Nội vụ" -> "SNV": the short form in a document number."""
    letters = [w[0] for w in re.findall(r"\w+", name)]
    return "".join(letters).upper().replace("Đ", "D") or "CQ"
