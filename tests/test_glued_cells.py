"""Several items glued in one cell when line breaks are lost: units with only a space between
them, a deadline stuck to a unit, two rows in one, an item run on after the previous one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extract.document import Loc, Paragraph
from cchc.extract.recognizers.cell_types import unit_then_deadline
from cchc.extract.recognizers.glued_rows import row_numbers, unglued
from cchc.extract.recognizers.narrative_tasks import narrative_tasks, run_on_items
from cchc.extract.recognizers.unit_lists import split_units, starts_like_unit
from cchc.extract.units import default_vocabulary
from tests.yardstick import dev, parsed

_NAMES = sorted(u.name for u in default_vocabulary().units
                if starts_like_unit(u.name) and not re.search(r"[,(]", u.name))
# "Công chức Văn phòng - Thống kê UBND cấp xã" is one name: the office of the commune's UBND
_OF_A_COMMITTEE = re.compile(r"^(?:UBND|Ủy ban nhân dân)\b")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_NAMES), st.sampled_from(_NAMES))
def test_two_unit_names_glued_by_a_space_come_apart(first, second):
    if first == second or _OF_A_COMMITTEE.match(second):
        return
    assert split_units(f"{first} {second}") == [first, second]


def test_a_name_the_vocabulary_matches_by_its_first_words_gives_back_the_name_after_it():
    assert split_units("Đoàn Thanh niên phường Tổ công nghệ số cộng đồng") == [
        "Đoàn Thanh niên phường", "Tổ công nghệ số cộng đồng"]
    assert split_units("Phòng Kế hoạch - Tài chính.") == ["Phòng Kế hoạch - Tài chính"]


def test_one_unit_name_is_never_cut():
    for name in ("Ban Pháp chế HĐND xã", "Văn phòng UBND xã", "UBND huyện Trà Bồng",
                 "Trung tâm Văn hóa - Thể thao và Truyền thông", "Hội đồng phối hợp phổ biến, "
                 "giáo dục pháp luật tỉnh", "Các cơ quan chuyên môn thuộc UBND huyện",
                 "Công chức Văn phòng - Thống kê UBND cấp xã", "Ban Chỉ huy Quân sự xã"):
        assert split_units(name) == [name]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([n for n in _NAMES if " - " in n and not starts_like_unit(
    n.split(" - ", 1)[1])]), st.sampled_from(_NAMES), st.sampled_from([" -\n", "\n- "]))
def test_a_name_broken_at_its_dash_stays_one_unit(name, other, break_):
    """A narrow column breaks "Công chức Văn phòng - Thống kê" after or before the dash."""
    broken = name.replace(" - ", break_, 1)
    assert split_units(f"{broken}\n{other}") == list(dict.fromkeys([name, other]))


def test_a_deadline_stuck_to_a_unit_is_given_back():
    assert unit_then_deadline("Văn phòng UBND Theo lộ trình của tỉnh") == \
        ("Văn phòng UBND", "Theo lộ trình của tỉnh")
    assert unit_then_deadline("Công chức Tư pháp - Hộ tịch Quý II/2024") == \
        ("Công chức Tư pháp - Hộ tịch", "Quý II/2024")
    assert unit_then_deadline("Văn phòng UBND xã") is None


def test_consecutive_numbers_in_one_cell_are_glued_rows():
    assert row_numbers("4 5") == ["4", "5"]
    assert row_numbers("1.2. 1.3.") == ["1.2", "1.3"]
    assert row_numbers("4 6") is None and row_numbers("4") is None


def test_two_rows_glued_into_one_are_cut_back_column_by_column():
    rows = unglued({"text": "Rà soát việc thu, chi ngân sách rà soát việc quản lý tài sản công",
                    "outputs": "Báo cáo Báo cáo",
                    "lead": "Công chức Tài chính - Kế toán Công chức Tài chính - Kế toán",
                    "coop": "Văn phòng - Thống kê",
                    "deadline": "Quý II/2024 Quý IV/2024"}, 2)
    assert rows == [
        {"text": "Rà soát việc thu, chi ngân sách", "outputs": "Báo cáo",
         "lead": "Công chức Tài chính - Kế toán", "coop": "Văn phòng - Thống kê",
         "deadline": "Quý II/2024"},
        {"text": "rà soát việc quản lý tài sản công", "outputs": "Báo cáo",
         "lead": "Công chức Tài chính - Kế toán", "coop": "Văn phòng - Thống kê",
         "deadline": "Quý IV/2024"}]


def test_glued_products_part_at_a_capital_and_deadlines_not_inside_a_range():
    rows = unglued({"text": "Vận hành hệ thống quản lý văn bản hướng dẫn người dân cài đặt ứng "
                            "dụng", "outputs": "Văn bản điện tử Số tài khoản được kích hoạt",
                    "deadline": "Thường xuyên Quý II - Quý III/2025"}, 2)
    assert [(r["outputs"], r["deadline"]) for r in rows] == [
        ("Văn bản điện tử", "Thường xuyên"),
        ("Số tài khoản được kích hoạt", "Quý II - Quý III/2025")]
    rows = unglued({"text": "Rà soát quy trình rà soát thủ tục", "outputs": "Báo cáo gửi Sở Nội vụ",
                    "deadline": "Quý I/2025 Từ Quý II đến Quý III/2025"}, 2)
    assert [r["outputs"] for r in rows] == ["Báo cáo gửi Sở Nội vụ"] * 2  # one merged cell
    assert [r["deadline"] for r in rows] == ["Quý I/2025", "Từ Quý II đến Quý III/2025"]


def test_the_glued_rows_of_a_pdf_give_each_task_its_product_and_deadline():
    tasks = {t.text[:20]: t for t in parsed(dev("d12")).plan.tasks}
    ops, app = tasks["Vận hành hệ thống qu"], tasks["hướng dẫn người dân "]
    assert (ops.outputs, app.outputs) == (["Văn bản điện tử"], ["Số tài khoản được kích hoạt"])
    assert (ops.deadline_text, app.deadline_text) == ("Thường xuyên", "Quý II - Quý III/2025")


def test_a_pdf_table_without_row_rules_gives_each_task():
    tasks = {t.no: t for t in parsed(dev("d6")).plan.tasks}
    assert len(tasks) == 15
    assert (tasks["4"].lead, tasks["5"].lead) == (["Bộ phận Một cửa"],
                                                  ["Công chức Văn phòng - Thống kê"])
    assert (tasks["9"].coop, tasks["10"].coop) == (["Công chức Văn phòng - Thống kê"],
                                                   ["Ban Thanh tra nhân dân"])
    assert tasks["7"].deadline_text == "Theo lộ trình của tỉnh"
    assert tasks["2"].coop == ["Công chức Văn hóa - Xã hội", "Đoàn Thanh niên xã"]


def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, Loc("t", line=i)) for i, t in enumerate(texts, 1)]


def test_an_item_run_on_after_the_previous_one_starts_its_own_paragraph():
    split = run_on_items(_paragraphs(
        "3.11. Rà soát thủ tục hành chính.", "- Thời hạn: Trong năm 2025 3.12. Đẩy mạnh số hóa.",
        "- Thời hạn: Theo Quyết định 3.12. Quý IV/2025"))
    assert [p.text for p in split] == [
        "3.11. Rà soát thủ tục hành chính.", "- Thời hạn: Trong năm 2025", "3.12. Đẩy mạnh số hóa.",
        "- Thời hạn: Theo Quyết định 3.12. Quý IV/2025"]


def test_run_on_items_become_their_tasks():
    tasks = narrative_tasks(_paragraphs(
        "a) Rà soát văn bản.", "- Chủ trì: Văn phòng Sở.", "- Thời hạn: Quý I/2026 b) Kiểm tra.",
        "- Chủ trì: Thanh tra Sở.", "- Thời hạn: Quý II/2026."))
    assert [(t.no, t.cells["lead"], t.cells["deadline"]) for t in tasks] == [
        ("a", "Văn phòng Sở.", "Quý I/2026"), ("b", "Thanh tra Sở.", "Quý II/2026.")]
    assert [t.no for t in parsed(dev("d7")).plan.tasks][:6] == \
        ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4"]
