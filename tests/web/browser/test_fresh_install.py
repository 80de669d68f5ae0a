"""A real installation from nothing, without any demo code: the province and its communes from
the official register, an administrator and a commune's CCHC officer from the command line,
then, in the browser, the officer imports the commune's plan and reports progress, and the
administrator finds the officer's account."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from browsing import go_to
from playwright.sync_api import Browser, expect
from typer.testing import CliRunner

from cchc.cli import app as cli
from cchc.store import make_engine, make_sessionmaker
from cchc.web.app import create_app
from cchc.web.server import background_server
from cchc.web.settings import Settings
from tests.helpers import seed

ADMIN_PASSWORD = "quản-trị-tỉnh-Thanh-Hóa"
OFFICER_PASSWORD = "văn-phòng-thống-kê-xã"
runner = CliRunner()


@pytest.fixture
def installation(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty database: a new SQLite file (nothing migrated), or the PostgreSQL test one."""
    url = db_url if os.environ.get("CCHC_TEST_DATABASE_URL") else \
        f"sqlite:///{tmp_path}/cchc.sqlite"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    return url


def run(*args: str, stdin: str | None = None) -> str:
    result = runner.invoke(cli, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_from_an_empty_database_to_reported_progress(installation, browser: Browser,
                                                      tmp_path: Path):
    assert "167 đơn vị mới" in run("orgs", "load", "--province", "Thanh Hóa")
    communes = [o for o in json.loads(run("orgs", "list", "--under", "38", "--format", "json"))
                if o["level"] == "xa"]
    commune = next(o for o in communes if o["official_name"] == "Xã Thiệu Hóa")
    run("users", "add", "admin", "--name", "Quản trị Sở Nội vụ", "--org", "38", "--role",
        "quan_tri", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    run("users", "add", "vptk.thieuhoa", "--name", "Lê Thị Văn Phòng", "--org",
        commune["code"], "--role", "thuong_truc", "--password-stdin",
        stdin=OFFICER_PASSWORD + "\n")

    engine = make_engine(installation)
    web = create_app(make_sessionmaker(engine),
                     Settings(secret_key="fresh", data_dir=tmp_path / "data"))
    try:
        with background_server(web) as base:
            context = browser.new_context(base_url=base, locale="vi-VN",
                                          viewport={"width": 1366, "height": 768})
            officer = context.new_page()
            officer.goto("/login")
            officer.get_by_label("Tên đăng nhập").fill("vptk.thieuhoa")
            officer.get_by_label("Mật khẩu").fill(OFFICER_PASSWORD)
            officer.get_by_role("button", name="Đăng nhập").click()
            officer.get_by_role("link", name="Nhập kế hoạch").click()
            officer.get_by_label("Tệp kế hoạch").set_input_files(str(seed("000")))
            officer.get_by_role("button", name="Tải lên và đọc kế hoạch").click()
            officer.get_by_role("button", name="Xác nhận nhập kế hoạch").click()
            expect(officer.get_by_role("status")).to_contain_text(
                "Đã nhập kế hoạch 2023 của UBND xã Thiệu Hóa (phiên bản 1, 30 nhiệm vụ)")

            officer.get_by_role("link", name="Danh sách nhiệm vụ").click()
            officer.locator("table a[href^='/tasks/']").first.click()
            officer.get_by_label("Tình trạng", exact=True).select_option(label="Đang thực hiện")
            officer.get_by_label("Tỷ lệ hoàn thành (%)").fill("50")
            officer.get_by_label("Kết quả thực hiện, khó khăn").fill("Đã triển khai tới thôn")
            officer.get_by_role("button", name="Lưu cập nhật").click()
            expect(officer.get_by_role("status").first).to_have_text(
                "Đã lưu cập nhật tiến độ.")
            expect(officer.locator(".history")).to_contain_text("Đã triển khai tới thôn")

            admin = context.browser.new_context(base_url=base, locale="vi-VN").new_page()
            admin.goto("/login")
            admin.get_by_label("Tên đăng nhập").fill("admin")
            admin.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
            admin.get_by_role("button", name="Đăng nhập").click()
            go_to(admin, "Tài khoản")
            expect(admin.locator("table")).to_contain_text("vptk.thieuhoa")
            expect(admin.locator("table")).to_contain_text("Thường trực CCHC · UBND xã Thiệu Hóa")
            context.close()
    finally:
        engine.dispose()
