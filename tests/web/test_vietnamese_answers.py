"""Everything an official reads is Vietnamese: error pages, and days typed dd/mm/yyyy."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_import_view import preview_token, replace_box, selected_units, upload
from web_world import PASSWORD, csrf_of, sign_in

from cchc.store import make_engine, make_sessionmaker
from cchc.store.models import Plan
from cchc.web.app import create_app
from cchc.web.dates import typed_day


class TestErrorPages:
    def test_a_server_fault_is_a_vietnamese_page_without_a_stack_trace(self, settings,
                                                                        tmp_path):
        empty = make_engine(f"sqlite:///{tmp_path}/never-migrated.sqlite")  # no tables at all
        app = create_app(make_sessionmaker(empty), settings)
        with TestClient(app, raise_server_exceptions=False) as client:
            token = csrf_of(client.get("/login").text)
            page = client.post("/login", data={"csrf_token": token, "username": "lanhdao",
                                               "password": PASSWORD})
        empty.dispose()
        assert page.status_code == 500
        assert '<html lang="vi">' in page.text and "<h1>Lỗi máy chủ</h1>" in page.text
        assert "Máy chủ gặp lỗi nên chưa thực hiện được yêu cầu" in page.text
        assert "Traceback" not in page.text and "Internal Server Error" not in page.text

    @pytest.mark.parametrize(("method", "url", "status", "heading"), [
        ("get", "/khong-co-trang-nay", 404, "Không tìm thấy"),
        ("get", "/tasks/999999", 404, "Không tìm thấy"),
        ("delete", "/tasks", 405, "Thao tác không được nhận"),
    ])
    def test_a_refused_request_is_a_vietnamese_page(self, client, world, method, url, status,
                                                    heading):
        sign_in(client, "thuongtruc")
        page = client.request(method, url)
        assert page.status_code == status
        assert f"<h1>{heading}</h1>" in page.text and '<html lang="vi">' in page.text
        assert "Not Found" not in page.text and "Method Not Allowed" not in page.text


class TestTypedDays:
    @pytest.mark.parametrize(("typed", "day"), [
        ("05/01/2024", (2024, 1, 5)), ("5/1/2024", (2024, 1, 5)), (" 31/12/2023 ", (2023, 12, 31)),
        ("2024-01-05", (2024, 1, 5)), ("", None)])
    def test_it_reads_a_day_as_officials_type_it(self, typed, day):
        found = typed_day(typed, "Ngày")
        assert (found.year, found.month, found.day) == day if day else found is None

    def test_the_import_keeps_the_day_typed_dd_mm_yyyy(self, client, world, factory):
        sign_in(client, "thuongtruc")
        page = upload(client, world, "002")
        token = preview_token(page)
        page = client.post(f"/import/{token}/meta",
                           data={"csrf_token": csrf_of(page.text), "number": "15/KH-UBND",
                                 "issued_on": "09/02/2024", "year": "2024", "title": ""})
        assert page.status_code == 200 and 'value="09/02/2024"' in page.text
        client.post(f"/import/{token}/confirm", data={
            "csrf_token": csrf_of(page.text), **selected_units(page.text),
            "replace": replace_box(page.text)})
        with factory() as s:
            plan = s.scalar(select(Plan).where(Plan.id == world.plan_id))
            assert plan.current_version.plan_json["meta"]["issued_on"] == "2024-02-09"

    @pytest.mark.parametrize(("typed", "message"), [
        ("2024/02/09", "Ngày ban hành «2024/02/09» không đúng dạng. Hãy gõ ngày theo dạng "
                       "ngày/tháng/năm, ví dụ 05/01/2024."),
        ("30/02/2024", "Ngày ban hành «30/02/2024» không có trên lịch.")])
    def test_a_day_that_is_not_one_is_refused_in_vietnamese(self, client, world, typed,
                                                            message):
        sign_in(client, "thuongtruc")
        page = upload(client, world)
        token = preview_token(page)
        refused = client.post(f"/import/{token}/meta",
                              data={"csrf_token": csrf_of(page.text), "number": "15/KH-UBND",
                                    "issued_on": typed, "year": "2023", "title": ""})
        assert refused.status_code == 422 and message in refused.text
        assert "Văn bản để trống số ký hiệu" in refused.text  # nothing was changed
