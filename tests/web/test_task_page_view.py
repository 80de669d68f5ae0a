"""The task page: what each role sees and may do, progress with optimistic locking, evidence,
comments, approval, urging."""

from __future__ import annotations

import re

from sqlalchemy import select
from web_world import progress_form, sign_in

from cchc.store.models import Notification, ProgressUpdate


def open_task(client, world, name: str):
    return client.get(f"/tasks/{world.tasks[name]}")


class TestTaskPage:
    def test_it_shows_the_task_its_units_and_milestones(self, client, world):
        sign_in(client, "thuongtruc")
        page = open_task(client, world, "hotich")
        assert page.status_code == 200
        assert "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch" in page.text
        assert "Tư pháp – Hộ tịch" in page.text and "Văn phòng – Thống kê" in page.text
        assert "31/03/2024" in page.text  # the milestone
        assert "Quá hạn" in page.text  # 31/3 has passed on 10/5/2024

    def test_it_gives_the_lead_units_officer_the_update_form(self, client, world):
        sign_in(client, "vanphong")
        page = open_task(client, world, "sohoa")
        assert "Cập nhật tiến độ" in page.text and "Tài liệu kiểm chứng (" in page.text

    def test_it_lets_a_partner_unit_read_and_comment_but_not_update(self, client, world):
        sign_in(client, "vanphong")  # partner (phối hợp) of the hộ tịch task
        page = open_task(client, world, "hotich")
        assert page.status_code == 200
        assert "Cập nhật tiến độ" not in page.text
        assert "Gửi ý kiến" in page.text

    def test_it_lets_the_level_above_read_and_comment_but_not_report(self, client, world):
        sign_in(client, "huyen")
        page = open_task(client, world, "sohoa")
        assert page.status_code == 200
        assert "Lưu cập nhật" not in page.text and "Gửi ý kiến" in page.text

    def test_it_answers_not_found_for_another_communes_task(self, client, world):
        sign_in(client, "vanphong")
        page = open_task(client, world, "trason")
        assert page.status_code == 404
        assert "Niêm yết" not in page.text

    def test_it_answers_not_found_for_a_unit_the_officer_does_not_work_with(self, client, world):
        sign_in(client, "tuphap")  # neither lead nor partner of the loudspeaker task
        assert open_task(client, world, "tuyentruyen").status_code == 404


class TestProgressUpdate:
    def test_it_records_the_update_and_shows_it_in_the_history(self, client, world):
        sign_in(client, "vanphong")
        form = progress_form(open_task(client, world, "sohoa").text)
        page = client.post(f"/tasks/{world.tasks['sohoa']}/progress",
                           data={**form, "status": "in_progress", "percent": "40",
                                 "note": "Đã số hóa 120/300 hồ sơ"})
        assert page.status_code == 200
        assert "Đã lưu cập nhật tiến độ." in page.text
        assert "Đã số hóa 120/300 hồ sơ" in page.text
        assert "Cán bộ Văn phòng" in page.text and "Chờ duyệt" in page.text
        assert 'value="40"' in page.text

    def test_it_keeps_the_second_of_two_simultaneous_edits_and_explains_the_conflict(
            self, client, world):
        sign_in(client, "vanphong")
        stale = progress_form(open_task(client, world, "sohoa").text)
        url = f"/tasks/{world.tasks['sohoa']}/progress"
        first = client.post(url, data={**stale, "status": "in_progress", "percent": "30",
                                       "note": "Cập nhật thứ nhất"})
        assert first.status_code == 200
        second = client.post(url, data={**stale, "status": "in_progress", "percent": "55",
                                        "note": "Cập nhật thứ hai, chưa lưu"})
        assert second.status_code == 409
        assert "Nhiệm vụ đã được người khác cập nhật" in second.text
        assert "Cập nhật thứ hai, chưa lưu" in second.text  # nothing the user typed is lost
        assert 'value="55"' in second.text
        retry = client.post(url, data={**progress_form(second.text), "status": "in_progress",
                                       "percent": "55", "note": "Cập nhật thứ hai, chưa lưu"})
        assert retry.status_code == 200
        assert "Cập nhật thứ nhất" in retry.text and "Cập nhật thứ hai, chưa lưu" in retry.text

    def test_it_refuses_a_percent_outside_0_to_100(self, client, world):
        sign_in(client, "vanphong")
        form = progress_form(open_task(client, world, "sohoa").text)
        page = client.post(f"/tasks/{world.tasks['sohoa']}/progress",
                           data={**form, "status": "in_progress", "percent": "140"})
        assert page.status_code == 422
        assert "Tỷ lệ phải từ 0 đến 100" in page.text

    def test_it_forbids_a_partner_unit_to_update(self, client, world):
        token = sign_in(client, "vanphong")
        page = client.post(f"/tasks/{world.tasks['hotich']}/progress",
                           data={"csrf_token": token, "version": "1", "status": "done"})
        assert page.status_code == 403

    def test_it_hides_another_communes_task_from_updates(self, client, world, factory):
        token = sign_in(client, "vanphong")
        page = client.post(f"/tasks/{world.tasks['trason']}/progress",
                           data={"csrf_token": token, "version": "1", "status": "done"})
        assert page.status_code == 404
        with factory() as s:
            assert s.scalars(select(ProgressUpdate)).all() == []

    def test_it_marks_a_milestone_done(self, client, world):
        sign_in(client, "tuphap")
        html = open_task(client, world, "hotich").text
        milestone = re.search(r'name="milestone" value="(\d+)">\s*<input type="hidden" '
                              r'name="version" value="(\d+)"', html)
        page = client.post(f"/tasks/{world.tasks['hotich']}/progress",
                           data={"csrf_token": progress_form(html)["csrf_token"],
                                 "milestone": milestone.group(1),
                                 "version": milestone.group(2), "status": "done_late"})
        assert page.status_code == 200
        assert "mốc “Ban hành kế hoạch”" in page.text


