"""A unit officer can neither see nor edit another unit's task: in the pages, by typing ids
into the address bar, or through the API with the same session."""

from __future__ import annotations

from browsing import log_in
from playwright.sync_api import expect


class TestOtherUnitsTasks:
    def test_an_officer_never_sees_another_units_task(self, page, world):
        log_in(page, "trason")
        expect(page.locator("main")).to_contain_text("Niêm yết công khai")
        expect(page.locator("main")).not_to_contain_text("hộ tịch")
        page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
        expect(page.locator("#task-results")).to_contain_text("1 nhiệm vụ")

        for name in ("hotich", "sohoa", "tuyentruyen"):
            answer = page.goto(f"/tasks/{world.tasks[name]}")
            assert answer.status == 404
            expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
        assert page.goto(f"/plans/{world.plan_id}").status == 404

    def test_an_officer_cannot_edit_another_units_task_through_the_api(self, page, world):
        log_in(page, "trason")
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        headers = {"X-CSRF-Token": token}
        own = page.request.get(f"/api/tasks/{world.tasks['trason']}")
        assert own.status == 200
        for name in ("hotich", "sohoa"):
            task = world.tasks[name]
            assert page.request.get(f"/api/tasks/{task}").status == 404
            update = page.request.post(f"/api/tasks/{task}/progress", headers=headers,
                                       data={"status": "done", "version": 1})
            assert update.status == 404
            comment = page.request.post(f"/api/tasks/{task}/comments", headers=headers,
                                        data={"body": "thử"})
            assert comment.status == 404
        mine = page.request.post(f"/api/tasks/{world.tasks['trason']}/progress",
                                 headers=headers, data={"status": "in_progress", "percent": 10,
                                                        "version": own.json()["task"]["version"]})
        assert mine.status == 200  # the same session may update its own unit's task
