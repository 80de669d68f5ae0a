"""Chỉ tiêu: the dashboard's section and a target's drill-down, on dossiers in the app's real
store. "Today" is 10/05/2024, so figures run from January to May 2024.

Dossiers of xã Hương Trà's plan (qng.tb.ht and below, by dotted code):
  qng.tb.ht      a1 HT.001 08/01 on time · a2 HT.001 05/02 late · a3 CT.001 04/03 on time
                 a4 HT.001 01/04 on time
  qng.tb.ht.cu   b1 HT.001 10/01 late — a unit now on record under xã Trà Sơn
and c1 of xã Trà Sơn (qng.tb.ts), late, outside the plan.
"""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from web_world import PASSWORD, sign_in

from cchc.domain.plan import Plan as PlanDocument, PlanMeta, Target as Stated, Task
from cchc.indicators.importer import import_dossiers
from cchc.indicators.schema import ARROW_SCHEMA
from cchc.indicators.store import DossierStore
from cchc.store.models import Organization, Plan, Target
from cchc.store.services import create_organization, create_user, grant_role, import_plan
from tests.indicators.conftest import dossier

CERTIFY = {"procedure_code": "CT.001", "procedure_name": "Chứng thực bản sao từ bản chính",
           "field_code": "CT", "field_name": "Chứng thực"}
DOSSIERS = [
    dossier("a1", "2024-01-08 08:00", "2024-01-09 08:00", "2024-01-09 10:00",
            org_code="qng.tb.ht"),
    dossier("a2", "2024-02-05 08:00", "2024-02-06 08:00", "2024-02-08 10:00",
            org_code="qng.tb.ht"),
    dossier("a3", "2024-03-04 08:00", "2024-03-05 08:00", "2024-03-05 09:00",
            org_code="qng.tb.ht", **CERTIFY),
    dossier("a4", "2024-04-01 08:00", "2024-04-02 08:00", "2024-04-02 09:00",
            org_code="qng.tb.ht"),
    dossier("b1", "2024-01-10 08:00", "2024-01-11 08:00", "2024-01-20 10:00",
            org_code="qng.tb.ht.cu"),
    dossier("c1", "2024-01-10 08:00", "2024-01-11 08:00", "2024-01-25 10:00",
            org_code="qng.tb.ts"),
]


@pytest.fixture
def dossiers(settings, factory, world, tmp_path):
    """The dossiers above in the app's store, and the moved unit on record."""
    with factory.begin() as s:
        create_organization(s, None, "qng.tb.ht.cu", "Bộ phận một cửa cũ", "bo_phan",
                            s.get(Organization, world.other_commune.id))
    path = tmp_path / "dossiers.parquet"
    pq.write_table(pa.Table.from_pylist(DOSSIERS, schema=ARROW_SCHEMA), path)
    import_dossiers(path, DossierStore(settings.data_dir))


@pytest.fixture
def target_id(factory, world) -> int:
    with factory() as s:
        plan = s.get(Plan, world.plan_id)
        return s.scalar(select(Target.id).where(
            Target.plan_version_id == plan.current_version_id))


def detail_path(world, target_id: int) -> str:
    return f"/plans/{world.plan_id}/targets/{target_id}"


def row_of(page: str, heading: str) -> str:
    """The table row whose header cell starts with `heading`."""
    match = re.search(rf"<tr><th scope=\"row\">{re.escape(heading)}.*?</tr>", page, re.DOTALL)
    assert match, f"no row {heading}"
    return match.group(0)


