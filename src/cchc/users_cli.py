"""`cchc users …`: accounts from the console, for the administrator who installs cchc.

Actions are audited with no acting user (the console); the first administrator of a fresh
installation is created here: `cchc users add admin --name "…" --org 38 --role quan_tri`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from cchc.clock import VIETNAM
from cchc.errors import CchcError
from cchc.store import open_database
from cchc.store.errors import InvalidUpdateError
from cchc.store.lookups import org_by_code, user_by_name
from cchc.store.models import ROLE_ALIASES, ROLES, role_code
from cchc.store.passwords import PasswordRejected
from cchc.store.services import accounts, grant_role, users
from cchc.store.services.sessions import end_sessions

users_app = typer.Typer(no_args_is_help=True, help="Tài khoản người dùng: thêm, liệt kê, khóa, "
                                                   "đặt lại mật khẩu, ủy quyền.")
ROLE_HELP = ("Vai trò: " + ", ".join(f"{alias} ({ROLES[code]})"
                                      for alias, code in ROLE_ALIASES.items()))


@contextmanager
def _writing() -> Iterator[Session]:
    """A transaction on the configured database; errors become one line and exit code 2."""
    try:
        with open_database() as factory, factory.begin() as session:
            yield session
    except (CchcError, PasswordRejected) as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from None


def _role(name: str) -> str:
    code = role_code(name)
    if code is None:
        raise InvalidUpdateError(f"Không có vai trò '{name}'. {ROLE_HELP}.")
    return code


def _password(from_stdin: bool, ask: Callable[[], str]) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return ask()


def _ask_new_password() -> str:
    return typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")


@users_app.command("add")
def add(username: str = typer.Argument(..., help="Tên đăng nhập"),
        name: str = typer.Option(..., "--name", help="Họ và tên"),
        org: str = typer.Option(..., "--org", help="Mã đơn vị (cchc orgs list)"),
        role: str = typer.Option(..., "--role", help=ROLE_HELP),
        email: str | None = typer.Option(None, "--email", help="Thư điện tử (nhắc việc)"),
        password_stdin: bool = typer.Option(False, "--password-stdin",
                                            help="Đọc mật khẩu từ một dòng của đầu vào chuẩn")):
    """Thêm một tài khoản với một vai trò tại một đơn vị."""
    with _writing() as session:
        account = users.add_account(session, None, username, name,
                                    _password(password_stdin, _ask_new_password),
                                    org_by_code(session, org), _role(role), email)
        typer.echo(f"Đã tạo tài khoản {account.username} — {ROLES[_role(role)]}, {org}.")


@users_app.command("grant")
def grant(username: str = typer.Argument(..., help="Tên đăng nhập"),
          org: str = typer.Option(..., "--org", help="Mã đơn vị"),
          role: str = typer.Option(..., "--role", help=ROLE_HELP)):
    """Giao thêm một vai trò tại một đơn vị cho tài khoản đã có."""
    with _writing() as session:
        grant_role(session, None, user_by_name(session, username), org_by_code(session, org), _role(role))
        typer.echo(f"Đã giao vai trò {ROLES[_role(role)]} tại {org} cho {username}.")


@users_app.command("list")
def list_users(fmt: str = typer.Option("table", "--format", help="table | json")):
    """Liệt kê tài khoản, vai trò và đơn vị."""
    with _writing() as session:
        rows = accounts.list_accounts(session)
        if fmt == "json":
            typer.echo(json.dumps([{
                "username": r.user.username, "name": r.user.display_name,
                "email": r.user.email, "active": r.user.active,
                "roles": [{"role": code, "org_code": org_code, "org_name": org_name}
                          for code, org_code, org_name in r.roles]} for r in rows],
                ensure_ascii=False, indent=2))
            return
        for r in rows:
            held = "; ".join(f"{ROLES[c]} @ {o}" for c, o, _ in r.roles) or "(chưa có vai trò)"
            state = "" if r.user.active else " [đã khóa]"
            typer.echo(f"{r.user.username:<20} {r.user.display_name:<30} {held}{state}")


@users_app.command("disable")
def disable(username: str = typer.Argument(..., help="Tên đăng nhập")):
    """Khóa tài khoản; mọi phiên đăng nhập của tài khoản kết thúc ngay."""
    with _writing() as session:
        users.set_active(session, None, user_by_name(session, username), False)
        typer.echo(f"Đã khóa tài khoản {username}.")


@users_app.command("enable")
def enable(username: str = typer.Argument(..., help="Tên đăng nhập")):
    """Mở khóa tài khoản."""
    with _writing() as session:
        users.set_active(session, None, user_by_name(session, username), True)
        typer.echo(f"Đã mở khóa tài khoản {username}.")


@users_app.command("reset-password")
def reset_password(username: str = typer.Argument(..., help="Tên đăng nhập"),
                   password_stdin: bool = typer.Option(
                       False, "--password-stdin", help="Đọc mật khẩu mới từ đầu vào chuẩn")):
    """Đặt lại mật khẩu (nhập, hoặc để trống để cchc tạo một mật khẩu); các phiên đăng nhập
    của tài khoản kết thúc."""
    with _writing() as session:
        new = _password(password_stdin, lambda: typer.prompt(
            "Mật khẩu mới (để trống: tự tạo)", default="", hide_input=True,
            show_default=False)) or accounts.generated_password()
        users.set_password(session, None, user_by_name(session, username), new)
        typer.echo(f"Đã đặt lại mật khẩu của {username}." + (
            "" if password_stdin else f" Mật khẩu: {new}"))


@users_app.command("end-sessions")
def end_all(username: str = typer.Argument(..., help="Tên đăng nhập")):
    """Kết thúc mọi phiên đăng nhập của tài khoản (đăng xuất trên mọi thiết bị)."""
    with _writing() as session:
        ended = end_sessions(session, None, user_by_name(session, username))
        typer.echo(f"Đã kết thúc {ended} phiên đăng nhập của {username}.")


@users_app.command("import")
def import_csv(file: Path = typer.Argument(..., help="Tệp CSV: ten_dang_nhap, ho_ten, "
                                                     "ma_don_vi, vai_tro[, email, mat_khau]")):
    """Thêm nhiều tài khoản từ tệp CSV; một dòng sai thì không thêm dòng nào. In ra mật khẩu
    được tạo cho những dòng để trống mật khẩu."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"Lỗi: {file}: không đọc được tệp CSV UTF-8 ({exc}).", err=True)
        raise typer.Exit(2) from None
    with _writing() as session:
        made = accounts.import_accounts(session, None, text, file.name)
        typer.echo(f"Đã tạo {len(made)} tài khoản.")
        for username, password in made:
            if password:
                typer.echo(f"{username},{password}")


@users_app.command("delegate")
def delegate(username: str = typer.Argument(..., help="Tên đăng nhập"),
             org: str = typer.Option(..., "--org", help="Mã đơn vị được làm thay"),
             role: str = typer.Option(..., "--role", help=ROLE_HELP),
             reason: str = typer.Option(..., "--reason", help="Lý do ủy quyền"),
             until: str | None = typer.Option(None, "--until", help="Hết hạn (YYYY-MM-DD)")):
    """Ủy quyền: cho tài khoản làm vai trò tại đơn vị cấp dưới (ví dụ nhập tiến độ thay xã)."""
    with _writing() as session:
        valid_until = None
        if until:
            try:
                valid_until = datetime.combine(date.fromisoformat(until), time.max, VIETNAM)
            except ValueError:
                raise InvalidUpdateError(
                    f"Ngày hết hạn '{until}' không đúng dạng YYYY-MM-DD.") from None
        made = users.delegate(session, None, user_by_name(session, username), org_by_code(session, org),
                              _role(role), reason, valid_until)
        typer.echo(f"Đã ủy quyền #{made.id}: {username} làm {ROLES[made.role_code]} tại {org}.")
