"""A plan written back to Word in the shape of the originals (`cchc plan export`).

A plan issued by decision (its number reads …/QĐ-…) gets the decision wrapper — heading block,
"QUYẾT ĐỊNH", the legal bases, three articles, recipients and signature — then the plan
"(Ban hành kèm theo Quyết định số …)"; a plan issued directly opens with its own heading block
and legal bases. The body lists the targets (chỉ tiêu); the tasks go in the appendix table on
landscape pages: a header row repeated on every page, one merged row per reform area, one row
per task. Reading the result back (`cchc parse`) gives the same tasks: area, text, lead and
cooperating units, deadline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import jsonschema

from docx.document import Document

from cchc.domain.areas import AREAS
from cchc.domain.plan import LegalBasis, Plan, Task
from cchc.domain.plan_dict import plan_from_dict
from cchc.errors import InputError
from cchc.extract.document import is_table_place
from cchc.extract.serialize import plan_schema
from cchc.reports import docx_layout as layout
from cchc.reports.naming import UnitNames, date_line, signature_titles, unit_names

# How an appendix names each reform area; each reads back as its area (recognizers/areas.py).
AREA_HEADINGS = {**{code: name.upper() for code, name in AREAS.items()},
                 "khac": "NÂNG CAO NĂNG LỰC CẠNH TRANH VÀ CÁC NHIỆM VỤ KHÁC"}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_OPTIONAL = (  # (field, header, width weight): columns printed only when some task fills them
    ("objective", "Mục tiêu", 3.0), ("activities", "Hoạt động", 4.0))


def export_plan(plan: Plan, out_path: str | Path | IO[bytes]) -> Path | IO[bytes]:
    """Write `plan` as a .docx at `out_path` (or into a binary stream)."""
    names = unit_names(plan.meta.issuer or "Ủy ban nhân dân", plan.meta.level or "xa")
    out = layout.new_document()
    by_decision = "QĐ" in (plan.meta.number or "")
    if by_decision:
        _decision(out, plan, names)
        out.add_page_break()
        _plan_heading(out, plan, names, attached=True)
    else:
        layout.header_block(out, names.upper_body, names.issuer, _number(plan, "KH"),
                            _date(plan, names))
        _plan_heading(out, plan, names, attached=False)
        _legal_bases(out, plan, names)
    _body(out, plan, names)
    if not by_decision:
        layout.signature_block(out, ["- Như trên;", "- Lưu: VT."],
                               signature_titles(names.is_committee, deputy=False),
                               plan.meta.signer or "")
    if plan.tasks:
        _appendix(out, plan, names)
    if isinstance(out_path, str | Path):
        out_path = Path(out_path)
    out.save(out_path)
    return out_path


def _number(plan: Plan, kind: str) -> str:
    return f"Số: {plan.meta.number}" if plan.meta.number else f"Số:      /{kind}-UBND"


def _date(plan: Plan, names: UnitNames) -> str:
    issued, year = plan.meta.issued_on, plan.meta.year or 0
    if issued:
        return date_line(names.place, issued.day, issued.month, issued.year)
    return date_line(names.place, None, None, year)


def _subject(plan: Plan) -> str:
    """The title without its document type: "Cải cách hành chính năm 2024"."""
    title = (plan.meta.title or f"Cải cách hành chính năm {plan.meta.year or ''}").strip()
    for prefix in ("KẾ HOẠCH", "Kế hoạch"):
        title = title.removeprefix(prefix).strip()
    return title[:1].upper() + title[1:]


def _lowered(text: str) -> str:
    """The subject inside a sentence: its first letter in lower case, names kept (a subject
    printed in capitals stays so)."""
    return text if text.isupper() else text[:1].lower() + text[1:]


def _decision(out: Document, plan: Plan, names: UnitNames) -> None:
    layout.header_block(out, names.upper_body, names.issuer, _number(plan, "QĐ"),
                        _date(plan, names))
    layout.title_block(out, "QUYẾT ĐỊNH", [f"Ban hành Kế hoạch {_lowered(_subject(plan))}"])
    layout.line(out, f"CHỦ TỊCH {names.full_name.upper()}", bold=True, after=None)
    layout.line(out)
    _legal_bases(out, plan, names)
    layout.line(out, "QUYẾT ĐỊNH:", bold=True, after=None)
    layout.body(out, f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch "
                     f"{_lowered(_subject(plan))}.")
    layout.body(out, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    layout.body(out, f"Điều 3. Văn phòng {names.body_word} và các cơ quan, đơn vị có liên quan "
                     "chịu trách nhiệm thi hành Quyết định này./.")
    layout.signature_block(out, ["- Như Điều 3;", "- Lưu: VT."],
                           ["CHỦ TỊCH"] if names.is_committee else ["GIÁM ĐỐC"],
                           plan.meta.signer or "")


def _plan_heading(out: Document, plan: Plan, names: UnitNames, attached: bool) -> None:
    layout.title_block(out, "KẾ HOẠCH", [_subject(plan)])
    if attached:
        issued = plan.meta.issued_on
        when = f" ngày {issued.day:02d}/{issued.month:02d}/{issued.year}" if issued else ""
        layout.line(out, f"(Ban hành kèm theo Quyết định số {plan.meta.number}{when} của "
                         f"Chủ tịch {names.short_name})", italic=True, after=None)
        layout.line(out)


def _legal_bases(out: Document, plan: Plan, names: UnitNames) -> None:
    for basis in plan.meta.legal_bases:
        layout.body(out, f"Căn cứ {_citation(basis)};", italic=True)
    if plan.meta.legal_bases and not plan.meta.number:
        layout.body(out, f"{names.short_name} ban hành Kế hoạch {_lowered(_subject(plan))} như "
                         "sau:")


def _citation(basis: LegalBasis) -> str:
    parts = [basis.type or "văn bản"]
    if basis.number:
        parts.append(f"số {basis.number}")
    if basis.date:
        parts.append(f"ngày {basis.date.day:02d}/{basis.date.month:02d}/{basis.date.year}")
    if basis.issuer:
        parts.append(f"của {basis.issuer}")
    return " ".join(parts)


def _body(out: Document, plan: Plan, names: UnitNames) -> None:
    section = iter(_ROMAN)
    stated = [t for t in plan.targets if not is_table_place(t.where)]  # the others are in
    if stated:  # the appendix's objective column
        layout.heading(out, f"{next(section)}. CHỈ TIÊU")
        areas = list(dict.fromkeys(t.area for t in stated))
        for number, area in enumerate(areas, 1):
            layout.heading(out, f"{number}. {AREAS.get(area, area)}")
            for target in (t for t in stated if t.area == area):
                layout.body(out, f"- {target.text.rstrip('.;')};")
    layout.heading(out, f"{next(section)}. NHIỆM VỤ")
    layout.body(out, f"Có {len(plan.tasks)} nhiệm vụ cụ thể, cơ quan chủ trì, cơ quan phối hợp "
                     "và thời gian hoàn thành tại Phụ lục kèm theo Kế hoạch này.")
    layout.heading(out, f"{next(section)}. TỔ CHỨC THỰC HIỆN")
    layout.body(out, "Các cơ quan, đơn vị được giao chủ trì, phối hợp tổ chức thực hiện các "
                     "nhiệm vụ đúng tiến độ; định kỳ hằng quý, 6 tháng, 9 tháng và năm báo cáo "
                     f"kết quả thực hiện về {names.short_name} (qua Văn phòng) để tổng hợp./.")


def _appendix(out: Document, plan: Plan, names: UnitNames) -> None:
    layout.new_section(out, landscape=True)
    layout.line(out, "Phụ lục", bold=True, after=None)
    layout.line(out, f"DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {plan.meta.year or ''}".strip(),
                bold=True, after=None)
    layout.line(out, f"(Kèm theo Kế hoạch {_lowered(_subject(plan))} của {names.short_name})",
                italic=True)
    columns = [("no", "TT", 1.0), ("text", "Nội dung nhiệm vụ", 7.0)]
    columns += [c for c in _OPTIONAL if any(getattr(t, c[0]) for t in plan.tasks)]
    columns += [("outputs", "Sản phẩm", 4.0), ("lead", "Cơ quan chủ trì", 3.5),
                ("coop", "Cơ quan phối hợp", 3.5), ("deadline_text", "Thời gian hoàn thành", 3.0)]
    if any(t.budget for t in plan.tasks):
        columns.append(("budget", "Kinh phí", 2.5))
    total = sum(weight for _, _, weight in columns)
    widths = [max(12.0, layout.LANDSCAPE_TEXT_WIDTH_MM * weight / total)
              for _, _, weight in columns]
    widths[1] -= sum(widths) - layout.LANDSCAPE_TEXT_WIDTH_MM
    table = layout.grid_table(out, [header for _, header, _ in columns], widths)
    area, areas = None, iter(_ROMAN)
    for task in plan.tasks:
        if task.area != area:
            area = task.area
            cells = layout.add_row(table, [next(areas, ""), AREA_HEADINGS.get(area, area)]
                                   + [""] * (len(columns) - 2), bold=True)
            cells[1].merge(cells[-1])
        layout.add_row(table, [_cell(task, name) for name, _, _ in columns],
                       align=["center"] + ["left"] * (len(columns) - 1))
    out.add_paragraph()


def _cell(task: Task, name: str) -> str:
    value = getattr(task, name)
    if isinstance(value, list):
        return "\n".join(value)
    return value or ""


def export_plan_json(json_path: str | Path, out_path: str | Path) -> Path | IO[bytes]:
    """Write the plan of a cchc.plan/1 JSON file (as `cchc parse` writes it) as a .docx."""
    path = Path(json_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, plan_schema())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: không đọc được tệp JSON kế hoạch ({exc}) / cannot read the "
                         "plan JSON") from None
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(gốc)"
        raise InputError(f"{path}: {where}: không đúng lược đồ cchc.plan/1: {exc.message} / "
                         "not a cchc.plan/1 document") from None
    return export_plan(plan_from_dict(data), out_path)
