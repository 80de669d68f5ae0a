"""The JSON API: same operations and permissions as the pages; ids outside scope are 404."""

from __future__ import annotations

import pytest
from web_world import PASSWORD


def api_sign_in(client, username: str) -> dict[str, str]:
    """Sign in through the API; the headers every later write must carry."""
    answer = client.post("/api/session", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"X-CSRF-Token": answer.json()["csrf_token"]}


class TestSession:
    def test_it_returns_the_csrf_token_and_the_users_grants(self, client, world):
        answer = client.post("/api/session", json={"username": "vanphong", "password": PASSWORD})
        body = answer.json()
        assert body["csrf_token"] and body["display_name"] == "Cán bộ Văn phòng"
        assert body["grants"] == [{"role": "unit_officer", "org_id": world.office.id,
                                   "org_name": "Văn phòng – Thống kê"}]

    def test_it_refuses_wrong_credentials(self, client, world):
        answer = client.post("/api/session", json={"username": "vanphong", "password": "x"})
        assert answer.status_code == 401
        assert answer.json() == {"error": {"code": "unauthorized", "details": [],
                                           "message": "Tên đăng nhập hoặc mật khẩu không đúng."}}

    def test_it_refuses_a_name_with_a_nul_byte_as_wrong_credentials(self, client, world):
        answer = client.post("/api/session", json={"username": "van\u0000phong",
                                                   "password": PASSWORD})
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"

    def test_it_does_not_take_a_form_post(self, client, world):
        answer = client.post("/api/session", data={"username": "vanphong",
                                                   "password": PASSWORD})
        assert answer.status_code == 422

    def test_it_asks_anonymous_callers_to_sign_in(self, client, world):
        answer = client.get("/api/tasks")
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"
        assert answer.headers["www-authenticate"] == 'Bearer realm="cchc"'

    def test_it_publishes_an_openapi_document(self, client, world):
        paths = client.get("/api/openapi.json").json()["paths"]
        for path in ("/api/plans", "/api/tasks", "/api/tasks/{task_id}",
                     "/api/tasks/{task_id}/progress", "/api/tasks/{task_id}/evidence",
                     "/api/tasks/{task_id}/comments", "/api/updates/{update_id}/approve"):
            assert path in paths
        assert not any(p.startswith("/tasks") for p in paths)  # pages are not API


class TestTasksApi:
    def test_it_lists_the_plans_and_tasks_in_scope(self, client, world):
        api_sign_in(client, "huyen")
        plans = client.get("/api/plans").json()
        assert {p["org_name"] for p in plans} == {"UBND xã Hương Trà", "UBND xã Trà Sơn"}
        tasks = client.get("/api/tasks", params={"q": "NIEM YET"}).json()
        assert [t["id"] for t in tasks["items"]] == [world.tasks["trason"]]

    def test_it_shows_an_officer_only_their_units_tasks(self, client, world):
        api_sign_in(client, "tuphap")
        ids = {t["id"] for t in client.get("/api/tasks").json()["items"]}
        assert ids == {world.tasks["hotich"], world.tasks["sohoa"]}

    def test_it_answers_not_found_for_every_id_outside_the_officers_units(self, client, world):
        api_sign_in(client, "trason")
        for name in ("hotich", "sohoa", "tuyentruyen"):
            answer = client.get(f"/api/tasks/{world.tasks[name]}")
            assert answer.status_code == 404
            assert answer.json() == {"error": {
                "code": "not_found", "details": [],
                "message": "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu."}}
        assert client.get("/api/tasks/99999").status_code == 404  # the same as a missing one

    def test_it_refuses_updates_to_another_units_task_by_changed_id(self, client, world):
        headers = api_sign_in(client, "trason")
        own = client.get(f"/api/tasks/{world.tasks['trason']}").json()
        for name in ("hotich", "sohoa"):
            answer = client.post(f"/api/tasks/{world.tasks[name]}/progress", headers=headers,
                                 json={"status": "done", "version": own["task"]["version"]})
            assert answer.status_code == 404
            answer = client.post(f"/api/tasks/{world.tasks[name]}/evidence", headers=headers,
                                 files={"file": ("x.txt", b"x")})
            assert answer.status_code == 404
            answer = client.post(f"/api/tasks/{world.tasks[name]}/comments", headers=headers,
                                 json={"body": "?"})
            assert answer.status_code == 404
        api_sign_in(client, "huyen")
        detail = client.get(f"/api/tasks/{world.tasks['sohoa']}").json()
        assert detail["updates"] == [] and detail["evidence"] == [] and detail["comments"] == []

    def test_it_forbids_a_partner_unit_to_update(self, client, world):
        headers = api_sign_in(client, "vanphong")
        answer = client.post(f"/api/tasks/{world.tasks['hotich']}/progress", headers=headers,
                             json={"status": "done", "version": 1})
        assert answer.status_code == 403

    def test_it_records_progress_and_reports_a_conflict_on_a_stale_version(self, client, world):
        headers = api_sign_in(client, "vanphong")
        url = f"/api/tasks/{world.tasks['sohoa']}/progress"
        first = client.post(url, headers=headers,
                            json={"status": "in_progress", "percent": 50, "version": 1})
        assert first.status_code == 200 and first.json()["version"] == 2
        stale = client.post(url, headers=headers,
                            json={"status": "done", "version": 1})
        assert stale.status_code == 409
        assert stale.json()["error"]["code"] == "conflict"
        assert "đã được người khác thay đổi" in stale.json()["error"]["message"]
        detail = client.get(f"/api/tasks/{world.tasks['sohoa']}").json()
        assert (detail["task"]["status"], detail["task"]["percent"]) == ("in_progress", 50)

    def test_it_requires_the_csrf_header_for_writes(self, client, world):
        api_sign_in(client, "vanphong")
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/progress",
                             json={"status": "done", "version": 1})
        assert answer.status_code == 403

    @pytest.mark.parametrize("percent", [-1, 101])
    def test_it_validates_the_percent(self, client, world, percent):
        headers = api_sign_in(client, "vanphong")
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/progress", headers=headers,
                             json={"status": "in_progress", "percent": percent, "version": 1})
        assert answer.status_code == 422

    def test_it_stores_evidence_and_comments(self, client, world):
        headers = api_sign_in(client, "vanphong")
        task = world.tasks["sohoa"]
        stored = client.post(f"/api/tasks/{task}/evidence", headers=headers,
                             files={"file": ("bien-ban.pdf", b"%PDF demo", "application/pdf")})
        assert stored.status_code == 201 and stored.json()["size"] == 9
        download = client.get(f"/api/evidence/{stored.json()['id']}")
        assert download.content == b"%PDF demo"
        made = client.post(f"/api/tasks/{task}/comments", headers=headers,
                           json={"body": "Đã gửi biên bản"})
        assert made.status_code == 201
        assert [c["body"] for c in client.get(f"/api/tasks/{task}/comments").json()] == [
            "Đã gửi biên bản"]

    def test_it_lets_the_leader_approve_but_not_the_officer(self, client, world):
        headers = api_sign_in(client, "vanphong")
        update = client.post(f"/api/tasks/{world.tasks['sohoa']}/progress", headers=headers,
                             json={"status": "done", "version": 1}).json()["update_id"]
        assert client.post(f"/api/updates/{update}/approve", headers=headers).status_code == 403
        headers = api_sign_in(client, "lanhdao")
        approved = client.post(f"/api/updates/{update}/approve", headers=headers)
        assert approved.status_code == 200
        assert approved.json()["approved_by"] == "Chủ tịch Hương Trà"
