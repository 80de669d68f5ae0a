"""Reform areas named by section headings (recognizers/areas), as printed and as OCR misreads
their capitals."""

import pytest

from cchc.extract.recognizers.areas import area_of_heading


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
