"""Việc của tôi."""

from __future__ import annotations

from web_world import sign_in


class TestMyWork:
    def test_it_lists_the_tasks_the_officers_unit_leads_then_supports(self, client, world):
        sign_in(client, "tuphap")
        page = client.get("/my").text
        leading, supporting = page.split("<h2>Nhiệm vụ đơn vị tôi chủ trì")[1].split(
            "<h2>Nhiệm vụ đơn vị tôi phối hợp")
        assert "lĩnh vực hộ tịch" in leading and "Quá hạn" in leading
        assert "Số hóa hồ sơ" in supporting
        assert "loa truyền thanh" not in page

    def test_it_puts_late_tasks_first(self, client, world):
        sign_in(client, "vanphong")
        leading = client.get("/my").text.split("<h2>Nhiệm vụ đơn vị tôi chủ trì")[1]
        assert leading.index("Số hóa hồ sơ") < leading.index("loa truyền thanh")

    def test_it_shows_a_leader_the_updates_awaiting_approval(self, client, world):
        sign_in(client, "lanhdao")
        page = client.get("/my").text
        assert "Cập nhật tiến độ chờ duyệt" not in page  # nothing reported yet
        assert "Đơn vị của bạn không chủ trì nhiệm vụ nào" in page

    def test_it_never_shows_another_communes_tasks(self, client, world):
        sign_in(client, "trason")
        page = client.get("/my").text
        assert "Niêm yết công khai" in page and "Hương Trà" not in page.split("<main")[1]
