"""Tải kế hoạch (Word): a stored plan's current version as .docx, for those who read it."""

from __future__ import annotations

import io

from web_world import sign_in

from cchc.extract import parse_file


class TestPlanExport:
    def test_it_downloads_the_plan_that_parses_back_to_its_tasks(self, client, world, tmp_path):
        sign_in(client, "huyen")  # the district reads the commune's plan
        dashboard = client.get(f"/plans/{world.plan_id}")
        assert f"/plans/{world.plan_id}/export.docx" in dashboard.text
        answer = client.get(f"/plans/{world.plan_id}/export.docx")
        assert answer.status_code == 200
        assert "filename*=UTF-8''ke-hoach-cchc-2024-qng.tb.ht.docx" in \
            answer.headers["content-disposition"]
        path = tmp_path / "kh.docx"
        path.write_bytes(answer.content)
        tasks = parse_file(path).plan.tasks
        assert [(t.no, t.area, t.text, t.lead, t.coop, t.deadline_text) for t in tasks] == [
            ("1", "tthc", "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch",
             ["Tư pháp – Hộ tịch"], ["Văn phòng – Thống kê"], "Quý I/2024"),
            ("2", "so", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một "
             "cửa", ["Văn phòng – Thống kê"], ["Tư pháp – Hộ tịch"], "Trước ngày 20/5/2024"),
            ("3", "chi_dao", "Tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh",
             ["Văn phòng – Thống kê"], [], "Quý II-IV/2024")]

    def test_it_hides_another_communes_plan(self, client, world):
        sign_in(client, "thuongtruc")  # Hương Trà's secretariat
        assert client.get(f"/plans/{world.other_plan_id}/export.docx").status_code == 404
