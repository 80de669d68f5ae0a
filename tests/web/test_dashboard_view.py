"""Trang chủ and the plan dashboard."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from web_world import progress_form, sign_in

from cchc.domain.plan import Plan, PlanMeta, ScheduleItem, Task
from cchc.store.models import ProgressUpdate
from cchc.store.services import create_organization, import_plan


def kpi_tones(page: str) -> dict[str, str]:
    """Each headline figure's label (up to a bracket) and the tone its card has."""
    return {label.strip(): tone for tone, label in re.findall(
        r'<div class="kpi kpi-(\w+)">(?:<a [^>]*>)?<span class="kpi-value">[^<]*</span>'
        r'<span class="kpi-label">([^<(]+)', page)}


def report_hotich_done(client, world) -> None:
    """The Tư pháp officer reports the overdue hộ tịch task done, then signs out."""
    sign_in(client, "tuphap")
    form = progress_form(client.get(f"/tasks/{world.tasks['hotich']}").text)
    client.post(f"/tasks/{world.tasks['hotich']}/progress",
                data={**form, "status": "done_late", "note": "Đã hoàn thành"})
    client.cookies.clear()


class TestHome:
    def test_it_takes_the_leader_to_the_communes_plan(self, client, world):
        sign_in(client, "lanhdao")
        page = client.get("/")
        assert page.url.path == f"/plans/{world.plan_id}"

    def test_it_takes_a_unit_officer_to_their_work(self, client, world):
        sign_in(client, "vanphong")
        assert client.get("/").url.path == "/my"

    def test_it_takes_an_upper_level_without_a_plan_to_its_subordinates(self, client, world):
        sign_in(client, "huyen")
        assert client.get("/").url.path == "/orgs"


