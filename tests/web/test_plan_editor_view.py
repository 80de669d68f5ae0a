"""Sửa kế hoạch: each save is a new plan version; progress stays with the edited task."""

from __future__ import annotations

from web_world import csrf_of, progress_form, sign_in

from cchc.store.models import Plan


def edit(client, world, position: int, **changes: str):
    form = client.get(f"/plans/{world.plan_id}/tasks/{position}/edit")
    assert form.status_code == 200
    fields = {"csrf_token": csrf_of(form.text), "version": "1", "no": "1", "area": "tthc",
              "text": "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch",
              "outputs": "Báo cáo", "lead": "Tư pháp – Hộ tịch", "coop": "Văn phòng – Thống kê",
              "deadline_text": "Quý I/2024", "budget": "", **changes}
    return client.post(f"/plans/{world.plan_id}/tasks/{position}/edit", data=fields)


def report_then_edit(client, world, percent: int, note: str) -> None:
    """The justice officer reports progress on the civil-status task; the secretariat signs in."""
    sign_in(client, "tuphap")
    form = progress_form(client.get(f"/tasks/{world.tasks['hotich']}").text)
    client.post(f"/tasks/{world.tasks['hotich']}/progress",
                data={**form, "status": "in_progress", "percent": str(percent), "note": note})
    client.cookies.clear()
    sign_in(client, "thuongtruc")


class TestPlanEditor:
    def test_it_lists_the_tasks_to_edit(self, client, world):
        sign_in(client, "thuongtruc")
        page = client.get(f"/plans/{world.plan_id}/edit")
        assert "Sửa kế hoạch năm 2024" in page.text and "Sửa nhiệm vụ 2" in page.text

    def test_it_saves_an_edit_as_a_new_version_keeping_progress(self, client, world, factory):
        report_then_edit(client, world, 60, "Đang rà soát")
        page = edit(client, world, 1, deadline_text="Quý II/2024",
                    text="Rà soát, đơn giản hóa TTHC lĩnh vực hộ tịch, chứng thực")
        assert "kế hoạch nay là phiên bản 2" in page.text
        with factory() as s:
            plan = s.get(Plan, world.plan_id)
            task = plan.current_version.tasks[0]
            assert task.text.endswith("chứng thực") and task.deadline_text == "Quý II/2024"
            assert (task.status, task.percent, task.previous_task_id) == (
                "in_progress", 60, world.tasks["hotich"])
        history = client.get(f"/tasks/{task.id}").text
        assert "Đang rà soát" in history  # the report made on the earlier version

    def test_it_keeps_the_form_when_someone_saved_first(self, client, world):
        sign_in(client, "thuongtruc")
        edit(client, world, 2, budget="Ngân sách xã")
        page = edit(client, world, 1, version="1", text="Nội dung sửa muộn")
        assert page.status_code == 409
        assert "vừa được người khác sửa" in page.text and "Nội dung sửa muộn" in page.text

    def test_it_marks_old_task_pages_and_refuses_updates_there(self, client, world):
        sign_in(client, "thuongtruc")
        edit(client, world, 1, budget="Ngân sách xã")
        old = client.get(f"/tasks/{world.tasks['hotich']}")
        assert "Xem nhiệm vụ trong phiên bản hiện hành" in old.text
        assert "Lưu cập nhật" not in old.text
        refused = client.post(f"/tasks/{world.tasks['hotich']}/progress",
                              data={"csrf_token": csrf_of(old.text), "version": "1",
                                    "status": "done"})
        assert refused.status_code == 409 and "phiên bản mới" in refused.text

    def test_it_is_refused_to_a_leader(self, client, world):
        sign_in(client, "lanhdao")
        assert client.get(f"/plans/{world.plan_id}/edit").status_code == 403

    def test_it_answers_not_found_for_another_communes_plan(self, client, world):
        sign_in(client, "thuongtruc")
        assert client.get(f"/plans/{world.other_plan_id}/edit").status_code == 404

    def test_it_splits_a_task_keeping_progress_with_the_first_part_and_merges_back(
            self, client, world, factory):
        report_then_edit(client, world, 40, "Đang làm")
        form = client.get(f"/plans/{world.plan_id}/tasks/1/edit")
        assert "Tách thành hai nhiệm vụ" in form.text and "Gộp vào nhiệm vụ ở trên" not in form.text
        page = client.post(f"/plans/{world.plan_id}/tasks/1/split", data={
            "csrf_token": csrf_of(form.text), "version": "1",
            "first": "Rà soát, đơn giản hóa TTHC lĩnh vực hộ tịch",
            "second": "Rà soát, đơn giản hóa TTHC lĩnh vực chứng thực"})
        assert "Đã tách nhiệm vụ" in page.text and "phiên bản 2" in page.text
        with factory() as s:
            tasks = s.get(Plan, world.plan_id).current_version.tasks
            assert [t.text for t in tasks[:2]] == ["Rà soát, đơn giản hóa TTHC lĩnh vực hộ tịch",
                                                   "Rà soát, đơn giản hóa TTHC lĩnh vực chứng thực"]
            assert (tasks[0].percent, tasks[0].previous_task_id) == (40, world.tasks["hotich"])
            assert tasks[1].percent == 0
        form = client.get(f"/plans/{world.plan_id}/tasks/2/edit")
        page = client.post(f"/plans/{world.plan_id}/tasks/2/merge",
                           data={"csrf_token": csrf_of(form.text), "version": "2"})
        assert "Đã gộp vào nhiệm vụ" in page.text
        with factory() as s:
            first = s.get(Plan, world.plan_id).current_version.tasks[0]
            assert first.text.endswith("hộ tịch Rà soát, đơn giản hóa TTHC lĩnh vực chứng thực")
            assert first.percent == 40

    def test_a_stale_split_keeps_the_form(self, client, world):
        sign_in(client, "thuongtruc")
        edit(client, world, 2, budget="Ngân sách xã")
        form = client.get(f"/plans/{world.plan_id}/tasks/1/edit")
        page = client.post(f"/plans/{world.plan_id}/tasks/1/split", data={
            "csrf_token": csrf_of(form.text), "version": "1", "first": "A", "second": "B"})
        assert page.status_code == 409 and "vừa được người khác sửa" in page.text
