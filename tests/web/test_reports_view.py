"""Báo cáo định kỳ: the commune drafts, edits (with history) and sends its report; the district
sees who sent and returns it with a comment; the commune corrects and sends again."""

from __future__ import annotations

import io
import re

import docx
from sqlalchemy import select
from web_world import csrf_of, sign_in

from cchc.store.models import AuditEntry, Report, ReportEdit, ReportSubmission
from cchc.store.services.reports import content_hash

Q1 = "2024-Q1"


def page(client, world, who: str | None = None):
    if who:
        sign_in(client, who)
    return client.get(f"/reports/{world.commune.id}/{Q1}")


def form_of(html: str) -> dict[str, str]:
    """The draft form's fields as a browser would send them."""
    fields = {"csrf_token": csrf_of(html),
              "version": re.search(r'name="version" value="(\d+)"', html).group(1)}
    for name, text in re.findall(r'name="(s:[^"]+)" rows="\d+">(.*?)</textarea>', html, re.S):
        fields[name] = text
    for name in ("number", "signer"):
        fields[name] = re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
    fields["recipients"] = re.search(r'name="recipients" rows="3">(.*?)</textarea>', html,
                                     re.S).group(1)
    return fields


def save(client, world, html: str, send: bool = False, **changes: str):
    return client.post(f"/reports/{world.commune.id}/{Q1}",
                       data={**form_of(html), **changes, "send": "1" if send else "0"})


class TestDraft:
    def test_it_prefills_the_draft_from_the_data(self, client, world):
        html = page(client, world, "thuongtruc").text
        assert "Báo cáo Quý I/2024 — UBND xã Hương Trà" in html
        assert "Gửi báo cáo" in html and "Dự thảo (chưa lưu)" in html
        assert "ban hành Kế hoạch số 12/KH-UBND về cải cách hành chính năm 2024" in html

    def test_several_people_edit_and_each_change_is_kept(self, client, world, factory):
        html = page(client, world, "thuongtruc").text
        answer = save(client, world, html, **{"s:de_xuat": "Đề nghị bố trí kinh phí số hóa."})
        assert "Đã lưu dự thảo." in answer.text
        client.cookies.clear()
        html = page(client, world, "lanhdao").text
        answer = save(client, world, html, **{"s:uu_diem": "Hoàn thành tốt nhiệm vụ quý I."})
        assert "Hoàn thành tốt nhiệm vụ quý I." in answer.text
        assert "Chủ tịch Hương Trà sửa mục “III.1. Ưu điểm”" in answer.text
        with factory() as s:
            edits = s.scalars(select(ReportEdit).order_by(ReportEdit.id)).all()
            assert [(e.section, e.after) for e in edits] == [
                ("de_xuat", "Đề nghị bố trí kinh phí số hóa."),
                ("uu_diem", "Hoàn thành tốt nhiệm vụ quý I.")]
            assert s.scalar(select(Report)).sections["de_xuat"] == "Đề nghị bố trí kinh phí số hóa."

    def test_the_second_of_two_simultaneous_saves_keeps_what_was_typed(self, client, world):
        first = page(client, world, "thuongtruc").text
        save(client, world, first, **{"s:de_xuat": "Ý kiến thứ nhất"})
        stale = page(client, world).text
        save(client, world, stale, **{"s:de_xuat": "Ý kiến thứ hai"})
        answer = save(client, world, stale, **{"s:han_che": "Nội dung gõ muộn"})
        assert answer.status_code == 409
        assert "Người khác vừa lưu dự thảo này" in answer.text
        assert "Nội dung gõ muộn" in answer.text

    def test_the_level_above_reads_but_does_not_edit(self, client, world):
        html = page(client, world, "huyen").text
        assert "Gửi báo cáo" not in html and "Lưu dự thảo" not in html
        refused = client.post(f"/reports/{world.commune.id}/{Q1}",
                              data={"csrf_token": csrf_of(html), "version": "0",
                                    "s:de_xuat": "x"})
        assert refused.status_code == 403

    def test_another_commune_cannot_see_it(self, client, world):
        assert page(client, world, "trason").status_code == 404


