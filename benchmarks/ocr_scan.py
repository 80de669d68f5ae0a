"""Scanned plans: time to parse an 18-page scan (OCR apart), and accuracy on scans of the gold
seeds and of the yardstick's documents (issue 11), against their gold files.

    python benchmarks/ocr_scan.py            # speed + accuracy (seeds, yardstick halves)
    python benchmarks/ocr_scan.py --speed    # speed only
    python benchmarks/ocr_scan.py --ocrmypdf # also the alternative: OCRmyPDF's text layer
    python benchmarks/ocr_scan.py --dpi 150  # accuracy only, scans at another resolution

Scans are made as the tests make them (extract/scan_fixtures.py: 200 dpi, skewed, noisy,
JPEG). The OCR cache is off. Speed: wall and CPU seconds (this process and the Tesseract
processes), OCR (rendering, straightening, grids, Tesseract) timed apart from the rest of the
parse; baseline in the same run: parsing the text PDF the scan was made from. Accuracy: the
scan's score beside the text PDF's (what the print itself allows). The yardstick's halves are
printed as one row each: nothing here was tuned on them.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cchc.extract import parse_file
from cchc.extract.evaluation import META_FIELDS, Report, score
from cchc.extract.fixtures import build_docx, build_pdf
from cchc.extract.readers.progress import reporting
from cchc.extract.scan_fixtures import build_scan

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SPEED_PAGES = 18
FIELDS = ("lead", "coop", "schedule", "area", "outputs", "deadline_text")


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(work):
    wall, cpu = time.perf_counter(), _cpu()
    result = work()
    return result, time.perf_counter() - wall, _cpu() - cpu


def _printed(path: Path, folder: Path) -> Path:
    """The document as a PDF with a text layer (LibreOffice prints .txt and .docx)."""
    if path.suffix == ".pdf":
        return path
    docx = path if path.suffix == ".docx" else build_docx(path, folder / f"{path.stem}.docx")
    return build_pdf(docx, folder / f"{path.stem}.pdf")


def speed(folder: Path, with_ocrmypdf: bool) -> None:
    seed = ROOT / "seeds" / "004_9ab0fe3c0e4fbaba.txt"
    text_pdf = _printed(seed, folder)
    scan = build_scan(text_pdf, folder / "plan-18.scan.pdf", pages=range(1, SPEED_PAGES + 1))
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(text_pdf).pages[:SPEED_PAGES]:
        writer.add_page(page)
    writer.write(folder / "plan-18.pdf")
    _, text_wall, text_cpu = _timed(lambda: parse_file(folder / "plan-18.pdf"))
    marks: dict[int, tuple[float, float]] = {}  # pages done -> (wall, cpu) when reported

    def progress(done: int, total: int) -> None:
        marks[done] = (time.perf_counter(), _cpu())

    with reporting(progress):
        result, wall, cpu = _timed(lambda: parse_file(scan))
    (start, start_cpu), (end, end_cpu) = marks[0], marks[max(marks)]
    print(f"{SPEED_PAGES}-page scanned plan (seed 004, {max(marks)} pages read by OCR, "
          f"{len(result.plan.tasks)} tasks), {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"  whole parse                 wall {wall:6.1f} s   cpu {cpu:6.1f} s")
    print(f"  of which OCR                wall {end - start:6.1f} s   "
          f"cpu {end_cpu - start_cpu:6.1f} s")
    print(f"  rest (layout, recognizers)  wall {wall - (end - start):6.1f} s   "
          f"cpu {cpu - (end_cpu - start_cpu):6.1f} s")
    print(f"  text PDF of the same pages: wall {text_wall:.2f} s, cpu {text_cpu:.2f} s "
          f"(scan / text PDF: {wall / text_wall:.0f}x)")
    if with_ocrmypdf and shutil.which("ocrmypdf"):
        out = folder / "plan-18.ocrmypdf.pdf"
        _, m_wall, m_cpu = _timed(lambda: subprocess.run(
            ["ocrmypdf", "-q", "-l", "vie", "--deskew", "--rotate-pages", "--output-type",
             "pdf", "--optimize", "0", "-j", str(os.cpu_count()), str(scan), str(out)],
            check=True))
        tasks = len(parse_file(out).plan.tasks)
        print(f"  OCRmyPDF (its text layer read by the PDF reader): wall {m_wall:.1f} s, "
              f"cpu {m_cpu:.1f} s, {tasks} tasks")


def accuracy(folder: Path, with_ocrmypdf: bool, dpi: int = 200) -> None:
    header = ["document", "reading", "task F1", *FIELDS, "meta"]
    print(" | ".join(header))
    groups = {"seeds": sorted((ROOT / "gold").glob("*.json")),
              "yardstick dev": sorted((ROOT / "yardstick" / "dev").glob("*.json")),
              "yardstick held-back": sorted((ROOT / "yardstick" / "heldout").glob("*.json"))}
    for group, golds in groups.items():
        totals = {"scan": Report(documents=0), "text PDF": Report(documents=0)}
        if with_ocrmypdf:
            totals["OCRmyPDF"] = Report(documents=0)
        for gold_path in golds:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            source = (ROOT / "seeds" / gold["source"]) if group == "seeds" else \
                gold_path.parent / gold["source"]
            printed = _printed(source, folder)
            scan = build_scan(printed, folder / f"{source.stem}.scan.pdf", dpi=dpi)
            readings = {"scan": scan, "text PDF": printed}
            if with_ocrmypdf:
                readings["OCRmyPDF"] = folder / f"{source.stem}.ocrmypdf.pdf"
                subprocess.run(["ocrmypdf", "-q", "-l", "vie", "--deskew", "--output-type",
                                "pdf", "-j", str(os.cpu_count()), str(scan),
                                str(readings["OCRmyPDF"])], check=True)
            for name, path in readings.items():
                report = score(parse_file(path).plan.to_dict(), gold)
                totals[name].add(report)
                if group == "seeds":
                    print(_row(gold_path.stem[:3], name, report))
        for name, total in totals.items():
            print(_row(f"**{group}**", name, total))


def _row(document: str, reading: str, r: Report) -> str:
    meta = sum(r.meta_accuracy(f) for f in META_FIELDS) / len(META_FIELDS)
    return " | ".join([document, reading, f"{r.tasks.f1:.3f}",
                       *(f"{r.field_accuracy(f):.3f}" for f in FIELDS), f"{meta:.3f}"])


def main() -> None:
    os.environ["CCHC_OCR_CACHE"] = "off"
    with_ocrmypdf = "--ocrmypdf" in sys.argv
    dpi = int(sys.argv[sys.argv.index("--dpi") + 1]) if "--dpi" in sys.argv else None
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-bench-") as tmp:
        if dpi:
            print(f"scans at {dpi} dpi")
            accuracy(Path(tmp), with_ocrmypdf, dpi)
            return
        speed(Path(tmp), with_ocrmypdf)
        if "--speed" not in sys.argv:
            accuracy(Path(tmp), with_ocrmypdf)


if __name__ == "__main__":
    main()
