"""The units added under each province, commune or former district (data/org_template.yaml):
departments, offices and officer posts named as plans print them, and unit-class memberships.

Applying the template is idempotent: a unit already there (by code) is left as it is, so an
administrator's later rename or closure is kept; what the template adds is audited.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.vntext import fold, nfc
from cchc.errors import CchcError
from cchc.extract.units import default_vocabulary
from cchc.store.models import Organization, UnitClass, UnitClassMember, User
from cchc.store.queries import merges
from cchc.store.services import (
    add_to_unit_class, create_organization, create_unit_class, merge_organizations)

TEMPLATE_ENV = "CCHC_ORG_TEMPLATE"
UNIT_KINDS = ("so", "phong", "bo_phan", "officer_post", "khac")
_CODE = re.compile(r"^[A-Z0-9_-]{1,20}$")
# Level words ({cap}) by the folded start of a committee's name without "UBND".
_LEVEL_WORDS = (("thanh pho", "thành phố"), ("thi xa", "thị xã"), ("thi tran", "thị trấn"),
                ("dac khu", "đặc khu"), ("huyen", "huyện"), ("quan", "quận"),
                ("phuong", "phường"), ("tinh", "tỉnh"), ("xa", "xã"))
_COMMITTEE = ("ubnd ", "uy ban nhan dan ")
_DEFAULT_LEVEL_WORD = {"tinh": "tỉnh", "huyen": "huyện", "xa": "xã", "phuong": "phường",
                       "thi_tran": "thị trấn", "dac_khu": "đặc khu"}


class TemplateError(CchcError):
    """The template file is malformed: file, entry and reason."""


@dataclass(frozen=True)
class TemplateUnit:
    code: str
    name: str  # may hold "{cap}"
    kind: str
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrgTemplate:
    """Units by the kind of the unit above them, and class memberships by kind."""

    source: str
    units: Mapping[str, tuple[TemplateUnit, ...]]
    classes: Mapping[str, tuple[str, ...]]  # class code -> kinds of its members

    @classmethod
    def load(cls, path: str | Path | None = None) -> OrgTemplate:
        """The file at `path`, else at $CCHC_ORG_TEMPLATE, else the packaged one."""
        path = path or os.environ.get(TEMPLATE_ENV) or None
        if path is None:
            return cls.parse(packaged_text(), "org_template.yaml")
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{path}: không đọc được mẫu đơn vị ({exc})") from exc
        return cls.parse(text, str(path))

    @classmethod
    def parse(cls, text: str, source: str) -> OrgTemplate:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise TemplateError(f"{source}: không phải YAML hợp lệ ({exc})") from exc
        if not isinstance(data, dict):
            raise TemplateError(f"{source}: cần các mục 'units' và 'classes'")
        known_classes = {u.id for u in default_vocabulary().units if u.is_class}
        units = {kind: tuple(_unit(entry, f"{source}: units.{kind}[{i + 1}]", known_classes)
                             for i, entry in enumerate(entries or []))
                 for kind, entries in (data.get("units") or {}).items()}
        for kind, entries in units.items():
            codes = [u.code for u in entries]
            for unit in entries:
                if codes.count(unit.code) > 1:
                    raise TemplateError(f"{source}: units.{kind}: mã {unit.code} lặp lại")
                if unit.successor and unit.successor not in codes:
                    raise TemplateError(f"{source}: units.{kind}: {unit.code} có đơn vị kế thừa "
                                        f"{unit.successor} không có trong cùng mục")
        classes = {code: tuple(kinds or []) for code, kinds in (data.get("classes") or {}).items()}
        for code in classes:
            if code not in known_classes:
                raise TemplateError(f"{source}: classes: không có nhóm đơn vị {code} "
                                    "trong units.yaml")
        return cls(source, units, classes)

    @property
    def class_codes(self) -> list[str]:
        """Every unit class the template names, first named first."""
        named = [*self.classes, *(c for units in self.units.values() for u in units
                                  for c in u.classes)]
        return list(dict.fromkeys(named))

    def units_for(self, parent: Organization) -> Iterator[tuple[TemplateUnit, str, date | None,
                                                                date | None]]:
        """(entry, name, valid_from, valid_to) of each unit to have under `parent`, for the
        entries whose time overlaps the parent's."""
        word = level_word(parent)
        for unit in self.units.get(parent.kind, ()):
            start = _latest(parent.valid_from, unit.valid_from)
            end = _earliest(parent.valid_to, unit.valid_to)
            if start is None or end is None or start <= end:
                yield unit, unit.name.replace("{cap}", word), start, end


def packaged_text() -> str:
    """The template shipped with cchc, as text (for `cchc orgs template`)."""
    return resources.files("cchc.store").joinpath("data/org_template.yaml").read_text("utf-8")


def level_word(org: Organization) -> str:
    """"tỉnh", "thành phố", "xã", "phường"... as the committee's name says, else by its kind."""
    return _named_level(org.name) or _DEFAULT_LEVEL_WORD.get(org.kind, "")


