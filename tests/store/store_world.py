"""The small world the store tests run in (built by the fixtures in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

from cchc.store.models import Organization, UnitClass


@dataclass
class Tree:
    """Quảng Ngãi ← Trà Bồng ← xã Hương Trà ← Văn phòng – Thống kê; and xã Trà Sơn."""

    province: Organization
    district: Organization
    commune: Organization
    other_commune: Organization
    office: Organization
    communes: UnitClass
