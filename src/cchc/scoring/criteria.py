"""Criteria sets (bộ tiêu chí xác định Chỉ số CCHC) as data: areas (lĩnh vực) → criteria (tiêu
chí) → sub-criteria (tiêu chí thành phần), each with its maximum points and, on the leaves, a
scoring rule. Sets are YAML files (schema cchc.criteria/1, docs/scoring.md), read here with
line numbers and checked before use: a damaged set is refused with its file, line and reason.

    criteria_set = parse_set(text, "xa-hanoi-2025.yaml")   # CriteriaError(s) when broken
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cchc.domain.areas import AREAS
from cchc.errors import CchcError
from cchc.indicators.catalog import RATE_BY_ID
from cchc.scoring.yaml_lines import Located, load

SCHEMA = "cchc.criteria/1"
AREA_TYPES = {"normal": "Lĩnh vực", "bonus": "Điểm thưởng", "penalty": "Điểm trừ"}
ASSESSED_BY = {"self": "Tự đánh giá (thẩm định)", "survey": "Điều tra xã hội học"}
RULE_KINDS = {
    "manual": "Chấm trực tiếp",
    "yes_no": "Có / không",
    "ratio": "Theo tỷ lệ",
    "bands": "Theo mức",
    "count": "Số lượng so với chỉ tiêu",
    "per_item": "Điểm cho mỗi trường hợp",
}
# figures cchc computes (scoring.facts) and the kind of value each gives
SOURCES = {
    "plan_issued": "yes",  # kế hoạch CCHC năm ban hành đúng hạn
    "tasks_on_time": "ratio",  # nhiệm vụ của kế hoạch hoàn thành đúng hạn
    "reports_on_time": "ratio",  # báo cáo định kỳ gửi đúng hạn
    "indicator": "ratio",  # chỉ số từ hồ sơ TTHC (QĐ 766)
    "evidence": "count",  # tài liệu kiểm chứng của các nhiệm vụ thuộc một lĩnh vực
}
# the values a rule kind scores: yes/no, a ratio (numerator of denominator), a count
KIND_VALUES = {"manual": set(), "yes_no": {"yes", "count"}, "ratio": {"ratio"},
               "bands": {"ratio"}, "count": {"count", "ratio"}, "per_item": {"count"}}
LEVELS = ("tinh", "so", "huyen", "xa", "phuong", "thi_tran", "dac_khu")
EPSILON = 1e-6
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")

_SET_KEYS = {"schema", "code", "name", "year", "version", "applies_to", "source",
             "max_points", "areas", "note"}
_SOURCE_KEYS = {"document", "date", "replaces", "url", "confirmed", "unconfirmed"}
_AREA_KEYS = {"code", "name", "max", "type", "reform_area", "assessed_by", "criteria",
              "unconfirmed", "note"}
_CRITERION_KEYS = {"code", "name", "max", "rule", "criteria", "assessed_by", "unconfirmed",
                   "note", "evidence"}
_RULE_KEYS = {"kind", "full_at", "zero_below", "bands", "target", "each", "source",
              "indicator", "area", "by", "year_offset"}


class CriteriaError(CchcError):
    """A criteria set that cannot be used: each problem with its file and line."""

    def __init__(self, problems: list[tuple[str, int, str]]) -> None:
        self.problems = problems
        problems.sort(key=lambda p: (p[0], p[1]))
        super().__init__("\n".join(f"{file}:{line}: {reason}" for file, line, reason in problems))


@dataclass(frozen=True)
class Rule:
    """How a leaf criterion is scored (see `scoring.rules.score`)."""

    kind: str
    full_at: float = 100.0  # ratio: full marks at or above this percent
    zero_below: float = 0.0  # ratio: nothing below this percent, linear in between
    bands: tuple[tuple[float, float], ...] = ()  # bands: (from percent, points), highest first
    target: float | None = None  # count: full marks at this count
    each: float | None = None  # per_item: points per case
    source: str | None = None  # a cchc figure that fills the value (SOURCES)
    indicator: str | None = None  # source "indicator": the dossier rate id
    area: str | None = None  # source "evidence": the reform area whose tasks count
    by: str | None = None  # source "plan_issued": deadline "MM-DD"
    year_offset: int = 0  # ... in the assessed year plus this (-1: the year before)

    def deadline(self, year: int) -> date | None:
        if self.by is None:
            return None
        month, day = (int(part) for part in self.by.split("-"))
        return date(year + self.year_offset, month, day)


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    max: float
    line: int
    assessed_by: str = "self"
    rule: Rule | None = None  # leaves
    children: tuple[Criterion, ...] = ()
    unconfirmed: bool = False  # points not confirmed against the source text
    note: str | None = None
    evidence: str | None = None  # the evidence the source asks for (tài liệu kiểm chứng)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self, depth: int = 1) -> Iterator[tuple[Criterion, int]]:
        yield self, depth
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    max: float
    line: int
    type: str = "normal"  # normal | bonus | penalty (max is then the cap)
    reform_area: str | None = None
    criteria: tuple[Criterion, ...] = ()
    unconfirmed: bool = False
    note: str | None = None

    @property
    def sign(self) -> int:
        return -1 if self.type == "penalty" else 1

    def walk(self) -> Iterator[tuple[Criterion, int]]:
        for criterion in self.criteria:
            yield from criterion.walk()

    def leaves(self) -> list[Criterion]:
        return [c for c, _ in self.walk() if c.is_leaf]


@dataclass(frozen=True)
class Source:
    document: str  # "Quyết định số 1187/QĐ-BNV ngày 15/10/2025 của Bộ Nội vụ"
    date: date
    replaces: str | None = None
    url: str | None = None
    confirmed: str | None = None  # what was checked against the source text
    unconfirmed: str | None = None  # what was not


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    name: str
    year: int
    version: int
    applies_to: tuple[str, ...]
    source: Source
    max_points: float
    areas: tuple[Area, ...]
    note: str | None = None
    _index: dict[str, tuple[Area, Criterion]] = field(default_factory=dict, compare=False,
                                                      repr=False)

    def __post_init__(self) -> None:
        for area in self.areas:
            for criterion, _ in area.walk():
                self._index[criterion.code] = (area, criterion)

    def criterion(self, code: str) -> Criterion | None:
        found = self._index.get(code)
        return found[1] if found else None

    def area_of(self, code: str) -> Area:
        return self._index[code][0]

    def leaves(self) -> list[Criterion]:
        return [leaf for area in self.areas for leaf in area.leaves()]

    def max_of(self, assessed_by: str) -> float:
        """The points of the normal areas assessed one way: self (thẩm định) or survey."""
        return sum(leaf.max for area in self.areas if area.type == "normal"
                   for leaf in area.leaves() if leaf.assessed_by == assessed_by)

    @property
    def unconfirmed_count(self) -> int:
        return sum(1 for area in self.areas for c, _ in area.walk()
                   if c.unconfirmed or area.unconfirmed)


class _Reader:
    """Builds a set from the YAML mappings, collecting every problem with its line."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[tuple[str, int, str]] = []
        self.codes: dict[str, int] = {}

    def problem(self, line: int, reason: str) -> None:
        self.problems.append((self.file, line, reason))

    def mapping(self, value: Any, line: int, what: str, allowed: set[str]) -> Located | None:
        if not isinstance(value, Located):
            self.problem(line, f"{what} phải là một bảng khóa: giá trị")
            return None
        for key in value:
            if key not in allowed:
                self.problem(value.line_of(key), f"{what}: khóa không hợp lệ '{key}' (dùng: "
                                                 f"{', '.join(sorted(allowed))})")
        return value

    def text(self, data: Located, key: str, what: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.line, f"{what}: thiếu '{key}'")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(data.line_of(key), f"{what}: '{key}' phải là chữ, không để trống")
            return None
        return value.strip()

    def number(self, data: Located, key: str, what: str, required: bool = True,
               low: float | None = None, high: float | None = None,
               above: float | None = None) -> float | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.line, f"{what}: thiếu '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            self.problem(data.line_of(key), f"{what}: '{key}' phải là một số, không phải "
                                            f"'{value}'")
            return None
        if (low is not None and value < low) or (high is not None and value > high) or (
                above is not None and value <= above):
            bounds = (f"lớn hơn {above:g}" if above is not None else
                      f"từ {low:g} đến {high:g}" if high is not None else f"từ {low:g} trở lên")
            self.problem(data.line_of(key), f"{what}: '{key}' = {value:g} phải {bounds}")
            return None
        return float(value)

    def choice(self, data: Located, key: str, what: str, choices: dict | tuple,
               default: str | None) -> str | None:
        value = data.get(key, default)
        if value not in choices:
            self.problem(data.line_of(key), f"{what}: '{key}' = '{value}' không hợp lệ (dùng: "
                                            f"{', '.join(choices)})")
            return default
        return value

    def flag(self, data: Located, key: str, what: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem(data.line_of(key), f"{what}: '{key}' phải là true hoặc false")
            return False
        return value

    def code(self, data: Located, what: str) -> str:
        code = self.text(data, "code", what) or f"?{data.line}"
        if code in self.codes:
            self.problem(data.line_of("code"), f"{what}: mã '{code}' đã dùng ở dòng "
                                               f"{self.codes[code]}")
        self.codes.setdefault(code, data.line_of("code"))
        return code

    # -- the tree ------------------------------------------------------------------------
    def read_set(self, data: Any) -> CriteriaSet | None:
        root = self.mapping(data, 1, "Bộ tiêu chí", _SET_KEYS)
        if root is None:
            return None
        if root.get("schema") != SCHEMA:
            self.problem(root.line_of("schema"), f"schema phải là '{SCHEMA}'")
        what = "Bộ tiêu chí"
        code = self.text(root, "code", what) or ""
        name = self.text(root, "name", what) or ""
        year = self.number(root, "year", what, low=2000, high=2100)
        version = self.number(root, "version", what, low=1)
        max_points = self.number(root, "max_points", what, above=0)
        applies = root.get("applies_to")
        if not isinstance(applies, list) or not applies or any(a not in LEVELS for a in applies):
            self.problem(root.line_of("applies_to"), f"applies_to phải là danh sách cấp đơn vị "
                                                     f"trong: {', '.join(LEVELS)}")
            applies = []
        source = self.read_source(root.get("source"), root.line_of("source"))
        areas_data = root.get("areas")
        if not isinstance(areas_data, list) or not areas_data:
            self.problem(root.line_of("areas"), "areas phải là danh sách lĩnh vực, không để "
                                                "trống")
            areas_data = []
        areas = tuple(area for area in (self.read_area(a, root.line_of("areas"))
                                        for a in areas_data) if area)
        normal = sum(a.max for a in areas if a.type == "normal")
        if max_points is not None and areas and abs(normal - max_points) > EPSILON:
            self.problem(root.line_of("max_points"), f"tổng điểm các lĩnh vực ({normal:g}) khác "
                                                     f"max_points ({max_points:g})")
        if self.problems or source is None:
            return None
        return CriteriaSet(code, name, int(year), int(version), tuple(applies), source,
                           max_points, areas, root.get("note"))

    def read_source(self, data: Any, line: int) -> Source | None:
        what = "Nguồn (source)"
        source = self.mapping(data, line, what, _SOURCE_KEYS)
        if source is None:
            return None
        document = self.text(source, "document", what)
        issued = source.get("date")
        if not isinstance(issued, date):
            self.problem(source.line_of("date"), f"{what}: 'date' phải là ngày dạng YYYY-MM-DD")
            return None
        extras = {k: self.text(source, k, what, required=False)
                  for k in ("replaces", "url", "confirmed", "unconfirmed")}
        return Source(document or "", issued, **extras) if document else None

    def read_area(self, data: Any, line: int) -> Area | None:
        area = self.mapping(data, line, "Lĩnh vực", _AREA_KEYS)
        if area is None:
            return None
        code = self.code(area, "Lĩnh vực")
        what = f"Lĩnh vực {code}"
        name = self.text(area, "name", what) or ""
        maximum = self.number(area, "max", what, above=0)
        kind = self.choice(area, "type", what, AREA_TYPES, "normal")
        reform = area.get("reform_area")
        if reform is not None and reform not in AREAS:
            self.problem(area.line_of("reform_area"), f"{what}: reform_area '{reform}' không có "
                                                      f"(dùng: {', '.join(AREAS)})")
        assessed_by = self.choice(area, "assessed_by", what, ASSESSED_BY, "self")
        unconfirmed = self.flag(area, "unconfirmed", what)
        criteria = self.read_children(area, what, assessed_by, maximum, kind != "normal")
        return Area(code, name, maximum or 0.0, area.line, kind, reform, criteria, unconfirmed,
                    area.get("note"))

    def read_children(self, parent: Located, what: str, assessed_by: str,
                      maximum: float | None, capped: bool) -> tuple[Criterion, ...]:
        items = parent.get("criteria")
        if not isinstance(items, list) or not items:
            self.problem(parent.line_of("criteria"), f"{what}: 'criteria' phải là danh sách "
                                                     "tiêu chí, không để trống")
            return ()
        children = tuple(c for c in (self.read_criterion(i, parent.line_of("criteria"),
                                                         assessed_by, capped) for i in items)
                         if c)
        total = sum(c.max for c in children)
        if maximum is not None and len(children) == len(items):
            if capped:
                for child in children:
                    if child.max > maximum + EPSILON:
                        self.problem(child.line, f"Tiêu chí {child.code}: {child.max:g} điểm "
                                                 f"vượt mức tối đa {maximum:g} của {what}")
            elif abs(total - maximum) > EPSILON:
                self.problem(parent.line_of("max"), f"{what}: tổng điểm các tiêu chí con "
                                                    f"({total:g}) khác điểm tối đa "
                                                    f"({maximum:g})")
        return children

    def read_criterion(self, data: Any, line: int, inherited: str,
                       capped: bool) -> Criterion | None:
        item = self.mapping(data, line, "Tiêu chí", _CRITERION_KEYS)
        if item is None:
            return None
        code = self.code(item, "Tiêu chí")
        what = f"Tiêu chí {code}"
        name = self.text(item, "name", what) or ""
        maximum = self.number(item, "max", what, above=0)
        assessed_by = self.choice(item, "assessed_by", what, ASSESSED_BY, inherited)
        unconfirmed = self.flag(item, "unconfirmed", what)
        has_rule, has_children = "rule" in item, "criteria" in item
        if has_rule == has_children:
            self.problem(item.line, f"{what}: cần đúng một trong hai: 'rule' (cách chấm) hoặc "
                                    "'criteria' (tiêu chí thành phần)")
            return None
        rule, children = None, ()
        if has_rule:
            rule = self.read_rule(item.get("rule"), item.line_of("rule"), what, maximum,
                                  assessed_by)
        else:
            children = self.read_children(item, what, assessed_by, maximum, capped)
        return Criterion(code, name, maximum or 0.0, item.line, assessed_by, rule, children,
                         unconfirmed, item.get("note"), item.get("evidence"))

    def read_rule(self, data: Any, line: int, what: str, maximum: float | None,
                  assessed_by: str) -> Rule | None:
        rule = self.mapping(data, line, f"{what}: rule", _RULE_KEYS)
        if rule is None:
            return None
        what = f"{what}: rule"
        kind = self.choice(rule, "kind", what, RULE_KINDS, None)
        if kind is None:
            return None
        options: dict[str, Any] = {}
        if kind in ("ratio",):
            full = self.number(rule, "full_at", what, required=False, low=0, high=100)
            zero = self.number(rule, "zero_below", what, required=False, low=0, high=100)
            full, zero = 100.0 if full is None else full, 0.0 if zero is None else zero
            if zero >= full:
                self.problem(rule.line_of("zero_below"), f"{what}: zero_below ({zero:g}%) phải "
                                                         f"nhỏ hơn full_at ({full:g}%)")
            options.update(full_at=full, zero_below=zero)
        if kind == "bands":
            options["bands"] = self.read_bands(rule, what, maximum)
        if kind == "count":
            options["target"] = self.number(rule, "target", what, above=0)
        if kind == "per_item":
            options["each"] = self.number(rule, "each", what, above=0)
        source = rule.get("source")
        if source is not None:
            options.update(self.read_source_rule(rule, what, kind, source, assessed_by))
        return Rule(kind, **options)

    def read_bands(self, rule: Located, what: str, maximum: float | None
                   ) -> tuple[tuple[float, float], ...]:
        bands = rule.get("bands")
        if not isinstance(bands, list) or not bands:
            self.problem(rule.line_of("bands"), f"{what}: 'bands' phải là danh sách "
                                                "{from: %, points: điểm}")
            return ()
        out = []
        for band in bands:
            item = self.mapping(band, rule.line_of("bands"), f"{what}: mức", {"from", "points"})
            if item is None:
                continue
            start = self.number(item, "from", f"{what}: mức", low=0, high=100)
            points = self.number(item, "points", f"{what}: mức", low=0, high=maximum)
            if start is not None and points is not None:
                if out and start >= out[-1][0]:
                    self.problem(item.line, f"{what}: các mức phải xếp từ cao xuống thấp "
                                            f"({start:g}% sau {out[-1][0]:g}%)")
                out.append((start, points))
        return tuple(out)

    def read_source_rule(self, rule: Located, what: str, kind: str, source: Any,
                         assessed_by: str) -> dict[str, Any]:
        line = rule.line_of("source")
        if source not in SOURCES:
            self.problem(line, f"{what}: source '{source}' không có (dùng: "
                               f"{', '.join(SOURCES)})")
            return {}
        if assessed_by == "survey":
            self.problem(line, f"{what}: tiêu chí điều tra xã hội học không lấy số liệu "
                               f"từ '{source}'")
        if SOURCES[source] not in KIND_VALUES[kind]:
            self.problem(line, f"{what}: source '{source}' cho giá trị kiểu "
                               f"'{SOURCES[source]}', không chấm được theo kind '{kind}'")
        options: dict[str, Any] = {"source": source}
        if source == "indicator":
            indicator = rule.get("indicator")
            if indicator not in RATE_BY_ID:
                self.problem(rule.line_of("indicator"), f"{what}: indicator '{indicator}' "
                                                        f"không có (dùng: "
                                                        f"{', '.join(RATE_BY_ID)})")
            options["indicator"] = indicator
        if source == "evidence":
            area = rule.get("area")
            if area not in AREAS:
                self.problem(rule.line_of("area"), f"{what}: area '{area}' không có (dùng: "
                                                   f"{', '.join(AREAS)})")
            options["area"] = area
        if source == "plan_issued":
            by = rule.get("by")
            match = _MONTH_DAY.match(by) if isinstance(by, str) else None
            if match is None or not _valid_month_day(int(match[1]), int(match[2])):
                self.problem(rule.line_of("by"), f"{what}: 'by' phải là hạn dạng \"MM-DD\", "
                                                 f"không phải '{by}'")
            offset = rule.get("year_offset", 0)
            if offset not in (-1, 0):
                self.problem(rule.line_of("year_offset"), f"{what}: year_offset phải là 0 (năm "
                                                          "đánh giá) hoặc -1 (năm trước)")
            options.update(by=by, year_offset=offset)
        return options


def _valid_month_day(month: int, day: int) -> bool:
    try:
        date(2024, month, day)  # a leap year: 02-29 is a day
    except ValueError:
        return False
    return True


def parse_set(text: str, file: str = "<bộ tiêu chí>") -> CriteriaSet:
    """The criteria set in `text`; CriteriaError listing every problem with its line."""
    try:
        data = load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise CriteriaError([(file, line, f"không đọc được YAML: {exc.problem or exc}")]) \
            from None
    except yaml.YAMLError as exc:
        raise CriteriaError([(file, 1, f"không đọc được YAML: {exc}")]) from None
    reader = _Reader(file)
    found = reader.read_set(data)
    if found is None:
        raise CriteriaError(reader.problems or [(file, 1, "bộ tiêu chí không hợp lệ")])
    return found


def read_set_file(path: Path) -> CriteriaSet:
    """The criteria set in a file; CriteriaError (the file's name, line, reason)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CriteriaError([(str(path), 1, f"không đọc được tệp: {exc}")]) from None
    return parse_set(text, str(path))


def shipped_sets() -> dict[str, str]:
    """The sets shipped with cchc (scoring/criteria/*.yaml): file name → YAML text."""
    folder = resources.files("cchc.scoring").joinpath("criteria")
    return {entry.name: entry.read_text(encoding="utf-8")
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".yaml")}
