#!/usr/bin/env python3
"""Screenshots of the web app at 1366×768 for docs/screenshots/, on the `cchc demo` data.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Builds the demo database in a temporary directory, serves the app with "today" fixed at the
demo's reference date (1 July 2023: its history runs to 30 June of the plan year of xã Thiệu
Vân), and captures the dashboard, a target's drill-down, the task list, a task page, an import
preview and the organization tree in headless Debian chromium.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from cchc.demo import build_demo_database
from cchc.indicators.synth import demo_orgs, in_words, synth
from cchc.store import make_engine, make_sessionmaker
from cchc.store.models import Evidence, Organization, Plan, ProgressUpdate, Task
from cchc.web.app import create_app
from cchc.web.server import background_server
from cchc.web.settings import Settings

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--lang=vi"]
PASSWORD = "cchc-demo"
DESKTOP = {"width": 1366, "height": 768}


def output_folder(doc: str) -> Path:
    """The folder given by --out (default docs/screenshots), created."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    return out


def main() -> None:
    out = output_folder(__doc__)
    with tempfile.TemporaryDirectory() as tmp, demo_in_browser(Path(tmp)) as (factory, base,
                                                                              browser):
        task_id = _task_with_history(factory)
        leader = signed_in(browser, base, "lanhdao")
        _shoot(leader, out / "dashboard.png")
        leader.get_by_role("link", name="Chi tiết chỉ tiêu: tỷ lệ giải quyết đúng hạn").click()
        _shoot(leader, out / "target-detail.png")
        secretariat = signed_in(browser, base, "thuongtruc")
        secretariat.goto("/tasks")
        _shoot(secretariat, out / "task-list.png")
        secretariat.goto(f"/tasks/{task_id}")
        _shoot(secretariat, out / "task-page.png")
        importer = signed_in(browser, base, "thuongtruc.huongtra")
        importer.goto("/import")
        seeds = resources.files("cchc").joinpath("demo_data/seeds")
        seed = next(s for s in seeds.iterdir() if s.name.startswith("002_"))
        with resources.as_file(seed) as path:
            importer.get_by_label("Tệp kế hoạch").set_input_files(str(path))
            importer.get_by_role("button", name="Tải lên và đọc kế hoạch").click()
        importer.wait_for_load_state("networkidle")
        _shoot(importer, out / "import-preview.png")
        reviewer = signed_in(browser, base, "captren")
        reviewer.goto("/orgs?year=2023")
        _shoot(reviewer, out / "org-tree.png")
        _dossier_import(signed_in(browser, base, "thuongtruc"), out, Path(tmp))
    print(f"9 screenshots in {out}/")


@contextmanager
def demo_in_browser(folder: Path) -> Iterator[tuple[sessionmaker, str, Browser]]:
    """The demo database built in `folder`, served with "today" at the demo's reference date,
    and headless chromium: (session factory, the app's address, the browser)."""
    info = build_demo_database(f"sqlite:///{folder}/demo.sqlite", folder / "data")
    factory = make_sessionmaker(make_engine(info.url))
    app = create_app(factory, Settings(secret_key="screenshots", data_dir=info.data_dir,
                                       today=lambda: info.today))
    with background_server(app) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        yield factory, base, browser
        browser.close()


def signed_in(browser: Browser, base: str, username: str | None,
              viewport: dict[str, int] = DESKTOP) -> Page:
    """A new page of `username` (None: nobody signed in), in a context of its own."""
    page = browser.new_context(base_url=base, locale="vi-VN", viewport=viewport).new_page()
    if username:
        page.goto("/login")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("networkidle")
    return page


def _dossier_import(page: Page, out: Path, tmp: Path) -> None:
    """Nhập hồ sơ TTHC: xã Thiệu Vân's one-stop-shop export for the first half of 2023, as
    provinces export it, with three bad rows — the preview on a desktop and on a 360-px phone,
    then the result."""
    export = tmp / "mot-cua-thieu-van-6-thang-2023.csv"
    orgs = [o for o in demo_orgs() if o.code == "TH.TPTH.THIEUVAN"]
    table = synth(400, seed=2023, orgs=orgs, year=2023)
    table = table.filter(pc.less(table["received_at"], pa.scalar(datetime(2023, 7, 1),
                                                                  pa.timestamp("s"))))
    codes = pc.binary_join_element_wise("MC-", table["dossier_code"], "")
    table = in_words(table.set_column(0, "dossier_code", codes))
    pacsv.write_csv(table, export, pacsv.WriteOptions(delimiter=";"))
    lines = export.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(";")
    for code, column, value in (("MC-LOI-1", 7, "15/03/23 08:00"), ("MC-LOI-2", 13, "Tạm giữ"),
                                ("MC-LOI-3", 5, "TH.TPTH.THIEUDUY")):
        cells = list(first)
        cells[0], cells[column] = code, value
        lines.append(";".join(cells))
    export.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    page.goto("/dossiers/import")
    page.get_by_label("Tệp xuất từ hệ thống một cửa").set_input_files(str(export))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    _shoot(page, out / "dossier-import-preview.png")
    page.set_viewport_size({"width": 360, "height": 780})
    _shoot(page, out / "dossier-import-phone.png")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("button", name=re.compile("Xác nhận nhập")).click()
    page.locator("#import-progress").get_by_text("Đã nhập xong").wait_for(timeout=60_000)
    _shoot(page, out / "dossier-import-result.png")


def _task_with_history(factory) -> int:
    """The task of xã Thiệu Vân with the most evidence and updates."""
    with factory() as s:
        commune = s.scalar(select(Organization.id).where(
            Organization.code == "TH.TPTH.THIEUVAN"))
        evidence = select(func.count(Evidence.id)).where(
            Evidence.task_id == Task.id).scalar_subquery()
        updates = select(func.count(ProgressUpdate.id)).where(
            ProgressUpdate.task_id == Task.id).scalar_subquery()
        return s.scalar(
            select(Task.id).join(Plan, Plan.current_version_id == Task.plan_version_id)
            .where(Plan.org_id == commune)
            .order_by(evidence.desc(), updates.desc(), Task.position).limit(1))


def _shoot(page: Page, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the chart's first frame
    page.screenshot(path=str(path))
    print(f"  {path}")


if __name__ == "__main__":
    main()
