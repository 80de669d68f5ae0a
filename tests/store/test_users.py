"""Users: argon2 password hashes, roles held in an organization."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from store_world import Tree

from cchc.store import NotFoundError
from cchc.store.models import AuditEntry, Membership, User
from cchc.store.services import authenticate, grant_role


def test_it_stores_an_argon2_hash_never_the_password(factory, user: User):
    with factory() as s:
        stored = s.get(User, user.id)
        assert stored.password_hash.startswith("$argon2id$")
        assert "mật-khẩu-dài" not in stored.password_hash


def test_it_keeps_the_hash_out_of_the_audit_log(factory, user: User):
    with factory() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "user.create"))
        assert entry.after["username"] == "vanphong"
        assert "password_hash" not in entry.after


@pytest.mark.parametrize("username, password, ok", [
    ("vanphong", "mật-khẩu-dài", True),
    ("vanphong", "mat-khau-dai", False),
    ("khong-co", "mật-khẩu-dài", False),
])
def test_it_authenticates_only_the_right_password(factory, user: User, username, password, ok):
    with factory() as s:
        assert (authenticate(s, username, password) is not None) is ok


def test_it_refuses_an_inactive_user(factory, user: User):
    with factory.begin() as s:
        s.get(User, user.id).active = False
    with factory() as s:
        assert authenticate(s, "vanphong", "mật-khẩu-dài") is None


def test_it_grants_a_role_in_an_organization(factory, tree: Tree, user: User):
    with factory() as s:
        [membership] = s.scalars(select(Membership).where(Membership.user_id == user.id))
        assert (membership.role.code, membership.org_id) == ("secretariat", tree.commune.id)


def test_it_refuses_an_unknown_role(factory, tree: Tree, user: User):
    with pytest.raises(NotFoundError, match="chairman"), factory.begin() as s:
        grant_role(s, None, s.get(User, user.id), tree.commune, "chairman")
