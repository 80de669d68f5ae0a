"""Accounts seen by an administrator: listing, and many accounts at once from a CSV file.

The CSV has a header row; columns (Vietnamese or English names, any order):
ten_dang_nhap|username, ho_ten|name, ma_don_vi|org, vai_tro|role, and optionally
email, mat_khau|password. An empty password gets a generated one, returned once so the
administrator can hand it over. Any bad row stops the whole import: nothing is written.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.vntext import fold
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import ApiToken, Membership, Organization, User, role_code
from cchc.store.passwords import PasswordRejected
from cchc.store.services.users import add_account

COLUMNS = {  # folded header -> field
    "ten dang nhap": "username", "username": "username",
    "ho ten": "name", "ho va ten": "name", "name": "name",
    "ma don vi": "org", "don vi": "org", "org": "org",
    "vai tro": "role", "role": "role",
    "email": "email", "thu dien tu": "email",
    "mat khau": "password", "password": "password",
}
REQUIRED = ("username", "name", "org", "role")
MAX_ROWS = 5_000
_WORDS = ("lua", "sen", "tre", "may", "song", "nui", "hoa", "gio", "mua", "nang", "lang",
          "dong", "bien", "cau", "den", "sao")


@dataclass(frozen=True)
class AccountRow:
    """A user with the roles they hold, for lists."""

    user: User
    roles: list[tuple[str, str, str]]  # (role code, organization code, organization name)


def list_accounts(session: Session, org_ids: frozenset[int] | None = None) -> list[AccountRow]:
    """Every account (or those holding a role in `org_ids`), by username; API tokens'
    service accounts are not people's accounts."""
    query = select(User).where(User.id.not_in(select(ApiToken.user_id))).order_by(User.username)
    if org_ids is not None:
        query = query.where(User.id.in_(select(Membership.user_id)
                                        .where(Membership.org_id.in_(sorted(org_ids)))))
    users = list(session.scalars(query))
    roles: dict[int, list[tuple[str, str, str]]] = {u.id: [] for u in users}
    for membership in session.scalars(select(Membership).where(
            Membership.user_id.in_(list(roles)))):
        roles[membership.user_id].append((membership.role.code, membership.org.code,
                                          membership.org.name))
    return [AccountRow(u, sorted(roles[u.id])) for u in users]


def generated_password() -> str:
    """A passphrase that passes the policy and can be read out over the phone."""
    words = [secrets.choice(_WORDS) for _ in range(4)]
    return "-".join(words) + f"-{secrets.randbelow(900) + 100}"


def import_accounts(session: Session, actor: User | None, text: str, source: str,
                    allowed_orgs: frozenset[int] | None = None) -> list[tuple[str, str | None]]:
    """Create the accounts of a CSV text; [(username, generated password or None)].

    Raises InvalidUpdateError naming the file, the row and the reason; the caller's
    transaction then rolls everything back. `allowed_orgs` limits the organizations (an
    administrator's scope)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), _dialect(text))
    header = next(reader, None)
    if header is None:
        raise InvalidUpdateError(f"{source}: tệp trống.")
    fields = [COLUMNS.get(fold(h).replace("_", " ").strip()) for h in header]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise InvalidUpdateError(f"{source}, dòng 1: thiếu cột {', '.join(missing)} (cần: "
                                 "ten_dang_nhap, ho_ten, ma_don_vi, vai_tro).")
    made = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if number > MAX_ROWS + 1:
            raise InvalidUpdateError(f"{source}: quá {MAX_ROWS} dòng; hãy chia nhỏ tệp.")
        row = {f: c.strip() for f, c in zip(fields, cells) if f}
        try:
            made.append(_one(session, actor, row, allowed_orgs))
        except (InvalidUpdateError, PasswordRejected) as exc:
            raise InvalidUpdateError(f"{source}, dòng {number}: {exc}") from exc
    if not made:
        raise InvalidUpdateError(f"{source}: không có dòng tài khoản nào.")
    return made


def _one(session: Session, actor: User | None, row: dict[str, str],
         allowed_orgs: frozenset[int] | None) -> tuple[str, str | None]:
    for field in REQUIRED:
        if not row.get(field):
            raise InvalidUpdateError(f"thiếu {field}.")
    org = session.scalar(select(Organization).where(Organization.code == row["org"]))
    if org is None or (allowed_orgs is not None and org.id not in allowed_orgs):
        raise InvalidUpdateError(f"không có đơn vị mã '{row['org']}' trong phạm vi quản lý.")
    role = role_code(row["role"])
    if role is None:
        raise InvalidUpdateError(f"vai trò '{row['role']}' không có.")
    password = row.get("password") or generated_password()
    add_account(session, actor, row["username"], row["name"], password, org, role,
                row.get("email") or None)
    return row["username"], None if row.get("password") else password


def _dialect(text: str) -> type[csv.Dialect]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return csv.excel if first.count(",") >= first.count(";") else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"
