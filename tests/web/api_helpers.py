"""API tokens for tests: made through the store service, as `cchc tokens add` does."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cchc.store.models import Organization
from cchc.store.services.api_tokens import create_token

ALL_PERMISSIONS = ("read_plans", "report_progress", "import_plans", "import_dossiers",
                   "read_indicators", "read_reports", "read_scores")


def bearer(factory: sessionmaker[Session], org_code: str, *permissions: str,
           name: str = "Hệ thống một cửa") -> dict[str, str]:
    """The Authorization header of a new token bound to `org_code` with `permissions`."""
    with factory.begin() as s:
        org = s.scalar(select(Organization).where(Organization.code == org_code))
        _token, secret = create_token(s, None, name, org, list(permissions or ALL_PERMISSIONS))
    return {"Authorization": f"Bearer {secret}"}
