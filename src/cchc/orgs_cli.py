"""`cchc orgs`: the organization tree from the official register, its history and its listing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import typer
from sqlalchemy.orm import Session

from cchc.errors import CchcError
from cchc.store import open_database
from cchc.store.lookups import user_by_name
from cchc.store.models import User
from cchc.store.org_listing import listing, render_table
from cchc.store.org_template import OrgTemplate, packaged_text

orgs_app = typer.Typer(no_args_is_help=True,
                       help="Đơn vị: nạp danh mục đơn vị hành chính, lịch sử sáp nhập, danh sách.")
T = TypeVar("T")


def _fail(exc: CchcError) -> None:
    typer.echo(f"Lỗi: {exc}", err=True)
    raise typer.Exit(2)


def _run(work: Callable[[Session], T]) -> T:
    """`work` in one transaction on the configured database (schema brought up to date)."""
    try:
        with open_database() as factory, factory.begin() as session:
            return work(session)
    except CchcError as exc:
        _fail(exc)
        raise  # unreachable: _fail exits


def _acting_user(session: Session, username: str | None) -> User | None:
    return user_by_name(session, username) if username else None


@orgs_app.command("load")
def load(
    province: str = typer.Option(..., "--province", "-p",
                                 help="Mã (38), tên (Thanh Hóa, thanh hoa) hoặc all"),
    effective: str | None = typer.Option(
        None, "--effective", help="Ngày hiệu lực của thay đổi (YYYY-MM-DD); mặc định: ngày của "
        "phiên bản danh mục, hoặc 1/7/2025 khi nạp tỉnh lần đầu"),
    register_file: Path | None = typer.Option(
        None, "--register", help="Tệp danh mục (JSON lồng nhau như vietnam-provinces) thay cho "
        "danh mục kèm theo gói"),
    register_version: str | None = typer.Option(
        None, "--register-version", help="Phiên bản (YYYY-MM-DD) của tệp --register"),
    template: Path | None = typer.Option(
        None, "--template", help="Mẫu phòng, ban, chức danh (mặc định: CCHC_ORG_TEMPLATE hoặc "
        "mẫu kèm theo; xem `cchc orgs template`)"),
    user: str | None = typer.Option(None, "--user", help="Tài khoản thực hiện (nhật ký)"),
):
    """Nạp tỉnh, thành phố và các xã, phường, đặc khu từ danh mục chính thức (idempotent)."""
    from cchc.store.register import Register, RegisterError, load_register, official_register

    try:
        if register_file is not None:
            if not register_version:
                raise RegisterError("--register cần --register-version (ngày YYYY-MM-DD)")
            register = Register.from_json(register_file, _iso(register_version,
                                                              "--register-version").isoformat())
        else:
            register = official_register()
        provinces = register.find(province)
        org_template = OrgTemplate.load(template)
        day = _iso(effective, "--effective") if effective else None
    except CchcError as exc:
        _fail(exc)
    report = _run(lambda s: load_register(s, _acting_user(s, user), register, provinces,
                                          org_template, day))
    typer.echo(report.summary())


@orgs_app.command("history")
def history(
    file: Path = typer.Argument(..., help="Tệp CSV các đơn vị trước 2025 và việc sáp nhập"),
    template: Path | None = typer.Option(None, "--template", help="Mẫu phòng, ban, chức danh"),
    no_template: bool = typer.Option(False, "--no-template",
                                     help="Không thêm phòng, ban, chức danh cho đơn vị cũ"),
    user: str | None = typer.Option(None, "--user", help="Tài khoản thực hiện (nhật ký)"),
):
    """Nạp huyện, xã cũ và việc sáp nhập từ tệp CSV (cột: code, name, kind, parent_code,
    valid_from, valid_to, successor_code, merged_on, note). Có lỗi thì không ghi gì."""
    from cchc.store.org_history import load_history

    try:
        org_template = None if no_template else OrgTemplate.load(template)
    except CchcError as exc:
        _fail(exc)
    report = _run(lambda s: load_history(s, _acting_user(s, user), file, org_template))
    typer.echo(report.summary())


@orgs_app.command("list")
def list_orgs(
    under: str | None = typer.Option(None, "--under", help="Chỉ các đơn vị thuộc mã này"),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
    current: bool = typer.Option(False, "--current", help="Chỉ các đơn vị đang hoạt động"),
):
    """Danh sách đơn vị (cây), kể cả đơn vị đã kết thúc, với ngày hiệu lực."""
    if fmt not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    rows = _run(lambda s: listing(s, under, current))
    if fmt == "json":
        typer.echo(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2))
    else:
        typer.echo(render_table(rows))


@orgs_app.command("provinces")
def provinces():
    """Các tỉnh, thành phố trong danh mục kèm theo, với mã và số xã, phường, đặc khu."""
    from cchc.store.register import official_register

    register = official_register()
    typer.echo(f"Danh mục đơn vị hành chính, phiên bản {register.version}:")
    for unit in register.provinces:
        typer.echo(f"{unit.code}  {unit.name} ({len(register.communes[unit.code])} xã, phường, "
                   "đặc khu)")


@orgs_app.command("template")
def template_text():
    """In mẫu phòng, ban, chức danh kèm theo, để sao chép và sửa."""
    typer.echo(packaged_text(), nl=False)


def _iso(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(CchcError(f"{option}: '{text}' không phải ngày YYYY-MM-DD"))
        raise
