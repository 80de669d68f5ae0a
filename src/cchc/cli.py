"""The one command-line entry point: `cchc`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from cchc.errors import CchcError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="cchc: kế hoạch cải cách hành chính — import, track, measure, report.")


def _fail(exc: CchcError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


@app.command()
def when(text: str = typer.Argument(..., help="A deadline phrase, e.g. 'Quý II/2024'"),
         year: int = typer.Option(..., "--year", help="The plan year (default year of dates)")):
    """Normalize a Vietnamese deadline phrase into schedule items (JSON)."""
    from cchc.extract.deadlines import parse_schedule

    items = [item.to_dict() for item in parse_schedule(text, year)]
    typer.echo(json.dumps(items, ensure_ascii=False, indent=2))


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
