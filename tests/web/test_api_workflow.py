"""The workflow over the API as an IT centre's systems use it: the nightly push of a
one-stop-shop export, then the indicators it feeds; organizations, plan versions, reports
and self-assessment scores read with a token."""

from __future__ import annotations

import time

from api_helpers import bearer
from sqlalchemy import select
from test_dossiers_view import ROWS, export
from test_reports_view import page, save

from cchc.scoring.sets import install_shipped, read
from cchc.store.models import (
    AuditEntry, CriteriaSetRecord, DossierImport, Organization, User)
from cchc.store.services.scoring import open_assessment
from tests.helpers import seed


def finished(client, headers, location: str, seconds: float = 60) -> dict:
    """The import's status resource once it no longer runs."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(location, headers=headers).json()
        if status["state"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


class TestNightlyPush:
    def test_a_dossier_export_pushed_overnight_feeds_the_indicators(self, client, world,
                                                                    factory):
        headers = bearer(factory, "qng.tb.ht", "import_dossiers", "read_indicators",
                         name="Một cửa điện tử tỉnh")
        pushed = client.post("/api/dossier-imports", headers=headers,
                             data={"org_id": str(world.commune.id)},
                             files={"file": ("mot-cua-2024-03.csv", export(), "text/csv")})
        assert pushed.status_code == 202, pushed.text
        assert pushed.json()["state"] == "running"
        status = finished(client, headers, pushed.headers["location"])
        assert (status["state"], status["loaded"], status["quarantined"]) == ("done", 3, 2)
        assert status["exit_code"] == 1  # some rows quarantined, as the CLI says
        quarantine = client.get(f"{pushed.headers['location']}/quarantine.csv", headers=headers)
        assert quarantine.status_code == 200 and "H4" in quarantine.text
        figures = client.get("/api/indicators", headers=headers, params={
            "org_id": world.commune.id, "period": "2024-03"}).json()
        assert figures["org_code"] == "qng.tb.ht" and figures["figures"]["received"] == 3
        assert figures["no_data"]  # the export has no source for some indicators
        with factory() as s:
            record = s.scalar(select(DossierImport))
            entries = s.scalars(select(AuditEntry).where(
                AuditEntry.action.like("dossiers.import%"))).all()
            assert {e.user_id for e in entries} == {record.user_id}
        listed = client.get("/api/dossier-imports", headers=headers).json()
        assert [i["id"] for i in listed] == [status["id"]]

    def test_an_export_with_no_row_to_store_is_refused_and_stores_nothing(self, client, world,
                                                                           factory):
        headers = bearer(factory, "qng.tb.ht", "import_dossiers")
        answer = client.post("/api/dossier-imports", headers=headers,
                             data={"org_id": str(world.commune.id)},
                             files={"file": ("x.csv", export([ROWS[3]]), "text/csv")})
        assert answer.status_code == 422
        assert "không hồ sơ nào được lưu" in answer.json()["error"]["message"]
        with factory() as s:
            assert s.scalar(select(DossierImport)) is None

    def test_a_token_may_not_push_for_a_commune_outside_its_scope(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht", "import_dossiers")
        answer = client.post("/api/dossier-imports", headers=headers,
                             data={"org_id": str(world.other_commune.id)},
                             files={"file": ("x.csv", export(), "text/csv")})
        assert answer.status_code == 404

    def test_a_token_without_import_permission_may_not_push(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht", "read_indicators")
        answer = client.post("/api/dossier-imports", headers=headers,
                             data={"org_id": str(world.commune.id)},
                             files={"file": ("x.csv", export(), "text/csv")})
        assert answer.status_code == 403


class TestPlansAndOrganizations:
    def test_a_token_reads_the_organizations_and_plan_versions_in_its_reach(self, client,
                                                                            world, factory):
        headers = bearer(factory, "qng.tb.ht", "read_plans")
        orgs = client.get("/api/organizations", headers=headers).json()
        assert {o["code"] for o in orgs["items"]} == {"qng.tb.ht", "qng.tb.ht.vp",
                                                       "qng.tb.ht.tp"}
        assert client.get(f"/api/organizations/{world.other_commune.id}",
                          headers=headers).status_code == 404
        plan = client.get(f"/api/plans/{world.plan_id}", headers=headers).json()
        assert plan["current_version"] == 1 and plan["versions"][0]["tasks"] == 3
        document = client.get(f"/api/plans/{world.plan_id}/versions/1", headers=headers).json()
        assert len(document["tasks"]) == 3
        assert client.get(f"/api/plans/{world.other_plan_id}", headers=headers
                          ).status_code == 404

    def test_a_plan_document_imported_over_the_api_replaces_a_version_only_when_asked(
            self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht", "import_plans", "read_plans")
        plan = seed("001").read_bytes()
        name = seed("001").name
        def push(**fields):
            return client.post("/api/plan-imports", headers=headers,
                               data={"org_id": str(world.commune.id), **fields},
                               files={"file": (name, plan, "text/plain")})

        first = push()  # the 2025 plan: a new plan, version 1
        assert first.status_code == 201, first.text
        assert first.json()["version"] == 1 and first.json()["tasks"] > 0
        again = push()
        assert again.status_code == 409 and "replace=true" in again.json()["error"]["message"]
        replaced = push(replace="true")
        assert replaced.status_code == 201 and replaced.json()["version"] == 2
        versions = client.get(f"/api/plans/{first.json()['plan_id']}", headers=headers).json()
        assert versions["current_version"] == 2
        with factory() as s:
            authors = set(s.scalars(select(User.display_name).join(
                AuditEntry, AuditEntry.user_id == User.id).where(
                AuditEntry.entity == "plan_versions")))
            assert authors == {"Mã API: Hệ thống một cửa"}

    def test_an_unreadable_plan_document_is_refused_and_changes_nothing(self, client, world,
                                                                        factory):
        headers = bearer(factory, "qng.tb.ht", "import_plans")
        answer = client.post("/api/plan-imports", headers=headers,
                             data={"org_id": str(world.commune.id)},
                             files={"file": ("ke-hoach.docx", b"not a word file", "x")})
        assert answer.status_code == 422 and "ke-hoach.docx" in answer.json()["error"]["message"]


class TestReportsAndScores:
    def test_a_token_reads_a_report_and_downloads_it_in_word(self, client, world, factory):
        headers = bearer(factory, "qng.tb.ht", "read_reports")
        report = client.get(f"/api/reports/{world.commune.id}/2024-Q1", headers=headers)
        assert report.status_code == 200, report.text
        assert report.json()["status"] == "none" and report.json()["content"]
        word = client.get(f"/api/reports/{world.commune.id}/2024-Q1/document",
                          headers=headers, params={"format": "docx"})
        assert word.status_code == 200 and word.content[:2] == b"PK"
        assert client.get(f"/api/reports/{world.other_commune.id}/2024-Q1",
                          headers=headers).status_code == 404
        assert client.get(f"/api/reports/{world.commune.id}/2024-Q7",
                          headers=headers).status_code == 404

    def test_a_token_reads_the_version_a_commune_sent_as_it_was_sent(self, client, world,
                                                                     factory):
        html = page(client, world, "thuongtruc").text
        save(client, world, html, send=True, **{"s:de_xuat": "Đề nghị hỗ trợ máy quét."})
        client.cookies.clear()
        headers = bearer(factory, "qng.tb", "read_reports")
        url = f"/api/reports/{world.commune.id}/2024-Q1"
        report = client.get(url, headers=headers).json()
        assert report["status"] == "sent" and [s["number"] for s in report["submissions"]] == [1]
        sent = client.get(url, headers=headers, params={"version": 1}).json()
        assert "Đề nghị hỗ trợ máy quét." in str(sent["content"])
        assert client.get(url, headers=headers, params={"version": 2}).status_code == 404
        workbook = client.get(f"{url}/document", headers=headers,
                                 params={"format": "xlsx", "version": 1})
        assert workbook.status_code == 200 and workbook.content[:2] == b"PK"

    def test_a_token_reads_the_self_assessment_scores(self, client, world, factory):
        with factory.begin() as s:
            install_shipped(s, None)
            record = s.scalar(select(CriteriaSetRecord).where(
                CriteriaSetRecord.code == "xa-hanoi-5666"))
            open_assessment(s, s.get(Organization, world.commune.id), 2024, record,
                            read(record), None)
        headers = bearer(factory, "qng.tb.ht", "read_scores")
        scores = client.get(f"/api/scores/{world.commune.id}/2024", headers=headers)
        assert scores.status_code == 200, scores.text
        body = scores.json()
        assert body["status"] == "draft" and body["criteria_set"] == "xa-hanoi-5666"
        assert any(line["level"] == "leaf" for line in body["lines"])
        assert client.get(f"/api/scores/{world.commune.id}/2023",
                          headers=headers).status_code == 404
        reader = bearer(factory, "qng.tb.ht", "read_plans")
        assert client.get(f"/api/scores/{world.commune.id}/2024",
                          headers=reader).status_code == 403
