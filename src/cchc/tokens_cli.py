"""`cchc tokens …`: API tokens for other systems, from the console (audited with no acting
user): `cchc tokens add "Một cửa tỉnh" --org qng --permission import_dossiers`."""

from __future__ import annotations

import json

import typer
from sqlalchemy import select

from cchc.store.errors import NotFoundError
from cchc.store.models import TOKEN_PERMISSIONS, ApiToken
from cchc.store.services.api_tokens import create_token, list_tokens, revoke_token
from cchc.store.lookups import org_by_code
from cchc.web.params import IDS
from cchc.users_cli import _writing

tokens_app = typer.Typer(no_args_is_help=True, help="Mã truy cập API cho hệ thống khác: tạo, "
                                                    "liệt kê, thu hồi.")
PERMISSION_HELP = "Quyền (lặp lại được): " + ", ".join(
    f"{code} ({label})" for code, label in TOKEN_PERMISSIONS.items())


@tokens_app.command("add")
def add(name: str = typer.Argument(..., help="Tên hệ thống dùng mã"),
        org: str = typer.Option(..., "--org", help="Mã đơn vị: mã thấy đơn vị này và cấp dưới"),
        permission: list[str] = typer.Option(..., "--permission", "-p", help=PERMISSION_HELP)):
    """Tạo mã truy cập; mã chỉ in ra một lần (trên dòng cuối)."""
    with _writing() as session:
        token, secret = create_token(session, None, name, org_by_code(session, org), permission)
        session.flush()
        typer.echo(f"Đã tạo mã truy cập #{token.id} “{token.name}” cho {org}: "
                   f"{', '.join(token.permissions)}. Mã chỉ hiện một lần:", err=True)
        typer.echo(secret)


@tokens_app.command("list")
def list_all(fmt: str = typer.Option("table", "--format", help="table | json")):
    """Liệt kê mã truy cập: đơn vị, quyền, lần dùng cuối, đã thu hồi chưa."""
    with _writing() as session:
        rows = [{"id": t.id, "name": t.name, "prefix": t.prefix, "org_code": t.org.code,
                 "permissions": t.permissions,
                 "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                 "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}
                for t in list_tokens(session)]
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        state = f"thu hồi {r['revoked_at'][:16]}" if r["revoked_at"] else (
            f"dùng {r['last_used_at'][:16]}" if r["last_used_at"] else "chưa dùng")
        typer.echo(f"#{r['id']:<4} {r['name']:<30} {r['org_code']:<14} "
                   f"{','.join(r['permissions'])}  [{state}]")


@tokens_app.command("revoke")
def revoke(token_id: int = typer.Argument(..., help="Số của mã (cchc tokens list)")):
    """Thu hồi mã truy cập: từ nay mã không mở được gì."""
    with _writing() as session:
        token = (session.scalar(select(ApiToken).where(ApiToken.id == token_id))
                 if token_id in IDS else None)
        if token is None:
            raise NotFoundError(f"Không có mã truy cập #{token_id}.")
        revoke_token(session, None, token)
        typer.echo(f"Đã thu hồi mã truy cập #{token_id} “{token.name}”.")
