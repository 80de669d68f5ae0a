"""Task tables in any shape the genre produces: column subsets and orders, two-row headers,
column-number rows, section rows, repeated headers, rows broken across pages."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extract.document import Document, Loc, Paragraph, Row, Table
from cchc.extract.pipeline import build_plan

L = Loc("t.txt")
TITLE = [Paragraph("KẾ HOẠCH", L), Paragraph("Cải cách hành chính năm 2024", L)]
HEADER = ["TT", "Nội dung thực hiện", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
          "Thời gian hoàn thành"]
ROWS = [
    ["I", "Cải cách thủ tục hành chính", "", "", "", ""],
    ["1", "Rà soát, đánh giá TTHC", "Báo cáo", "Văn phòng - Thống kê", "Tư pháp - Hộ tịch",
     "Quý II/2024"],
    ["2", "Công khai TTHC tại Bộ phận Một cửa", "Danh mục", "Văn phòng - Thống kê",
     "Các công chức chuyên môn", "Thường xuyên"],
    ["II", "Cải cách tài chính công", "", "", "", ""],
    ["3", "Lập dự toán ngân sách năm 2025", "Quyết định", "Tài chính - Kế toán", "",
     "Tháng 12/2024"],
]


def _plan(*tables: list[list[str]]):
    blocks = TITLE + [Table([Row(cells, L) for cells in rows], L) for rows in tables]
    return build_plan(Document("t.txt", blocks))


def _summary(plan):
    return [(t.no, t.area, t.text, t.lead, t.coop, t.outputs, t.deadline_text) for t in plan.tasks]


EXPECTED = [
    ("1", "tthc", "Rà soát, đánh giá TTHC", ["Văn phòng - Thống kê"], ["Tư pháp - Hộ tịch"],
     ["Báo cáo"], "Quý II/2024"),
    ("2", "tthc", "Công khai TTHC tại Bộ phận Một cửa", ["Văn phòng - Thống kê"],
     ["Các công chức chuyên môn"], ["Danh mục"], "Thường xuyên"),
    ("3", "tai_chinh", "Lập dự toán ngân sách năm 2025", ["Tài chính - Kế toán"], [],
     ["Quyết định"], "Tháng 12/2024"),
]


def test_it_reads_a_plain_task_table():
    assert _summary(_plan([HEADER] + ROWS)) == EXPECTED


@settings(max_examples=60, deadline=None)
@given(st.permutations(range(6)))
def test_it_reads_the_columns_in_any_order(order):
    table = [[row[i] for i in order] for row in [HEADER] + ROWS]
    assert _summary(_plan(table)) == EXPECTED


def test_it_reads_a_two_row_header_and_skips_the_column_numbers():
    header = [["STT", "Nội dung công việc", "Kết quả đầu ra", "Cơ quan thực hiện", "",
               "Thời hạn"],
              ["", "", "", "Chủ trì", "Phối hợp", ""],
              ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]]
    assert _summary(_plan(header + ROWS)) == EXPECTED


def test_it_takes_uppercase_letter_rows_as_sections():
    rows = [["A", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""]] + ROWS[1:3]
    tasks = _plan([HEADER] + rows).tasks
    assert [(t.no, t.area) for t in tasks] == [("1", "tthc"), ("2", "tthc")]


def test_it_joins_a_row_broken_across_a_page_with_the_header_repeated():
    rows = [ROWS[0],
            ["1", "Rà soát, đánh giá TTHC trên địa bàn", "Báo cáo", "Văn phòng - Thống kê", "",
             "Quý II/2024"],
            HEADER,
            ["", "xã và kiến nghị đơn giản hóa.", "", "", "", ""],
            ROWS[2]]
    tasks = _plan([HEADER] + rows).tasks
    assert [t.no for t in tasks] == ["1", "2"]
    assert tasks[0].text == "Rà soát, đánh giá TTHC trên địa bàn xã và kiến nghị đơn giản hóa."


def test_it_reads_a_table_continued_on_the_next_page_without_its_header():
    tasks = _plan([HEADER] + ROWS[:3], ROWS[3:]).tasks
    assert [t.no for t in tasks] == ["1", "2", "3"]


def test_an_unnumbered_row_with_its_own_lead_is_its_own_task():
    rows = ROWS[:2] + [["", "Niêm yết TTHC", "Bảng niêm yết", "Văn phòng - Thống kê", "",
                        "Quý I/2024"]]
    tasks = _plan([HEADER] + rows).tasks
    assert [(t.no, t.text) for t in tasks] == [("1", "Rà soát, đánh giá TTHC"),
                                                (None, "Niêm yết TTHC")]


def test_appendix_rows_are_the_tasks_when_the_plan_also_has_narrative_tasks():
    narrative = [Paragraph("1. Cải cách thủ tục hành chính", L),
                 Paragraph("a) Rà soát TTHC.", L),
                 Paragraph("- Bộ phận chủ trì: Văn phòng - Thống kê.", L)]
    doc = Document("t.txt", TITLE + narrative + [Table([Row(c, L) for c in [HEADER] + ROWS], L)])
    assert _summary(build_plan(doc)) == EXPECTED


def test_it_reads_narrative_tasks_when_there_is_no_table():
    doc = Document("t.txt", TITLE + [
        Paragraph("II. NHIỆM VỤ CỤ THỂ", L),
        Paragraph("1. Cải cách thể chế", L),
        Paragraph("a) Rà soát văn bản quy phạm pháp luật.", L),
        Paragraph("- Bộ phận chủ trì thực hiện: Công chức Tư pháp - Hộ tịch.", L),
        Paragraph("- Sản phẩm: Kế hoạch; báo cáo kết quả.", L),
        Paragraph("- Thời gian thực hiện: Quý I/2024.", L),
        Paragraph("b) Tuyên truyền pháp luật (không có chủ trì, sản phẩm, thời hạn).", L),
        Paragraph("III. TỔ CHỨC THỰC HIỆN", L)])
    (task,) = build_plan(doc).tasks
    assert (task.no, task.area, task.lead, task.outputs, task.deadline_text) == (
        "a", "the_che", ["Công chức Tư pháp - Hộ tịch"], ["Kế hoạch", "báo cáo kết quả"],
        "Quý I/2024.")


def test_last_years_results_are_not_targets():
    doc = Document("t.txt", TITLE + [
        Paragraph("I. KẾT QUẢ THỰC HIỆN NĂM 2023", L),
        Paragraph("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97,5%.", L),
        Paragraph("II. MỤC TIÊU, NHIỆM VỤ", L),
        Paragraph("Tỷ lệ hồ sơ giải quyết đúng hạn từ 98% trở lên.", L)])
    (target,) = build_plan(doc).targets
    assert (target.indicator, target.comparator, target.value) == ("on_time_rate", ">=", 98)


def test_it_splits_several_labelled_fields_written_on_one_line():
    doc = Document("t.txt", TITLE + [
        Paragraph("1. Cải cách tổ chức bộ máy", L),
        Paragraph("a) Rà soát chức năng, nhiệm vụ các cơ quan chuyên môn.", L),
        Paragraph("- Cơ quan chủ trì: Sở Nội vụ; cơ quan phối hợp: các sở, ngành.", L),
        Paragraph("- Thời gian: Kế hoạch: Quý I/2024; Báo cáo kết quả: Tháng 12/2024.", L)])
    (task,) = build_plan(doc).tasks
    assert (task.lead, task.coop) == (["Sở Nội vụ"], ["các sở, ngành"])
    assert [(s.kind, s.label) for s in task.schedule] == [("due", "Kế hoạch"),
                                                          ("due", "Báo cáo kết quả")]


def test_it_takes_numbered_area_rows_over_dotted_task_numbers_as_sections():
    rows = [["1", "Cải cách thủ tục hành chính", "", "", "", ""],
            ["1.1", "Rà soát, đánh giá TTHC", "Báo cáo", "Văn phòng - Thống kê",
             "Tư pháp - Hộ tịch", "Quý II/2024"],
            ["2", "Cải cách tài chính công", "", "", "", ""],
            ["2.1", "Lập dự toán ngân sách năm 2025", "Quyết định", "Tài chính - Kế toán", "",
             "Tháng 12/2024"]]
    tasks = _plan([HEADER] + rows).tasks
    assert [(t.no, t.area) for t in tasks] == [("1.1", "tthc"), ("2.1", "tai_chinh")]
