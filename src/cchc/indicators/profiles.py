"""Mapping profiles (YAML): which headers of an export mean which canonical column, which words
mean which coded value, and the policy rules of the export's system.

Profiles come from the package (profiles/*.yaml), from the folder CCHC_PROFILES_DIR (an
installation's own, which win over the package's of the same name) or from a file given to
the import. The profile recognizing the most headers is chosen unless one is named. Headers
and words match without case, accents, punctuation or extra spaces. Format: docs/indicators.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cchc.domain.vntext import fold
from cchc.errors import InputError
from cchc.indicators.schema import (
    BY_NAME, CHANNELS, CODE_RANGES, CODED, FLAGS, REQUIRED, STATUSES)

PROFILES_DIR_ENV = "CCHC_PROFILES_DIR"
PACKAGE = "gói cài đặt"  # where the package's own profiles come from
# Policy rules and their choices, the default first (docs/indicators.md, section 2).
RULES: dict[str, tuple[str, ...]] = {
    # a finish or due time earlier on the day of receipt (systems that record dates at 00:00)
    "same_day_before_receipt": ("keep", "quarantine"),
}
Value = int | bool | str
_PUNCTUATION = re.compile(r"[\s,.;:'\"()\[\]/_-]+")


def fold_value(text: str) -> str:
    """A cell as words are matched: no case, accents, punctuation or extra spaces ("HT-TRA" is
    "ht tra"); a cell of punctuation only ("-") stays itself."""
    folded = fold(text)
    return _PUNCTUATION.sub(" ", folded).strip() or folded.strip()


@dataclass(frozen=True)
class Vocabulary:
    """Words → values per column: codes, yes/no, unit names → unit codes."""

    words: Mapping[str, Mapping[str, Value]]

    def lookup(self, column: str, text: str) -> Value | None:
        """The value a cell's text stands for, None when it means nothing known."""
        if column in CODE_RANGES:
            number = _whole_number(text)
            if number is not None:
                low, high = CODE_RANGES[column]
                return number if low <= number <= high else None
        return self.words.get(column, {}).get(fold_value(text))


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    aliases: dict[str, tuple[str, ...]]  # canonical column → headers
    values: dict[str, dict[str, Value]] = field(default_factory=dict)  # column → word → value
    rules: dict[str, str] = field(default_factory=dict)
    source: str = PACKAGE  # PACKAGE or the file it was read from
    extends: str | None = None  # the profile this one adds to (its name)

    def match(self, headers: list[str]) -> dict[str, str]:
        """canonical column → the header in the file that carries it."""
        by_folded = {fold_value(h): h for h in reversed(headers) if h}
        found = {}
        for column, aliases in self.aliases.items():
            for alias in aliases:
                if fold_value(alias) in by_folded:
                    found[column] = by_folded[fold_value(alias)]
                    break
        return found

    def rule(self, name: str) -> str:
        return self.rules.get(name, RULES[name][0])

    def vocabulary(self) -> Vocabulary:
        """The national names, the shared words (vocabulary.yaml), then the profile's."""
        words: dict[str, dict[str, Value]] = {
            "status": {fold_value(n): code for code, n in STATUSES.items()},
            "channel": {fold_value(n): code for code, n in CHANNELS.items()},
        }
        for layer in (_shared_words(), self.values):
            for column, table in layer.items():
                for target in FLAGS if column == "flags" else (column,):
                    words.setdefault(target, {}).update(table)
        for column in FLAGS:  # a column's own yes/no words win over the shared ones
            words.setdefault(column, {}).update(self.values.get(column, {}))
        return Vocabulary(words)


def column_labels() -> dict[str, str]:
    """Each canonical column as officials' exports head it (mot_cua's first header)."""
    mot_cua = next(p for p in builtin_profiles() if p.name == "mot_cua")
    return {column: aliases[0] for column, aliases in mot_cua.aliases.items()}


def builtin_profiles() -> list[Profile]:
    folder = resources.files("cchc.indicators").joinpath("profiles")
    return [_parse(entry.name, yaml.safe_load(entry.read_text(encoding="utf-8")), PACKAGE)
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".yaml")]


def user_profiles(environ: Mapping[str, str] = os.environ) -> list[Profile]:
    """The profiles in CCHC_PROFILES_DIR (*.yaml, *.yml), none when it is not set."""
    folder = environ.get(PROFILES_DIR_ENV)
    if not folder:
        return []
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"{PROFILES_DIR_ENV}={folder}: không phải là thư mục")
    return [read_profile_file(p, resolve=False)
            for p in sorted(path.iterdir()) if p.suffix in (".yaml", ".yml")]


def available_profiles(environ: Mapping[str, str] = os.environ) -> list[Profile]:
    """The package's profiles and the installation's, extensions resolved; an installation's
    profile replaces the package's of the same name."""
    chosen: dict[str, Profile] = {p.name: p for p in builtin_profiles()}
    chosen.update({p.name: p for p in user_profiles(environ)})
    return [_resolved(p, chosen) for p in chosen.values()]


def read_profile_file(path: Path, resolve: bool = True) -> Profile:
    if not path.is_file():
        raise InputError(f"{path}: không có tệp hồ sơ ánh xạ này")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: không đọc được tệp YAML: {exc}") from exc
    profile = _parse(str(path), data, str(path))
    return _resolved(profile, {p.name: p for p in available_profiles()}) if resolve else profile


