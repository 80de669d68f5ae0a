"""Nhập kế hoạch: upload → preview with lint findings → corrections → units → confirm."""

from __future__ import annotations

import re

from sqlalchemy import select
from web_world import csrf_of, sign_in

from cchc.store.models import AuditEntry, Plan, TaskUnit, UnitMapping
from tests.helpers import seed


def upload(client, world, prefix: str = "000"):
    token = csrf_of(client.get("/import").text)
    path = seed(prefix)
    return client.post("/import", data={"csrf_token": token, "org": str(world.commune.id)},
                       files={"file": (path.name, path.read_bytes(), "text/plain")})


def selected_units(html: str) -> dict[str, str]:
    """The preview's unit choices as the form would send them."""
    choices = {}
    for name, options in re.findall(r'<select id="(unit-\d+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        choices[name] = chosen.group(1) if chosen else ""
    return choices


def replace_box(html: str) -> str:
    """The value of the preview's "Đồng ý thay phiên bản" box, as ticking it sends."""
    return re.search(r'name="replace" value="(\d+)"', html).group(1)


def preview_token(page) -> str:
    return re.search(r"/import/([\w-]+)", str(page.url)).group(1)


class TestUpload:
    def test_it_shows_the_parsed_plan_with_its_findings(self, client, world):
        sign_in(client, "thuongtruc")
        page = upload(client, world)
        assert page.status_code == 200
        assert "Xem trước" in page.text and "30 nhiệm vụ" in page.text
        assert "Văn bản để trống số ký hiệu" in page.text
        assert "không có cơ quan chủ trì" in page.text

    def test_it_explains_a_file_it_cannot_read(self, client, world):
        sign_in(client, "thuongtruc")
        token = csrf_of(client.get("/import").text)
        page = client.post("/import", data={"csrf_token": token, "org": str(world.commune.id)},
                           files={"file": ("kh.docx", b"not a zip", "application/octet-stream")})
        assert page.status_code == 422
        assert "Không đọc được tệp" in page.text

    def test_it_is_not_offered_to_a_leader(self, client, world):
        sign_in(client, "lanhdao")
        assert client.get("/import").status_code == 404

    def test_it_refuses_an_organization_outside_the_users_scope(self, client, world):
        sign_in(client, "thuongtruc")
        token = csrf_of(client.get("/import").text)
        page = client.post("/import", data={"csrf_token": token,
                                            "org": str(world.other_commune.id)},
                           files={"file": ("kh.txt", seed("000").read_bytes())})
        assert page.status_code == 404


class TestCorrections:
    def test_it_clears_a_finding_once_the_number_is_filled_in(self, client, world):
        sign_in(client, "thuongtruc")
        page = upload(client, world)
        token = preview_token(page)
        fixed = client.post(f"/import/{token}/meta",
                            data={"csrf_token": csrf_of(page.text), "number": "15/KH-UBND",
                                  "issued_on": "2023-01-10", "year": "2023",
                                  "title": "Kế hoạch CCHC năm 2023"})
        assert fixed.status_code == 200
        assert "danh sách lỗi đã được kiểm tra lại" in fixed.text
        assert "Văn bản để trống số ký hiệu" not in fixed.text
        assert "Văn bản để trống hoặc thiếu ngày ban hành" not in fixed.text
        assert 'value="15/KH-UBND"' in fixed.text

    def test_it_clears_a_missing_lead_once_one_is_given(self, client, world):
        sign_in(client, "thuongtruc")
        page = upload(client, world)
        token = preview_token(page)
        row = re.search(r'<tr class="row-error">.*?/import/[\w-]+/tasks/(\d+)"', page.text,
                        re.S).group(1)
        form = client.get(f"/import/{token}/tasks/{row}")
        assert "Đơn vị chủ trì (mỗi dòng một đơn vị)" in form.text
        before = page.text.count("không có cơ quan chủ trì")
        fixed = client.post(f"/import/{token}/tasks/{row}",
                            data={"csrf_token": csrf_of(form.text),
                                  "lead": "Công chức Văn phòng - Thống kê", "coop": "",
                                  "deadline_text": "Quý II/2023"})
        assert fixed.text.count("không có cơ quan chủ trì") == before - 1

    def test_it_keeps_drafts_private_to_their_author(self, client, world):
        sign_in(client, "thuongtruc")
        token = preview_token(upload(client, world))
        client.cookies.clear()
        sign_in(client, "admin")
        assert client.get(f"/import/{token}").status_code == 404


class TestConfirm:
    def test_it_imports_the_plan_with_the_chosen_units_and_remembers_them(
            self, client, world, factory):
        sign_in(client, "thuongtruc")
        page = upload(client, world, "002")
        token = preview_token(page)
        choices = selected_units(page.text)
        printed = re.findall(r'<label for="(unit-\d+)">([^<]+)</label>', page.text)
        office = next(n for n, text in printed if text == "Bộ phận Văn phòng – Thống kê")
        assert choices[office] == f"org:{world.office.id}"  # suggested by fuzzy match
        done = client.post(f"/import/{token}/confirm",
                           data={"csrf_token": csrf_of(page.text), **choices,
                                 "replace": replace_box(page.text)})
        assert done.status_code == 200
        assert "Đã nhập kế hoạch 2024 của UBND xã Hương Trà (phiên bản 2, 58 nhiệm vụ)" in done.text
        with factory() as s:
            plan = s.scalar(select(Plan).where(Plan.id == world.plan_id))
            assert plan.current_version.number == 2
            assert s.scalar(select(UnitMapping.org_id).where(
                UnitMapping.folded_text == "bo phan van phong - thong ke")) == world.office.id
            assert world.office.id in set(s.scalars(select(TaskUnit.org_id).where(
                TaskUnit.task_id.in_([t.id for t in plan.current_version.tasks]))))

    def test_it_records_hand_corrections_in_the_audit_log(self, client, world, factory):
        sign_in(client, "thuongtruc")
        page = upload(client, world)
        token = preview_token(page)
        page = client.post(f"/import/{token}/meta",
                           data={"csrf_token": csrf_of(page.text), "number": "15/KH-UBND",
                                 "issued_on": "", "year": "2023", "title": ""})
        client.post(f"/import/{token}/confirm", data={"csrf_token": csrf_of(page.text)})
        with factory() as s:
            entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "plan.import_edits"))
            assert any("15/KH-UBND" in change for change in entry.after["edits"])

    def test_it_refuses_a_unit_outside_the_organization(self, client, world):
        sign_in(client, "thuongtruc")
        page = upload(client, world)
        token = preview_token(page)
        refused = client.post(f"/import/{token}/confirm",
                              data={"csrf_token": csrf_of(page.text),
                                    "unit-0": f"org:{world.other_office.id}"})
        assert refused.status_code == 422
        assert "không thuộc phạm vi" in refused.text

    def test_it_drops_a_discarded_draft(self, client, world):
        sign_in(client, "thuongtruc")
        page = upload(client, world)
        token = preview_token(page)
        client.post(f"/import/{token}/discard", data={"csrf_token": csrf_of(page.text)})
        assert client.get(f"/import/{token}").status_code == 404


