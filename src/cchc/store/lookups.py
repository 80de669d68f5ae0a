"""Finding an organization by its code and an account by its name, or saying in Vietnamese
that there is none (for the CLI and the importers)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.errors import NotFoundError
from cchc.store.models import Organization, User


def org_by_code(session: Session, code: str) -> Organization:
    """The unit coded `code`; NotFoundError naming the code otherwise."""
    org = session.scalar(select(Organization).where(Organization.code == code))
    if org is None:
        raise NotFoundError(f"Không có đơn vị mã '{code}' (xem: cchc orgs list).")
    return org


def user_by_name(session: Session, username: str) -> User:
    """The account named `username`; NotFoundError naming it otherwise."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(f"Không có tài khoản '{username}'.")
    return user
