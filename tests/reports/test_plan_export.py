"""A plan written back to Word reads back as the same plan: parse(export(plan)) = plan."""

from __future__ import annotations

import json
import subprocess
import sys

import docx
import pytest

from cchc.extract import parse_file
from cchc.extract.document import is_table_place
from cchc.extract.serialize import render
from cchc.reports.plan_export import export_plan
from tests.helpers import SEEDS

TASK_FIELDS = ("no", "area", "text", "lead", "coop", "deadline_text", "outputs", "activities",
               "objective", "budget")
META_FIELDS = ("title", "issuer", "level", "year", "number", "issued_on", "signer",
               "legal_bases")


def _tasks(plan):
    return [{f: getattr(t, f) for f in TASK_FIELDS} for t in plan.tasks]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_the_export_of_a_seed_parses_back_to_the_same_tasks(seed, tmp_path):
    plan = parse_file(seed).plan
    again = parse_file(export_plan(plan, tmp_path / "ke-hoach.docx")).plan
    assert len(again.tasks) == len(plan.tasks) > 20
    assert _tasks(again) == _tasks(plan)
    # the targets the body states come back as stated (those of the objective column are the
    # tasks' `objective`, compared above)
    stated = sorted((t.text, t.area, t.comparator, t.value) for t in plan.targets
                    if not is_table_place(t.where))  # grouped by area in the export
    assert sorted((t.text, t.area, t.comparator, t.value) for t in again.targets
                  if not is_table_place(t.where)) == stated
    meta, meta_again = plan.meta.to_dict(), again.meta.to_dict()
    assert {k: meta_again[k] for k in META_FIELDS} == {k: meta[k] for k in META_FIELDS}


def test_the_appendix_is_a_landscape_table_with_a_repeated_header_and_area_rows(tmp_path):
    plan = parse_file(SEEDS[4]).plan
    document = docx.Document(str(export_plan(plan, tmp_path / "tinh.docx")))
    appendix = document.sections[-1]
    assert appendix.page_width > appendix.page_height  # landscape
    table = document.tables[-1]
    header = table.rows[0]
    assert header._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    assert [c.text for c in header.cells][:2] == ["TT", "Nội dung nhiệm vụ"]
    area_rows = [r for r in table.rows if r.cells[0].text == "I"]
    assert area_rows and area_rows[0].cells[1].text == "CẢI CÁCH THỂ CHẾ"
    assert len({id(c._tc) for c in area_rows[0].cells[1:]}) == 1  # merged across
    first = document.sections[0]
    assert (first.page_width.mm, first.left_margin.mm, first.right_margin.mm) == \
        pytest.approx((210, 30, 15), abs=0.1)
    assert "QUYẾT ĐỊNH" in [p.text for p in document.paragraphs]


def test_the_command_writes_the_docx_from_the_json_and_rejects_a_bad_file(tmp_path):
    result = parse_file(SEEDS[2])
    source = tmp_path / "ke-hoach.json"
    source.write_text(render(result.plan, [], "json"), encoding="utf-8")
    out = tmp_path / "ke-hoach.docx"
    done = subprocess.run([sys.executable, "-m", "cchc.cli", "plan", "export", str(source),
                           "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _tasks(parse_file(out).plan) == _tasks(result.plan)

    broken = tmp_path / "hong.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    del data["tasks"][3]["area"]
    broken.write_text(json.dumps(data), encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "cchc.cli", "plan", "export", str(broken),
                             "-o", str(tmp_path / "x.docx")], capture_output=True, text=True)
    assert failed.returncode == 2
    assert "hong.json: tasks/3: không đúng lược đồ cchc.plan/1" in failed.stderr
    assert not (tmp_path / "x.docx").exists()
