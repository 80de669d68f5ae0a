"""Targets: which indicator a clause measures, its comparator and value."""

import pytest

from cchc.extract.recognizers.indicators import indicators_of
from cchc.extract.recognizers.targets import targets_in


@pytest.mark.parametrize("text, expected", [
    ("tỷ lệ giải quyết đúng hạn từ 98% trở lên", ["on_time_rate"]),
    ("trên 95% hồ sơ phải trả sớm và đúng hạn trên hệ thống", ["on_time_rate"]),
    ("100% TTHC công khai đúng hạn", ["tthc_published_rate"]),
    ("100% hồ sơ trễ hạn phải có văn bản xin lỗi", ["late_apology_rate"]),
    ("100% hồ sơ TTHC đủ điều kiện được giải quyết trực tuyến và được số hóa kết quả",
     ["online_rate", "digitization_rate"]),
    ("100% TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình",
     ["online_full_service_rate"]),
    ("80% các TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến",
     ["online_payment_rate"]),
    ("mức độ hài lòng của người dân đạt tối thiểu 90%", ["satisfaction_rate"]),
    ("100% văn bản QPPL được xử lý sau rà soát", ["legal_doc_rate"]),
    ("40% cuộc họp được tổ chức trực tuyến", ["online_meeting_rate"]),
    ("kết nối phần mềm đến 100% cán bộ, công chức", ["other"]),
])
def test_it_names_the_indicator_of_a_target(text, expected):
    assert indicators_of(text) == expected


def test_it_reads_comparator_value_and_unit():
    (a,), (b,), (c,) = (targets_in(t, None) for t in (
        "Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 90%", "thời gian giải quyết không quá 5%",
        "tổ chức đối thoại ít nhất 02 lần/năm"))
    assert (a.comparator, a.value, a.unit) == (">=", 90, "%")
    assert (b.comparator, b.value) == ("<=", 5)
    assert (c.comparator, c.value, c.unit) == (">=", 2, "lần/năm")
