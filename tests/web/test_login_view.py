"""Signing in and out."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from web_world import PASSWORD, csrf_of, sign_in

from cchc.store.models import LoginThrottleEntry
from cchc.store.types import utcnow


class TestLogin:
    def test_it_shows_the_login_form_to_anonymous_visitors(self, client):
        page = client.get("/tasks")
        assert page.url.path == "/login"
        assert "Đăng nhập" in page.text
        assert "next=%2Ftasks" in str(page.url)

    def test_it_signs_in_and_lands_on_the_users_work(self, client):
        token = csrf_of(client.get("/login").text)
        page = client.post("/login", data={"username": "vanphong", "password": PASSWORD,
                                           "csrf_token": token, "next": "/"})
        assert page.status_code == 200
        assert page.url.path == "/my"
        assert "Cán bộ Văn phòng" in page.text
        assert "Việc của tôi" in page.text

    def test_it_says_so_on_a_wrong_password(self, client):
        token = csrf_of(client.get("/login").text)
        page = client.post("/login", data={"username": "vanphong", "password": "sai",
                                           "csrf_token": token})
        assert page.status_code == 400
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.text

    def test_it_slows_down_after_five_failures_without_a_long_lockout(self, client, factory):
        token = csrf_of(client.get("/login").text)
        for _ in range(5):
            client.post("/login", data={"username": "vanphong", "password": "sai",
                                        "csrf_token": token})
        page = client.post("/login", data={"username": "vanphong", "password": PASSWORD,
                                           "csrf_token": token})
        assert page.status_code == 429
        assert "Vui lòng đợi 1 giây rồi thử lại" in page.text
        with factory() as s:  # the wait is the only obstacle: no 15-minute lockout
            blocked = s.scalar(select(LoginThrottleEntry.blocked_until)
                               .where(LoginThrottleEntry.key.like("pair:vanphong|%")))
            assert blocked - utcnow() <= timedelta(seconds=1)

    def test_the_real_user_gets_in_once_the_short_wait_is_over(self, client, factory):
        token = csrf_of(client.get("/login").text)
        for _ in range(5):
            client.post("/login", data={"username": "vanphong", "password": "sai",
                                        "csrf_token": token})
        with factory.begin() as s:  # the second has passed
            s.execute(update(LoginThrottleEntry).values(blocked_until=utcnow()))
        page = client.post("/login", data={"username": "vanphong", "password": PASSWORD,
                                           "csrf_token": token})
        assert page.status_code == 200 and page.url.path == "/my"

    def test_it_refuses_a_form_without_the_csrf_token(self, client):
        client.get("/login")
        page = client.post("/login", data={"username": "vanphong", "password": PASSWORD})
        assert page.status_code == 403
        assert "Phiên làm việc đã hết hạn" in page.text

    def test_it_redirects_only_within_the_site(self, client):
        token = csrf_of(client.get("/login").text)
        page = client.post("/login", data={"username": "vanphong", "password": PASSWORD,
                                           "csrf_token": token, "next": "//evil.example/"},
                           follow_redirects=False)
        assert page.headers["location"] == "/"

    def test_it_sets_a_http_only_same_site_cookie(self, client):
        token = csrf_of(client.get("/login").text)
        page = client.post("/login", data={"username": "vanphong", "password": PASSWORD,
                                           "csrf_token": token}, follow_redirects=False)
        cookie = page.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert "secure" not in cookie  # plain http here; see the next test for https

    def test_it_marks_the_cookie_secure_over_https(self, app):
        with TestClient(app, base_url="https://testserver") as client:
            token = csrf_of(client.get("/login").text)
            page = client.post("/login", data={"username": "vanphong", "password": PASSWORD,
                                               "csrf_token": token}, follow_redirects=False)
        assert "; secure" in page.headers["set-cookie"].lower()


class TestLogout:
    def test_it_ends_the_session(self, client):
        token = sign_in(client, "vanphong")
        page = client.post("/logout", data={"csrf_token": token})
        assert page.url.path == "/login"
        assert client.get("/my").url.path == "/login"

    def test_a_cookie_copied_before_logout_opens_nothing_afterwards(self, app, client):
        token = sign_in(client, "vanphong")
        copied = dict(client.cookies)
        client.post("/logout", data={"csrf_token": token})
        with TestClient(app, cookies=copied) as thief:
            assert thief.get("/my").url.path == "/login"
            assert thief.get("/api/plans").status_code == 401