class TestEvidence:
    @staticmethod
    def _upload(client, world, file):
        form = progress_form(client.get(f"/tasks/{world.tasks['sohoa']}").text)
        return client.post(f"/tasks/{world.tasks['sohoa']}/progress",
                           data={**form, "status": "in_progress"}, files={"files": file})

    def test_it_stores_an_upload_and_serves_it_back_as_an_attachment(self, client, world):
        sign_in(client, "vanphong")
        page = self._upload(client, world, ("Báo cáo số hóa.pdf", b"%PDF-1.4 demo",
                                            "application/pdf"))
        assert page.status_code == 200
        assert "Đã lưu cập nhật tiến độ và 1 tệp kiểm chứng." in page.text
        link = re.search(r'href="(/evidence/\d+)">Báo cáo số hóa.pdf', page.text).group(1)
        download = client.get(link)
        assert download.content == b"%PDF-1.4 demo"
        assert download.headers["content-disposition"].startswith("attachment;")
        assert download.headers["content-type"] == "application/pdf"

    def test_it_hides_evidence_of_tasks_the_user_cannot_read(self, client, world):
        token = sign_in(client, "vanphong")
        page = self._upload(client, world, ("a.txt", b"x"))
        link = re.search(r'href="(/evidence/\d+)"', page.text).group(1)
        client.post("/logout", data={"csrf_token": token})
        sign_in(client, "trason")
        assert client.get(link).status_code == 404


class TestComments:
    def test_it_adds_a_comment_under_the_authors_name(self, client, world):
        token = sign_in(client, "lanhdao")
        page = client.post(f"/tasks/{world.tasks['hotich']}/comments",
                           data={"csrf_token": token, "body": "Đề nghị hoàn thành trước 30/5"})
        assert page.status_code == 200
        assert "Đề nghị hoàn thành trước 30/5" in page.text
        assert "Chủ tịch Hương Trà" in page.text

    def test_it_takes_comments_from_the_level_above(self, client, world):
        token = sign_in(client, "huyen")
        page = client.post(f"/tasks/{world.tasks['hotich']}/comments",
                           data={"csrf_token": token, "body": "Đề nghị xã bổ sung minh chứng"})
        assert page.status_code == 200 and "Đề nghị xã bổ sung minh chứng" in page.text


class TestApproval:
    def _update(self, client, world) -> None:
        sign_in(client, "vanphong")
        form = progress_form(open_task(client, world, "sohoa").text)
        client.post(f"/tasks/{world.tasks['sohoa']}/progress",
                    data={**form, "status": "done", "note": "Hoàn thành"})
        client.cookies.clear()

    def test_it_lets_the_leader_approve_an_update(self, client, world):
        self._update(client, world)
        token = sign_in(client, "lanhdao")
        mine = client.get("/my")
        assert "Cập nhật tiến độ chờ duyệt" in mine.text
        update_id = re.search(r'/updates/(\d+)/approve', mine.text).group(1)
        page = client.post(f"/updates/{update_id}/approve", data={"csrf_token": token})
        assert "Đã duyệt bởi Chủ tịch Hương Trà" in page.text

    def test_it_forbids_an_officer_to_approve(self, client, world, factory):
        self._update(client, world)
        with factory() as s:
            update_id = s.scalar(select(ProgressUpdate.id))
        token = sign_in(client, "vanphong")
        assert client.post(f"/updates/{update_id}/approve",
                           data={"csrf_token": token}).status_code == 403


class TestUrge:
    def test_it_reminds_the_lead_unit_of_an_overdue_task_once_a_day(self, client, world,
                                                                    factory):
        token = sign_in(client, "thuongtruc")
        url = f"/tasks/{world.tasks['hotich']}/urge"
        assert "Đã gửi nhắc việc tới 1 đơn vị chủ trì." in client.post(
            url, data={"csrf_token": token}).text
        assert "đã được nhắc việc này rồi" in client.post(url, data={"csrf_token": token}).text
        with factory() as s:
            assert len(s.scalars(select(Notification)).all()) == 1
        client.cookies.clear()
        sign_in(client, "tuphap")
        assert "Đôn đốc" in client.get("/my").text
