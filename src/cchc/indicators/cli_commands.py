"""`cchc dossiers ...`: synthetic data, import, indicators and form 06 (Typer sub-app
`dossiers_app`, mounted by cchc.cli)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cchc.errors import CchcError
from cchc.indicators.catalog import POINTS_NOTE, RATES
from cchc.indicators.periods import KINDS, Reporting, period_of

dossiers_app = typer.Typer(add_completion=False, no_args_is_help=True,
                           help="Hồ sơ TTHC: import, synthetic data, service indicators (766).")

SUMMARY = ("received", *(r.id for r in RATES), "avg_processing_days", "points_total")


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


@dossiers_app.command()
def synth(rows: int = typer.Option(100_000, "--rows", help="Number of dossiers"),
          seed: int = typer.Option(0, "--seed"),
          year: int = typer.Option(2024, "--year", help="Year the dossiers are received"),
          output: Path = typer.Option(..., "-o", "--output", help=".parquet, .csv or .xlsx")):
    """Write synthetic dossiers for the demo organizations."""
    from cchc.indicators.synth import synth as make
    from cchc.indicators.synth import write

    try:
        write(make(rows, seed, year=year), output)
    except (CchcError, ValueError) as exc:
        _fail(exc)
    typer.echo(f"{output}: {rows} dossiers")


@dossiers_app.command("import")
def import_file(file: Path = typer.Argument(..., help="CSV, XLSX or Parquet export"),
                quarantine: Path = typer.Option(None, "--quarantine",
                                                help="Where bad rows go (CSV)")):
    """Validate and store dossiers; bad rows go to a quarantine CSV with row and reason."""
    from cchc.indicators.aggregates import engine_for
    from cchc.indicators.importer import import_dossiers
    from cchc.indicators.store import DossierStore

    store = DossierStore()
    try:
        result = import_dossiers(file, store, quarantine)
        if result.loaded:
            for scheme in ("calendar", "cchc"):
                engine_for(store, Reporting(scheme))
    except CchcError as exc:
        _fail(exc)
    typer.echo(result.summary())
    if result.ignored_columns:
        typer.echo(f"ignored columns: {', '.join(result.ignored_columns)}")


@dossiers_app.command()
def indicators(period: str = typer.Option("month", "--period",
                                          help=f"{' | '.join(KINDS)} or one period: 2024-03, "
                                               "2024-Q1, 2024-H1, 2024-9M, 2024"),
               by: list[str] = typer.Option(["org"], "--by", help="org | field | procedure"),
               scheme: str = typer.Option("calendar", "--scheme", help="calendar | cchc"),
               cutoff_day: int = typer.Option(14, "--cutoff-day",
                                              help="CCHC report months end on this day"),
               subtree: bool = typer.Option(False, "--subtree",
                                            help="A unit's figures include its sub-units"),
               output: str = typer.Option("table", "--format", help="table | csv | json")):
    """Service indicators and estimated Decision 766 points per period and group."""
    _report("indicators", period, by, scheme, cutoff_day, subtree, output)


@dossiers_app.command()
def form06(period: str = typer.Option("quarter", "--period"),
           by: list[str] = typer.Option(["field"], "--by"),
           scheme: str = typer.Option("cchc", "--scheme"),
           cutoff_day: int = typer.Option(14, "--cutoff-day"),
           subtree: bool = typer.Option(False, "--subtree"),
           output: str = typer.Option("table", "--format")):
    """Periodic statistics of Circular 01/2020/TT-VPCP, form 06/VPCP/KSTT."""
    _report("form06", period, by, scheme, cutoff_day, subtree, output)


def _report(what: str, period: str, by: list[str], scheme: str, cutoff_day: int,
            subtree: bool, output: str) -> None:
    from cchc.indicators.aggregates import engine_for
    from cchc.indicators.engine import parent_map
    from cchc.indicators.store import DossierStore

    try:
        if scheme not in ("calendar", "cchc"):
            raise ValueError(f"unknown scheme '{scheme}' (calendar or cchc)")
        reporting = Reporting(scheme, cutoff_day)  # type: ignore[arg-type]
        kind, only = (period, None) if period in KINDS else \
            (_kind_of(period, reporting), period_of(period, reporting).id)
        engine = engine_for(DossierStore(), reporting)
        parents = parent_map(engine.org_codes()) if subtree else None
        table = getattr(engine, what)(kind, by, parents=parents, period=only)
    except (CchcError, ValueError) as exc:
        _fail(exc)
    rows = table.to_pylist()
    if output == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    elif output == "csv":
        import csv
        import sys

        writer = csv.DictWriter(sys.stdout, fieldnames=table.column_names)
        writer.writeheader()
        writer.writerows(rows)
    else:
        columns = [c for c in table.column_names if c not in ("period_label",)]
        if what == "indicators":
            columns = [c for c in columns if c in SUMMARY or not _is_measure(c)]
        typer.echo(_text_table(rows, columns))
        if what == "indicators":
            typer.echo(f"points: {POINTS_NOTE}")


def _kind_of(period_id: str, reporting: Reporting) -> str:
    period = period_of(period_id, reporting)
    months = period.last_bucket - period.first_bucket + 1
    if period.id.endswith("9M"):
        return "nine_months"
    return {1: "month", 3: "quarter", 6: "half", 12: "year"}[months]


def _is_measure(column: str) -> bool:
    return column not in ("period", "org_code", "field_code", "field_name", "procedure_code",
                          "procedure_name")


def _text_table(rows: list[dict], columns: list[str]) -> str:
    def cell(column: str, value: object) -> str:
        if value is None:
            return "-"
        if column.endswith("_rate"):
            return f"{100 * value:.2f}%"
        if isinstance(value, float):
            return f"{value:.2f}"
        return str(value)

    cells = [[cell(c, row[c]) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    return "\n".join(lines)