def choose(source: str, headers: list[str], wanted: str | Path | None = None,
           environ: Mapping[str, str] = os.environ) -> tuple[Profile, dict[str, str]]:
    """The profile named (a name or a YAML file) or, without one, the profile recognizing the
    most headers; and its column mapping. An error naming what is missing."""
    if wanted is not None and (isinstance(wanted, Path) or "/" in str(wanted)
                               or str(wanted).endswith((".yaml", ".yml"))):
        best = read_profile_file(Path(wanted))
    else:
        profiles = available_profiles(environ)
        if wanted is not None:
            best = next((p for p in profiles if p.name == wanted), None)
            if best is None:
                raise InputError(f"không có hồ sơ ánh xạ '{wanted}' (có: "
                                 f"{', '.join(p.name for p in profiles)})")
        else:  # most headers; on a tie the installation's own profile
            best = max(profiles, key=lambda p: (len(p.match(headers)), p.source != PACKAGE))
    mapping = best.match(headers)
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        wanted_columns = ", ".join(f"{BY_NAME[c].portal} ({best.aliases[c][-1]})"
                                   if best.aliases.get(c) else BY_NAME[c].portal
                                   for c in missing)
        raise InputError(f"{source}: dòng 1: không có cột {wanted_columns} "
                         f"(hồ sơ ánh xạ gần nhất: '{best.name}'; tiêu đề trong tệp: "
                         f"{', '.join(headers)})")
    return best, mapping


# -- reading -----------------------------------------------------------------------------------
def _parse(where: str, data: Any, source: str) -> Profile:
    if not isinstance(data, dict) or not isinstance(data.get("name"), str | int):
        raise InputError(f"{where}: hồ sơ ánh xạ cần có 'name' và 'columns'")
    columns = data.get("columns") or {}
    if not isinstance(columns, dict) or (not columns and not data.get("extends")):
        raise InputError(f"{where}: 'columns' phải liệt kê tiêu đề của từng cột")
    unknown = sorted(set(columns) - set(BY_NAME))
    if unknown:
        raise InputError(f"{where}: cột không có trong bản ghi chuẩn: {', '.join(unknown)} "
                         f"(có: {', '.join(BY_NAME)})")
    aliases = {k: tuple(str(a) for a in (v if isinstance(v, list) else [v]))
               for k, v in columns.items()}
    rules = data.get("rules") or {}
    for name, choice in rules.items():
        if name not in RULES or choice not in RULES[name]:
            raise InputError(f"{where}: quy tắc '{name}: {choice}' không hợp lệ (có: " + "; ".join(
                f"{n}: {' | '.join(c)}" for n, c in RULES.items()) + ")")
    return Profile(str(data["name"]), str(data.get("description", "")), aliases,
                   _values(where, data.get("values") or {}), dict(rules), source,
                   str(data["extends"]) if data.get("extends") else None)


def _values(where: str, data: Any) -> dict[str, dict[str, Value]]:
    """`values:` of a profile: column (or `flags`) → value → words, as column → word → value."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: 'values' phải là bảng cột → giá trị → các từ")
    out: dict[str, dict[str, Value]] = {}
    for column, table in data.items():
        if column not in (*CODED, *FLAGS, "flags", "org_code") or not isinstance(table, dict):
            raise InputError(f"{where}: values: không ánh xạ được giá trị của cột '{column}' "
                             f"(được: {', '.join((*CODED, 'flags', *FLAGS, 'org_code'))})")
        words: dict[str, Value] = {}
        for value, spelled in table.items():
            code = _value(where, column, value)
            for word in spelled if isinstance(spelled, list) else [spelled]:
                key = fold_value(str(word))
                if words.get(key, code) != code:
                    raise InputError(f"{where}: values: {column}: '{word}' vừa là {words[key]} "
                                     f"vừa là {code}")
                words[key] = code
        out[column] = words
    return out


def _value(where: str, column: str, value: Any) -> Value:
    if column == "org_code":
        return str(value)
    if column in CODE_RANGES:
        low, high = CODE_RANGES[column]
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        raise InputError(f"{where}: values: {column}: mã {value!r} không hợp lệ ({low}–{high})")
    if isinstance(value, bool):
        return value
    raise InputError(f"{where}: values: {column}: dùng true / false, không dùng {value!r}")


def _resolved(profile: Profile, by_name: Mapping[str, Profile], depth: int = 0) -> Profile:
    """The profile with what it `extends` merged under it: its headers first, its words and
    rules over the parent's."""
    if profile.extends is None:
        return profile
    parent = by_name.get(profile.extends)
    if parent is None or parent.name == profile.name or depth > 8:
        raise InputError(f"{profile.source}: extends: không có hồ sơ ánh xạ '{profile.extends}' "
                         f"(có: {', '.join(n for n in by_name if n != profile.name)})")
    parent = _resolved(parent, by_name, depth + 1)
    aliases = {c: (*profile.aliases.get(c, ()), *parent.aliases.get(c, ()))
               for c in {**parent.aliases, **profile.aliases}}
    values = {c: {**parent.values.get(c, {}), **profile.values.get(c, {})}
              for c in {**parent.values, **profile.values}}
    return Profile(profile.name, profile.description or parent.description, aliases, values,
                   {**parent.rules, **profile.rules}, profile.source)


_SHARED: dict[str, dict[str, Value]] = {}


def _shared_words() -> dict[str, dict[str, Value]]:
    """vocabulary.yaml, read once."""
    if not _SHARED:
        text = resources.files("cchc.indicators").joinpath("vocabulary.yaml").read_text("utf-8")
        _SHARED.update(_values("vocabulary.yaml", yaml.safe_load(text)))
    return _SHARED


def _whole_number(text: str) -> int | None:
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None
