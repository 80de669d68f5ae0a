"""The official register of provinces and communes (danh mục đơn vị hành chính) into the
organization tree: `cchc orgs load --province CODE|NAME|all`.

The register is the one the `vietnam-provinces` package ships (General Statistics Office codes
and names since 1 July 2025: 34 provinces, 3,321 communes, wards and special zones), or a file
in the same nested JSON format. Each province becomes "UBND tỉnh …" with its two-digit code and
each commune "UBND xã …" with its five-digit code, under it; the template (org_template.py) adds
their departments and officer posts. Loading is idempotent: a unit the register lists as it is
stored is not written again. A newer register renames units whose official name changed (with a
rename event), moves or reopens units, adds new ones from the effective date and closes those it
no longer lists the day before; every write is audited.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.vntext import collapse, fold
from cchc.errors import CchcError
from cchc.store.models import Organization, User
from cchc.store.org_template import OrgTemplate, TemplateApplier, committee_name
from cchc.store.queries import subtree_ids
from cchc.store.services import (
    close_organization, create_organization, move_organization, rename_organization,
    update_organization)

REORGANIZATION_DAY = date(2025, 7, 1)  # communes of the two-level local government begin
COMMUNE_KINDS = ("xa", "phuong", "dac_khu")
_KINDS = {"tỉnh": "tinh", "thành phố trung ương": "tinh", "xã": "xa", "phường": "phuong",
          "đặc khu": "dac_khu"}
_PROVINCE_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp ")
FUZZY_CUTOFF = 80.0  # "Thanh Hao" → Thanh Hóa scores 89; "Hà Nam" → Hà Nội only 67


class RegisterError(CchcError):
    """The register cannot be read, a province is not found, or a code is taken."""


@dataclass(frozen=True)
class RegisterUnit:
    """A province or commune as the register lists it."""

    code: str  # "38", "16012"
    name: str  # official name: "Thanh Hóa", "Thành phố Hà Nội", "Xã Thiệu Vân"
    kind: str  # tinh | xa | phuong | dac_khu

    @property
    def committee_name(self) -> str:
        """The People's Committee's name: "UBND tỉnh Thanh Hóa", "UBND xã Thiệu Vân"."""
        return committee_name(self.name, self.kind)


@dataclass(frozen=True)
class Register:
    """Provinces and their communes, with the data version (retrieval date) of the register."""

    version: str
    provinces: tuple[RegisterUnit, ...]
    communes: Mapping[str, tuple[RegisterUnit, ...]]  # by province code

    @classmethod
    def from_json(cls, path: str | Path, version: str) -> Register:
        """A register in vietnam-provinces' nested JSON format (provinces with their "wards")."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            provinces = [_unit(p, 2) for p in data]
            communes = {unit.code: tuple(_unit(w, 5) for w in entry["wards"])
                        for unit, entry in zip(provinces, data, strict=True)}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RegisterError(f"{path}: không đọc được danh mục đơn vị hành chính "
                                f"({type(exc).__name__}: {exc})") from exc
        return cls(version, tuple(provinces), communes)

    def find(self, query: str) -> list[RegisterUnit]:
        """Provinces by "all", a code ("38", "1") or a name, tolerant of missing diacritics,
        "tỉnh"/"thành phố" and typos; RegisterError when none or several fit."""
        query = collapse(query)
        if fold(query) in ("all", "tat ca"):
            return list(self.provinces)
        if query.isascii() and query.isdigit():
            found = [p for p in self.provinces if int(p.code) == int(query)]
            if not found:
                raise RegisterError(f"Không có tỉnh, thành phố mã {query} trong danh mục "
                                    f"(phiên bản {self.version}).")
            return found
        names = {p.code: _bare(p.name) for p in self.provinces}
        wanted = _bare(query)
        exact = [p for p in self.provinces if names[p.code] == wanted]
        if exact:
            return exact
        near = process.extract(wanted, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                               limit=2)
        by_code = {p.code: p for p in self.provinces}
        if len(near) == 1 or (near and near[0][1] - near[1][1] >= 5):
            return [by_code[near[0][2]]]
        if near:
            raise RegisterError(f"«{query}» có thể là {by_code[near[0][2]].name} hoặc "
                                f"{by_code[near[1][2]].name}; hãy ghi rõ tên hoặc mã.")
        raise RegisterError(f"Không tìm thấy tỉnh, thành phố «{query}» trong danh mục (phiên bản "
                            f"{self.version}); xem mã và tên bằng `cchc orgs provinces`.")


def official_register() -> Register:
    """The register shipped by the pinned vietnam-provinces package."""
    import vietnam_provinces

    return Register.from_json(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH,
                              vietnam_provinces.__data_version__)


