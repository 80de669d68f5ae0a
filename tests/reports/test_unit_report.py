"""A commune's periodic report printed as DOCX, PDF and XLSX: the text read back from each file
holds every figure as the database and the dossier store give it, in the Decree 30/2020 layout.
"""

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

from cchc.domain.areas import AREAS
from cchc.indicators.aggregates import engine_for
from cchc.indicators.engine import parent_map
from cchc.reports.drafts import printable
from cchc.reports.render import ReportRenderError, render
from cchc.store.models import Plan
from cchc.store.status import FINISHED, Status

CODE, PERIOD, TODAY = "QNG.TRABONG.HUONGTRA", "2024-H1", date(2024, 6, 18)
_DONE = {s.value for s in FINISHED}
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (libreoffice-writer) is not installed")


def expected_figures(session, org_id: int, start: date, end: date) -> dict[str, list[int]]:
    """[due, done, overdue] per reform area, straight from the stored tasks and milestones."""
    plan = session.scalar(select(Plan).where(Plan.org_id == org_id, Plan.year == 2024))
    out: dict[str, list[int]] = {}
    for task in plan.current_version.tasks:
        inside = [m for m in task.milestones if m.due_date and start <= m.due_date <= end]
        if not inside:
            continue
        figures = out.setdefault(task.area_code, [0, 0, 0])
        figures[0] += 1
        if task.status in _DONE or all(m.status in _DONE for m in inside):
            figures[1] += 1
        elif task.status != Status.PAUSED.value and (task.status == Status.OVERDUE.value or any(
                m.due_date < TODAY and m.status not in _DONE for m in inside)):
            figures[2] += 1
    return out


def sentence(due: int, done: int, overdue: int, when: str) -> str:
    return (f"{when} có {due} nhiệm vụ đến hạn: đã hoàn thành {done}, quá hạn {overdue}, đang "
            f"thực hiện {due - done - overdue}.")


@pytest.fixture(scope="module")
def report(demo):
    with demo.factory() as session:
        how = demo.drafting(TODAY)
        org = demo.org(session, CODE)
        period = how.period(PERIOD)
        content = printable(session, org, period, how)
        figures = expected_figures(session, org.id, period.start, period.end)
    engine = engine_for(demo.store, period.reporting)
    dossiers = engine.indicators(kind="half", by=(), period=PERIOD, within=CODE).to_pylist()[0]
    form06 = [r for r in engine.form06(kind="half", by=("org",),
                                       parents=parent_map(engine.org_codes()),
                                       period=PERIOD).to_pylist() if r["org_code"] == CODE][0]
    return content, figures, dossiers, form06


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(dict.fromkeys(c.text for c in row.cells)))
    return flat("\n".join(parts))


def check_figures(text: str, report) -> None:
    content, figures, dossiers, form06 = report
    due, done, overdue = (sum(f[i] for f in figures.values()) for i in range(3))
    assert due > 10 and overdue > 0  # the demo's half year has both
    assert sentence(due, done, overdue, "Trong kỳ") in text
    for code, (a_due, a_done, a_overdue) in figures.items():
        if code != "chi_dao":
            assert f"{AREAS[code]} Trong kỳ, lĩnh vực này có {a_due} nhiệm vụ" in text
        assert sentence(a_due, a_done, a_overdue, "Trong kỳ, lĩnh vực này") in text
    on_time = f"{100 * dossiers['on_time_rate']:.2f}%".replace(".", ",")
    assert f"{dossiers['on_time']}/{dossiers['received']}" in text and on_time in text
    total = [form06[k] for k in ("carried_over", "received_online", "received_direct_post")]
    assert f"Tổng cộng | {sum(total)} | " + " | ".join(map(str, total)) in text
    resolved = [form06[k] for k in ("resolved_early", "resolved_on_time", "resolved_late")]
    assert f" | {sum(resolved)} | " + " | ".join(map(str, resolved)) in text


