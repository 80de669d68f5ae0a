"""The province's compilation printed as DOCX, PDF and XLSX: every unit's figures read back from
the files equal those counted straight from the stored tasks, and its sending state is right."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cchc.reports.compilation import compile_report
from cchc.reports.drafts import Drafting
from cchc.reports.periods import ReportCalendar
from cchc.reports.render import render
from cchc.store.models import Organization, Plan
from cchc.store.services.reports import open_report, send_report
from cchc.store.status import FINISHED

TODAY = date(2024, 5, 10)
_DONE = {s.value for s in FINISHED}


def counted(session, org_id: int, start: date, end: date) -> tuple[int, int, int]:
    """(due, done, overdue) of a unit's 2024 plan in the period, from its tasks."""
    plan = session.scalar(select(Plan).where(Plan.org_id == org_id, Plan.year == 2024))
    due = done = overdue = 0
    for task in plan.current_version.tasks if plan else []:
        inside = [m for m in task.milestones if m.due_date and start <= m.due_date <= end]
        if not inside:
            continue
        due += 1
        if task.status in _DONE or all(m.status in _DONE for m in inside):
            done += 1
        elif task.status == "overdue" or any(m.due_date < TODAY and m.status not in _DONE
                                             for m in inside):
            overdue += 1
    return due, done, overdue


@pytest.fixture
def compiled(factory, world):
    how = Drafting(ReportCalendar(), None, TODAY)
    period = how.period("2024-H1")
    with factory.begin() as s:  # xã Hương Trà sent on time (10/5, due 20/6), with 1/1 target met
        report = open_report(s, s.get(Organization, world.commune.id), period.code, "unit",
                             {}, {})
        send_report(s, report, None, {"targets": [{"status": "đạt"}, {"status": "chưa đo"}]},
                    late=False)
    with factory() as s:
        content = compile_report(s, s.get(Organization, world.province.id), period, how)
        expected = {name: counted(s, org_id, period.start, period.end)
                    for org_id, name in ((world.district.id, "UBND huyện Trà Bồng"),
                                         (world.commune.id, "UBND xã Hương Trà"),
                                         (world.other_commune.id, "UBND xã Trà Sơn"))}
    return content, expected


def test_the_docx_prints_each_units_figures(compiled):
    content, expected = compiled
    assert sum(e[0] for e in expected.values()) >= 3
    document = docx.Document(io.BytesIO(render(content, "docx")))
    rows = {cells[1]: cells[2:] for cells in ([c.text for c in r.cells]
                                              for r in document.tables[-1].rows)}
    for name, (due, done, overdue) in expected.items():
        assert rows[name][:3] == [str(due), str(done), str(overdue)], name
    assert rows["UBND xã Hương Trà"][3:] == ["1/1", "Đúng hạn"]
    assert rows["UBND xã Trà Sơn"][3:] == ["—", "Chưa gửi"]
    assert rows["UBND huyện Trà Bồng"][:3] == ["0", "0", "0"]  # no plan of its own
    totals = [sum(e[i] for e in expected.values()) for i in range(3)]
    assert rows["Tổng cộng"] == [*map(str, totals), "1/1", "1/3"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert (f"Trong kỳ, các đơn vị có {totals[0]} nhiệm vụ đến hạn: đã hoàn thành {totals[1]}, "
            f"quá hạn {totals[2]}") in text
    assert "Có 1/3 đơn vị đã gửi báo cáo 6 tháng đầu năm 2024 (đúng hạn 1, muộn 0)" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_pdf_prints_the_same_figures(compiled, tmp_path):
    content, expected = compiled
    pdf = tmp_path / "tong-hop.pdf"
    pdf.write_bytes(render(content, "pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for name, (due, done, overdue) in expected.items():
        assert re.search(rf"{name}\s+{due}\s+{done}\s+{overdue}\s", text), name


def test_the_workbook_holds_the_same_figures(compiled):
    content, expected = compiled
    sheet = load_workbook(io.BytesIO(render(content, "xlsx")))["Đơn vị"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    for name, (due, done, overdue) in expected.items():
        assert rows[name][3:6] == (due, done, overdue), name
    assert rows["UBND xã Hương Trà"][10] == "Đúng hạn"
    assert sheet.auto_filter.ref.startswith("A2:")
