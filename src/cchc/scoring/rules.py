"""Scoring a leaf criterion from its value, with the calculation in words.

A value is what the rule scores: yes/no (`yes`), a numerator of a denominator (`numerator`,
`denominator`: a ratio in percent), a count (`count`), or points typed by hand (`points`, for
manual criteria). Points are rounded half up to two decimals, as score tables print them.

    score(rule, 2, Value(numerator=12, denominator=14))
    → Scored(1.71, "12/14 = 85,71% → 1,71/2 điểm (tỷ lệ: đủ điểm từ 100%, 0 điểm dưới 0%)")
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cchc.scoring.criteria import Rule

_FIELDS = ("yes", "numerator", "denominator", "count", "points")


def rounded(points: float) -> float:
    """Half up to two decimals (1.715 → 1.72), as points are printed."""
    return float(Decimal(repr(points)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def vn_number(value: float) -> str:
    """1.7142 → "1,71", 2.0 → "2", 0.5 → "0,5"."""
    text = f"{rounded(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class Value:
    """The input of a rule; every field optional, None when not given."""

    yes: bool | None = None
    numerator: float | None = None
    denominator: float | None = None
    count: float | None = None
    points: float | None = None

    @property
    def ratio(self) -> float | None:
        """numerator / denominator in percent; None without a positive denominator."""
        if self.numerator is None or not self.denominator:
            return None
        return 100 * self.numerator / self.denominator

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Value:
        return cls(**{k: v for k, v in (data or {}).items() if k in _FIELDS})

    @property
    def empty(self) -> bool:
        return not self.to_dict()


@dataclass(frozen=True)
class Scored:
    points: float | None  # None: nothing to score yet
    text: str  # the calculation ("12/14 = 85,71% → 1,71/2 điểm")


def describe(value: Value) -> str:
    """The value in words, before the points ("12/14 = 85,71%", "Có", "3")."""
    if value.yes is not None:
        return "Có" if value.yes else "Không"
    if value.ratio is not None:
        return f"{vn_number(value.numerator)}/{vn_number(value.denominator)} = " \
               f"{vn_number(value.ratio)}%"
    if value.count is not None:
        return vn_number(value.count)
    return ""


def score(rule: Rule | None, maximum: float, value: Value) -> Scored:
    """The points `value` earns under `rule` (manual when None), out of `maximum`."""
    kind = rule.kind if rule else "manual"
    points, how = _points(rule, kind, maximum, value)
    if points is None:
        return Scored(None, how or "Chưa chấm")
    points = rounded(min(max(points, 0.0), maximum))
    words = describe(value) if kind != "manual" else ""
    calculation = f"{words} → " if words else ""
    suffix = f" ({how})" if how else ""
    return Scored(points, f"{calculation}{vn_number(points)}/{vn_number(maximum)} điểm{suffix}")


def _points(rule: Rule | None, kind: str, maximum: float,
            value: Value) -> tuple[float | None, str]:
    if kind == "manual" or rule is None:
        return value.points, "chấm trực tiếp" if value.points is not None else ""
    if kind == "yes_no":
        yes = value.yes if value.yes is not None else (
            value.count >= 1 if value.count is not None else None)
        return (None, "") if yes is None else (maximum if yes else 0.0, "")
    if kind in ("ratio", "bands"):
        ratio = value.ratio
        if ratio is None:
            return None, ("Chưa có số liệu (mẫu số bằng 0)" if value.denominator == 0
                          else "")
        if kind == "ratio":
            return _linear(ratio, rule, maximum), (
                f"đủ điểm từ {vn_number(rule.full_at)}%, 0 điểm dưới "
                f"{vn_number(rule.zero_below)}%, tuyến tính ở giữa")
        band = next(((start, points) for start, points in rule.bands if ratio >= start), None)
        if band is None:
            return 0.0, f"dưới mức thấp nhất {vn_number(rule.bands[-1][0])}%"
        return band[1], f"mức từ {vn_number(band[0])}%"
    count = value.count if value.count is not None else value.numerator
    if count is None:
        return None, ""
    if kind == "count":
        return maximum * min(count / rule.target, 1.0), f"chỉ tiêu {vn_number(rule.target)}"
    return count * rule.each, f"{vn_number(rule.each)} điểm mỗi trường hợp, tối đa " \
                              f"{vn_number(maximum)}"


def _linear(ratio: float, rule: Rule, maximum: float) -> float:
    if ratio >= rule.full_at:
        return maximum
    if ratio < rule.zero_below:
        return 0.0
    return maximum * (ratio - rule.zero_below) / (rule.full_at - rule.zero_below)
