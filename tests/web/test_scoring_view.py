"""Chỉ số CCHC through the pages: the commune scores itself, its chairman approves, it sends;
the district appraises, asks for an explanation, finalizes; the ranking; the audit history."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select
from web_world import sign_in

from cchc.scoring.sets import install_shipped
from cchc.store.models import Assessment, AuditEntry, CriteriaSetRecord


@pytest.fixture
def sets(factory, world):
    with factory.begin() as s:
        install_shipped(s, None)
    with factory() as s:
        return {r.code: r.id for r in s.scalars(select(CriteriaSetRecord))}


def _assessment(factory, org_id: int) -> Assessment:
    with factory() as s:
        found = s.scalar(select(Assessment).where(Assessment.org_id == org_id))
        found.items  # noqa: B018 - loaded for the test
        return found


def _open(client, token, world, sets):
    return client.post(f"/scoring/{world.commune.id}/2024/open",
                       data={"csrf_token": token, "set_id": sets["xa-hanoi-5666"]})


def _version(factory, org_id):
    return str(_assessment(factory, org_id).version_id)


class TestSelfAssessment:
    def test_it_opens_scores_and_shows_the_calculation(self, client, world, sets, factory):
        token = sign_in(client, "thuongtruc")
        page = _open(client, token, world, sets)
        assert page.status_code == 200 and "Đang tự chấm" in page.text
        assert "Kế hoạch số 12/KH-UBND ban hành ngày 05/01/2024, hạn 31/01/2024" in page.text
        page = client.post(f"/scoring/{world.commune.id}/2024", data={
            "csrf_token": token, "version": _version(factory, world.commune.id),
            "y:1.3": "1", "x:1.3": "", "n:3.1": "45", "d:3.1": "50", "x:3.1": "",
            "x:2.1": "Chưa ban hành văn bản QPPL trong năm", "difficulties": "Thiếu nhân lực"})
        assert page.status_code == 200 and "Đã lưu 4 thay đổi." in page.text
        assert "45/50 = 90% → 2,4/3 điểm" in page.text  # 3 × (90 − 50) / (100 − 50)
        items = {i.code: i for i in _assessment(factory, world.commune.id).items}
        assert items["3.1"].self_points == 2.4 and items["1.3"].self_points == 2

    def test_it_refuses_a_value_out_of_range_and_changes_nothing(self, client, world, sets,
                                                                   factory):
        token = sign_in(client, "thuongtruc")
        _open(client, token, world, sets)
        page = client.post(f"/scoring/{world.commune.id}/2024", data={
            "csrf_token": token, "version": _version(factory, world.commune.id),
            "n:3.1": "60", "d:3.1": "50", "x:3.1": ""})
        assert page.status_code == 422
        assert "Tiêu chí 3.1: số đạt phải từ 0 đến tổng số" in page.text
        assert _assessment(factory, world.commune.id).items[0].value == {}

    def test_the_scorer_cannot_approve_and_others_cannot_score(self, client, world, sets):
        token = sign_in(client, "thuongtruc")
        _open(client, token, world, sets)
        client.post(f"/scoring/{world.commune.id}/2024", data={
            "csrf_token": token, "version": "1", "y:1.3": "1", "x:1.3": ""})
        assert client.post(f"/scoring/{world.commune.id}/2024/approve",
                           data={"csrf_token": token}).status_code == 403
        district = sign_in(client, "huyen")
        page = client.post(f"/scoring/{world.commune.id}/2024", data={
            "csrf_token": district, "y:1.3": "0", "x:1.3": ""})
        assert page.status_code == 403


def _through_submission(client, world, sets, factory):
    token = sign_in(client, "thuongtruc")
    _open(client, token, world, sets)
    client.post(f"/scoring/{world.commune.id}/2024", data={
        "csrf_token": token, "version": _version(factory, world.commune.id),
        "y:1.3": "1", "x:1.3": "", "c:1.5": "1", "x:1.5": ""})
    leader = sign_in(client, "lanhdao")
    page = client.post(f"/scoring/{world.commune.id}/2024/approve", data={"csrf_token": leader})
    assert "Lãnh đạo đã phê duyệt" in page.text
    token = sign_in(client, "thuongtruc")
    page = client.post(f"/scoring/{world.commune.id}/2024/submit", data={"csrf_token": token})
    assert "Đã gửi cấp trên, chờ thẩm định" in page.text
    return token


class TestAppraisal:
    def test_submission_locks_the_self_score_and_freezes_the_set(self, client, world, sets,
                                                                  factory):
        token = _through_submission(client, world, sets, factory)
        page = client.post(f"/scoring/{world.commune.id}/2024", data={
            "csrf_token": token, "version": _version(factory, world.commune.id),
            "y:1.3": "0", "x:1.3": ""})
        assert page.status_code == 422 and "Chỉ sửa điểm tự chấm khi chưa trình duyệt" in page.text
        with factory() as s:
            assert s.get(CriteriaSetRecord, sets["xa-hanoi-5666"]).frozen_at is not None

    def test_appraisal_explanation_and_final_score_are_audited(self, client, world, sets,
                                                               factory):
        _through_submission(client, world, sets, factory)
        district = sign_in(client, "huyen")
        page = client.post(f"/scoring/{world.commune.id}/2024/appraise", data={
            "csrf_token": district, "version": _version(factory, world.commune.id),
            "a:1.3": "1", "m:1.3": "Thiếu biên bản tự kiểm tra", "then": "ask"})
        assert page.status_code == 200 and "Cấp trên yêu cầu giải trình" in page.text
        token = sign_in(client, "thuongtruc")
        page = client.post(f"/scoring/{world.commune.id}/2024/respond", data={
            "csrf_token": token, "r:1.3": "Đã bổ sung biên bản ngày 10/12", "send": "1"})
        assert "Đơn vị đã giải trình" in page.text
        district = sign_in(client, "huyen")
        page = client.post(f"/scoring/{world.commune.id}/2024/appraise", data={
            "csrf_token": district, "version": _version(factory, world.commune.id),
            "a:1.3": "1.5", "m:1.3": "Chấp nhận một phần giải trình", "then": "finalize"})
        assert "Đã có điểm chính thức" in page.text
        assessment = _assessment(factory, world.commune.id)
        item = next(i for i in assessment.items if i.code == "1.3")
        with factory() as s:
            changes = s.scalars(select(AuditEntry).where(
                AuditEntry.entity == "score_items", AuditEntry.entity_id == str(item.id),
                AuditEntry.action == "score.appraise").order_by(AuditEntry.id)).all()
        assert [(c.before["appraised_points"], c.after["appraised_points"]) for c in changes] \
            == [(None, 1.0), (1.0, 1.5)]
        assert changes[1].after["appraisal_comment"] == "Chấp nhận một phần giải trình"
        assert assessment.final_total == assessment.self_total - 0.5
        history = client.get(f"/scoring/{world.commune.id}/2024/history").text
        assert "điểm thẩm định: 1 " not in history and "điểm thẩm định: 1,5" in history
        assert "Chuyên viên huyện" in history and "Chốt điểm chính thức" in history

    def test_the_unit_cannot_appraise_itself(self, client, world, sets, factory):
        token = _through_submission(client, world, sets, factory)
        page = client.post(f"/scoring/{world.commune.id}/2024/appraise", data={
            "csrf_token": token, "a:1.3": "0", "m:1.3": "tự thẩm định"})
        assert page.status_code == 403


class TestResultsAndExports:
    def test_the_district_ranks_its_communes(self, client, world, sets, factory):
        _through_submission(client, world, sets, factory)
        sign_in(client, "huyen")
        page = client.get(f"/scoring/results/{world.district.id}/2024")
        assert page.status_code == 200
        assert "UBND xã Hương Trà" in page.text and "Tự chấm" in page.text
        assert "UBND xã Trà Sơn" in page.text  # has not opened one: listed as waiting
        assert 'id="area-charts-data"' in page.text

    def test_it_downloads_word_and_excel(self, client, world, sets, factory):
        _through_submission(client, world, sets, factory)
        docx = client.get(f"/scoring/{world.commune.id}/2024/export.docx")
        assert docx.status_code == 200
        text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
        assert "Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2024" in text
        assert "II. TIÊU CHÍ CHƯA CÓ TÀI LIỆU KIỂM CHỨNG VÀ GIẢI TRÌNH" in text
        book = load_workbook(io.BytesIO(client.get(
            f"/scoring/{world.commune.id}/2024/export.xlsx").content))
        assert book.sheetnames == ["Bảng điểm", "Theo lĩnh vực", "Tài liệu kiểm chứng"]
