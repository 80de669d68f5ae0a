"""Extraction accuracy on every document that has a gold file, in three sets.

    python benchmarks/extract_accuracy.py [--misses] [--heldout-misses]

- seeds: the five real plans the rules were first written against (three have gold);
- dev: the development half of the yardstick (tests/fixtures/yardstick/dev), new documents in
  the shapes the seeds lack, which rules may be written against;
- held-back: the other half (tests/fixtures/yardstick/heldout), the honest estimate on plans
  nobody wrote a rule for. Printed as one overall row; its misses are listed only with
  --heldout-misses (see tests/fixtures/yardstick/README.md).

Per document and overall: task precision/recall/F1, the accuracy of area, lead, coop,
outputs, deadline_text and schedule on matched tasks, meta fields, legal bases, target F1.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cchc.extract import parse_file
from cchc.extract.evaluation import COLUMNS, Report, figures, gold_files, score

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SETS = {"seeds": FIXTURES / "gold", "dev": FIXTURES / "yardstick" / "dev",
        "held-back": FIXTURES / "yardstick" / "heldout"}


def measure(folder: Path) -> list[tuple[str, Report]]:
    """(document, report) for every gold file of a folder."""
    return [(document.name, score(parse_file(document).plan.to_dict(), gold))
            for gold, document in gold_files(folder)]


def main() -> None:
    print(" | ".join(["set", "document", *COLUMNS]))
    for name, folder in SETS.items():
        reports = measure(folder)
        total = Report(documents=0)
        for document, report in reports:
            total.add(report)
            if name != "held-back":
                print(" | ".join([name, document, *figures(report)]))
        print(" | ".join([name, "OVERALL", *figures(total)]))
        wanted = "--heldout-misses" if name == "held-back" else "--misses"
        if wanted in sys.argv:
            print("\n".join(total.misses))


if __name__ == "__main__":
    main()
