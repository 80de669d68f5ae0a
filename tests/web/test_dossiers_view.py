"""Nhập hồ sơ TTHC in the web app: upload → preview → confirm → progress → result, the
quarantined rows as Excel, the history; who may import what."""

from __future__ import annotations

import io
import time

import duckdb
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from web_world import sign_in

from cchc.indicators.store import DossierStore
from cchc.store.models import AuditEntry, DossierImport

HEADER = "Mã hồ sơ;Mã TTHC;Đơn vị xử lý;Ngày tiếp nhận;Ngày hẹn trả;Ngày kết thúc xử lý;" \
         "Kênh nộp;Trạng thái;Phiếu xin lỗi"
ROWS = [
    "H1;HT.001;qng.tb.ht;04/03/2024 08:00;06/03/2024 17:00;05/03/2024 10:00;Trực tuyến;"
    "Đã trả kết quả;",
    "H2;HT.001;Tư pháp – Hộ tịch;04/03/2024 08:00;05/03/2024 17:00;07/03/2024 10:00;"
    "trực tiếp;ĐÃ TRẢ KẾT QUẢ;x",
    "H3;HT.001;Văn phòng - Thống kê;11/03/2024 08:00;13/03/2024 17:00;;Bưu chính;Đang xử lý;",
    "H4;HT.001;qng.tb.ts;04/03/2024 08:00;06/03/2024 17:00;;Trực tiếp;Đang xử lý;",
    "H5;HT.001;qng.tb.ht;15/03/24 08:00;18/03/24;;Trực tiếp;Chờ bổ sung;",
]


def export(rows=ROWS) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")


def upload(client, token, org_id, content=None, name="mot-cua-thang-3.csv", profile=""):
    return client.post("/dossiers/import", data={"csrf_token": token, "org": str(org_id),
                                                 "profile": profile},
                       files={"file": (name, content if content is not None else export(),
                                       "text/csv")})