class TestUnitReportDocx:
    def test_it_prints_every_figure_of_the_database(self, report):
        check_figures(docx_text(render(report[0], "docx")), report)

    def test_it_lists_overdue_tasks_with_lead_units_and_reasons(self, report):
        content = report[0]
        text = docx_text(render(content, "docx"))
        overdue = [t for a in content["areas"] for t in a["overdue_tasks"]]
        assert overdue
        for task in overdue:
            assert f"(chủ trì: {'; '.join(task['leads'])}; hạn " in text
        noted = [t for t in overdue if t["note"]]
        assert noted and all(t["note"].rstrip(".") in text for t in noted)
        done = [t for a in content["areas"] for t in a["done_tasks"] if t["evidence"]]
        assert done and all(f"tài liệu kiểm chứng: {', '.join(t['evidence'])}" in text
                            for t in done)

    def test_it_follows_decree_30(self, report):
        document = docx.Document(io.BytesIO(render(report[0], "docx")))
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert (round(section.top_margin.mm), round(section.bottom_margin.mm),
                round(section.left_margin.mm), round(section.right_margin.mm)) == (20, 20, 30, 15)
        assert document.styles["Normal"].font.name == "Times New Roman"
        assert document.styles["Normal"].font.size.pt == 14
        header = document.tables[0].rows[0].cells
        left = [p for p in header[0].paragraphs if p.text]
        assert [p.text for p in left] == ["ỦY BAN NHÂN DÂN", "XÃ HƯƠNG TRÀ", "Số:      /BC-UBND"]
        assert all(r.bold for p in left[:2] for r in p.runs)
        right = [p for p in header[1].paragraphs if p.text]
        assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[0].runs[0].bold
        assert right[1].text == "Độc lập - Tự do - Hạnh phúc" and right[1].runs[0].underline
        assert right[2].text == "Hương Trà, ngày       tháng       năm 2024"
        assert right[2].runs[0].italic
        title = [p for p in document.paragraphs if p.text == "BÁO CÁO"][0]
        assert title.runs[0].bold and title.alignment == 1  # centred
        signature = document.tables[1].rows[0].cells
        assert signature[0].paragraphs[0].text == "Nơi nhận:"
        assert signature[0].paragraphs[0].runs[0].bold and signature[0].paragraphs[0].runs[0].italic
        assert [p.text for p in signature[1].paragraphs if p.text] == [
            "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hồ Bảo Xuyên"]


@needs_soffice
def test_the_pdf_prints_every_figure(report, tmp_path):
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(render(report[0], "pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts
    content, figures, dossiers, form06 = report
    # justified lines come back with spaces inside words ("th ực"): compare without spaces
    plain = re.sub(r"\s", "", text)

    def printed(words: str) -> bool:
        return re.sub(r"\s", "", words) in plain

    due, done, overdue = (sum(f[i] for f in figures.values()) for i in range(3))
    assert printed(sentence(due, done, overdue, "Trong kỳ"))
    for a_due, a_done, a_overdue in figures.values():
        assert printed(sentence(a_due, a_done, a_overdue, "Trong kỳ, lĩnh vực này"))
    assert printed(f"{dossiers['on_time']}/{dossiers['received']}")
    received = [form06[k] for k in ("carried_over", "received_online", "received_direct_post")]
    assert re.search(rf"Tổng cộng\s+{sum(received)}\s+" + r"\s+".join(map(str, received)), text)


def test_the_workbook_holds_the_same_figures_with_filters(report):
    content, figures, _, form06 = report
    book = load_workbook(io.BytesIO(render(content, "xlsx")))
    areas = book["Lĩnh vực"]
    rows = {r[1]: r[2:5] for r in areas.iter_rows(min_row=3, values_only=True)}
    for code, (due, done, overdue) in figures.items():
        assert rows[AREAS[code]] == (due, done, overdue)
    total = [sum(f[i] for f in figures.values()) for i in range(3)]
    assert rows["Tổng cộng"] == tuple(total)
    assert areas.auto_filter.ref.startswith("A2:") and areas.freeze_panes == "A3"
    tasks = book["Nhiệm vụ trong kỳ"]
    assert tasks.max_row - 2 == total[0]
    assert [r[5] for r in tasks.iter_rows(min_row=3, values_only=True)].count(
        "Quá hạn") == total[2]
    form = book["Mẫu 06"]
    last = list(form.iter_rows(min_row=form.max_row, values_only=True))[0]
    assert last[1] == "Tổng cộng" and last[3] == form06["carried_over"]
    assert last[4] == form06["received_online"]


def test_a_pdf_without_libreoffice_says_what_to_install(report, monkeypatch):
    monkeypatch.setattr("cchc.reports.render.find_soffice", lambda: None)
    with pytest.raises(ReportRenderError, match="libreoffice-writer"):
        render(report[0], "pdf")