def committee_name(name: str, kind: str) -> str:
    """The People's Committee of an administrative unit: "Xã Thiệu Vân" → "UBND xã Thiệu Vân",
    "Thanh Hóa" → "UBND tỉnh Thanh Hóa"; other names, and names with "UBND", as they are."""
    if kind not in _DEFAULT_LEVEL_WORD or fold(name).startswith(_COMMITTEE):
        return name
    if _named_level(name):
        return f"UBND {name[:1].lower()}{name[1:]}"
    return f"UBND {_DEFAULT_LEVEL_WORD[kind]} {name}"


def _named_level(name: str) -> str | None:
    folded = fold(name)
    for prefix in _COMMITTEE:
        folded = folded.removeprefix(prefix)
    return next((word for start, word in _LEVEL_WORDS if folded.startswith(start + " ")), None)


def _unit(entry: Any, where: str, known_classes: set[str]) -> TemplateUnit:
    if not isinstance(entry, dict):
        raise TemplateError(f"{where}: cần một mục dạng {{code, name, kind}}")
    missing = [key for key in ("code", "name", "kind") if not entry.get(key)]
    if missing:
        raise TemplateError(f"{where}: thiếu {', '.join(missing)}")
    code, kind = str(entry["code"]), entry["kind"]
    if not _CODE.match(code):
        raise TemplateError(f"{where}: mã '{code}' chỉ được gồm chữ in hoa A-Z, số, _ và -")
    if kind not in UNIT_KINDS:
        raise TemplateError(f"{where}: loại '{kind}' không hợp lệ (dùng {', '.join(UNIT_KINDS)})")
    classes = tuple(entry.get("classes") or ())
    unknown = [c for c in classes if c not in known_classes]
    if unknown:
        raise TemplateError(f"{where}: không có nhóm đơn vị {', '.join(unknown)} trong units.yaml")
    dates = {key: entry.get(key) for key in ("valid_from", "valid_to")}
    for key, value in dates.items():
        if value is not None and not isinstance(value, date):
            raise TemplateError(f"{where}: {key} phải là ngày dạng YYYY-MM-DD")
    return TemplateUnit(code, nfc(str(entry["name"])), kind, dates["valid_from"],
                        dates["valid_to"], entry.get("successor"), classes)


def _latest(*days: date | None) -> date | None:
    return max((d for d in days if d is not None), default=None)


def _earliest(*days: date | None) -> date | None:
    return min((d for d in days if d is not None), default=None)


@dataclass
class TemplateApplier:
    """Applies a template within one transaction, remembering classes and memberships."""

    session: Session
    user: User | None
    template: OrgTemplate
    created: int = 0
    _classes: dict[str, UnitClass] = field(default_factory=dict)
    _members: set[tuple[int, int]] | None = None
    _merged: set[tuple[int, int]] | None = None

    def __post_init__(self) -> None:
        for code in self.template.class_codes:  # a plan may name a class before it has members
            self._unit_class(code)

    def apply(self, parent: Organization, existing: Mapping[str, Organization]) -> None:
        """Add the template's units under `parent` (`existing`: organizations by code) and put
        `parent` in the classes of its kind."""
        for class_code, kinds in self.template.classes.items():
            if parent.kind in kinds:
                self.join(class_code, parent)
        made: dict[str, Organization] = {}
        entries = list(self.template.units_for(parent))
        for unit, name, start, end in entries:
            code = f"{parent.code}.{unit.code}"
            org = existing.get(code)
            if org is None:
                org = create_organization(self.session, self.user, code, name, unit.kind,
                                          parent, start, end)
                self.created += 1
            made[unit.code] = org
            for class_code in unit.classes:
                self.join(class_code, org)
        for unit, *_ in entries:
            successor = made.get(unit.successor or "")
            if successor is not None:
                self._merge(made[unit.code], successor)

    def join(self, class_code: str, org: Organization) -> None:
        """Make `org` a member of the class (created, named as in units.yaml, when missing)."""
        unit_class = self._unit_class(class_code)
        if self._members is None:
            self._members = {(class_id, org_id) for class_id, org_id in self.session.execute(
                select(UnitClassMember.class_id, UnitClassMember.org_id))}
        self.session.flush()
        if (unit_class.id, org.id) not in self._members:
            add_to_unit_class(self.session, self.user, unit_class, org)
            self._members.add((unit_class.id, org.id))

    def _unit_class(self, code: str) -> UnitClass:
        if code not in self._classes:
            found = self.session.scalar(select(UnitClass).where(UnitClass.code == code))
            self._classes[code] = found or create_unit_class(
                self.session, self.user, code, default_vocabulary().get(code).name)
        return self._classes[code]

    def _merge(self, merged: Organization, successor: Organization) -> None:
        if self._merged is None:
            self._merged = {(m.merged_id, m.successor_id) for m in merges(self.session)}
        if merged.valid_to is None or (merged.id, successor.id) in self._merged:
            return
        merge_organizations(self.session, self.user, [merged], successor,
                            merged.valid_to + timedelta(days=1))
        self._merged.add((merged.id, successor.id))
