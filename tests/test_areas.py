"""Reform areas named by section headings (recognizers/areas), as printed and as OCR misreads
their capitals."""

import pytest

from cchc.extract.recognizers.areas import area_of_heading, looks_like_area_heading


@pytest.mark.parametrize(("heading", "area"), [
    ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "tthc"),
    ("VI. Cải cách tài chính công", "tai_chinh"),
    ("VII. XÂY DỰNG CHÍNH QUYỀN SỐ", "so"),
    ("VII. XÂY DỰNG CHÍNH QUYẼÊN SỐ", "so"),  # "Ề" read as two letters
    ("Cải cách thủ tục hành chánh", "tthc"),
    ("Xây dựng nông thôn mới", None),
    ("Tổ chức hội nghị tổng kết", None),
    ("Công tác thi đua, khen thưởng", None),
])
def test_a_heading_names_its_area(heading, area):
    assert area_of_heading(heading) == area


@pytest.mark.parametrize(("text", "heading"), [
    ("Xây dựng, phát triển Chính quyền điện tử, Chính quyền số", True),
    ("Xây dựng và phát triển chính quyền số", True),
    ("Xây dựng cơ sở dữ liệu chuyên ngành, kết nối Chính quyền số", False),
])
def test_an_area_title_is_told_from_a_task_naming_the_area(text, heading):
    assert looks_like_area_heading(text) is heading
