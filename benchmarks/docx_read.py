"""How long the .docx reader takes on a 200-page plan (target: < 5 s).

    python benchmarks/docx_read.py [--pages 200] [--pdf]

The document is the seeds' blocks (paragraphs and task tables, written by
cchc.extract.fixtures) repeated, in 5% steps, until LibreOffice, when installed, prints it on
at least --pages pages; without LibreOffice the page count is estimated from the seeds' 99
pages. With LibreOffice the document is also timed as LibreOffice re-saves it (run properties
on every run, as Word writes). --pdf also times the PDF reader on the printout. Each time is
the best of 3 runs (1 for the PDF).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import zipfile
from pathlib import Path

import pdfplumber

from cchc.extract.document import Document
from cchc.extract.fixtures import build_pdf, write_docx
from cchc.extract.readers import read_document
from cchc.extract.readers.doc import find_soffice, soffice_convert

SEEDS = sorted((Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds")
               .glob("*.txt"))
SEED_PAGES = 99  # the five seeds in one .docx, printed by LibreOffice 7.4


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def document(repeats: float) -> Document:
    """The seeds' blocks `repeats` times over (a fraction takes the first blocks)."""
    blocks = [b for seed in SEEDS for b in read_document(seed).blocks]
    return Document("big.docx", (blocks * (int(repeats) + 1))[:int(len(blocks) * repeats)])


def pages_of(pdf: Path) -> int:
    with pdfplumber.open(pdf) as opened:
        return len(opened.pages)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--pages", type=int, default=200)
    options.add_argument("--pdf", action="store_true", help="also time the PDF reader")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        repeats = args.pages / SEED_PAGES
        while True:
            docx = write_docx(document(repeats), folder / "big.docx")
            pdf = build_pdf(docx, folder / "big.pdf") if find_soffice() else None
            pages = pages_of(pdf) if pdf else round(repeats * SEED_PAGES)
            if pages >= args.pages:
                break
            repeats *= 1.05
        read = read_document(docx)
        rows = sum(len(t.rows) for t in read.tables())
        print(f"document: {pages} pages{'' if pdf else ' (estimated)'}, "
              f"{len(read.paragraphs())} paragraphs, {len(read.tables())} tables, {rows} rows")
        variants = [("as python-docx writes it", docx)]
        if pdf:  # LibreOffice writes run properties on every run, as Word does: heavier XML
            resaved = folder / "resaved.docx"
            resaved.write_bytes(soffice_convert(docx.read_bytes(), docx.name, "docx"))
            variants.append(("as LibreOffice re-saves it", resaved))
        for label, path in variants:
            with zipfile.ZipFile(path) as package:
                xml_size = package.getinfo("word/document.xml").file_size
            seconds = best_of(3, lambda: read_document(path))
            print(f".docx read, {label} ({xml_size / 2**20:.1f} MB document.xml): "
                  f"{seconds:.2f} s, {pages / seconds:.0f} pages/s, "
                  f"{'within' if seconds < 5 else 'OVER'} the 5 s target")
        if args.pdf and pdf:
            seconds = best_of(1, lambda: read_document(pdf))
            print(f".pdf read:  {seconds:.2f} s ({pages / seconds:.1f} pages/s)")


if __name__ == "__main__":
    main()
