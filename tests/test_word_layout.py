"""A plan typed in Word the usual way: the issuer and motto header, the number and the date in
a borderless two-column table, the signature block in another."""

import docx

from cchc.extract import parse_file


def _plan_docx(path):
    doc = docx.Document()
    header = doc.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND HUYỆN LỘC NINH\nỦY BAN NHÂN DÂN XÃ LỘC THÀNH"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 15/KH-UBND"
    header.cell(1, 1).text = "Lộc Thành, ngày 08 tháng 01 năm 2025"
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Cải cách hành chính năm 2025")
    doc.add_paragraph("Căn cứ Quyết định số 128/QĐ-UBND ngày 14/01/2025 của UBND huyện Lộc Ninh;")
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    doc.add_paragraph("Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98% trở lên.")
    tasks = doc.add_table(rows=3, cols=5)
    for r, row in enumerate([["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"],
                             ["1", "Rà soát TTHC của xã Lộc Thành", "Văn phòng - Thống kê",
                              "Tư pháp - Hộ tịch", "Quý I/2025"],
                             ["2", "Niêm yết công khai TTHC", "Văn phòng - Thống kê", "",
                              "Thường xuyên"]]):
        for c, text in enumerate(row):
            tasks.cell(r, c).text = text
    sign = doc.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- UBND huyện;\n- Lưu: VT."
    sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Hùng"
    doc.save(path)
    return path


def test_it_reads_number_date_issuer_and_signer_from_layout_tables(tmp_path):
    plan = parse_file(_plan_docx(tmp_path / "plan.docx")).plan
    meta = plan.meta
    assert (meta.number, meta.issued_on.isoformat()) == ("15/KH-UBND", "2025-01-08")
    assert (meta.issuer, meta.level, meta.year) == ("UBND xã Lộc Thành", "xa", 2025)
    assert meta.signer == "Lê Văn Hùng"
    assert [t.no for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[0].lead_units[0].unit_id == "xa.vp_tk"
