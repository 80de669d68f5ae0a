"""A cell's printed lines joined where they wrapped and kept apart where the line above ended
early (readers/cell_lines): on the print of a yardstick plan (development half) and on lines
laid out by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cchc.extract import parse_file
from cchc.extract.readers.cell_lines import CellLine, cell_texts

PLAN = Path(__file__).parent / "fixtures" / "yardstick" / "dev" / "d4_xa_hiep_thanh_2026.docx"


def _lines(*widths: tuple[str, float, float]) -> list[CellLine]:
    """Lines starting at x 0: (text, width, width of its first word)."""
    return [CellLine(text, 0.0, width, first) for text, width, first in widths]


def test_a_line_that_ended_where_the_next_word_would_fit_ends_its_item():
    two_units = _lines(("Trung tâm Phục vụ hành chính công xã", 150, 40),
                       ("Tổ công nghệ số cộng đồng", 120, 15))
    wrapped = _lines(("Văn phòng Hội đồng nhân dân và Ủy ban nhân", 190, 35),
                     ("dân xã", 30, 18))
    [[units, name]] = cell_texts([[("lead", two_units), ("lead", wrapped)]], 10.0)
    assert units == "Trung tâm Phục vụ hành chính công xã\nTổ công nghệ số cộng đồng"
    assert name == "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"


def test_a_lone_cell_measures_itself_and_cells_of_other_widths_do_not_count():
    short = _lines(("Quý I", 25, 18), ("năm 2026", 40, 18))  # the widest line is its own
    wide = _lines(("x" * 50, 400, 400))  # a merged cell: another width, another room
    [[deadline, _]] = cell_texts([[("deadline", short), ("merged", wide)]], 10.0)
    assert deadline == "Quý I năm 2026"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (Debian libreoffice-writer) is not installed")
def test_two_units_typed_on_two_lines_of_a_cell_stay_two_in_the_print(tmp_path):
    from cchc.extract.fixtures import build_pdf

    plan = parse_file(build_pdf(PLAN, tmp_path / "d4.pdf")).plan
    gold = json.loads(PLAN.with_suffix(".json").read_text(encoding="utf-8"))
    wanted = ["Trung tâm Phục vụ hành chính công xã", "Tổ công nghệ số cộng đồng"]
    assert any(t["coop"] == wanted for t in gold["tasks"])
    assert any(t.coop == wanted for t in plan.tasks)
