"""`cchc report`: the unit's report or the compilation from the command line, and templates an
administrator adjusts in Word without touching code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx

from cchc.reports.template_builder import UNIT_TEMPLATE


def cchc(demo, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "CCHC_DATABASE_URL": demo.info.url,
               "CCHC_DATA_DIR": str(demo.store.root), "CCHC_TODAY": "2024-03-18", **env}
    return subprocess.run([sys.executable, "-m", "cchc.cli", "report", *args],
                          capture_output=True, text=True, env=environ)


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_it_writes_a_communes_quarterly_report(demo, tmp_path):
    out = tmp_path / "q1.docx"
    done = cchc(demo, "--org", "QNG.TRABONG.HUONGTRA", "--period", "2024-Q1", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Kết quả thực hiện công tác cải cách hành chính quý I năm 2024" in text_of(out)


def test_it_writes_the_compilation_as_a_workbook(demo, tmp_path):
    out = tmp_path / "th.xlsx"
    done = cchc(demo, "--org", "TH", "--period", "2024-Q1", "--compilation", "-f", "xlsx",
                "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:2] == b"PK"


def test_it_names_what_is_wrong(demo, tmp_path):
    bad = cchc(demo, "--org", "QNG.TRABONG.HUONGTRA", "--period", "2024-Q3", "-o",
               str(tmp_path / "x.docx"))
    assert bad.returncode == 2 and "Kỳ báo cáo không hợp lệ '2024-Q3'" in bad.stderr
    unknown = cchc(demo, "--org", "KHONGCO", "--period", "2024-Q1", "-o",
                   str(tmp_path / "x.docx"))
    assert unknown.returncode == 2 and "Không có đơn vị mã 'KHONGCO'" in unknown.stderr
    assert not (tmp_path / "x.docx").exists()


def test_an_administrator_rewords_the_template_without_code(demo, tmp_path):
    folder = tmp_path / "mau"
    assert cchc(demo, "templates", str(folder)).returncode == 0
    template = docx.Document(str(folder / UNIT_TEMPLATE))
    heading = next(p for p in template.paragraphs if p.text.startswith("V. ĐỀ XUẤT"))
    heading.runs[0].text = "V. KIẾN NGHỊ VỚI UBND HUYỆN"
    template.save(str(folder / UNIT_TEMPLATE))
    out = tmp_path / "q1.docx"
    done = cchc(demo, "--org", "QNG.TRABONG.HUONGTRA", "--period", "2024-Q1", "-o", str(out),
                CCHC_REPORT_TEMPLATES=str(folder))
    assert done.returncode == 0, done.stderr
    text = text_of(out)
    assert "V. KIẾN NGHỊ VỚI UBND HUYỆN" in text and "V. ĐỀ XUẤT" not in text