def _unit(entry: Mapping, width: int) -> RegisterUnit:
    kind = _KINDS.get(entry["division_type"])
    if kind is None:
        raise ValueError(f"loại đơn vị '{entry['division_type']}' của {entry['name']} lạ")
    return RegisterUnit(str(int(entry["code"])).zfill(width), collapse(entry["name"]), kind)


def _bare(name: str) -> str:
    folded = fold(name)
    for prefix in _PROVINCE_PREFIXES:
        folded = folded.removeprefix(prefix)
    return folded


@dataclass
class LoadReport:
    """What a load changed, unit by unit (codes), for the administrator who ran it."""

    version: str
    provinces: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    template_units: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.renamed or self.moved or self.reopened or self.closed
                    or self.template_units)

    def summary(self) -> str:
        head = (f"Danh mục đơn vị hành chính phiên bản {self.version}: "
                f"{len(self.provinces)} tỉnh, thành phố")
        if not self.changed:
            return head + "; không có thay đổi."
        parts = [f"{len(self.created)} đơn vị mới", f"{len(self.renamed)} đổi tên",
                 f"{len(self.moved)} chuyển cấp trên", f"{len(self.reopened)} hoạt động lại",
                 f"{len(self.closed)} kết thúc",
                 f"{self.template_units} phòng, ban, chức danh theo mẫu"]
        return head + ": " + ", ".join(parts) + "."


def load_register(session: Session, user: User | None, register: Register,
                  provinces: Iterable[RegisterUnit], template: OrgTemplate,
                  effective_on: date | None = None) -> LoadReport:
    """Bring the listed provinces and their communes in line with `register`, in the caller's
    transaction. Units new to a province already loaded begin on `effective_on` (default: the
    register's data version) and those gone end the day before; on a province's first load the
    communes begin on 1 July 2025."""
    report = LoadReport(register.version)
    applier = TemplateApplier(session, user, template)
    for province in provinces:
        _ProvinceLoad(session, user, register, province, applier, report, effective_on).run()
    report.template_units = applier.created
    return report


class _ProvinceLoad:
    def __init__(self, session: Session, user: User | None, register: Register,
                 province: RegisterUnit, applier: TemplateApplier, report: LoadReport,
                 effective_on: date | None) -> None:
        self.session, self.user, self.register = session, user, register
        self.province, self.applier, self.report = province, applier, report
        self.communes = register.communes[province.code]
        codes = [province.code, *(c.code for c in self.communes)]
        self.by_code = {o.code: o for o in session.scalars(
            select(Organization).where(Organization.code.in_(codes)))}
        root = self.by_code.get(province.code)
        first_load = root is None or not session.scalar(select(Organization.id).where(
            Organization.parent_id == root.id, Organization.official_name.is_not(None)).limit(1))
        self.effective_on = effective_on or (
            REORGANIZATION_DAY if first_load else date.fromisoformat(register.version))

    def run(self) -> None:
        self.report.provinces.append(self.province.code)
        org = self._sync(self.province, None, None)
        listed = {c.code for c in self.communes}
        for commune in self.communes:
            self._sync(commune, org, self.effective_on)
        self.session.flush()
        known = {o.code: o for o in self.session.scalars(select(Organization).where(
            Organization.id.in_(subtree_ids(self.session, org.id))))}
        for gone in [o for o in known.values() if o.parent_id == org.id
                     and o.official_name and o.kind in COMMUNE_KINDS and o.code not in listed
                     and o.valid_to is None]:
            close_organization(self.session, self.user, gone,
                               self.effective_on - timedelta(days=1))
            self.report.closed.append(gone.code)
        for unit in [org, *(self.by_code[c.code] for c in self.communes)]:
            self.applier.apply(unit, known)

    def _sync(self, unit: RegisterUnit, parent: Organization | None,
              begins: date | None) -> Organization:
        org = self.by_code.get(unit.code)
        version = self.register.version
        if org is None:
            org = create_organization(self.session, self.user, unit.code, unit.committee_name,
                                      unit.kind, parent, begins, official_name=unit.name,
                                      register_version=version)
            self.by_code[unit.code] = org
            self.report.created.append(unit.code)
            return org
        if org.official_name is None:
            raise RegisterError(
                f"Mã {unit.code} của {unit.name} trong danh mục đã dùng cho «{org.name}», một "
                "đơn vị không lấy từ danh mục; hãy đổi mã đơn vị đó trước khi nạp.")
        if org.official_name != unit.name or org.kind != unit.kind:
            rename_organization(self.session, self.user, org, unit.committee_name,
                                self.effective_on, official_name=unit.name, kind=unit.kind,
                                register_version=version)
            self.report.renamed.append(unit.code)
        if parent is not None and org.parent_id != parent.id:
            move_organization(self.session, self.user, org, parent)
            self.report.moved.append(unit.code)
        if org.valid_to is not None:
            update_organization(self.session, self.user, org, "org.reopen", valid_to=None,
                                register_version=version)
            self.report.reopened.append(unit.code)
        return org
