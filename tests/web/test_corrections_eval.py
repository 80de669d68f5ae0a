"""Every correction is a measurement, end to end: a plan is imported in the web app and
corrected in the import preview (a task split, a deadline changed, two tasks merged) and in the
plan editor (a unit changed); `cchc extract eval --corrections` then scores the extractor on
that document against the corrected plan, and exports it as a gold file that scores the same."""

from __future__ import annotations

import json
import re

from sqlalchemy import select
from typer.testing import CliRunner
from web_world import csrf_of, sign_in

from cchc.cli import app
from cchc.store.models import ExtractionCorrection, Plan

PLAN = "\n".join([
    "KẾ HOẠCH", "Cải cách hành chính xã Hương Trà năm 2024", "",
    "TT\tNội dung\tSản phẩm\tChủ trì\tPhối hợp\tThời gian",
    "I\tCải cách thủ tục hành chính\t\t\t\t",
    "1\tRà soát thủ tục hành chính; niêm yết công khai thủ tục hành chính tại Bộ phận Một "
    "cửa\tBáo cáo\tVăn phòng - Thống kê\tTư pháp - Hộ tịch\tQuý II/2024",
    "2\tGiải quyết hồ sơ thủ tục hành chính đúng hạn\tBáo cáo\tBộ phận Một cửa\tCác công chức "
    "chuyên môn\tHằng tháng",
    "3\tSố hóa hồ sơ thủ tục hành chính\tHồ sơ được số hóa\tBộ phận Một cửa\tVăn phòng - Thống "
    "kê\tThường xuyên",
    "4\tTái sử dụng dữ liệu đã số hóa\tKết quả số hóa\tBộ phận Một cửa\tVăn phòng - Thống "
    "kê\tThường xuyên", ""]).encode("utf-8")
runner = CliRunner()


def _post(client, url: str, page, **data):
    return client.post(url, data={"csrf_token": csrf_of(page.text), **data})


def _import_and_correct(client, world) -> None:
    """Upload, correct in the preview, confirm; then correct once more in the plan editor."""
    sign_in(client, "thuongtruc")
    page = client.post("/import", data={"csrf_token": csrf_of(client.get("/import").text),
                                        "org": str(world.commune.id)},
                       files={"file": ("ke-hoach-2024.txt", PLAN, "text/plain")})
    token = re.search(r"/import/([\w-]+)", str(page.url)).group(1)
    assert "4 nhiệm vụ" in page.text
    form = client.get(f"/import/{token}/tasks/0")
    assert "Tách thành hai nhiệm vụ" in form.text
    page = _post(client, f"/import/{token}/tasks/0/split", form,
                 first="Rà soát thủ tục hành chính",
                 second="Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa")
    assert "5 nhiệm vụ" in page.text
    form = client.get(f"/import/{token}/tasks/1")
    page = _post(client, f"/import/{token}/tasks/1", form, text=(
        "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa"), outputs="Bảng niêm yết",
        lead="Văn phòng - Thống kê", coop="", deadline_text="Thường xuyên")
    form = client.get(f"/import/{token}/tasks/4")
    assert "Gộp vào nhiệm vụ ở trên" in form.text
    page = _post(client, f"/import/{token}/tasks/4/merge", form)
    assert "4 nhiệm vụ" in page.text
    choices = dict(re.findall(r'<select id="(unit-\d+)"[^>]*>.*?<option value="([^"]*)" selected',
                              page.text, re.S))
    replace = re.search(r'name="replace" value="(\d+)"', page.text).group(1)  # version 1
    done = _post(client, f"/import/{token}/confirm", page, **choices, replace=replace)
    assert "Đã nhập kế hoạch 2024" in done.text
    plan_id = re.search(r"/plans/(\d+)", str(done.url)).group(1)
    form = client.get(f"/plans/{plan_id}/tasks/3/edit")
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    task = {"version": version, "no": "2", "area": "tthc",
            "text": "Giải quyết hồ sơ thủ tục hành chính đúng hạn", "outputs": "Báo cáo",
            "lead": "Bộ phận Một cửa", "coop": "Tư pháp - Hộ tịch", "deadline_text": "Hằng tháng",
            "budget": ""}
    saved = _post(client, f"/plans/{plan_id}/tasks/3/edit", form, **task)
    assert "kế hoạch nay là phiên bản" in saved.text


def test_corrections_are_kept_scored_and_exported(client, world, factory, settings, db_url,
                                                   tmp_path, monkeypatch):
    _import_and_correct(client, world)
    with factory() as s:
        kept = list(s.scalars(select(ExtractionCorrection).order_by(ExtractionCorrection.id)))
        current = s.get(Plan, world.plan_id).current_version
        assert [(c.place, c.kind, c.field) for c in kept] == [
            ("import", "split", None), ("import", "task", "coop"),
            ("import", "task", "deadline_text"), ("import", "task", "outputs"),
            ("import", "merge", None), ("editor", "task", "coop")]
        assert {c.source_sha256 for c in kept} == {current.source_sha256}
        assert kept[-1].plan_version_id == current.id

    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    monkeypatch.setenv("CCHC_DATA_DIR", str(settings.data_dir))
    export = tmp_path / "gold"
    measured = runner.invoke(app, ["extract", "eval", "--corrections", "--export", str(export)])
    assert measured.exit_code == 0, measured.output
    row = next(line for line in measured.stdout.splitlines()
               if line.startswith("ke-hoach-2024-"))
    assert "(UBND xã Hương Trà 2024, 6 chỗ sửa)" in row
    figures = row.split(" | ")[1:]
    precision, recall, f1 = map(float, figures[:3])
    assert (precision, recall) == (0.75, 0.75) and f1 < 1.0  # 3 of 4 tasks as the user has them

    (gold_path,) = export.glob("*.json")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert (export / gold["source"]).read_bytes() == PLAN
    assert [t["text"] for t in gold["tasks"]] == [
        "Rà soát thủ tục hành chính", "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa",
        "Giải quyết hồ sơ thủ tục hành chính đúng hạn",
        "Số hóa hồ sơ thủ tục hành chính Tái sử dụng dữ liệu đã số hóa"]
    assert gold["tasks"][1]["schedule"] == [{"kind": "continuous", "end": "2024-12-31"}]
    assert gold["tasks"][2]["coop"] == ["Tư pháp - Hộ tịch"]
    assert gold["tasks"][3]["outputs"] == ["Hồ sơ được số hóa", "Kết quả số hóa"]

    again = runner.invoke(app, ["extract", "eval", str(export)])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[1].split(" | ")[1:] == figures  # the same measure


def test_with_nothing_corrected_there_is_nothing_to_measure(world, settings, db_url,
                                                            monkeypatch):
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    monkeypatch.setenv("CCHC_DATA_DIR", str(settings.data_dir))
    result = runner.invoke(app, ["extract", "eval", "--corrections"])
    assert result.exit_code == 1
    assert "Chưa có kế hoạch nào được sửa" in result.stderr
