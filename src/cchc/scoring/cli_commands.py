"""`cchc scoring ...`: check a criteria set file; list the shipped sets."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.scoring.criteria import CriteriaError, parse_set, read_set_file, shipped_sets

scoring_app = typer.Typer(add_completion=False, no_args_is_help=True,
                          help="Chỉ số CCHC: kiểm tra bộ tiêu chí, tự chấm điểm, thẩm định.")


@scoring_app.command()
def check(file: Path = typer.Argument(..., help="Tệp bộ tiêu chí (.yaml)")):
    """Kiểm tra một bộ tiêu chí. Mã thoát 0 khi hợp lệ; 2 kèm tệp, dòng và lý do khi lỗi."""
    try:
        found = read_set_file(file)
    except CriteriaError as exc:
        for problem in exc.problems:
            typer.echo("{}:{}: {}".format(*problem), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{file}: hợp lệ — {found.name} ({found.code}, phiên bản {found.version}, năm "
               f"{found.year}): {len(found.areas)} lĩnh vực, {len(found.leaves())} tiêu chí "
               f"chấm điểm, {found.max_points:g} điểm ({found.max_of('self'):g} tự đánh giá, "
               f"{found.max_of('survey'):g} điều tra xã hội học); {found.unconfirmed_count} "
               "tiêu chí chưa xác nhận điểm với văn bản gốc.")


@scoring_app.command("sets")
def list_sets():
    """Các bộ tiêu chí có sẵn trong cchc."""
    for name, text in shipped_sets().items():
        found = parse_set(text, name)
        typer.echo(f"{name}\t{found.code}\tnăm {found.year}\t{found.source.document}")
