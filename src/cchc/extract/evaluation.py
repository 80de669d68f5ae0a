"""Scoring a parsed plan against hand-made ground truth (gold files, schema cchc.plan/1).

Tasks are matched one-to-one by text similarity (best pairs first); field accuracies are
computed on matched tasks. Targets match when their values are equal and texts similar.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from cchc.domain.vntext import collapse, fold

_DASH_SPACING = re.compile(r"\s*-\s*")

TASK_FIELDS = ("area", "lead", "coop", "outputs", "deadline_text", "schedule")
META_FIELDS = (
    "title",
    "issuer",
    "level",
    "locality",
    "province",
    "year",
    "number",
    "issued_on",
    "signer",
)
TASK_MATCH = 80.0
TARGET_MATCH = 75.0


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class Report:
    tasks: Score = field(default_factory=Score)
    targets: Score = field(default_factory=Score)
    legal: Score = field(default_factory=Score)
    field_hits: dict[str, int] = field(default_factory=lambda: {f: 0 for f in TASK_FIELDS})
    meta_hits: dict[str, int] = field(default_factory=lambda: {f: 0 for f in META_FIELDS})
    documents: int = 0
    misses: list[str] = field(default_factory=list)

    def field_accuracy(self, name: str) -> float:
        return self.field_hits[name] / self.tasks.tp if self.tasks.tp else 1.0

    def meta_accuracy(self, name: str) -> float:
        return self.meta_hits[name] / self.documents if self.documents else 1.0

    def meta_share(self) -> float:
        """The share of meta fields exactly right, over every document."""
        return sum(self.meta_accuracy(f) for f in META_FIELDS) / len(META_FIELDS)

    def add(self, other: "Report") -> None:
        self.tasks.add(other.tasks)
        self.targets.add(other.targets)
        self.legal.add(other.legal)
        for name in TASK_FIELDS:
            self.field_hits[name] += other.field_hits[name]
        for name in META_FIELDS:
            self.meta_hits[name] += other.meta_hits[name]
        self.documents += other.documents
        self.misses.extend(other.misses)


def score(predicted: dict[str, Any], gold: dict[str, Any]) -> Report:
    """Compare one parsed plan (Plan.to_dict()) with its gold file."""
    report = Report(documents=1)
    pairs = _match(predicted["tasks"], gold["tasks"], lambda t: t["text"], TASK_MATCH)
    report.tasks = Score(
        len(pairs), len(predicted["tasks"]) - len(pairs), len(gold["tasks"]) - len(pairs)
    )
    for p, g in pairs:
        for name in TASK_FIELDS:
            if _same(name, p.get(name), g.get(name)):
                report.field_hits[name] += 1
            else:
                report.misses.append(
                    f"{gold.get('source')} task {g.get('no')} {name}: "
                    f"{p.get(name)!r} != {g.get(name)!r}"
                )
    for name in META_FIELDS:
        if predicted["meta"].get(name) == gold["meta"].get(name):
            report.meta_hits[name] += 1
        else:
            report.misses.append(
                f"{gold.get('source')} meta {name}: "
                f"{predicted['meta'].get(name)!r} != {gold['meta'].get(name)!r}"
            )
    report.legal = _set_score(
        [_basis_key(b) for b in predicted["meta"]["legal_bases"]],
        [_basis_key(b) for b in gold["meta"]["legal_bases"]],
    )
    target_pairs = _match(
        predicted["targets"],
        gold["targets"],
        lambda t: t["text"],
        TARGET_MATCH,
        same=lambda p, g: (
            float(p["value"]) == float(g["value"]) and p["indicator"] == g["indicator"]
        ),
    )
    report.targets = Score(
        len(target_pairs),
        len(predicted["targets"]) - len(target_pairs),
        len(gold["targets"]) - len(target_pairs),
    )
    return report


def _match(predicted: list, gold: list, text, threshold: float, same=lambda p, g: True):
    """One-to-one pairs, best similarity first, above the threshold."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if same(p, g):
                s = fuzz.ratio(fold(text(p)), fold(text(g)))
                if s >= threshold:
                    candidates.append((s, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((predicted[i], gold[j]))
    return pairs


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return collapse(value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def _item_key(item: str) -> str:
    """A unit or product for comparison: folded, and spaced alike around dashes, which a line
    break after a dash in a narrow column leaves undecidable ("Văn phòng –Thống kê")."""
    return _DASH_SPACING.sub(" - ", fold(item))


def _same(name: str, predicted: Any, gold: Any) -> bool:
    if name in ("lead", "coop", "outputs"):
        return sorted(map(_item_key, predicted or [])) == sorted(map(_item_key, gold or []))
    return _norm(predicted) == _norm(gold)


def _basis_key(basis: dict[str, Any]) -> tuple:
    return basis.get("type"), basis.get("number"), basis.get("date"), basis.get("issuer")


def _set_score(predicted: list, gold: list) -> Score:
    tp = len(set(predicted) & set(gold))
    return Score(tp, len(set(predicted)) - tp, len(set(gold)) - tp)


def gold_files(folder: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    """(gold, document) for every gold file of a folder, the document named by its "source"
    and found beside it (or in a "seeds" folder next to the gold folder, as the seeds are)."""
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        beside = folder / gold["source"]
        yield gold, beside if beside.exists() else folder.parent / "seeds" / gold["source"]


COLUMNS = ("tasks P", "R", "F1", *TASK_FIELDS, "meta", "legal F1", "targets F1")
GOLD_TASK_FIELDS = ("no", "area", "text", "objective", "activities", "outputs", "lead", "coop",
                    "deadline_text", "schedule", "budget")
GOLD_TARGET_FIELDS = ("text", "area", "indicator", "comparator", "value", "unit")


def as_gold(plan: dict[str, Any], source: str | None = None) -> dict[str, Any]:
    """A plan (Plan.to_dict(), e.g. as a user corrected it) as a gold file of the annotation
    schema: the fields it names, no more."""
    meta = {k: v for k, v in plan["meta"].items() if k in (*META_FIELDS, "legal_bases")}
    return {"source": source or plan.get("source"), "meta": meta,
            "targets": [{k: t.get(k) for k in GOLD_TARGET_FIELDS} for t in plan["targets"]],
            "tasks": [{k: t.get(k) for k in GOLD_TASK_FIELDS} for t in plan["tasks"]]}


def figures(report: Report) -> list[str]:
    """The report's figures in the order of COLUMNS."""
    return [f"{report.tasks.precision:.3f}", f"{report.tasks.recall:.3f}",
            f"{report.tasks.f1:.3f}", *(f"{report.field_accuracy(f):.3f}" for f in TASK_FIELDS),
            f"{report.meta_share():.3f}", f"{report.legal.f1:.3f}", f"{report.targets.f1:.3f}"]
