"""The demo's organization tree, unit classes and accounts (demo_data/organizations.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy.orm import Session

from cchc.extract.units import default_vocabulary
from cchc.store.models import Organization, User
from cchc.store.services import (
    add_to_unit_class, create_organization, create_unit_class, create_user, grant_role)

EMAIL_DOMAIN = "cchc.example"


@dataclass(frozen=True)
class DemoAccount:
    """A demo login, printed for whoever runs the demo."""

    username: str
    password: str
    role: str
    display_name: str
    org_codes: tuple[str, ...]


@cache
def demo_config() -> dict[str, Any]:
    text = resources.files("cchc").joinpath("demo_data/organizations.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def create_organizations(session: Session) -> dict[str, Organization]:
    """The whole tree with its unit classes; organizations by code."""
    config = demo_config()
    orgs: dict[str, Organization] = {}

    def add(entries: list[dict[str, Any]], parent: Organization | None) -> None:
        for entry in entries:
            code = f"{parent.code}.{entry['code']}" if parent else entry["code"]
            org = orgs[code] = create_organization(session, None, code, entry["name"],
                                                   entry["kind"], parent,
                                                   valid_to=entry.get("valid_to"))
            add([*config["units_below"].get(org.kind, []), *entry.get("below", [])], org)

    add(config["tree"], None)
    vocabulary = default_vocabulary()
    for class_code, kinds in config["classes"].items():
        unit_class = create_unit_class(session, None, class_code,
                                       vocabulary.get(class_code).name)
        for org in orgs.values():
            if org.kind in kinds:
                add_to_unit_class(session, None, unit_class, org)
    return orgs


def create_accounts(session: Session,
                    orgs: dict[str, Organization]) -> list[tuple[DemoAccount, User]]:
    """One account per role (and the secretariat of each plan's organization)."""
    config = demo_config()
    made = []
    for entry in config["users"]:
        account = DemoAccount(entry["username"], config["password"], entry["role"],
                              entry["name"], tuple(entry["orgs"]))
        user = create_user(session, None, account.username, account.display_name,
                           account.password, f"{account.username}@{EMAIL_DOMAIN}")
        for code in account.org_codes:
            grant_role(session, None, user, orgs[code], account.role)
        made.append((account, user))
    return made