def finished(client, import_id, seconds=60):
    """The import's result fragment, once the background import is over."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(f"/dossiers/imports/{import_id}/progress")
        assert page.status_code == 200
        if "hx-trigger" not in page.text:
            return page.text
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


def test_the_secretariat_imports_an_export_of_its_commune(client, world, factory, settings):
    token = sign_in(client, "thuongtruc")
    preview = upload(client, token, world.commune.id)
    assert preview.status_code == 200, preview.text
    assert str(preview.url).split("/")[-2:-1] == ["import"]
    html = preview.text
    assert "hồ sơ ánh xạ <strong>mot_cua</strong>" in html
    assert "Xác nhận nhập 3 hồ sơ" in html and "dòng sẽ bị cách ly" in html
    assert "đơn vị không thuộc phạm vi được nhập" in html  # xã Trà Sơn's dossier
    assert "năm chỉ có hai chữ số" in html
    assert "“ĐÃ TRẢ KẾT QUẢ”" in html and "10 Đã trả kết quả" in html
    assert "Tỷ lệ tái sử dụng dữ liệu số hóa" in html  # no such column: no data
    assert DossierStore(settings.data_dir).current() is None  # nothing stored yet

    confirm = client.post(f"{preview.url.path}/confirm", data={"csrf_token": token})
    assert confirm.status_code == 200
    import_id = int(str(confirm.url).rstrip("/").split("/")[-1])
    result = finished(client, import_id)
    assert "Đã nhập xong" in result and "Tải các dòng bị cách ly" in result
    dossiers = DossierStore(settings.data_dir).relation_sql()
    stored = duckdb.connect().execute(
        f"SELECT dossier_code, org_code, status FROM {dossiers} ORDER BY 1").fetchall()
    assert stored == [("H1", "qng.tb.ht", 10), ("H2", "qng.tb.ht.tp", 10),
                      ("H3", "qng.tb.ht.vp", 4)]

    sheet = load_workbook(io.BytesIO(client.get(
        f"/dossiers/imports/{import_id}/quarantine.xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Dòng", "Lý do", "Mã lỗi", "Mã hồ sơ")
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        (5, "outside_scope", "H4"), (6, "date_two_digit_year, date_two_digit_year", "H5")]
    assert rows[1][1] == "Đơn vị xử lý “qng.tb.ts”: đơn vị không thuộc phạm vi được nhập"

    history = client.get("/dossiers/import").text
    assert "mot-cua-thang-3.csv" in history and "Thường trực CCHC Hương Trà" in history
    with factory() as s:
        record = s.scalar(select(DossierImport))
        assert (record.state, record.rows, record.loaded, record.quarantined) == (
            "done", 5, 3, 2)
        assert record.rules == {"outside_scope": 1, "date_two_digit_year": 1}
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "dossier_imports").order_by(AuditEntry.id)).all()
        assert actions == ["dossiers.import_start", "dossiers.import"]


def test_another_profile_can_be_chosen_on_the_preview(client, world):
    token = sign_in(client, "thuongtruc")
    preview = upload(client, token, world.commune.id)
    again = client.post(f"{preview.url.path}/profile",
                        data={"csrf_token": token, "profile": "portal"})
    assert again.status_code == 422
    assert "Không dùng được hồ sơ ánh xạ này" in again.text and "không có cột MaHoSo" in again.text


def test_a_file_that_cannot_be_imported_says_why(client, world):
    token = sign_in(client, "thuongtruc")
    page = upload(client, token, world.commune.id, b"Ma;Ten\n1;2\n")
    assert page.status_code == 422 and "dòng 1: không có cột MaHoSo" in page.text
    page = upload(client, token, world.commune.id, b"x", name="ho-so.pdf")
    assert page.status_code == 422 and "Chỉ nhận tệp .csv hoặc .xlsx" in page.text
    nothing = upload(client, token, world.commune.id, export(ROWS[3:]))
    assert "Không có dòng nào hợp lệ để lưu" in nothing.text
    refused = client.post(f"{nothing.url.path}/confirm", data={"csrf_token": token})
    assert refused.status_code == 422


def test_a_file_over_the_upload_limit_goes_to_the_command_line(client, world, settings):
    token = sign_in(client, "thuongtruc")
    big = export() + b"#" * settings.max_upload_bytes
    page = upload(client, token, world.commune.id, big)
    assert page.status_code == 422
    assert "Tệp lớn hơn 25 MB: hãy nhập bằng lệnh cchc dossiers import" in page.text


@pytest.mark.parametrize("username", ["vanphong", "lanhdao", "huyen"])
def test_who_may_not_import_does_not_see_the_page(client, world, username):
    sign_in(client, username)
    assert client.get("/dossiers/import").status_code == 404
    assert "Nhập hồ sơ TTHC" not in client.get("/my").text


def test_imports_are_for_ones_own_subtree_only(client, world, factory):
    token = sign_in(client, "thuongtruc")
    assert upload(client, token, world.district.id).status_code == 404
    assert upload(client, token, world.other_commune.id).status_code == 404
    with factory.begin() as s:
        other = DossierImport(org_id=world.other_commune.id, user_id=None, file_name="x.csv",
                              sha256="0" * 64, size=1, profile="mot_cua", state="done")
        s.add(other)
        s.flush()
        other_id = other.id
    assert client.get(f"/dossiers/imports/{other_id}").status_code == 404
    assert client.get(f"/dossiers/imports/{other_id}/quarantine.xlsx").status_code == 404


def test_the_province_admin_imports_for_the_communes_below(client, world, settings):
    token = sign_in(client, "admin")
    preview = upload(client, token, world.province.id)
    # xã Trà Sơn is below the province too; two units there are "Văn phòng – Thống kê"
    assert "Xác nhận nhập 3 hồ sơ" in preview.text
    assert "Đơn vị xử lý “Văn phòng - Thống kê”: đơn vị không thuộc phạm vi" in preview.text
    draft = preview.url.path
    sign_in(client, "thuongtruc")  # another user cannot use the draft
    assert client.get(draft).status_code == 404


def test_an_import_whose_server_stopped_is_shown_as_interrupted(client, world, factory):
    from datetime import timedelta

    from cchc.store.types import utcnow

    sign_in(client, "thuongtruc")
    with factory.begin() as s:
        stopped = DossierImport(org_id=world.commune.id, user_id=None, file_name="x.csv",
                                sha256="0" * 64, size=1, profile="mot_cua", state="running",
                                stage="store", started_at=utcnow() - timedelta(hours=4))
        s.add(stopped)
        s.flush()
        stopped_id = stopped.id
    page = client.get(f"/dossiers/imports/{stopped_id}/progress").text
    assert "hx-trigger" not in page and "Bị gián đoạn" in page and "Hãy nhập lại tệp" in page
    assert "Bị gián đoạn" in client.get("/dossiers/import").text
