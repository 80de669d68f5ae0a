"""Extraction accuracy on every fixture that has a gold file.

    python benchmarks/extract_accuracy.py [--misses]

Prints per document and overall: task precision/recall/F1, the accuracy of area, lead,
coop, outputs, deadline_text and schedule on matched tasks, meta fields, legal bases and
target F1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cchc.extract import parse_file
from cchc.extract.evaluation import META_FIELDS, TASK_FIELDS, Report, score

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def main() -> None:
    total = Report(documents=0)
    header = ["document", "tasks P", "R", "F1", *TASK_FIELDS, "meta", "legal F1", "targets F1"]
    print(" | ".join(header))
    for gold_path in sorted((FIXTURES / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        seed = FIXTURES / "seeds" / gold["source"]
        report = score(parse_file(seed).plan.to_dict(), gold)
        print(_row(gold_path.stem, report))
        total.add(report)
    print(_row("OVERALL", total))
    if "--misses" in sys.argv:
        print("\n".join(total.misses))


def _row(name: str, r: Report) -> str:
    meta = sum(r.meta_accuracy(f) for f in META_FIELDS) / len(META_FIELDS)
    cells = [name, f"{r.tasks.precision:.3f}", f"{r.tasks.recall:.3f}", f"{r.tasks.f1:.3f}",
             *(f"{r.field_accuracy(f):.3f}" for f in TASK_FIELDS), f"{meta:.3f}",
             f"{r.legal.f1:.3f}", f"{r.targets.f1:.3f}"]
    return " | ".join(cells)


if __name__ == "__main__":
    main()
