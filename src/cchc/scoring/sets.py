"""Criteria sets in the database: the shipped ones installed, a set copied for a new year
(the next version of its code), its text edited after checking, each read once per revision.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.errors import CchcError
from cchc.scoring.criteria import CriteriaSet, parse_set, shipped_sets
from cchc.store.models import CriteriaSetRecord, Organization, User
from cchc.store.services import scoring as services


def read(record: CriteriaSetRecord) -> CriteriaSet:
    """The set a stored record holds (checked when stored, so it reads)."""
    return _parsed(record.id, record.revision, record.yaml_text)


@lru_cache(maxsize=64)
def _parsed(record_id: int, revision: int, text: str) -> CriteriaSet:
    return parse_set(text, f"bộ tiêu chí #{record_id}")


def install_shipped(session: Session, user: User | None) -> list[CriteriaSetRecord]:
    """Every set shipped with cchc, stored unless already there."""
    return [services.install_set(session, name, text, parse_set(text, name), user)
            for name, text in shipped_sets().items()]


def copy_for_year(session: Session, source: CriteriaSetRecord, year: int,
                  owner: Organization, user: User | None) -> CriteriaSetRecord:
    """`source` copied for `year` as the next version of its code, owned by `owner`."""
    if not 2000 <= year <= 2100:
        raise CchcError(f"Năm {year} không hợp lệ / invalid year")
    version = services.next_version(session, source.code)
    text = _with_field(_with_field(source.yaml_text, "year", str(year)), "version",
                       str(version))
    return services.copy_set(session, source, text, parse_set(text, f"{source.code} v{version}"),
                             owner, user)


def save_text(session: Session, record: CriteriaSetRecord, text: str, user: User | None,
              expected_revision: int) -> CriteriaSet:
    """Check then store an edited set; CriteriaError (lines, reasons) leaves it unchanged."""
    text = text.replace("\r\n", "\n")
    found = parse_set(text, f"{record.code} v{record.version}")
    services.edit_set(session, record, text, found, user, expected_revision)
    return found


def _with_field(text: str, key: str, value: str) -> str:
    """`text` with its top-level `key:` line set to `value`."""
    pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
    if not pattern.search(text):
        raise CchcError(f"Bộ tiêu chí không có dòng '{key}:' / no top-level '{key}:'")
    return pattern.sub(f"{key}: {value}", text, count=1)


def sets_for(session: Session, kind: str, year: int | None = None) -> list[CriteriaSetRecord]:
    """Stored sets that apply to organizations of `kind`, the year's first, newest first."""
    found = [r for r in session.scalars(select(CriteriaSetRecord).order_by(
        CriteriaSetRecord.year.desc(), CriteriaSetRecord.version.desc()))
             if kind in read(r).applies_to]
    return sorted(found, key=lambda r: (r.year != year, -r.year, -r.version))
