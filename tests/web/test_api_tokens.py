"""API tokens: what an administrator makes, what a token opens (its permissions ∩ its
organization), revocation, rate limit, audit, optimistic locking with ETag / If-Match."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import pytest
from api_helpers import bearer
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner
from web_world import csrf_of, sign_in

from cchc.cli import app as cli
from cchc.store.models import ApiToken, AuditEntry, ProgressUpdate, User
from cchc.web.app import create_app

READS = ("/api/plans", "/api/tasks", "/api/tasks/{sohoa}", "/api/tasks/{sohoa}/comments")


def _reads(world) -> list[str]:
    return [path.format(sohoa=world.tasks["sohoa"]) for path in READS]


class TestAdministration:
    def test_an_administrator_makes_a_token_shown_once_and_stored_hashed(self, client, world,
                                                                         factory):
        token = sign_in(client, "admin")
        page = client.post("/admin/tokens", data={
            "csrf_token": token, "name": "Một cửa tỉnh", "org": "qng.tb.ht",
            "permission": ["read_plans", "report_progress"]})
        assert page.status_code == 200
        secret = re.search(r'<code class="secret hash">(cchc_[\w-]+)</code>', page.text).group(1)
        with factory() as s:
            stored = s.scalar(select(ApiToken))
            assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
            assert secret not in str(s.scalars(select(AuditEntry.after)).all())
            assert stored.permissions == ["read_plans", "report_progress"]
        listing = client.get("/admin/tokens").text
        assert secret not in listing and "Chưa dùng" in listing
        client.get("/api/plans", headers={"Authorization": f"Bearer {secret}"})
        assert "Chưa dùng" not in client.get("/admin/tokens").text

    def test_it_refuses_a_token_without_permissions_and_changes_nothing(self, client, world,
                                                                        factory):
        token = sign_in(client, "admin")
        page = client.post("/admin/tokens", data={"csrf_token": token, "name": "X",
                                                  "org": "qng.tb.ht"})
        assert page.status_code == 422 and "chưa chọn quyền nào" in page.text
        with factory() as s:
            assert s.scalar(select(ApiToken)) is None

    def test_a_revoked_token_opens_nothing(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht")
        assert client.get("/api/tasks", headers=headers).status_code == 200
        token = sign_in(client, "admin")
        page = client.get("/admin/tokens").text
        revoke = re.search(r'action="(/admin/tokens/\d+/revoke)"', page).group(1)
        client.post(revoke, data={"csrf_token": csrf_of(page)})
        client.cookies.clear()
        for url in _reads(world):
            answer = client.get(url, headers=headers)
            assert answer.status_code == 401, url
            assert answer.json()["error"]["code"] == "unauthorized"
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/comments", headers=headers,
                             json={"body": "?"})
        assert answer.status_code == 401
        assert token  # the administrator's own session was not the one used

    def test_a_clerk_may_not_see_the_tokens_page(self, client, world):
        sign_in(client, "vanphong")
        assert client.get("/admin/tokens").status_code == 404

    def test_the_console_adds_lists_and_revokes_tokens(self, db_url, world, monkeypatch,
                                                       tmp_path, client):
        monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
        monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "cli"))
        runner = CliRunner()
        added = runner.invoke(cli, ["tokens", "add", "Kho dữ liệu tỉnh", "--org", "qng",
                                    "-p", "read_reports", "-p", "read_indicators"])
        assert added.exit_code == 0, added.output
        secret = added.stdout.strip().splitlines()[-1]
        assert client.get("/api/plans", headers={"Authorization": f"Bearer {secret}"}
                          ).status_code == 403  # no read_plans
        listed = runner.invoke(cli, ["tokens", "list"]).stdout
        assert "Kho dữ liệu tỉnh" in listed and "read_indicators,read_reports" in listed
        number = re.search(r"#(\d+)", added.output).group(1)
        assert runner.invoke(cli, ["tokens", "revoke", number]).exit_code == 0
        assert client.get("/api/plans", headers={"Authorization": f"Bearer {secret}"}
                          ).status_code == 401
        wrong = runner.invoke(cli, ["tokens", "add", "X", "--org", "qng", "-p", "everything"])
        assert wrong.exit_code == 2 and "Quyền không hợp lệ: everything" in wrong.output


class TestScope:
    def test_a_token_scoped_to_one_commune_cannot_read_another(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht")
        plans = client.get("/api/plans", headers=headers).json()
        assert [p["org_name"] for p in plans] == ["UBND xã Hương Trà"]
        ids = {t["id"] for t in client.get("/api/tasks", headers=headers).json()["items"]}
        assert world.tasks["trason"] not in ids and world.tasks["sohoa"] in ids
        answer = client.get(f"/api/tasks/{world.tasks['trason']}", headers=headers)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
        answer = client.post(f"/api/tasks/{world.tasks['trason']}/comments", headers=headers,
                             json={"body": "?"})
        assert answer.status_code == 404

    def test_a_district_token_reads_the_communes_below_but_reports_on_none(self, client,
                                                                           world, factory):
        headers = bearer(factory, "qng.tb")
        ids = {t["id"] for t in client.get("/api/tasks", headers=headers).json()["items"]}
        assert {world.tasks["trason"], world.tasks["sohoa"]} <= ids
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/progress", headers=headers,
                             json={"status": "done", "version": 1})
        assert answer.status_code == 403  # nobody reports on a lower organization's plan

    def test_a_read_only_token_may_not_write(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht", "read_plans")
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/progress", headers=headers,
                             json={"status": "done", "version": 1})
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"

    def test_a_bearer_token_opens_no_page(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht")
        assert client.get("/tasks", headers=headers, follow_redirects=False).status_code == 303


class TestWrites:
    def test_a_token_reports_progress_without_csrf_and_the_audit_names_it(self, client, world,
                                                                          factory):
        headers = bearer(factory, "qng.tb.ht", name="Một cửa Hương Trà")
        task = world.tasks["sohoa"]
        etag = client.get(f"/api/tasks/{task}", headers=headers).headers["etag"]
        answer = client.post(f"/api/tasks/{task}/progress", json={"status": "in_progress",
                             "percent": 40}, headers={**headers, "If-Match": etag})
        assert answer.status_code == 200, answer.text
        with factory() as s:
            update = s.get(ProgressUpdate, answer.json()["update_id"])
            account = s.get(User, update.user_id)
            assert account.display_name == "Mã API: Một cửa Hương Trà" and not account.active
            entry = s.scalars(select(AuditEntry).where(AuditEntry.action.startswith("task.")
                                                       | (AuditEntry.entity == "tasks"))).one()
            assert entry.user_id == account.id and entry.after["percent"] == 40
        detail = client.get(f"/api/tasks/{task}", headers=headers).json()
        assert detail["updates"][0]["user"] == "Mã API: Một cửa Hương Trà"

    def test_a_stale_if_match_is_412_and_a_missing_one_428(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht")
        url = f"/api/tasks/{world.tasks['sohoa']}/progress"
        first = client.post(url, json={"status": "in_progress"},
                            headers={**headers, "If-Match": '"1"'})
        assert first.status_code == 200
        stale = client.post(url, json={"status": "done"}, headers={**headers, "If-Match": '"1"'})
        assert stale.status_code == 412
        assert stale.json()["error"]["code"] == "precondition_failed"
        missing = client.post(url, json={"status": "done"}, headers=headers)
        assert missing.status_code == 428
        assert missing.json()["error"]["code"] == "precondition_required"
        detail = client.get(f"/api/tasks/{world.tasks['sohoa']}", headers=headers)
        assert detail.json()["task"]["status"] == "in_progress" and detail.headers["etag"] == '"2"'

    def test_a_token_past_its_rate_waits(self, factory, settings, world):
        with TestClient(create_app(factory, replace(settings, api_requests_per_minute=3))) as c:
            headers = bearer(factory, "qng.tb.ht")
            statuses = [c.get("/api/plans", headers=headers).status_code for _ in range(4)]
            assert statuses == [200, 200, 200, 429]
            answer = c.get("/api/plans", headers=headers)
            assert 1 <= int(answer.headers["retry-after"]) <= 61
            assert answer.json()["error"]["code"] == "too_many_requests"


class TestErrors:
    def test_a_method_not_allowed_names_the_allowed_ones(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht")
        answer = client.put(f"/api/tasks/{world.tasks['sohoa']}/comments", headers=headers)
        assert answer.status_code == 405 and answer.headers["allow"] == "GET, POST"
        assert answer.json()["error"]["code"] == "method_not_allowed"

    @pytest.mark.parametrize("task_id", [2**31, 2**63, 2**64 + 1, -1, 0])
    def test_an_id_beyond_what_a_database_holds_or_negative_is_not_found(self, client, world, factory,
                                                           task_id):
        headers = bearer(factory, "qng.tb.ht")
        for url in (f"/api/tasks/{task_id}", f"/api/tasks/{task_id}/comments"):
            answer = client.get(url, headers=headers)
            assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"

    def test_a_request_that_does_not_validate_lists_each_field(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht")
        answer = client.post(f"/api/tasks/{world.tasks['sohoa']}/progress", headers=headers,
                             json={"status": "finished", "percent": "half", "version": 1})
        assert answer.status_code == 422
        assert [(d["field"], d["code"]) for d in answer.json()["error"]["details"]] == [
            ("body.status", "enum"), ("body.percent", "int_parsing")]

    def test_the_openapi_document_gives_every_error_the_one_shape(self, client, world):
        document = client.get("/api/openapi.json").json()
        assert "HTTPValidationError" not in document["components"]["schemas"]
        checked = 0
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                errors = {s: r for s, r in operation["responses"].items() if s >= "400"}
                assert {"404", "422"} <= set(errors) or not operation.get("parameters"), path
                for status, response in errors.items():
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ApiError"}, (path, status)
                    checked += 1
                if (path, method) != ("/api/session", "post"):
                    assert "403" in errors, (method, path)
        assert checked > 100
