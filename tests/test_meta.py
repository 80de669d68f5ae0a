"""Plan metadata from the document text, for every kind of issuer."""

from datetime import date

from cchc.extract.recognizers.meta import recognize_meta


def test_it_reads_a_district_plan_from_its_place_and_date_line():
    meta = recognize_meta([
        "Số: 125/KH-UBND", "Trà Bồng, ngày 05 tháng 01 năm 2024", "KẾ HOẠCH",
        "Cải cách hành chính huyện Trà Bồng năm 2024",
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 02/01/2024 của UBND tỉnh Quảng Ngãi;",
        "I. MỤC ĐÍCH, YÊU CẦU", "UBND huyện Trà Bồng triển khai ...",
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"])
    assert (meta.level, meta.locality, meta.issuer) == ("huyen", "Trà Bồng", "UBND huyện Trà Bồng")
    assert (meta.number, meta.issued_on, meta.year) == ("125/KH-UBND", date(2024, 1, 5), 2024)
    assert meta.province == "Quảng Ngãi" and meta.signer == "Nguyễn Văn An"
    assert [(b.type, b.number, b.issuer) for b in meta.legal_bases] == [
        ("Kế hoạch", "12/KH-UBND", "UBND tỉnh Quảng Ngãi")]


def test_it_prefers_the_chairman_line_when_the_place_is_also_a_province():
    meta = recognize_meta([
        "Thanh Hóa, ngày 10 tháng 01 năm 2024", "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ THANH HÓA",
        "KẾ HOẠCH", "Cải cách hành chính năm 2024", "tỉnh Thanh Hóa tỉnh Thanh Hóa"])
    assert (meta.level, meta.locality) == ("huyen", "Thanh Hóa")
    assert meta.issuer == "UBND thành phố Thanh Hóa"


def test_it_reads_a_department_plan():
    meta = recognize_meta([
        "UBND TỈNH QUẢNG NGÃI", "SỞ TƯ PHÁP", "Số: 45/KH-STP",
        "Quảng Ngãi, ngày 15 tháng 01 năm 2024", "KẾ HOẠCH",
        "Cải cách hành chính năm 2024 của Sở Tư pháp", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
        "Trần Thị Bình"])
    assert (meta.level, meta.issuer, meta.province) == ("so", "Sở Tư pháp", "Quảng Ngãi")
    assert meta.number == "45/KH-STP" and meta.signer == "Trần Thị Bình"


def test_a_department_plan_whose_header_a_scan_misread_is_still_the_departments():
    """Tones misread in the header ("SỢ Y TẾ", "TĨNH ĐÄK LÁK", "Đắk Lãk"): the department is
    named as the text prints it, the province is read from the rest of the text."""
    meta = recognize_meta([
        "UBND TĨNH ĐÄK LÁK", "SỢ Y TẾ", "Số: 2187/QĐ-SYT", "Đắk Lãk, ngày 31 tháng 12 năm 2025",
        "QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch cải cách hành chính năm 2026 của Sở Y tế",
        "Căn cứ Quyết định số 25/2025/QĐ-UBND ngày 18/7/2025 của UBND tỉnh Đắk Lắk quy định "
        "vị trí, chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Y tế tỉnh Đắk Lắk;"])
    assert (meta.level, meta.issuer) == ("so", "Sở Y tế")
    assert (meta.locality, meta.province) == ("Đắk Lắk", "Đắk Lắk")


def test_a_rule_read_after_the_number_is_not_part_of_it():
    """A scan's OCR reads the rule under a header as "_" glued to the number."""
    meta = recognize_meta(["UBND HUYỆN YÊN THÀNH", "Số: 17/KH-UBND_",
                           "Yên Thành, ngày 12 tháng 01 năm 2024", "KẾ HOẠCH"])
    assert meta.number == "17/KH-UBND"


def test_a_blank_number_and_an_incomplete_date_are_null():
    meta = recognize_meta(["Số: /KH-UBND", "Sông Cầu, ngày tháng 01 năm 2023", "KẾ HOẠCH",
                           "Thực hiện công tác cải cách hành chính năm 2023", "phường Sông Cầu"])
    assert (meta.number, meta.issued_on, meta.level) == (None, None, "phuong")
    assert meta.title == "KẾ HOẠCH Thực hiện công tác cải cách hành chính năm 2023"


def test_a_one_line_title_stops_at_its_year():
    meta = recognize_meta(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024",
                           "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
                           "UBND xã Tân Lập ban hành kế hoạch như sau:"])
    assert meta.title == "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024" and meta.year == 2024
    assert [(b.type, b.date.isoformat()) for b in meta.legal_bases] == [("Luật", "2015-06-19")]


def test_any_provincial_body_under_its_parent_is_the_issuer():
    meta = recognize_meta([
        "UBND TỈNH HÀ TĨNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BAN QUẢN LÝ KHU KINH TẾ TỈNH", "Độc lập - Tự do - Hạnh phúc", "Số: 12/KH-BQL",
        "Hà Tĩnh, ngày 10 tháng 01 năm 2025", "KẾ HOẠCH", "Cải cách hành chính năm 2025",
        "Ban Quản lý Khu kinh tế tỉnh xây dựng Kế hoạch như sau:"])
    assert (meta.level, meta.issuer, meta.province) == ("so", "Ban Quản lý Khu kinh tế tỉnh",
                                                        "Hà Tĩnh")


def test_a_department_plan_in_a_directors_decision_without_a_title_of_its_own():
    from tests.yardstick import dev, parsed

    meta = parsed(dev("d3")).plan.meta
    assert (meta.issuer, meta.level, meta.province) == ("Sở Tư pháp", "so", "Nghệ An")
    assert meta.title == "Kế hoạch cải cách hành chính năm 2025 của Sở Tư pháp"
    assert (meta.number, meta.signer) == ("35/QĐ-STP", "Nguyễn Văn Thắng")


def test_a_header_whose_two_columns_a_reader_glued_is_read_as_printed():
    """A print of a header laid out with tabs: the issuer and the national heading, the number
    and the place and date, on one line each."""
    meta = recognize_meta([
        "UBND TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "UBND HUYỆN YÊN THÀNH Độc lập - Tự do - Hạnh phúc",
        "Số: 17/KH-UBND Yên Thành, ngày 12 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Cải cách hành chính nhà nước huyện Yên Thành năm 2024",
    ])
    assert (meta.issuer, meta.level, meta.province, meta.number, meta.issued_on) == (
        "UBND huyện Yên Thành", "huyen", "Nghệ An", "17/KH-UBND", date(2024, 1, 12))
