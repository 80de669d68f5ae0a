"""Bộ tiêu chí in the web app: an administrator loads the shipped sets, copies one for a new
year, edits it (a broken text is refused with its line and nothing changes); a set used by a
submitted assessment is frozen. Survey results typed or imported, all rows or none."""

from __future__ import annotations

import re

from sqlalchemy import select
from web_world import sign_in

from cchc.scoring.sets import read
from cchc.store.models import CriteriaSetRecord, Organization, SurveyResult
from cchc.store.services import scoring as services

HANOI = "xa-hanoi-5666"


def _sets(factory) -> dict[tuple[str, int], CriteriaSetRecord]:
    with factory() as s:
        return {(r.code, r.version): r for r in s.scalars(select(CriteriaSetRecord))}


def _install_and_copy(client, factory, world) -> tuple[str, CriteriaSetRecord]:
    token = sign_in(client, "admin")
    page = client.post("/scoring/sets/install", data={"csrf_token": token})
    assert "Đã nạp 2 bộ tiêu chí có sẵn của cchc." in page.text
    shipped = _sets(factory)[(HANOI, 1)]
    page = client.post(f"/scoring/sets/{shipped.id}/copy", data={
        "csrf_token": token, "year": "2026", "owner": str(world.province.id)})
    assert page.status_code == 200 and "Đã sao chép thành phiên bản 2 cho năm 2026" in page.text
    return token, _sets(factory)[(HANOI, 2)]


class TestCriteriaSets:
    def test_a_copy_is_the_next_version_for_the_new_year(self, client, factory, world):
        _, copy = _install_and_copy(client, factory, world)
        assert (copy.year, copy.owner_org_id) == (2026, world.province.id)
        assert read(copy).year == 2026 and read(copy).version == 2

    def test_shipped_sets_are_not_edited_in_place(self, client, factory, world):
        token, _ = _install_and_copy(client, factory, world)
        shipped = _sets(factory)[(HANOI, 1)]
        assert client.get(f"/scoring/sets/{shipped.id}/edit").status_code == 403

    def test_a_broken_edit_is_refused_with_its_line(self, client, factory, world):
        token, copy = _install_and_copy(client, factory, world)
        text = copy.yaml_text.replace("    max: 14\n", "    max: 15\n", 1)
        line = copy.yaml_text[:copy.yaml_text.index("    max: 14\n")].count("\n") + 1
        page = client.post(f"/scoring/sets/{copy.id}/edit", data={
            "csrf_token": token, "text": text, "revision": str(copy.revision)})
        assert page.status_code == 422
        assert f"Dòng {line}: Lĩnh vực 1: tổng điểm các tiêu chí con (14) khác điểm tối đa (15)" \
            in page.text
        assert _sets(factory)[(HANOI, 2)].yaml_text == copy.yaml_text

    def test_an_edit_is_stored_and_audited(self, client, factory, world):
        token, copy = _install_and_copy(client, factory, world)
        text = copy.yaml_text.replace("name: Sáng kiến, cách làm mới trong CCHC được áp dụng",
                                      "name: Sáng kiến CCHC được công nhận", 1)
        page = client.post(f"/scoring/sets/{copy.id}/edit", data={
            "csrf_token": token, "text": text, "revision": str(copy.revision)})
        assert page.status_code == 200 and "Sáng kiến CCHC được công nhận" in page.text

    def test_a_set_used_by_a_submitted_assessment_is_frozen(self, client, factory, world):
        token, copy = _install_and_copy(client, factory, world)
        with factory.begin() as s:
            record = s.get(CriteriaSetRecord, copy.id)
            assessment = services.open_assessment(s, s.get(Organization, world.commune.id),
                                                  2026, record, read(record), None)
            services.approve(s, assessment, None)
            services.submit(s, assessment, None, {}, {}, 0.0)
        assert client.get(f"/scoring/sets/{copy.id}/edit").status_code == 403
        page = client.post(f"/scoring/sets/{copy.id}/edit", data={
            "csrf_token": token, "text": copy.yaml_text, "revision": str(copy.revision)})
        assert page.status_code == 403
        assert "đã khóa" in client.get(f"/scoring/sets/{copy.id}").text


class TestSurveys:
    def _ready(self, client, factory, world):
        token = sign_in(client, "admin")
        client.post("/scoring/sets/install", data={"csrf_token": token})
        shipped = _sets(factory)[(HANOI, 1)]
        with factory.begin() as s:
            for org_id in (world.commune.id, world.other_commune.id):
                services.open_assessment(s, s.get(Organization, org_id), 2024, s.get(
                    CriteriaSetRecord, shipped.id), read(shipped), None)
        return sign_in(client, "huyen")

    def _results(self, factory) -> dict[tuple[int, str], float]:
        with factory() as s:
            return {(r.org_id, r.code): r.value for r in s.scalars(select(SurveyResult))}

    def test_the_district_types_results(self, client, factory, world):
        token = self._ready(client, factory, world)
        page = client.post(f"/scoring/surveys/{world.district.id}/2024", data={
            "csrf_token": token, "source": "SIPAS 2024", f"v:{world.commune.id}:8.1": "86,5"})
        assert "Đã lưu 1 kết quả điều tra." in page.text
        assert self._results(factory) == {(world.commune.id, "8.1"): 86.5}
        page = client.get(f"/scoring/{world.commune.id}/2024")
        assert "Kết quả điều tra: 86,5%" in page.text and "86,5/100 = 86,5% → 10,38/12" in page.text

    def test_an_import_with_a_bad_row_saves_nothing(self, client, factory, world):
        token = self._ready(client, factory, world)
        csv = ("Mã đơn vị;Mã tiêu chí;Kết quả (%)\nqng.tb.ht;8.1;90\nqng.tb.ts;8.2;nhiều\n"
               "qng.tb.xx;8.1;50\n").encode()
        page = client.post(f"/scoring/surveys/{world.district.id}/2024",
                           data={"csrf_token": token},
                           files={"file": ("sipas-2024.csv", csv, "text/csv")})
        assert page.status_code == 422
        assert "sipas-2024.csv, dòng 3: &#39;nhiều&#39; không phải là số phần trăm" in page.text
        assert re.search(r"sipas-2024.csv, dòng 4: đơn vị &#39;qng.tb.xx&#39;", page.text)
        assert self._results(factory) == {}

    def test_an_import_saves_every_row(self, client, factory, world):
        token = self._ready(client, factory, world)
        csv = "Mã đơn vị,Mã tiêu chí,Kết quả (%)\nqng.tb.ht,8.1,90\nqng.tb.ts,8.2,75%\n".encode()
        page = client.post(f"/scoring/surveys/{world.district.id}/2024",
                           data={"csrf_token": token},
                           files={"file": ("sipas-2024.csv", csv, "text/csv")})
        assert "Đã lưu 2 kết quả điều tra." in page.text
        assert self._results(factory) == {(world.commune.id, "8.1"): 90,
                                          (world.other_commune.id, "8.2"): 75}

    def test_the_commune_cannot_enter_its_own_results(self, client, factory, world):
        self._ready(client, factory, world)
        token = sign_in(client, "thuongtruc")
        page = client.post(f"/scoring/surveys/{world.commune.id}/2024", data={
            "csrf_token": token, f"v:{world.commune.id}:8.1": "100"})
        assert page.status_code in (403, 404) and self._results(factory) == {}
