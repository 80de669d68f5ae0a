"""Statuses on the task page: completing after the deadline is "Hoàn thành trễ hạn", milestones
follow the task and show "Quá hạn" once past due; evidence keeps the type of each upload, and a
unit's report on its obligation has the same length limit as any note."""

from __future__ import annotations

import re

from upper_plans import add_plans_above
from web_world import csrf_of, progress_form, sign_in

from cchc.domain.limits import MAX_TEXT
from cchc.store.models import Task

PROVINCE_TASK = "Số hóa kết quả giải quyết thủ tục hành chính cấp xã"  # for "UBND cấp xã"


def milestone_rows(html: str) -> list[str]:
    """Each milestone as "label | date | status", as the page shows them."""
    table = html.split("<h2>Các mốc thực hiện</h2>")[1].split("</table>")[0]
    return [" | ".join(" ".join(re.sub(r"<[^>]+>", " ", cell).split())
                       for cell in re.findall(r"<td>(.*?)</td>", row, re.S)[:3])
            for row in re.findall(r"<tr>.*?</tr>", table.split("<tbody>")[1], re.S)]


class TestDoneLate:
    def test_finishing_an_overdue_task_records_done_late(self, client, world, factory):
        sign_in(client, "tuphap")  # lead of the hộ tịch task, due 31/03/2024; today 10/05
        task = world.tasks["hotich"]
        form = progress_form(client.get(f"/tasks/{task}").text)
        page = client.post(f"/tasks/{task}/progress",
                           data={**form, "status": "done", "note": "Đã rà soát 12 thủ tục"})
        assert page.status_code == 200
        assert "ghi nhận “Hoàn thành trễ hạn” vì đã quá hạn" in page.text
        history = page.text.split('<ol class="history">')[1].split("</ol>")[0]
        assert "Hoàn thành trễ hạn" in history
        assert milestone_rows(page.text) == ["Ban hành kế hoạch | 31/03/2024 | Hoàn thành trễ hạn"]
        with factory() as s:
            assert s.get(Task, task).status == "done_late"

    def test_finishing_in_time_records_done(self, client, world):
        sign_in(client, "vanphong")  # lead of the số hóa task, due 20/05/2024
        task = world.tasks["sohoa"]
        form = progress_form(client.get(f"/tasks/{task}").text)
        page = client.post(f"/tasks/{task}/progress", data={**form, "status": "done"})
        assert "Đã lưu cập nhật tiến độ." in page.text
        assert milestone_rows(page.text)[0].endswith("Hoàn thành")

    def test_the_api_returns_the_status_it_recorded(self, client, world):
        token = sign_in(client, "tuphap")
        answer = client.post(f"/api/tasks/{world.tasks['hotich']}/progress",
                             headers={"X-CSRF-Token": token},
                             json={"status": "done", "version": 1})
        assert answer.status_code == 200 and answer.json()["status"] == "done_late"


class TestOverdueMilestones:
    def test_a_past_unfinished_milestone_shows_overdue(self, client, world):
        sign_in(client, "thuongtruc")
        assert milestone_rows(client.get(f"/tasks/{world.tasks['hotich']}").text) == [
            "Ban hành kế hoạch | 31/03/2024 | Quá hạn"]
        assert "Chưa bắt đầu" in milestone_rows(
            client.get(f"/tasks/{world.tasks['sohoa']}").text)[0]  # due 20/05: not yet

    def test_the_api_shows_the_same(self, client, world):
        sign_in(client, "thuongtruc")
        task = client.get(f"/api/tasks/{world.tasks['hotich']}").json()
        assert [m["status"] for m in task["milestones"]] == ["overdue"]


class TestEvidenceTypes:
    def test_the_same_bytes_keep_the_type_of_each_upload(self, client, world):
        token = sign_in(client, "vanphong")
        task = world.tasks["sohoa"]
        content = b"<p>bien ban</p>"
        ids = []
        for name, mime in (("bien-ban.html", "text/html"), ("bien-ban.pdf", "application/pdf")):
            stored = client.post(f"/api/tasks/{task}/evidence", headers={"X-CSRF-Token": token},
                                 files={"file": (name, content, mime)})
            assert stored.status_code == 201 and stored.json()["mime"].startswith(mime)
            ids.append(stored.json()["id"])
        html, pdf = (client.get(f"/evidence/{i}") for i in ids)
        assert html.headers["content-type"].startswith("text/html")
        assert pdf.headers["content-type"] == "application/pdf"
        assert 'filename="bien-ban.pdf"' in pdf.headers["content-disposition"]
        assert html.content == pdf.content == content

    def test_a_units_obligation_keeps_the_type_of_each_upload(self, client, world, factory):
        task = add_plans_above(factory, world)[PROVINCE_TASK]
        sign_in(client, "thuongtruc")
        obligation = f"/obligations/{task}/{world.commune.id}"
        for name, mime in (("so-hoa.html", "text/html"), ("so-hoa.pdf", "application/pdf")):
            page = client.post(f"{obligation}/progress",
                               data={"csrf_token": csrf_of(client.get(obligation).text),
                                     "status": "in_progress", "version": ""},
                               files={"files": (name, b"<p>so hoa</p>", mime)})
            assert name in page.text
        links = re.findall(r'href="(/obligation-evidence/\d+)"', client.get(obligation).text)
        types = {client.get(link).headers["content-type"].split(";")[0] for link in links}
        assert types == {"text/html", "application/pdf"}


class TestObligationNote:
    def test_a_units_report_has_the_same_length_limit(self, client, world, factory):
        task = add_plans_above(factory, world)[PROVINCE_TASK]
        sign_in(client, "thuongtruc")
        obligation = f"/obligations/{task}/{world.commune.id}"
        page = client.post(f"{obligation}/progress", data={
            "csrf_token": csrf_of(client.get(obligation).text), "status": "in_progress",
            "percent": "10", "note": "x" * (MAX_TEXT + 1), "version": ""})
        assert page.status_code == 422
        assert "Nội dung báo cáo dài 10.001 ký tự, quá giới hạn 10.000 ký tự." in page.text
