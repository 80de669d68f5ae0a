"""Tables typed as text (tab-separated rows) are tables for every reader: a text export pasted
into Word gives the same tasks as the text itself."""

from __future__ import annotations

from pathlib import Path

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extract.document import Paragraph, Table
from cchc.extract.readers import read_document
from tests.yardstick import YARDSTICK, dev, parsed


def _word(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)  # python-docx writes "\t" as <w:tab/>
    document.save(path)
    return path


def test_a_text_table_pasted_into_word_gives_its_tasks_and_year():
    plan = parsed(dev("d5")).plan
    assert len(plan.tasks) == 13
    assert (plan.meta.year, plan.meta.issuer) == (2024, "UBND huyện Yên Thành")
    assert plan.tasks[1].lead == ["Phòng Nội vụ"]
    assert plan.tasks[1].coop == ["Văn phòng HĐND và UBND huyện", "Phòng Tư pháp"]


def test_the_word_copy_and_the_text_give_the_same_table():
    from_word = read_document(dev("d5")).tables()
    from_text = read_document(YARDSTICK / "sources" / "d5_huyen_yen_thanh_2024.txt").tables()
    assert [[r.cells for r in t.rows] for t in from_word] == \
        [[r.cells for r in t.rows] for t in from_text]


def test_tabs_that_lay_out_a_line_are_spaces(tmp_path):
    doc = read_document(_word(tmp_path / "p.docx", [
        "\tCăn cứ Luật Tổ chức chính quyền địa phương;", "1.\tRà soát văn bản.",
        "- Chủ trì:\tVăn phòng Sở.", "UBND HUYỆN YÊN THÀNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]))
    assert [type(b) for b in doc.blocks] == [Paragraph, Paragraph, Paragraph, Table]
    assert [p.text for p in doc.paragraphs()] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương;", "1. Rà soát văn bản.",
        "- Chủ trì: Văn phòng Sở."]
    assert doc.tables()[0].rows[0].cells == ["UBND HUYỆN YÊN THÀNH",
                                             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


_CELL = st.text("abcđêơ ", min_size=1, max_size=8).map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6).flatmap(lambda width: st.lists(
    st.lists(_CELL, min_size=width, max_size=width), min_size=1, max_size=6)))
def test_every_cell_of_a_tab_table_in_word_comes_back(tmp_path_factory, rows):
    path = _word(tmp_path_factory.mktemp("t") / "t.docx", ["\t".join(r) for r in rows])
    (table,) = read_document(path).tables()
    assert [r.cells for r in table.rows] == rows
    assert [r.loc.row for r in table.rows] == list(range(1, len(rows) + 1))
