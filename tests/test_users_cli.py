"""`cchc users …` and commands on a database nothing has set up: no traceback, one clear line."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cchc.cli import app
from cchc.store import make_engine, make_sessionmaker
from cchc.store.models import AuditEntry, Delegation, User
from cchc.store.services import create_organization
from tests.helpers import seed

runner = CliRunner()
PASSWORD = "nước-chảy-đá-mòn-2025"


@pytest.fixture
def env(db_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The configured database is the test database, with a province and a commune."""
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    engine = make_engine(db_url)
    with make_sessionmaker(engine).begin() as s:
        province = create_organization(s, None, "38", "Tỉnh Thanh Hóa", "tinh")
        create_organization(s, None, "15853", "Xã Thiệu Vân", "xa", province)
    engine.dispose()
    return db_url


def users(db_url: str) -> dict[str, User]:
    engine = make_engine(db_url)
    with make_sessionmaker(engine)() as s:
        found = {u.username: u for u in s.scalars(select(User))}
    engine.dispose()
    return found


def add(*args: str, password: str = PASSWORD):
    return runner.invoke(app, ["users", "add", *args, "--password-stdin"], input=password + "\n")


class TestUsersAdd:
    def test_it_creates_the_first_administrator(self, env):
        result = add("admin", "--name", "Quản trị tỉnh", "--org", "38", "--role", "quan_tri")
        assert result.exit_code == 0, result.output
        assert "Đã tạo tài khoản admin — Quản trị hệ thống, 38." in result.output
        listed = json.loads(runner.invoke(app, ["users", "list", "--format", "json"]).stdout)
        assert listed == [{"username": "admin", "name": "Quản trị tỉnh", "email": None,
                           "active": True, "roles": [{"role": "admin", "org_code": "38",
                                                      "org_name": "Tỉnh Thanh Hóa"}]}]

    def test_it_refuses_a_weak_password_in_one_line(self, env):
        result = add("admin", "--name", "A", "--org", "38", "--role", "admin",
                     password="12345678")
        assert result.exit_code == 2
        assert result.output.strip() == "Lỗi: Mật khẩu cần ít nhất 10 ký tự."
        assert users(env) == {}

    def test_it_refuses_an_unknown_role_or_organization(self, env):
        assert "Không có vai trò 'boss'" in add("a", "--name", "A", "--org", "38",
                                                "--role", "boss").output
        assert "Không có đơn vị mã '99'" in add("a", "--name", "A", "--org", "99",
                                                "--role", "can_bo").output
        assert users(env) == {}


class TestUsersLifecycle:
    def test_disable_reset_and_delegate(self, env):
        add("canbo", "--name", "Cán bộ", "--org", "15853", "--role", "can_bo")
        assert runner.invoke(app, ["users", "disable", "canbo"]).exit_code == 0
        assert users(env)["canbo"].active is False
        result = runner.invoke(app, ["users", "reset-password", "canbo"], input="\n")
        assert result.exit_code == 0 and "Mật khẩu: " in result.output
        add("tinh", "--name", "Sở Nội vụ", "--org", "38", "--role", "thuong_truc")
        result = runner.invoke(app, ["users", "delegate", "tinh", "--org", "15853", "--role",
                                     "thuong_truc", "--reason", "Xã chưa có cán bộ",
                                     "--until", "2025-12-31"])
        assert result.exit_code == 0, result.output
        engine = make_engine(env)
        with make_sessionmaker(engine)() as s:
            delegation = s.scalar(select(Delegation))
            assert (delegation.role_code, delegation.reason) == ("secretariat",
                                                                 "Xã chưa có cán bộ")
            actions = set(s.scalars(select(AuditEntry.action)))
        engine.dispose()
        assert {"user.disable", "user.password", "delegation.grant"} <= actions

    def test_csv_import_is_all_or_nothing(self, env, tmp_path):
        csv_file = tmp_path / "tk.csv"
        csv_file.write_text("ten_dang_nhap;ho_ten;ma_don_vi;vai_tro\n"
                            "a;An;15853;can_bo\nb;Bình;15853;giam_doc\n", encoding="utf-8")
        result = runner.invoke(app, ["users", "import", str(csv_file)])
        assert result.exit_code == 2
        assert "tk.csv, dòng 3: vai trò 'giam_doc' không có." in result.output
        assert users(env) == {}


class TestEmptyInstallation:
    def test_plan_import_on_a_database_nothing_has_set_up(self, tmp_path, monkeypatch):
        monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path}/new.sqlite")
        result = runner.invoke(app, ["plan", "import", str(seed("000")), "--org", "38"])
        assert result.exit_code == 2
        assert "Không có đơn vị mã '38'" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)

    def test_serve_without_accounts_says_what_to_run(self, env):
        result = runner.invoke(app, ["serve", "--port", "1"])
        assert result.exit_code == 2
        assert "cchc users add admin" in result.output and "--role quan_tri" in result.output

    def test_users_list_on_an_unreachable_database_is_one_line(self, monkeypatch):
        monkeypatch.setenv("CCHC_DATABASE_URL",
                           "postgresql+psycopg://nobody@127.0.0.1:1/none")
        result = runner.invoke(app, ["users", "list"])
        assert result.exit_code == 2
        assert result.output.startswith("Lỗi: postgresql+psycopg://nobody@127.0.0.1:1/none: "
                                        "không mở được cơ sở dữ liệu")
        assert len(result.output.strip().splitlines()) == 1
