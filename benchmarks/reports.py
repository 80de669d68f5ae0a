#!/usr/bin/env python3
"""Periodic reports benchmark: a commune's report and a province's compilation.

    .venv/bin/python benchmarks/reports.py                        # SQLite (temporary files)
    .venv/bin/python benchmarks/reports.py \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test  # and PostgreSQL
    options: --orgs 700 --tasks 50 --runs 5 --sent 0.8 --no-pdf
             --screenshots docs/screenshots   # page 1 of a commune's quarterly report and of
                                              # the province compilation, as PNG (pdftoppm)

1. A commune's report: the demo (five seed plans, half a year of progress, a year of synthetic
   dossiers); xã Hương Trà's 6-month report drafted from the data (tasks, targets measured from
   the dossiers, form 06) and printed as DOCX and XLSX — and, for information, as PDF through
   LibreOffice. Target: < 2 s for the report (drafting + DOCX).
2. A province's compilation: the synthetic province of benchmarks/web_load.py (`--orgs`
   organizations, each with a plan of `--tasks` tasks and a year of progress), `--sent` of its
   units having sent their 9-month report (each a full report content, stored as sent);
   compiling every unit's figures, rankings and excerpts, then DOCX and XLSX. Target: < 10 s.

Each figure is the median of `--runs` runs (the first, warming caches, is left out).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_load import YEAR, _postgres_database, build_province  # noqa: E402

from cchc.demo import build_demo_database  # noqa: E402
from cchc.indicators.store import DossierStore  # noqa: E402
from cchc.reports.compilation import compile_report  # noqa: E402
from cchc.reports.drafts import Drafting  # noqa: E402
from cchc.reports.periods import ReportCalendar  # noqa: E402
from cchc.reports.render import render  # noqa: E402
from cchc.reports.unit_report import draft_report  # noqa: E402
from cchc.store import make_engine, make_sessionmaker  # noqa: E402
from cchc.store.models import (  # noqa: E402
    PLAN_ISSUER_KINDS, Organization, Report, ReportSubmission)
from cchc.store.services.reports import content_hash  # noqa: E402

COMMUNE, COMMUNE_PERIOD, COMMUNE_TODAY = "QNG.TRABONG.HUONGTRA", "2024-H1", date(2024, 6, 18)
QUARTER, QUARTER_TODAY = "2024-Q1", date(2024, 3, 18)  # the screenshot's quarterly report
PROVINCE_PERIOD, PROVINCE_TODAY = f"{YEAR}-9M", date(YEAR, 9, 25)


def timed(runs: int, work: Callable[[], object]) -> float:
    """Median seconds of `runs` runs after one warm-up run."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def commune_report(url: str, data: Path, runs: int, pdf: bool,
                   screenshots: Path | None = None) -> list[tuple[str, float]]:
    build_demo_database(url, data)
    engine = make_engine(url, poolclass=NullPool)
    factory = make_sessionmaker(engine)
    how = Drafting(ReportCalendar(), DossierStore(data), COMMUNE_TODAY)
    period = how.period(COMMUNE_PERIOD)
    content: dict = {}

    def draft() -> None:
        with factory() as session:
            org = session.scalar(select(Organization).where(Organization.code == COMMUNE))
            content.update(draft_report(session, org, period, how.today, how.calendar,
                                        how.store))

    figures = [("draft from the data (tasks, targets, form 06)", timed(runs, draft)),
               ("DOCX", timed(runs, lambda: render(content, "docx"))),
               ("XLSX", timed(runs, lambda: render(content, "xlsx")))]
    figures.insert(0, ("report: draft + DOCX", figures[0][1] + figures[1][1]))
    if pdf:
        figures.append(("PDF (LibreOffice, for information)",
                        timed(1, lambda: render(content, "pdf"))))
    if screenshots:
        quarter = Drafting(how.calendar, how.store, QUARTER_TODAY)
        with factory() as session:
            org = session.scalar(select(Organization).where(Organization.code == COMMUNE))
            first_page(draft_report(session, org, quarter.period(QUARTER), quarter.today,
                                    quarter.calendar, quarter.store),
                       screenshots / "report-commune-q1.png")
    engine.dispose()
    return figures


def first_page(content: dict, png: Path) -> None:
    """Page 1 of the report's PDF as a PNG (pdftoppm, 80 dpi)."""
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        pdf.write_bytes(render(content, "pdf"))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(png.with_suffix(""))], check=True)