class TestTargetsSection:
    def test_it_shows_each_targets_value_by_period_with_status_and_link(
            self, client, world, dossiers, target_id):
        sign_in(client, "lanhdao")
        page = client.get(f"/plans/{world.plan_id}").text
        section = page.split('id="chi-tieu"')[1]

        assert "Số liệu tính từ 5 hồ sơ thủ tục hành chính của UBND xã Hương Trà" in section
        row = section.split("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%")[1].split("</tr>")[0]
        # Q1 (15/12–14/3) a1 a3 of a1 a2 a3 b1; 6 months under way: the latest, in bold;
        # the calendar year to date 3 of 5, for reference
        cells = re.findall(r'<td class="num">(.*?)</td>', row, re.DOTALL)
        assert cells[:2] == ["≥ 98%", "50,00%"]
        assert cells[2].startswith("<strong>60,00%</strong>") and "tạm tính" in cells[2]
        assert "Chưa đến kỳ báo cáo" in cells[3] and "Chưa đến kỳ báo cáo" in cells[4]
        assert cells[5] == "60,00%"
        assert "Chưa đạt" in row
        assert f'href="{detail_path(world, target_id)}"' in row
        spark = re.search(r"data-trend='([^']*)'", row).group(1)
        assert json.loads(spark) == [50.0, 0.0, 100.0, 100.0]  # Jan, Feb, Mar, Apr

    def test_it_labels_the_cchc_periods_official_and_the_calendar_year_for_reference(
            self, client, world, dossiers):
        sign_in(client, "lanhdao")
        head = client.get(f"/plans/{world.plan_id}").text.split('id="chi-tieu"')[1].split(
            "</thead>")[0]
        columns = [re.sub(r"<[^>]+>", " ", cell).split() for cell in
                   re.findall(r"<th [^>]*>(.*?)</th>", head, re.DOTALL)]
        assert [" ".join(c) for c in columns] == [
            "Chỉ tiêu", "Mục tiêu", "Kỳ báo cáo CCHC từ 15/12/2023 (số liệu chính thức)",
            "Năm dương lịch 2024 (tham khảo, lũy kế đến tháng 05/2024)", "Đánh giá", "Xu hướng",
            "Chi tiết", "Quý I đến 14/03/2024", "6 tháng đến 14/06/2024",
            "9 tháng đến 14/09/2024", "Cả năm đến 14/12/2024"]

    def test_it_lists_a_target_stated_in_several_places_once_titled_by_its_indicator(
            self, client, world, factory):
        both = "100% hồ sơ đủ điều kiện được giải quyết trực tuyến và số hóa kết quả"
        stated = [
            Stated("tỷ lệ giải quyết đúng hạn từ 98% trở lên", "tthc", "on_time_rate", ">=",
                   98, "%", "dòng 42"),
            Stated("Tỷ lệ giải quyết hồ sơ đúng hạn đạt 98%", "tthc", "on_time_rate", "=", 98,
                   "%", "Phụ lục, dòng 15"),
            Stated(both, "tthc", "online_rate", "=", 100, "%", "dòng 44"),
            Stated(both, "tthc", "digitization_rate", "=", 100, "%", "dòng 44"),
            Stated("100% văn bản được ban hành đúng quy định", "tthc", "legal_doc_rate", "=",
                   100, "%", "dòng 50"),
            Stated("100% văn bản được ban hành đúng quy định", "tthc", "legal_doc_rate", "=",
                   100, "%", "Phụ lục, dòng 3")]
        with factory.begin() as s:
            commune = create_organization(s, None, "qng.tb.tt", "UBND xã Trà Thủy", "xa",
                                          s.merge(world.district))
            plan_id = import_plan(s, commune, PlanDocument(
                source="kh.docx", targets=stated,
                meta=PlanMeta(title="Kế hoạch CCHC năm 2024", issuer="UBND xã Trà Thủy",
                              level="xa", year=2024),
                tasks=[Task(no="1", area="tthc", text="Niêm yết TTHC")]),
                None, "kh.docx", None).plan_id
        sign_in(client, "admin")
        section = client.get(f"/plans/{plan_id}").text.split('id="chi-tieu"')[1]
        measured = section.split("<tbody>")[1].split("</tbody>")[0]
        titles = re.findall(r'<span class="target-title">(.*?)</span>', measured)
        assert titles == [
            "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (kể cả đang giải quyết trong hạn)",
            "Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ thành phần hồ sơ được số hóa"]
        on_time = measured.split("</tr>")[0]
        assert "“tỷ lệ giải quyết đúng hạn từ 98% trở lên” — dòng 42" in on_time
        assert "“Tỷ lệ giải quyết hồ sơ đúng hạn đạt 98%” — Phụ lục, dòng 15" in on_time
        unmeasured = section.split("<details>")[1]
        assert "<summary>1 chỉ tiêu chưa đo tự động" in unmeasured
        rows = unmeasured.split("<tbody>")[1]
        assert rows.count("<tr>") == 1 and "dòng 50" in rows and "Phụ lục, dòng 3" in rows
        with factory() as s:
            first = s.scalar(select(Target.id).where(Target.text == stated[0].text))
        detail = client.get(f"/plans/{plan_id}/targets/{first}")  # no dossiers: by its address
        assert "Kế hoạch nêu chỉ tiêu này 2 lần" in detail.text
        assert "“Tỷ lệ giải quyết hồ sơ đúng hạn đạt 98%” — Phụ lục, dòng 15" in detail.text

    def test_it_says_when_there_are_no_dossiers(self, client, world):
        sign_in(client, "lanhdao")
        section = client.get(f"/plans/{world.plan_id}").text.split('id="chi-tieu"')[1]

        assert "Chưa có dữ liệu hồ sơ" in section and "/targets/" not in section
        assert "Chưa có dữ liệu hồ sơ thủ tục hành chính của UBND xã Hương Trà" in section