class TestDataSafety:
    def test_a_file_without_tasks_never_becomes_a_version(self, client, world, factory):
        sign_in(client, "thuongtruc")
        token = csrf_of(client.get("/import").text)
        page = client.post("/import", data={"csrf_token": token, "org": str(world.commune.id)},
                           files={"file": ("ghi-chu.txt", "Kế hoạch năm 2024.".encode(),
                                           "text/plain")})
        assert page.status_code == 422
        assert "ghi-chu.txt: không tìm thấy nhiệm vụ nào trong văn bản" in page.text
        assert "vẫn có thể nhập" not in page.text and "/import/" not in str(page.url)
        with factory() as s:
            assert s.get(Plan, world.plan_id).current_version.number == 1

    def test_it_says_what_a_new_version_changes_and_waits_for_the_box(self, client, world,
                                                                     factory):
        sign_in(client, "thuongtruc")
        page = upload(client, world, "002")
        assert ("Phiên bản mới sẽ thay phiên bản 1 (3 nhiệm vụ) bằng 58 nhiệm vụ: 58 mới, 3 bỏ, "
                "0 giữ nguyên tiến độ.") in page.text
        token = preview_token(page)
        refused = client.post(f"/import/{token}/confirm",
                              data={"csrf_token": csrf_of(page.text),
                                    **selected_units(page.text)})
        assert refused.status_code == 422
        assert "Hãy đánh dấu ô “Đồng ý thay phiên bản 1”" in refused.text
        with factory() as s:
            assert s.get(Plan, world.plan_id).current_version.number == 1

    def test_a_version_replaced_meanwhile_is_not_replaced_blindly(self, client, world, factory):
        sign_in(client, "thuongtruc")
        first = upload(client, world, "002")
        second = upload(client, world, "002")
        for page in (second, first):  # the second one confirmed first
            confirmed = client.post(f"/import/{preview_token(page)}/confirm",
                                    data={"csrf_token": csrf_of(page.text),
                                          **selected_units(page.text),
                                          "replace": replace_box(page.text)})
        assert confirmed.status_code == 422
        assert "vừa có phiên bản khác phiên bản bạn đồng ý thay" in confirmed.text
        assert "Phiên bản mới sẽ thay phiên bản 2 (58 nhiệm vụ)" in confirmed.text
        with factory() as s:
            assert s.get(Plan, world.plan_id).current_version.number == 2

    def test_an_edited_task_counts_as_one_new_and_one_dropped(self, client, world):
        sign_in(client, "thuongtruc")
        page = upload(client, world, "002")
        client.post(f"/import/{preview_token(page)}/confirm",
                    data={"csrf_token": csrf_of(page.text), **selected_units(page.text),
                          "replace": replace_box(page.text)})
        text = seed("002").read_text(encoding="utf-8")
        edited = text.replace("Bộ phận Một cửa", "Bộ phận Một cửa xã", 1)
        assert edited != text
        token = csrf_of(client.get("/import").text)
        page = client.post("/import", data={"csrf_token": token, "org": str(world.commune.id)},
                           files={"file": ("002-sua.txt", edited.encode(), "text/plain")})
        found = re.search(r"Phiên bản mới sẽ thay phiên bản 2 \(58 nhiệm vụ\) bằng 58 nhiệm vụ: "
                          r"(\d+) mới, (\d+) bỏ, (\d+) giữ nguyên tiến độ\.", page.text)
        assert found and found.groups() == ("1", "1", "57")