class TestSendAndReturn:
    def test_send_locks_a_version_with_its_hash_then_return_and_resend(self, client, world,
                                                                       factory):
        html = page(client, world, "thuongtruc").text
        sent = save(client, world, html, send=True, **{"s:de_xuat": "Đề nghị hỗ trợ."})
        assert "Đã gửi báo cáo Quý I/2024 (lần 1" in sent.text
        assert "Lưu dự thảo" not in sent.text and "(gửi muộn)" in sent.text  # 10/5 > 20/3
        with factory() as s:
            submission = s.scalar(select(ReportSubmission))
            assert submission.content_sha256 == content_hash(submission.content)
            assert submission.content["sections"]["de_xuat"] == "Đề nghị hỗ trợ."
            assert submission.content["document"]["sent_on"] == "2024-05-10"
            assert submission.late
        assert submission.content_sha256 in sent.text
        refused = client.post(f"/reports/{world.commune.id}/{Q1}/return",
                              data={"csrf_token": csrf_of(sent.text), "comment": "tự trả"})
        assert refused.status_code == 403  # the commune does not return its own report

        client.cookies.clear()
        sign_in(client, "huyen")
        overview = client.get(f"/reports/{world.district.id}/{Q1}/units").text
        assert re.search(r"UBND xã Hương Trà</a></th>\s*<td><span class=\"tag tag-late\">Muộn",
                         overview)
        assert re.search(r"UBND xã Trà Sơn</a></th>\s*<td><span class=\"tag tag-missing\">"
                         r"Chưa gửi", overview)
        report = page(client, world).text
        empty = client.post(f"/reports/{world.commune.id}/{Q1}/return",
                            data={"csrf_token": csrf_of(report), "comment": " "})
        assert empty.status_code == 422 and "Hãy ghi rõ nội dung cần chỉnh sửa" in empty.text
        returned = client.post(f"/reports/{world.commune.id}/{Q1}/return",
                               data={"csrf_token": csrf_of(report),
                                     "comment": "Bổ sung số liệu lĩnh vực hộ tịch"})
        assert "Đã trả lại báo cáo của UBND xã Hương Trà" in returned.text
        assert "Bị trả lại" in returned.text

        client.cookies.clear()
        html = page(client, world, "thuongtruc").text
        assert "Bổ sung số liệu lĩnh vực hộ tịch" in html and "Gửi báo cáo" in html
        again = save(client, world, html, send=True,
                     **{"s:area:tthc": "Đã bổ sung số liệu hộ tịch: 120 hồ sơ."})
        assert "(lần 2" in again.text
        with factory() as s:
            numbers = s.scalars(select(ReportSubmission.number)).all()
            assert sorted(numbers) == [1, 2]
            actions = s.scalars(select(AuditEntry.action).where(
                AuditEntry.action.like("report.%"))).all()
            assert actions.count("report.send") == 2 and "report.return" in actions
        download = client.get(f"/reports/{world.commune.id}/{Q1}/download.docx")
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
        assert "Đã bổ sung số liệu hộ tịch: 120 hồ sơ." in text
        first = client.get(f"/reports/{world.commune.id}/{Q1}/download.docx?version=1")
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(first.content)).paragraphs)
        assert "Đề nghị hỗ trợ." in text and "120 hồ sơ" not in text


class TestCompilation:
    def test_the_district_compiles_its_communes(self, client, world):
        sign_in(client, "huyen")
        html = client.get(f"/reports/{world.district.id}/{Q1}/compilation").text
        assert "Báo cáo tổng hợp Quý I/2024 — UBND huyện Trà Bồng" in html
        assert "UBND xã Hương Trà" in html and "UBND xã Trà Sơn" in html
        book = client.get(f"/reports/{world.district.id}/{Q1}/compilation.xlsx")
        assert book.status_code == 200
        word = client.get(f"/reports/{world.district.id}/{Q1}/compilation.docx")
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
        assert "Có 0/2 đơn vị đã gửi báo cáo quý I năm 2024" in text