class TestTargetDetail:
    def test_it_lists_the_procedures_and_units_pulling_the_value_down(
            self, client, world, dossiers, target_id):
        sign_in(client, "lanhdao")
        page = client.get(detail_path(world, target_id))

        assert page.status_code == 200
        text = page.text
        assert "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%</h1>" in text
        procedures = text.split("Thủ tục hành chính kéo giảm chỉ tiêu")[1].split("</table>")[0]
        assert "Đăng ký khai sinh" in procedures and "Chứng thực" not in procedures
        assert re.findall(r'<td class="num">([^<]*)</td>', procedures) == [
            "4", "2", "50,00%", "2"]  # received, on time, rate, dossiers short of 98 %
        units = text.split("Đơn vị kéo giảm chỉ tiêu")[1].split("</table>")[0]
        assert "UBND xã Hương Trà" in units
        assert "Bộ phận một cửa cũ" not in units  # on record under xã Trà Sơn

    def test_it_shows_the_report_periods_and_the_monthly_trend_with_a_table(
            self, client, world, dossiers, target_id):
        sign_in(client, "lanhdao")
        text = client.get(detail_path(world, target_id)).text

        q1 = row_of(text, "Quý I/2024")
        assert "15/12/2023 – 14/03/2024" in q1 and "2/4" in q1 and "50,00%" in q1
        trend = json.loads(re.search(r'id="target-trend-data">(.*?)</script>', text).group(1))
        assert trend == {"labels": ["Th1", "Th2", "Th3", "Th4"],
                         "values": [50.0, 0.0, 100.0, 100.0], "target": 98.0}
        assert "Xem dạng bảng" in text and row_of(text, "02/2024").count("0,00%") == 1
        assert "ước tính — điểm chính thức do Cổng DVC quốc gia công bố" in text
        assert "12,00/20" in text  # Decision 766 progress points: 20 × 3/5
        assert "Theo kỳ báo cáo CCHC (số liệu chính thức)" in text
        assert "Năm dương lịch 2024 (tham khảo)" in text

    def test_it_shows_a_district_reviewer_every_unit_below_the_commune(
            self, client, world, dossiers, target_id):
        sign_in(client, "huyen")
        units = client.get(detail_path(world, target_id)).text.split(
            "Đơn vị kéo giảm chỉ tiêu")[1].split("</table>")[0]

        assert "UBND xã Hương Trà" in units and "Bộ phận một cửa cũ" in units

    def test_it_is_not_found_for_an_officer_of_another_province(
            self, client, factory, world, dossiers, target_id):
        with factory.begin() as s:
            province = create_organization(s, None, "bk", "UBND tỉnh Bắc Kạn", "tinh")
            user = create_user(s, None, "backan", "Sở Nội vụ Bắc Kạn", PASSWORD)
            grant_role(s, None, user, province, "secretariat")
        sign_in(client, "backan")

        assert client.get(detail_path(world, target_id)).status_code == 404

    def test_it_is_not_for_unit_officers(self, client, world, dossiers, target_id):
        sign_in(client, "vanphong")
        assert client.get(detail_path(world, target_id)).status_code == 404

    def test_it_is_not_found_under_another_plan(self, client, factory, world, dossiers,
                                                target_id):
        sign_in(client, "admin")
        assert client.get(detail_path(world, target_id)).status_code == 200
        other = f"/plans/{world.other_plan_id}/targets/{target_id}"
        assert client.get(other).status_code == 404
