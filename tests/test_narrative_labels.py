"""Narrative tasks label their fields in many ways; departments' plans use other words than
the communes' seeds ("Đơn vị thực hiện", "Kết quả đầu ra", "Thời hạn", "Tiến độ")."""

import pytest

from cchc.extract.recognizers.narrative_tasks import field_of_label
from tests.yardstick import dev, parsed


@pytest.mark.parametrize(("label", "field"), [
    ("Đơn vị chủ trì", "lead"), ("Phòng chủ trì", "lead"), ("Đơn vị thực hiện", "lead"),
    ("Cơ quan thực hiện", "lead"), ("Chủ trì", "lead"), ("Phối hợp", "coop"),
    ("Đơn vị phối hợp thực hiện", "coop"), ("Kết quả đầu ra", "outputs"),
    ("Sản phẩm đầu ra", "outputs"), ("Kết quả", "outputs"), ("Thời hạn hoàn thành", "deadline"),
    ("Thời hạn", "deadline"), ("Tiến độ", "deadline"), ("Kinh phí", "budget")])
def test_labels_name_their_fields(label, field):
    assert field_of_label(label) == field


def test_a_department_plan_reads_with_its_own_labels():
    tasks = {t.no: t for t in parsed(dev("d3")).plan.tasks}
    assert tasks["1.3"].lead == ["Phòng Phổ biến, giáo dục pháp luật"]
    assert tasks["1.3"].coop == ["Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh"]
    assert tasks["2.2"].lead == ["Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"]
    assert tasks["2.3"].coop == ["các phòng chuyên môn thuộc Sở"]
    assert tasks["4.2"].deadline_text == "06 tháng/lần."
