"""Accounts in the web app: my password and sessions, and the administrator's accounts page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from web_world import PASSWORD, csrf_of, sign_in, user_id

from cchc.store.models import AuditEntry, Membership, User

NEW_PASSWORD = "sông-Trà-Bồng-2024"


def _post(client: TestClient, path: str, token: str, **data: str):
    return client.post(path, data={"csrf_token": token, **data})


class TestMyAccount:
    def test_it_changes_my_password_and_ends_my_other_sessions(self, app, client, factory):
        other = TestClient(app)
        sign_in(other, "vanphong")
        token = sign_in(client, "vanphong")
        page = _post(client, "/account/password", token, current=PASSWORD, new=NEW_PASSWORD,
                     confirm=NEW_PASSWORD)
        assert page.status_code == 200 and "Đã đổi mật khẩu" in page.text
        assert client.get("/my").url.path == "/my"  # this session lives on
        assert other.get("/my").url.path == "/login"  # the other one ended
        other.cookies.clear()
        assert sign_in(other, "vanphong", NEW_PASSWORD)

    def test_it_refuses_a_common_password(self, client):
        token = sign_in(client, "vanphong")
        page = _post(client, "/account/password", token, current=PASSWORD, new="password123",
                     confirm="password123")
        assert page.status_code == 422 and "quá phổ biến" in page.text

    def test_it_refuses_a_wrong_current_password(self, client):
        token = sign_in(client, "vanphong")
        page = _post(client, "/account/password", token, current="sai", new=NEW_PASSWORD,
                     confirm=NEW_PASSWORD)
        assert page.status_code == 422 and "Mật khẩu hiện tại không đúng" in page.text

    def test_it_lists_my_sessions_and_ends_one(self, app, client):
        phone = TestClient(app, headers={"user-agent": "Mozilla/5.0 (Android 14; Mobile)"})
        sign_in(phone, "vanphong")
        token = sign_in(client, "vanphong")
        page = client.get("/account").text
        assert "Mozilla/5.0 (Android 14; Mobile)" in page and "Phiên này" in page
        session_id = re.search(r'/account/sessions/(\d+)/end', page).group(1)
        _post(client, f"/account/sessions/{session_id}/end", token)
        assert phone.get("/my").url.path == "/login"


class TestAdministratorsAccounts:
    def test_it_creates_an_account_that_can_sign_in(self, client, world, factory):
        token = sign_in(client, "admin")
        page = _post(client, "/admin/users", token, username="canbo.trason",
                     name="Lê Văn Sơn", org=world.other_office.code, role="unit_officer",
                     password=NEW_PASSWORD)
        assert page.status_code == 200 and "Đã tạo 1 tài khoản" in page.text
        client.cookies.clear()
        assert sign_in(client, "canbo.trason", NEW_PASSWORD)
        with factory() as s:
            assert s.scalar(select(AuditEntry.user_id).where(
                AuditEntry.action == "user.create",
                AuditEntry.entity_id == str(user_id(factory, "canbo.trason")))) \
                == user_id(factory, "admin")

    def test_it_imports_accounts_from_csv_all_or_nothing(self, client, world, factory):
        token = sign_in(client, "admin")
        bad = ("ten_dang_nhap,ho_ten,ma_don_vi,vai_tro\n"
               f"a.one,Một,{world.office.code},can_bo\n"
               "a.two,Hai,KHONG.CO,can_bo\n").encode()
        page = client.post("/admin/users/import", data={"csrf_token": token},
                           files={"file": ("tk.csv", bad, "text/csv")})
        assert page.status_code == 422 and "tk.csv, dòng 3" in page.text
        with factory() as s:
            assert s.scalar(select(User.id).where(User.username == "a.one")) is None
        good = bad.replace(b"KHONG.CO", world.justice.code.encode())
        page = client.post("/admin/users/import", data={"csrf_token": token},
                           files={"file": ("tk.csv", good, "text/csv")})
        assert "Đã tạo 2 tài khoản" in page.text
        generated = re.search(r"<code>([a-z]+(?:-[a-z]+)+-\d+)</code>", page.text).group(1)
        client.cookies.clear()
        assert sign_in(client, "a.one", generated)

    def test_disabling_an_account_ends_its_sessions_at_once(self, app, client, factory):
        officer = TestClient(app)
        sign_in(officer, "vanphong")
        token = sign_in(client, "admin")
        _post(client, f"/admin/users/{user_id(factory, 'vanphong')}/active", token, active="0")
        assert officer.get("/my").url.path == "/login"
        officer.cookies.clear()
        page = officer.post("/login", data={"username": "vanphong", "password": PASSWORD,
                                            "csrf_token": csrf_of(officer.get("/login").text)})
        assert page.status_code == 400

    def test_it_is_not_for_other_roles(self, client, factory):
        sign_in(client, "thuongtruc")
        assert client.get("/admin/users").status_code == 404
        assert client.get(f"/admin/users/{user_id(factory, 'vanphong')}").status_code == 404

    def test_a_delegation_lets_the_level_above_work_on_a_lower_plan(self, client, world,
                                                                    factory):
        token = sign_in(client, "admin")
        huyen = user_id(factory, "huyen")
        task = f"/tasks/{world.tasks['sohoa']}"
        client.cookies.clear()
        sign_in(client, "huyen")
        assert "Lưu cập nhật" not in client.get(task).text
        client.cookies.clear()
        token = sign_in(client, "admin")
        page = _post(client, f"/admin/users/{huyen}/delegations", token,
                     org=world.commune.code, role="secretariat",
                     reason="Xã chưa có cán bộ nhập tiến độ")
        assert "Đã ủy quyền" in page.text
        client.cookies.clear()
        sign_in(client, "huyen")
        assert "Lưu cập nhật" in client.get(task).text
        with factory() as s:
            assert s.scalar(select(AuditEntry.action).where(
                AuditEntry.action == "delegation.grant")) == "delegation.grant"
            assert s.scalar(select(Membership.id).where(Membership.user_id == huyen,
                                                        Membership.org_id == world.commune.id)) \
                is None
