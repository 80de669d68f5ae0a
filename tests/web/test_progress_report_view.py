"""Reporting in one step: status, percent, note and evidence files in one form; each file
belongs to the update it came with; one refused file and nothing is written; photos reduced."""

from __future__ import annotations

import re
from io import BytesIO

from PIL import Image
from sqlalchemy import func, select
from web_world import progress_form, sign_in

from cchc.store.models import AuditEntry, Evidence, ProgressUpdate, Task
from tests.helpers import phone_photo

PDF = ("Biên bản số hóa.pdf", b"%PDF-1.4 bien ban", "application/pdf")


def report(client, world, files, **fields):
    """The officer of Văn phòng reports on the digitization task with `files`."""
    url = f"/tasks/{world.tasks['sohoa']}"
    form = progress_form(client.get(url).text)
    return client.post(f"{url}/progress", files=[("files", f) for f in files],
                       data={**form, "status": "in_progress", "percent": "60", **fields})


def counts(factory) -> tuple[int, int]:
    with factory() as s:
        return (s.scalar(select(func.count()).select_from(ProgressUpdate)),
                s.scalar(select(func.count()).select_from(Evidence)))


class TestOneStepReport:
    def test_it_offers_files_and_the_camera_in_the_progress_form(self, client, world):
        sign_in(client, "vanphong")
        page = client.get(f"/tasks/{world.tasks['sohoa']}").text
        form = page[page.index("<h2>Cập nhật tiến độ</h2>"):page.index("Lưu cập nhật")]
        assert 'enctype="multipart/form-data"' in form and 'name="note"' in form
        assert re.search(r'<input id="p-files" name="files" type="file"[^>]* multiple '
                         r'accept="image/\*,[^"]*\.pdf', form)
        assert re.search(r'name="files"[^>]* accept="image/\*" capture="environment"', form)

    def test_it_records_the_update_with_its_files_together(self, client, world, factory):
        sign_in(client, "vanphong")
        page = report(client, world, [PDF, ("anh-hien-truong.jpg", phone_photo(800, 600),
                                            "image/jpeg")], note="Đã số hóa 180/300 hồ sơ")
        assert page.status_code == 200
        assert "Đã lưu cập nhật tiến độ và 2 tệp kiểm chứng." in page.text
        history = page.text[page.text.index('<ol class="history">'):page.text.index("</ol>")]
        assert "Đã số hóa 180/300 hồ sơ" in history
        assert "Biên bản số hóa.pdf" in history and "anh-hien-truong.jpg" in history
        with factory() as s:
            update = s.scalar(select(ProgressUpdate))
            files = s.scalars(select(Evidence).order_by(Evidence.id)).all()
            assert [(e.name, e.progress_update_id, e.task_id) for e in files] == [
                ("Biên bản số hóa.pdf", update.id, world.tasks["sohoa"]),
                ("anh-hien-truong.jpg", update.id, world.tasks["sohoa"])]
            audited = s.scalars(select(AuditEntry.after).where(
                AuditEntry.action == "evidence.add")).all()
        assert [a["progress_update_id"] for a in audited] == [update.id, update.id]

    def test_it_keeps_each_update_with_its_own_files(self, client, world):
        sign_in(client, "vanphong")
        report(client, world, [PDF], note="Đợt 1")
        page = report(client, world, [("Danh sách đợt 2.xlsx", b"PK xlsx", None)],
                      note="Đợt 2", percent="80")
        entries = re.findall(r"<li>\s*<div><strong>.*?</li>\s*</ul>", page.text, re.S)
        assert len(entries) == 2
        second, first = entries  # newest first
        assert "Đợt 2" in second and "Danh sách đợt 2.xlsx" in second
        assert "Biên bản số hóa.pdf" not in second
        assert "Đợt 1" in first and "Biên bản số hóa.pdf" in first

    def test_it_writes_nothing_when_one_file_has_a_refused_type(self, client, world, factory):
        sign_in(client, "vanphong")
        page = report(client, world, [PDF, ("cai-dat.exe", b"MZ", "application/x-msdownload")],
                      note="Không được lưu")
        assert page.status_code == 422
        assert "“cai-dat.exe”: không nhận loại tệp “.exe”" in page.text
        assert counts(factory) == (0, 0)
        assert "Không được lưu" in page.text  # kept in the form to send again
        with factory() as s:
            assert s.get(Task, world.tasks["sohoa"]).percent == 0

    def test_it_names_an_unreadable_photo(self, client, world, factory):
        sign_in(client, "vanphong")
        page = report(client, world, [("IMG_0042.jpg", b"not a photo", "image/jpeg")])
        assert page.status_code == 422
        assert ("“IMG_0042.jpg”: không đọc được ảnh — tệp bị hỏng hoặc không phải ảnh JPG."
                in page.text)
        assert counts(factory) == (0, 0)

    def test_it_names_a_file_over_the_limit(self, client, world, factory, settings):
        sign_in(client, "vanphong")
        big = b"x" * (settings.max_upload_bytes + 1)
        page = report(client, world, [PDF, ("hop-dan.mp4", big, "video/mp4")])
        assert page.status_code == 413
        assert "“hop-dan.mp4”: Tệp tải lên quá lớn: tối đa 25 MB mỗi tệp." in page.text
        assert counts(factory) == (0, 0)

    def test_it_reduces_a_large_photo_upright_under_its_own_name(self, client, world):
        sign_in(client, "vanphong")
        photo = phone_photo(4032, 3024, orientation=6)  # held upright: shown 3024 × 4032
        page = report(client, world, [("IMG_0043.JPG", photo, "image/jpeg")])
        link = re.search(r'href="(/evidence/\d+)">IMG_0043.JPG</a>', page.text).group(1)
        stored = client.get(link).content
        assert len(stored) < len(photo)
        image = Image.open(BytesIO(stored))
        assert image.format == "JPEG" and image.size == (1500, 2000)
        assert image.getexif().get(0x0112) in (None, 1)  # upright already
        assert image.getexif().get(0x0132) == "2024:05:09 08:30:00"  # the date taken kept

    def test_it_reduces_an_iphone_heic_photo_keeping_its_format(self, client, world):
        out = BytesIO()  # Pillow writes HEIC once the app has registered it (store/photos.py)
        Image.new("RGB", (2250, 3000), "white").save(out, "HEIF", quality=90)
        sign_in(client, "vanphong")
        page = report(client, world, [("IMG_0044.HEIC", out.getvalue(), "image/heic")])
        link = re.search(r'href="(/evidence/\d+)">IMG_0044.HEIC</a>', page.text).group(1)
        image = Image.open(BytesIO(client.get(link).content))
        assert image.format == "HEIF" and image.size == (1500, 2000)

    def test_it_keeps_a_photo_small_enough_as_it_came(self, client, world):
        sign_in(client, "vanphong")
        photo = phone_photo(1600, 1200)
        page = report(client, world, [("anh-nho.jpg", photo, "image/jpeg")])
        link = re.search(r'href="(/evidence/\d+)">anh-nho.jpg</a>', page.text).group(1)
        assert client.get(link).content == photo

    def test_it_records_an_update_without_files_as_before(self, client, world, factory):
        """A browser sends a file input left empty as a part with an empty file name."""
        sign_in(client, "vanphong")
        url = f"/tasks/{world.tasks['sohoa']}"
        fields = {**progress_form(client.get(url).text), "status": "in_progress",
                  "percent": "10", "note": ""}
        parts = [f'Content-Disposition: form-data; name="{k}"\r\n\r\n{v}'
                 for k, v in fields.items()]
        parts += ['Content-Disposition: form-data; name="files"; filename=""\r\n'
                  'Content-Type: application/octet-stream\r\n\r\n'] * 2
        body = "".join(f"--b\r\n{part}\r\n" for part in parts) + "--b--\r\n"
        page = client.post(f"{url}/progress", content=body.encode(),
                           headers={"Content-Type": "multipart/form-data; boundary=b"})
        assert "Đã lưu cập nhật tiến độ." in page.text
        assert counts(factory) == (1, 0)
