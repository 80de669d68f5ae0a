"""The one command-line entry point: `cchc`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from cchc.errors import CchcError
from cchc.indicators.cli_commands import dossiers_app
from cchc.reports.cli_commands import report_app
from cchc.scoring.cli_commands import scoring_app
from cchc.store.backup.cli_commands import backup_command, restore_command
from cchc.users_cli import users_app
from cchc.orgs_cli import orgs_app

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="cchc: kế hoạch cải cách hành chính — import, track, measure, report.",
)


def _fail(exc: CchcError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


def _ocr_progress(done: int, total: int) -> None:
    """Pages of a scanned plan read by OCR so far, on stderr (one line redrawn on a terminal)."""
    text = f"Đang nhận dạng chữ (OCR): {done}/{total} trang"
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{text}" + ("\n" if done == total else ""))
    elif done:
        sys.stderr.write(text + "\n")
    sys.stderr.flush()


@app.command()
def when(
    text: str = typer.Argument(..., help="A deadline phrase, e.g. 'Quý II/2024'"),
    year: int = typer.Option(..., "--year", help="The plan year (default year of dates)"),
):
    """Normalize a Vietnamese deadline phrase into schedule items (JSON)."""
    from cchc.extract.deadlines import parse_schedule

    items = [item.to_dict() for item in parse_schedule(text, year)]
    typer.echo(json.dumps(items, ensure_ascii=False, indent=2))


@app.command()
def parse(
    file: Path = typer.Argument(..., help="Plan document (.docx, .pdf, .txt, .md, .html, .doc; "
                                          "scans: .pdf, .png, .jpg, .tif)"),
    fmt: str = typer.Option("json", "--format", "-f", help="json | yaml | md"),
    out: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout"),
):
    """Parse a plan document into structured JSON/YAML/Markdown (schema cchc.plan/1)."""
    from cchc.extract import parse_file
    from cchc.extract.lint import lint as lint_plan
    from cchc.extract.readers.progress import reporting
    from cchc.extract.serialize import FORMATS, render

    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    try:
        with reporting(_ocr_progress):
            result = parse_file(file)
    except CchcError as exc:
        _fail(exc)
    text = render(result.plan, lint_plan(result.plan, result.document), fmt)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


@app.command()
def lint(file: Path = typer.Argument(..., help="Plan document to check")):
    """List what the plan document gets wrong. Exit code 1 when there are errors."""
    from cchc.extract import parse_file
    from cchc.extract.lint import has_errors, lint as lint_plan
    from cchc.extract.readers.progress import reporting

    try:
        with reporting(_ocr_progress):
            result = parse_file(file)
    except CchcError as exc:
        _fail(exc)
    findings = lint_plan(result.plan, result.document)
    for finding in findings:
        typer.echo(str(finding))
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    typer.echo(
        f"{counts['error']} lỗi, {counts['warning']} cảnh báo, {counts['info']} ghi chú", err=True
    )
    if has_errors(findings):
        raise typer.Exit(1)


plan_app = typer.Typer(no_args_is_help=True, help="Kế hoạch: import into the database.")
app.add_typer(plan_app, name="plan")


@plan_app.command("import")
def plan_import(
    file: Path = typer.Argument(..., help="Plan document"),
    org: str = typer.Option(..., "--org", help="Organization code, e.g. TH.TPTH.THIEUVAN"),
    user: str | None = typer.Option(None, "--user", help="Acting username (audit)"),
    replace: bool = typer.Option(False, "--replace",
                                 help="Thay phiên bản hiện hành của kế hoạch (replace the "
                                      "current version; without it, only says what would change)"),
):
    """Parse a plan and store it as a new version of the organization's plan for its year."""
    from cchc.extract.readers.progress import reporting
    from cchc.tracking.importing import import_file_cli

    try:
        with reporting(_ocr_progress):
            typer.echo(import_file_cli(file, org, user, replace))
    except CchcError as exc:
        _fail(exc)


@plan_app.command("export")
def plan_export(
    file: Path = typer.Argument(..., help="Plan JSON (cchc.plan/1), as `cchc parse` writes it"),
    out: Path = typer.Option(..., "--output", "-o", help="The .docx to write"),
):
    """Write a plan back to Word: decision, plan body and the appendix task table."""
    from cchc.reports.plan_export import export_plan_json

    try:
        export_plan_json(file, out)
    except CchcError as exc:
        _fail(exc)
    typer.echo(f"Đã ghi {out}")


@app.command()
def serve(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000)):
    """Serve the web app (database from CCHC_DATABASE_URL, default ./cchc.sqlite)."""
    from cchc.web.server import ready_to_serve, serve as run

    try:
        ready_to_serve()
    except CchcError as exc:
        _fail(exc)
    run(host=host, port=port)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
    no_serve: bool = typer.Option(False, "--no-serve", help="Build the demo database only"),
    real_date: bool = typer.Option(False, "--real-date",
                                   help="Dùng ngày thật thay cho ngày tham chiếu của bản mẫu"),
):
    """Fresh demo database: organizations of the seeds, the five seed plans, one user per role,
    half a year of progress; then serve http://127.0.0.1:8000."""
    from cchc.demo import run_demo

    run_demo(host=host, port=port, serve=not no_serve, real_date=real_date)


@app.command()
def remind(dry_run: bool = typer.Option(False, "--dry-run", help="Print, send nothing")):
    """Send each unit its digest of overdue and soon-due milestones (email + in-app)."""
    from cchc.tracking.reminders import run_reminders

    typer.echo(run_reminders(dry_run=dry_run))


app.add_typer(users_app, name="users")
app.add_typer(dossiers_app, name="dossiers", help="Hồ sơ TTHC: synth, import, indicators, form06.")
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.add_typer(report_app, name="report")
app.add_typer(orgs_app, name="orgs")
app.add_typer(scoring_app, name="scoring")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
