"""The administrator makes an API token on a phone, copies the secret shown once, and the
token then reads the API; the API documentation page works without any CDN."""

from __future__ import annotations

import httpx
from browsing import fits, log_in, serious_findings
from playwright.sync_api import expect


class TestApiTokens:
    def test_an_administrator_makes_and_revokes_a_token_on_a_phone(self, new_page, world,
                                                                   base_url):
        admin = new_page()
        admin.set_viewport_size({"width": 360, "height": 740})
        log_in(admin, "admin")
        admin.goto("/admin/users")
        admin.get_by_role("link", name="Mã truy cập API cho hệ thống khác").click()
        admin.get_by_label("Tên (hệ thống dùng mã)").fill("Một cửa điện tử tỉnh")
        admin.get_by_label("Mã đơn vị").fill(world.commune.code)
        admin.get_by_label("Xem kế hoạch, nhiệm vụ, tiến độ").check()
        admin.get_by_role("button", name="Tạo mã").click()
        expect(admin.get_by_role("status")).to_contain_text("Đã tạo mã truy cập")
        secret = admin.locator("code.secret").inner_text()
        assert fits(admin) and serious_findings(admin) == []

        headers = {"Authorization": f"Bearer {secret}"}
        assert httpx.get(f"{base_url}/api/tasks", headers=headers).status_code == 200
        admin.goto("/admin/tokens")
        expect(admin.get_by_role("cell", name="Chưa dùng")).to_have_count(0)
        admin.get_by_role("button", name="Thu hồi mã Một cửa điện tử tỉnh").click()
        expect(admin.get_by_text("Đã thu hồi mã truy cập “Một cửa điện tử tỉnh”.")).to_be_visible()
        assert httpx.get(f"{base_url}/api/tasks", headers=headers).status_code == 401
        assert admin.errors == []

    def test_the_api_documentation_page_lists_the_operations(self, page, world):
        page.goto("/api/docs")
        expect(page.get_by_role("heading", name="Tài liệu API cchc")).to_be_visible()
        expect(page.get_by_text("/api/dossier-imports").first).to_be_visible()
        assert page.errors == []
