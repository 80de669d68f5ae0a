"""Every id, size and length a request carries is bounded and answered in Vietnamese: ids no row
can have are 404, bodies over the upload limit 413 with the limit the forms state, notes and
comments as long through the page as through the API."""

from __future__ import annotations

import re
import typing

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_world import csrf_of, progress_form, sign_in

from cchc.domain.limits import MAX_TEXT
from cchc.store.models import Comment, ProgressUpdate
from cchc.web.templating import megabytes

NOT_FOUND = "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu."
TOO_BIG = 2**63  # one past the largest BIGINT


def is_int(annotation) -> bool:
    """int, or an optional or annotated int."""
    return annotation is int or any(is_int(arg) for arg in typing.get_args(annotation)
                                    if arg is not type(None))


def int_params(fields) -> list[str]:
    return [f.name for f in fields if is_int(f.field_info.annotation)]


def api_routes(routes, prefix: str = ""):
    """(path, route) of every route of the app, through the routers it includes."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):  # an included router (FastAPI ≥ 0.130)
            yield from api_routes(route.original_router.routes,
                                  prefix + route.include_context.prefix)


def routes_with_ids(app) -> list[tuple[str, str, list[str]]]:
    """(method, path, int path parameters) of every route taking an id in its path."""
    return [(method, path, ids) for path, route in api_routes(app.routes)
            if (ids := int_params(route.dependant.path_params))
            for method in sorted(route.methods)]


def fill(path: str, ids: list[str], value: object) -> str:
    return re.sub(r"{(\w+)}", lambda m: str(value) if m.group(1) in ids else "x", path)


@pytest.fixture
def robust_client(app):
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


class TestIds:
    @pytest.mark.parametrize("value", [TOO_BIG, 2**31, -1, 0])  # 2**31: past PostgreSQL's INTEGER
    def test_it_answers_an_id_no_row_can_have_with_404_on_every_route(self, app, robust_client,
                                                                     world, value):
        token = sign_in(robust_client, "admin")
        routes = routes_with_ids(app)
        assert len(routes) >= 25
        for method, path, ids in routes:
            url = fill(path, ids, value)
            answer = robust_client.request(method, url, headers={"X-CSRF-Token": token})
            assert answer.status_code == 404, (method, url, answer.status_code)
            body = answer.json()["error"]["message"] if url.startswith("/api/") else answer.text
            assert NOT_FOUND in body, (method, url)

    def test_it_never_fails_on_a_huge_number_in_a_query(self, app, robust_client, world):
        sign_in(robust_client, "admin")
        checked = 0
        for path, route in api_routes(app.routes):
            if "GET" not in route.methods or "{" in path:
                continue
            for name in int_params(route.dependant.query_params):
                answer = robust_client.get(path, params={name: TOO_BIG})
                assert answer.status_code in (200, 303, 404), (path, name, answer.status_code)
                checked += 1
        assert checked >= 8

    @pytest.mark.parametrize("query", [f"plan={TOO_BIG}", f"unit={TOO_BIG}", "plan=-3",
                                       f"year={TOO_BIG}"])
    def test_a_filter_naming_nothing_is_not_found(self, robust_client, world, query):
        sign_in(robust_client, "thuongtruc")
        answer = robust_client.get(f"/tasks?{query}")
        assert answer.status_code == 404 and NOT_FOUND in answer.text

    def test_a_milestone_no_row_can_have_is_not_found(self, robust_client, world):
        sign_in(robust_client, "vanphong")
        task = world.tasks["sohoa"]
        form = progress_form(robust_client.get(f"/tasks/{task}").text)
        page = robust_client.post(f"/tasks/{task}/progress",
                                  data={**form, "status": "done", "milestone": str(TOO_BIG)})
        assert page.status_code == 404
        api = robust_client.post(f"/api/tasks/{task}/progress",
                                 headers={"X-CSRF-Token": form["csrf_token"]},
                                 json={"status": "done", "version": 1, "milestone_id": TOO_BIG})
        assert api.status_code == 404 and api.json()["error"]["message"] == NOT_FOUND


class TestUploadLimit:
    def test_the_forms_state_the_limit_the_server_applies(self, client, world, settings):
        sign_in(client, "vanphong")
        page = client.get(f"/tasks/{world.tasks['sohoa']}").text
        stated = megabytes(settings.max_upload_bytes)
        assert stated == "25 MB"
        assert f"Tối đa {stated} mỗi tệp." in page
        assert f'data-max-bytes="{settings.max_upload_bytes}"' in page

    def test_an_oversized_upload_is_refused_with_the_same_limit(self, client, world, settings):
        sign_in(client, "vanphong")
        task = world.tasks["sohoa"]
        form = progress_form(client.get(f"/tasks/{task}").text)
        big = b"x" * (settings.max_upload_bytes + 2 * 1024 * 1024)
        page = client.post(f"/tasks/{task}/progress", data={**form, "status": "in_progress"},
                           files={"files": ("video.mp4", big, "video/mp4")})
        assert page.status_code == 413
        assert "Tệp tải lên quá lớn: tối đa 25 MB mỗi tệp." in page.text
        assert 'id="main"' in page.text  # a whole page: an htmx swap keeps a message

    def test_a_chunked_upload_is_refused_in_vietnamese_too(self, client, world, settings):
        token = sign_in(client, "vanphong")
        boundary = "ranh-gioi"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
                f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                f"filename=\"video.mp4\"\r\nContent-Type: video/mp4\r\n\r\n").encode()

        def chunks():  # no Content-Length: the size shows only while reading
            yield head
            for _ in range(settings.max_upload_bytes // 2**20 + 3):
                yield b"x" * 2**20
            yield f"\r\n--{boundary}--\r\n".encode()

        page = client.post(f"/tasks/{world.tasks['sohoa']}/progress", content=chunks(),
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert page.status_code == 413
        assert "Tệp tải lên quá lớn: tối đa 25 MB mỗi tệp." in page.text

    def test_the_api_answers_413_in_json(self, client, world, settings):
        token = sign_in(client, "vanphong")
        big = b"x" * (settings.max_upload_bytes + 2 * 1024 * 1024)
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/evidence",
                             headers={"X-CSRF-Token": token},
                             files={"file": ("video.mp4", big, "video/mp4")})
        assert answer.status_code == 413
        assert answer.json()["error"] == {"code": "too_large", "details": [],
                                          "message": "Tệp tải lên quá lớn: tối đa 25 MB mỗi tệp."}

    def test_a_plan_file_over_the_limit_gets_the_same_message(self, client, world, settings):
        sign_in(client, "thuongtruc")
        token = csrf_of(client.get("/import").text)
        big = b"x" * (settings.max_upload_bytes + 1)
        page = client.post("/import", data={"csrf_token": token, "org": str(world.commune.id)},
                           files={"file": ("ke-hoach.txt", big, "text/plain")})
        assert page.status_code == 413
        assert "Tệp tải lên quá lớn: tối đa 25 MB mỗi tệp." in page.text


class TestTextLimit:
    def test_a_20_mb_note_is_refused_through_the_api(self, client, world, factory):
        token = sign_in(client, "vanphong")
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/progress",
                             headers={"X-CSRF-Token": token},
                             json={"status": "in_progress", "version": 1,
                                   "note": "x" * (20 * 2**20)})
        assert answer.status_code == 422
        assert "dài quá 10000 ký tự" in answer.json()["error"]["message"]
        with factory() as s:
            assert s.query(ProgressUpdate).count() == 0

    def test_the_page_and_the_api_share_one_limit(self, client, world, factory):
        token = sign_in(client, "vanphong")
        task = world.tasks["sohoa"]
        too_long = "ý" * (MAX_TEXT + 1)
        form = progress_form(client.get(f"/tasks/{task}").text)
        page = client.post(f"/tasks/{task}/progress",
                           data={**form, "status": "in_progress", "note": too_long})
        assert page.status_code == 422
        assert "Nội dung báo cáo dài 10.001 ký tự, quá giới hạn 10.000 ký tự." in page.text
        comment = client.post(f"/tasks/{task}/comments",
                              data={"csrf_token": token, "body": too_long})
        assert comment.status_code == 422 and "Ý kiến dài 10.001 ký tự" in comment.text
        api = client.post(f"/api/tasks/{task}/comments", headers={"X-CSRF-Token": token},
                          json={"body": too_long})
        assert api.status_code == 422
        fits = client.post(f"/api/tasks/{task}/comments", headers={"X-CSRF-Token": token},
                           json={"body": "ý" * MAX_TEXT})
        assert fits.status_code == 201
        with factory() as s:
            assert [len(body) for (body,) in s.query(Comment.body)] == [MAX_TEXT]
        assert f'maxlength="{MAX_TEXT}"' in client.get(f"/tasks/{task}").text

    def test_the_api_says_what_is_wrong_in_vietnamese(self, client, world):
        token = sign_in(client, "vanphong")
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/progress",
                             headers={"X-CSRF-Token": token},
                             json={"status": "in_progress", "percent": 120, "version": 1})
        assert answer.status_code == 422
        assert answer.json()["error"]["message"] == (
            "Dữ liệu gửi lên không hợp lệ — percent: không được lớn hơn 100.")
        assert answer.json()["error"]["details"] == [{
            "field": "body.percent", "code": "less_than_equal",
            "message": "percent: không được lớn hơn 100"}]
