"""Nhiệm vụ giao cho các đơn vị: a district task assigned to "UBND cấp xã" is each commune's
obligation — the commune reports on it from Việc của tôi, the district sees the matrix."""

from __future__ import annotations

from datetime import date

import pytest
from web_world import csrf_of, sign_in

from cchc.domain.plan import Plan, PlanMeta, ScheduleItem, Task, UnitRef
from cchc.store.models import Organization
from cchc.store.services import import_plan

TEXT = "Rà soát, niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa cấp xã"


@pytest.fixture
def district_plan(factory, world) -> tuple[int, int]:
    with factory.begin() as s:
        version = import_plan(s, s.get(Organization, world.district.id), Plan(
            source="h.docx", meta=PlanMeta(title="Kế hoạch CCHC năm 2024", year=2024),
            tasks=[Task(no="1", area="tthc", text=TEXT, lead=["UBND cấp xã"],
                        deadline_text="Tháng 4/2024",
                        schedule=[ScheduleItem("due", date=date(2024, 4, 30))],
                        lead_units=[UnitRef("UBND cấp xã", unit_id="class.ubnd_cap_xa",
                                            is_class=True)])]), None, "h.docx", None)
        s.flush()
        return version.plan_id, version.tasks[0].id


class TestCascade:
    def test_the_commune_reports_its_own_part_and_the_district_sees_it(self, client, world,
                                                                       district_plan):
        plan_id, task_id = district_plan
        sign_in(client, "huyen")
        matrix = client.get(f"/plans/{plan_id}/cascade").text
        assert "UBND xã Hương Trà" in matrix and "UBND xã Trà Sơn" in matrix
        assert matrix.count('<td class="cell cell-overdue">') == 2  # 30/4 passed, nobody done
        client.cookies.clear()

        sign_in(client, "thuongtruc")
        my = client.get("/my").text
        obligation = f"/obligations/{task_id}/{world.commune.id}"
        assert obligation in my and "Chưa báo cáo" in my
        page = client.get(obligation).text
        done = client.post(f"{obligation}/progress", data={
            "csrf_token": csrf_of(page), "status": "done", "percent": "",
            "note": "Đã niêm yết 45 thủ tục", "version": ""},
            files={"files": ("bien-ban.pdf", b"%PDF-1.4 niem yet", "application/pdf")})
        assert "Đã lưu báo cáo tiến độ của đơn vị và 1 tệp kiểm chứng." in done.text
        history = done.text.split("Lịch sử báo cáo của đơn vị")[1]
        assert "Đã niêm yết 45 thủ tục" in history and "bien-ban.pdf" in history
        client.cookies.clear()

        sign_in(client, "huyen")
        matrix = client.get(f"/plans/{plan_id}/cascade").text
        assert matrix.count('<td class="cell cell-done">') == 1
        assert matrix.count('<td class="cell cell-overdue">') == 1
        column = client.get(f"/plans/{plan_id}/cascade/tasks/{task_id}").text
        assert "Đã niêm yết 45 thủ tục" in column
        unit = client.get(f"/plans/{plan_id}/cascade/units/{world.commune.id}").text
        assert TEXT[:40] in unit
        page = client.get(obligation).text
        assert "Lưu báo cáo của đơn vị" not in page  # the district reads, does not report
        refused = client.post(f"{obligation}/progress", data={
            "csrf_token": csrf_of(page), "status": "in_progress", "percent": "10"})
        assert refused.status_code == 403
        link = page.split('href="/obligation-evidence/')[1].split('"')[0]
        assert client.get(f"/obligation-evidence/{link}").content == b"%PDF-1.4 niem yet"

    def test_a_refused_file_keeps_the_units_report_unwritten(self, client, world,
                                                              district_plan):
        _, task_id = district_plan
        sign_in(client, "thuongtruc")
        obligation = f"/obligations/{task_id}/{world.commune.id}"
        page = client.post(f"{obligation}/progress", data={
            "csrf_token": csrf_of(client.get(obligation).text), "status": "done",
            "note": "Đã niêm yết", "version": ""},
            files=[("files", ("bien-ban.pdf", b"%PDF-1.4", "application/pdf")),
                   ("files", ("anh.jpg", b"not a photo", "image/jpeg"))])
        assert page.status_code == 422
        assert "“anh.jpg”: không đọc được ảnh" in page.text
        assert "Đơn vị chưa báo cáo." in page.text and "Chưa có tài liệu." in page.text

    def test_another_commune_cannot_see_it(self, client, world, district_plan):
        _, task_id = district_plan
        sign_in(client, "trason")
        assert client.get(f"/obligations/{task_id}/{world.commune.id}").status_code == 404

    def test_coverage_finds_the_commune_plan_that_lacks_the_task(self, client, world,
                                                                    district_plan):
        plan_id, _ = district_plan
        sign_in(client, "huyen")
        page = client.get(f"/plans/{plan_id}/coverage").text
        huong_tra, tra_son = page.split("UBND xã Hương Trà <span")[1].split("UBND xã Trà Sơn")
        assert "1 thiếu" in huong_tra and TEXT[:50] in huong_tra  # not in its plan
        assert "0 thiếu" in tra_son  # its "Niêm yết công khai thủ tục hành chính tại trụ sở"
        assert "Niêm yết công khai thủ tục hành chính tại trụ sở (92/100)" in tra_son