class TestPlanDashboard:
    def test_it_shows_the_plans_figures_by_area_and_unit_with_colours(self, client, world):
        sign_in(client, "lanhdao")
        page = client.get(f"/plans/{world.plan_id}")
        assert page.status_code == 200
        assert "Kế hoạch CCHC năm 2024 — UBND xã Hương Trà" in page.text
        assert "Số: 12/KH-UBND" in page.text and "05/01/2024" in page.text
        by_area = page.text.split("Tiến độ theo lĩnh vực")[1].split("Tiến độ theo đơn vị")[0]
        assert re.search(r"Cải cách thủ tục hành chính</a></th>\s*<td class=\"num\">1</td>"
                         r"<td class=\"num\">0</td><td class=\"num\">1</td>", by_area)
        assert "rag-red" in by_area and "rag-green" in by_area
        by_unit = page.text.split("Tiến độ theo đơn vị chủ trì")[1]
        assert "Tư pháp – Hộ tịch" in by_unit and "Văn phòng – Thống kê" in by_unit

    def test_it_lists_overdue_and_due_soon_tasks(self, client, world):
        sign_in(client, "lanhdao")
        page = client.get(f"/plans/{world.plan_id}").text
        late = page.split("<h2>Nhiệm vụ quá hạn")[1].split("<h2>Đến hạn trong 14 ngày")[0]
        soon = page.split("<h2>Đến hạn trong 14 ngày tới")[1].split("<h2>Các mốc")[0]
        assert "lĩnh vực hộ tịch" in late and "31/03/2024" in late
        assert "Số hóa hồ sơ" in soon and "20/05/2024" in soon
        assert "loa truyền thanh" not in late + soon

    def test_it_shows_targets_without_figures_as_awaiting_data(self, client, world):
        sign_in(client, "lanhdao")
        page = client.get(f"/plans/{world.plan_id}").text
        assert "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%" in page
        assert "≥ 98%" in page and "Chưa có dữ liệu hồ sơ" in page

    def test_it_keeps_the_lead_units_of_an_overdue_task_to_one_line_with_the_rest_a_click_away(
            self, client, world, factory):
        leads = ["Văn phòng – Thống kê", "Tư pháp – Hộ tịch", "Địa chính – Xây dựng",
                 "Văn hóa – Xã hội"]
        with factory.begin() as s:
            commune = create_organization(s, None, "qng.tb.tt", "UBND xã Trà Thủy", "xa",
                                          s.merge(world.district))
            plan_id = import_plan(s, commune, Plan(source="kh.docx", meta=PlanMeta(
                title="Kế hoạch cải cách hành chính năm 2024", issuer="UBND xã Trà Thủy",
                level="xa", year=2024), tasks=[Task(
                    no="1", area="tthc", text="Rà soát thủ tục hành chính", lead=leads,
                    deadline_text="Quý I/2024",
                    schedule=[ScheduleItem("due", date=date(2024, 3, 31))])]),
                None, "kh.docx", None).plan_id
        sign_in(client, "admin")
        page = client.get(f"/plans/{plan_id}").text
        late = page.split("<h2>Nhiệm vụ quá hạn")[1].split("<h2>Đến hạn trong 14 ngày")[0]
        cell = re.search(r'<td class="c-lead"[^>]*>(.*?)</td>', late, re.S).group(1)
        summary = re.search(r"<summary>(.*?)</summary>", cell).group(1)
        assert re.sub(r"<[^>]+>", "", summary) == "Văn phòng – Thống kê +3 đơn vị khác"
        assert cell.split("</summary>")[1].startswith(
            "Tư pháp – Hộ tịch; Địa chính – Xây dựng; Văn hóa – Xã hội")
        by_unit = page.split("Tiến độ theo đơn vị chủ trì")[1].split("</section>")[0]
        assert 'class="scroll"' not in by_unit  # never clipped inside a box of its own
        assert all(name in by_unit for name in leads)

    def test_it_draws_the_year_timeline_with_a_table_for_readers_without_javascript(
            self, client, world):
        sign_in(client, "lanhdao")
        page = client.get(f"/plans/{world.plan_id}").text
        assert 'id="timeline-chart"' in page and 'id="timeline-data"' in page
        assert "Xem dạng bảng" in page
        late_row = re.search(r"<th scope=\"row\">Quá hạn</th>(.*?)</tr>", page).group(1)
        assert re.findall(r">(\d+)<", late_row)[2] == "1"  # March: the hộ tịch milestone

    def test_it_counts_an_update_once_approved_and_shows_it_pending_before(
            self, client, world, factory):
        report_hotich_done(client, world)
        token = sign_in(client, "lanhdao")
        page = client.get(f"/plans/{world.plan_id}").text
        assert re.search(r'<span class="kpi-value">0</span><span class="kpi-label">'
                         r'Đã hoàn thành \(0%\)', page)
        assert re.search(r'<span class="kpi-value">1</span><span class="kpi-label">'
                         r'Có cập nhật chờ duyệt', page)
        with factory() as s:
            update_id = s.scalar(select(ProgressUpdate.id))
        client.post(f"/updates/{update_id}/approve", data={"csrf_token": token})
        page = client.get(f"/plans/{world.plan_id}").text
        assert re.search(r'<span class="kpi-value">1</span><span class="kpi-label">'
                         r'Đã hoàn thành \(33%\)', page)
        assert "Không có nhiệm vụ quá hạn." in page

    def test_it_colours_each_figure_by_its_value(self, client, world, factory):
        token = sign_in(client, "lanhdao")
        page = client.get(f"/plans/{world.plan_id}").text
        assert kpi_tones(page) == {"Đã hoàn thành": "neutral", "Quá hạn": "bad",
                                   "Đến hạn trong 14 ngày": "warn",
                                   "Có cập nhật chờ duyệt": "neutral"}
        client.cookies.clear()
        report_hotich_done(client, world)
        token = sign_in(client, "lanhdao")
        assert kpi_tones(client.get(f"/plans/{world.plan_id}").text)[
            "Có cập nhật chờ duyệt"] == "warn"
        with factory() as s:
            update_id = s.scalar(select(ProgressUpdate.id))
        client.post(f"/updates/{update_id}/approve", data={"csrf_token": token})
        tones = kpi_tones(client.get(f"/plans/{world.plan_id}").text)
        assert tones["Quá hạn"] == "good" and tones["Đã hoàn thành"] == "good"

    def test_it_answers_not_found_for_another_communes_plan(self, client, world):
        sign_in(client, "lanhdao")
        assert client.get(f"/plans/{world.other_plan_id}").status_code == 404

    def test_it_is_not_for_unit_officers(self, client, world):
        sign_in(client, "vanphong")
        assert client.get(f"/plans/{world.plan_id}").status_code == 404

    def test_it_sends_security_headers(self, client, world):
        sign_in(client, "lanhdao")
        headers = client.get(f"/plans/{world.plan_id}").headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["server-timing"].startswith("app;dur=")
