"""A plan back from its JSON form (cchc.plan/1, as `Plan.to_dict` writes it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.domain.plan import (
    LegalBasis, Plan, PlanMeta, ScheduleItem, Target, Task, UnitRef)


def plan_from_dict(data: dict[str, Any]) -> Plan:
    meta = data["meta"]
    return Plan(
        source=data["source"],
        meta=PlanMeta(title=meta.get("title"), issuer=meta.get("issuer"), level=meta.get("level"),
                      locality=meta.get("locality"), province=meta.get("province"),
                      year=meta.get("year"), number=meta.get("number"),
                      issued_on=_date(meta.get("issued_on")), signer=meta.get("signer"),
                      legal_bases=[LegalBasis(b.get("type"), b.get("number"), _date(b.get("date")),
                                              b.get("issuer"))
                                   for b in meta.get("legal_bases") or []]),
        targets=[Target(t["text"], t["area"], t["indicator"], t["comparator"], float(t["value"]),
                        t["unit"], t.get("where")) for t in data.get("targets") or []],
        tasks=[task_from_dict(t) for t in data.get("tasks") or []])


def task_from_dict(t: dict[str, Any]) -> Task:
    return Task(no=t.get("no"), area=t["area"], text=t["text"], objective=t.get("objective"),
                activities=list(t.get("activities") or []), outputs=list(t.get("outputs") or []),
                lead=list(t.get("lead") or []), coop=list(t.get("coop") or []),
                deadline_text=t.get("deadline_text"),
                schedule=[_schedule(s) for s in t.get("schedule") or []],
                budget=t.get("budget"), lead_units=[_unit(u) for u in t.get("lead_units") or []],
                coop_units=[_unit(u) for u in t.get("coop_units") or []], where=t.get("where"))


def _schedule(s: dict[str, Any]) -> ScheduleItem:
    return ScheduleItem(kind=s["kind"], date=_date(s.get("date")), start=_date(s.get("start")),
                        end=_date(s.get("end")), freq=s.get("freq"), text=s.get("text"),
                        label=s.get("label"))


def _unit(u: dict[str, Any]) -> UnitRef:
    return UnitRef(text=u["text"], unit_id=u.get("id"), name=u.get("name"),
                   is_class=bool(u.get("is_class")), score=float(u.get("score") or 0))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
