"""Parse time per seed in-process, and for a 200-page .docx plan.

    python benchmarks/parse_speed.py

Target (issue 2): < 0.3 s per seed, < 5 s for a 200-page .docx. Each figure is the best of
5 runs; the reading share is timed separately so the recognizers' cost shows as the ratio.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx_read import best_of

from cchc.extract import parse_file
from cchc.extract.document import Document, Table
from cchc.extract.fixtures import build_docx, write_docx
from cchc.extract.readers import read_document

SEEDS = sorted((Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds").glob("*.txt"))


def big_docx(folder: Path, pages: int = 200) -> Path:
    """The province seed's appendix tables repeated until the document has ~`pages` pages."""
    seed = read_document(SEEDS[-1])
    tables = [b for b in seed.blocks if isinstance(b, Table)]
    blocks = list(seed.blocks)
    while sum(len(t.rows) for t in blocks if isinstance(t, Table)) < pages * 4:
        blocks.extend(tables)
    return write_docx(Document("big.docx", blocks), folder / "big.docx")


def main() -> None:
    print(f"{'document':34} {'read s':>8} {'parse s':>8} {'parse/read':>10}")
    for seed in SEEDS:
        read = best_of(5, lambda: read_document(seed))
        parse = best_of(5, lambda: parse_file(seed))
        print(f"{seed.name:34} {read:8.3f} {parse:8.3f} {parse / read:10.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docx = build_docx(SEEDS[-1], folder / "seed004.docx")
        read = best_of(5, lambda: read_document(docx))
        parse = best_of(5, lambda: parse_file(docx))
        print(f"{'004 as .docx':34} {read:8.3f} {parse:8.3f} {parse / read:10.1f}")
        big = big_docx(folder)
        read = best_of(3, lambda: read_document(big))
        parse = best_of(3, lambda: parse_file(big))
        tasks = len(parse_file(big).plan.tasks)
        print(f"{'200-page .docx (' + str(tasks) + ' tasks)':34} {read:8.3f} {parse:8.3f} "
              f"{parse / read:10.1f}")


if __name__ == "__main__":
    main()
