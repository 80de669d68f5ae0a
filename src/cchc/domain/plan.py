"""The plan as plain data (schema cchc.plan/1, see docs/plan-schema.md). No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

ScheduleKind = Literal["due", "window", "recurring", "continuous", "event"]
Frequency = Literal["monthly", "quarterly", "semiannual", "nine_months", "annual"]


@dataclass(frozen=True)
class ScheduleItem:
    """One normalized meaning of a deadline phrase (thời gian hoàn thành)."""

    kind: ScheduleKind
    date: date | None = None  # due
    start: date | None = None  # window
    end: date | None = None  # window, continuous
    freq: Frequency | None = None  # recurring; None when the text gives no period
    text: str | None = None  # event: the phrase itself
    label: str | None = None  # what is due, when the text names it

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "due":
            out["date"] = _iso(self.date)
        elif self.kind == "window":
            out["start"], out["end"] = _iso(self.start), _iso(self.end)
        elif self.kind == "recurring":
            out["freq"] = self.freq
        elif self.kind == "continuous":
            out["end"] = _iso(self.end)
        elif self.kind == "event":
            out["text"] = self.text
        if self.label:
            out["label"] = self.label
        return out


@dataclass(frozen=True)
class UnitRef:
    """A unit as printed in the plan and the canonical unit it maps to (None when unknown)."""

    text: str
    unit_id: str | None = None
    name: str | None = None
    is_class: bool = False  # "UBND cấp xã": the class of all communes, not one unit
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "id": self.unit_id,
            "name": self.name,
            "is_class": self.is_class,
            "score": round(self.score, 1),
        }


@dataclass
class LegalBasis:
    """A document cited in the plan's opening (căn cứ / thực hiện)."""

    type: str | None
    number: str | None
    date: date | None
    issuer: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "number": self.number,
            "date": _iso(self.date),
            "issuer": self.issuer,
        }


@dataclass
class PlanMeta:
    title: str | None = None
    issuer: str | None = None
    level: str | None = None  # tinh | huyen | xa | phuong | thi_tran | so
    locality: str | None = None
    province: str | None = None
    year: int | None = None
    number: str | None = None  # số ký hiệu; None when printed blank
    issued_on: date | None = None
    signer: str | None = None
    legal_bases: list[LegalBasis] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "level": self.level,
            "locality": self.locality,
            "province": self.province,
            "year": self.year,
            "number": self.number,
            "issued_on": _iso(self.issued_on),
            "signer": self.signer,
            "legal_bases": [b.to_dict() for b in self.legal_bases],
        }


@dataclass
class Target:
    """A measurable objective (chỉ tiêu)."""

    text: str
    area: str
    indicator: str
    comparator: str  # >= | <= | =
    value: float
    unit: str
    where: str | None = None  # source location

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "text": self.text,
            "area": self.area,
            "indicator": self.indicator,
            "comparator": self.comparator,
            "value": value,
            "unit": self.unit,
            "where": self.where,
        }


@dataclass
class Task:
    """One task (nhiệm vụ) with its lead units (chủ trì), partners (phối hợp) and deadline."""

    no: str | None
    area: str
    text: str
    objective: str | None = None  # mục tiêu
    activities: list[str] = field(default_factory=list)  # hoạt động
    outputs: list[str] = field(default_factory=list)  # sản phẩm / kết quả
    lead: list[str] = field(default_factory=list)  # cơ quan chủ trì, as printed
    coop: list[str] = field(default_factory=list)  # cơ quan phối hợp, as printed
    deadline_text: str | None = None  # thời gian hoàn thành, as printed
    schedule: list[ScheduleItem] = field(default_factory=list)
    budget: str | None = None  # kinh phí
    lead_units: list[UnitRef] = field(default_factory=list)
    coop_units: list[UnitRef] = field(default_factory=list)
    where: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "no": self.no,
            "area": self.area,
            "text": self.text,
            "objective": self.objective,
            "activities": list(self.activities),
            "outputs": list(self.outputs),
            "lead": list(self.lead),
            "coop": list(self.coop),
            "deadline_text": self.deadline_text,
            "schedule": [s.to_dict() for s in self.schedule],
            "budget": self.budget,
            "lead_units": [u.to_dict() for u in self.lead_units],
            "coop_units": [u.to_dict() for u in self.coop_units],
            "where": self.where,
        }


@dataclass
class Plan:
    source: str
    meta: PlanMeta
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "cchc.plan/1",
            "source": self.source,
            "meta": self.meta.to_dict(),
            "targets": [t.to_dict() for t in self.targets],
            "tasks": [t.to_dict() for t in self.tasks],
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
