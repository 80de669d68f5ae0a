"""The organization tree as a list (`cchc orgs list`): each unit after the unit above it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from cchc.clock import today_from_env
from cchc.domain.vntext import fold
from cchc.store.errors import NotFoundError
from cchc.store.models import ORG_KIND_LABELS, Organization
from cchc.store.queries import subtree_ids

# The administrative level of a unit: its own for a People's Committee, else its parent's.
LEVELS = {"tinh": "tinh", "huyen": "huyen", "xa": "xa", "phuong": "xa", "thi_tran": "xa",
          "dac_khu": "xa"}


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    level: str | None  # tinh | huyen | xa: the People's Committee the unit is or belongs to
    kind: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None
    official_name: str | None  # the name in the official register, for units loaded from it
    register_version: str | None
    depth: int

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        del values["depth"]
        for key in ("valid_from", "valid_to"):
            values[key] = values[key].isoformat() if values[key] else None
        return values


def listing(session: Session, under: str | None = None, current: bool = False,
            today: date | None = None) -> list[OrgRow]:
    """Every unit (or those under the unit coded `under`, itself included), depth first, units
    of one parent by name; with `current`, only those existing `today`."""
    parent = aliased(Organization)
    query = select(Organization, parent.code).outerjoin(parent,
                                                        parent.id == Organization.parent_id)
    if under is not None:
        root = session.scalar(select(Organization.id).where(Organization.code == under))
        if root is None:
            raise NotFoundError(f"Không có đơn vị mã '{under}' / no organization '{under}'")
        query = query.where(Organization.id.in_(subtree_ids(session, root)))
    found = {org.id: (org, parent_code) for org, parent_code in session.execute(query)}
    children: dict[int | None, list[Organization]] = {}
    for org, _ in found.values():
        key = org.parent_id if org.parent_id in found else None
        children.setdefault(key, []).append(org)
    day = today or today_from_env()()
    rows: list[OrgRow] = []

    def walk(org: Organization, depth: int, level: str | None) -> None:
        level = LEVELS.get(org.kind, level)
        if not current or ((org.valid_from is None or org.valid_from <= day)
                           and (org.valid_to is None or org.valid_to >= day)):
            rows.append(OrgRow(org.code, org.name, level, org.kind, found[org.id][1],
                               org.valid_from, org.valid_to, org.official_name,
                               org.register_version, depth))
        for child in sorted(children.get(org.id, []), key=_order):
            walk(child, depth + 1, level)

    for top in sorted(children.get(None, []), key=_order):
        walk(top, 0, _inherited_level(session, top))
    return rows


def _order(org: Organization) -> tuple:
    return (org.kind in LEVELS, fold(org.name), org.code)


def _inherited_level(session: Session, org: Organization) -> str | None:
    above = org.parent
    while above is not None and above.kind not in LEVELS:
        above = above.parent
    return LEVELS.get(above.kind) if above is not None else None


def render_table(rows: list[OrgRow]) -> str:
    """A plain-text table in Vietnamese, names indented by depth."""
    header = ("Mã", "Tên", "Loại", "Từ ngày", "Đến ngày")
    lines = [(row.code, "  " * row.depth + row.name, ORG_KIND_LABELS.get(row.kind, row.kind),
              _day(row.valid_from), _day(row.valid_to)) for row in rows]
    widths = [max(len(str(cells[i])) for cells in [header, *lines]) for i in range(len(header))]
    out = ["  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
           for cells in [header, *lines]]
    out.insert(1, "  ".join("-" * w for w in widths))
    out.append(f"{len(rows)} đơn vị")
    return "\n".join(out)


def _day(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"