def province_compilation(url: str, orgs: int, tasks: int, runs: int, sent: float,
                         screenshots: Path | None = None
                         ) -> tuple[int, int, list[tuple[str, float]]]:
    province = build_province(url, orgs, tasks, officers=0)
    engine = make_engine(url, poolclass=NullPool)
    factory = make_sessionmaker(engine)
    how = Drafting(ReportCalendar(), None, PROVINCE_TODAY)
    period = how.period(PROVINCE_PERIOD)
    units = _send_reports(factory, period.code, sent)
    content: dict = {}

    def compile_() -> None:
        with factory() as session:
            org = session.scalar(select(Organization).where(Organization.code == "p"))
            content.update(compile_report(session, org, period, how))

    figures = [("compile (figures of every unit, rankings, excerpts)", timed(runs, compile_)),
               ("DOCX", timed(runs, lambda: render(content, "docx"))),
               ("XLSX", timed(runs, lambda: render(content, "xlsx")))]
    figures.insert(0, ("compilation: compile + DOCX + XLSX", sum(f for _, f in figures)))
    engine.dispose()
    assert len(content["units"]) == orgs - 1, len(content["units"])
    if screenshots:
        first_page(content, screenshots / "report-province-compilation.png")
    return province.tasks, units, figures


def _send_reports(factory, period_code: str, share: float) -> int:
    """Sent reports of `share` of the units: a unit report's content with narrative and
    targets, a sixth of them late."""
    rng = random.Random(9)
    with factory() as session:
        units = session.execute(select(Organization.id, Organization.name).where(
            Organization.kind.in_(PLAN_ISSUER_KINDS), Organization.code != "p")).all()
    chosen = [u for u in units if rng.random() < share]
    sent_at = datetime(YEAR, 9, 19, 3, tzinfo=UTC)
    with factory.begin() as session:
        report_rows = [{"org_id": org_id, "period_code": period_code, "kind": "unit",
                        "status": "sent", "sections": {}, "document": {}, "version_id": 1,
                        "first_sent_at": sent_at} for org_id, _ in chosen]
        session.execute(insert(Report), report_rows)
        ids = dict(session.execute(select(Report.org_id, Report.id).where(
            Report.period_code == period_code)).all())
        submissions = []
        for org_id, name in chosen:
            content = _content(name, rng)
            submissions.append({"report_id": ids[org_id], "number": 1, "content": content,
                                "content_sha256": content_hash(content), "sent_at": sent_at,
                                "late": rng.random() < 1 / 6})
        session.execute(insert(ReportSubmission), submissions)
    return len(chosen)


def _content(name: str, rng: random.Random) -> dict:
    sections = {f"area:{code}": f"{name} đã triển khai các nhiệm vụ {code} theo kế hoạch; "
                                "kết quả cụ thể: " + "hoàn thành đúng tiến độ. " * rng.randint(2, 6)
                for code in ("the_che", "tthc", "to_chuc", "cong_vu", "tai_chinh", "so")}
    targets = [{"text": f"Chỉ tiêu {n}", "status": rng.choice(["đạt", "đạt", "chưa đạt"])}
               for n in range(8)]
    return {"schema": "cchc.report/1", "kind": "unit", "sections": sections,
            "targets": targets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="also measure on this PostgreSQL server")
    parser.add_argument("--orgs", type=int, default=700)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sent", type=float, default=0.8)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--screenshots", type=Path, help="write page-1 PNGs (SQLite run) here")
    args = parser.parse_args()
    print(f"# reports benchmark — {platform.node()}, {platform.machine()}, "
          f"Python {platform.python_version()}")
    backends = [("SQLite", None)] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    for label, server in backends:
        shots = args.screenshots if server is None else None
        with tempfile.TemporaryDirectory(prefix="cchc-bench-reports-") as tmp:
            for what in ("commune", "province"):
                url, drop = ((f"sqlite:///{tmp}/{what}.sqlite", lambda: None) if server is None
                             else _postgres_database(server))
                try:
                    if what == "commune":
                        figures = commune_report(url, Path(tmp) / "data", args.runs,
                                                 not args.no_pdf and server is None,
                                                 shots)
                        print(f"\n## {label}: commune report ({COMMUNE}, {COMMUNE_PERIOD})")
                    else:
                        tasks, sent, figures = province_compilation(
                            url, args.orgs, args.tasks, args.runs, args.sent, shots)
                        print(f"\n## {label}: province compilation ({args.orgs} organizations, "
                              f"{tasks} tasks, {sent} reports sent, {PROVINCE_PERIOD})")
                    print("| step | median s |\n|---|---|")
                    for step, seconds in figures:
                        print(f"| {step} | {seconds:.3f} |")
                finally:
                    drop()


if __name__ == "__main__":
    main()
