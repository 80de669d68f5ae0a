"""Rows shifted by merged cells: when the export leaves out the cells a merge covered, each
cell's content (unit, deadline, product, number, sentence) puts it back in its column."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extract.document import Document, Loc, Row, Table
from cchc.extract.pipeline import build_plan
from cchc.extract.recognizers.cell_types import fit, realigned
from cchc.extract.recognizers.columns import header_fields
from tests.yardstick import dev, parsed

HEADER = ["TT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Sản phẩm", "Cơ quan chủ trì",
          "Cơ quan phối hợp", "Thời gian thực hiện", "Kinh phí"]
FIELDS = header_fields(HEADER)


def test_a_row_missing_its_number_and_objective_is_a_task_of_its_own():
    row = ["Công khai dự toán, quyết toán ngân sách xã", "Niêm yết tại trụ sở UBND xã",
           "Thông báo công khai", "Công chức Tài chính - Kế toán", "Ban Tài chính xã",
           "Theo quy định", ""]
    assert realigned(row, FIELDS, 9) == ["", "", *row]


def test_a_row_holding_only_an_activity_moves_under_the_activity_column():
    row = ["Tổ chức tuyên truyền trên loa truyền thanh", "Chuyên mục tuyên truyền",
           "Công chức Văn hóa - Xã hội", "Công chức Tư pháp - Hộ tịch", "Hằng tháng", ""]
    assert realigned(row, FIELDS, 9) == ["", "", "", *row]


def test_a_number_stays_first_when_a_merge_in_mid_row_left_out_the_objective():
    row = ["1", "Rà soát ban hành các văn bản QPPL", "Văn bản triển khai",
           "Công chức Tài chính - Kế toán", "Văn phòng UBND xã", "Thường xuyên"]
    fields = header_fields(HEADER[:3] + HEADER[4:8])
    assert realigned(row, fields, 7) == ["1", "", *row[1:]]


def test_a_lone_cell_over_a_page_break_stays_where_it_is():
    row = ["", "UBND thành phố", "", "", "", ""]
    assert realigned(row, header_fields(["TT", "Nội dung", "Sản phẩm", "Chủ trì", "Phối hợp",
                                         "Thời gian"]), 6) == row


def test_a_row_reaching_its_last_column_is_never_moved():
    row = ["17", "Tổ chức đào tạo bồi dưỡng", "- Kế hoạch", "", "Công chức chuyên môn",
           "Năm 2023"]
    assert realigned(row, header_fields(["TT", "Nội dung thực hiện", "Sản phẩm/Kết quả",
                                         "Bộ phận thực hiện", "Đơn vị phối hợp",
                                         "Thời gian hoàn thành"]), 6) == row


_SENTENCES = st.sampled_from(["Rà soát, cập nhật thủ tục hành chính", "Kiện toàn Tổ công nghệ số",
                              "Xây dựng Quy chế chi tiêu nội bộ năm 2025"])


@settings(max_examples=60, deadline=None)
@given(_SENTENCES, st.integers(0, 2))
def test_any_row_losing_its_leading_cells_reads_as_the_full_row(task, lost):
    full = ["5", "Bộ máy hoạt động hiệu quả", task, "Ban hành Quyết định", "Quyết định của UBND xã",
            "Công chức Văn phòng - Thống kê", "Các công chức chuyên môn", "Quý II/2025", ""]
    table = Table([Row(HEADER, Loc("t")), Row(full, Loc("t")),
                   Row([""] * lost + full[lost:], Loc("t")) if lost == 0 else
                   Row(full[lost:], Loc("t"))], Loc("t"))
    first, second = build_plan(Document("t", [table])).tasks
    assert (second.text, second.lead, second.coop, second.deadline_text, second.outputs) == \
        (first.text, first.lead, first.coop, first.deadline_text, first.outputs)


def test_the_shifted_plan_of_the_yardstick_reads_as_its_gold():
    tasks = parsed(dev("d1")).plan.tasks
    assert len(tasks) == 15
    assert [t.no for t in tasks[:4]] == ["1", "2", "3", None]
    assert tasks[0].deadline_text == "Quý I/2025; Trước ngày 31/01/2025"
    assert tasks[3].coop == ["Bộ phận Một cửa"]


def test_a_task_that_opens_with_the_unit_doing_it_fits_the_task_column():
    task = ("Tổ công nghệ số cộng đồng hướng dẫn người dân sử dụng ứng dụng VNeID, thanh toán "
            "không dùng tiền mặt")
    assert fit("text", task) > 0 and fit("lead", task) == 0
    assert fit("lead", "Sở Nội vụ chủ trì, hướng dẫn") == 1.0
    assert fit("lead", "Chủ tịch") < fit("lead", "Chủ tịch UBND xã")


def test_a_deadline_run_on_into_the_next_cell_fits_less_and_a_named_report_is_a_product():
    assert fit("deadline", "Quý III/2025 Dữ liệu hộ tịch điện tử") < fit("deadline",
                                                                           "Quý III/2025")
    assert fit("outputs", "Báo cáo quý, 6 tháng, 9 tháng, năm") == 1.0
