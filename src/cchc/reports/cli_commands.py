"""`cchc report`: a unit's periodic report, or the upper level's compilation, as DOCX, PDF or
XLSX; `cchc report templates DIR`: the shipped Word templates, to adjust without code."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer

from cchc.clock import today_from_env
from cchc.errors import CchcError
from cchc.reports.periods import CODES_HELP

report_app = typer.Typer(
    invoke_without_command=True, no_args_is_help=True,
    help="Báo cáo CCHC định kỳ: cchc report --org MÃ --period 2024-Q1 --format docx -o OUT")


@report_app.callback()
def report(
    ctx: typer.Context,
    org: str = typer.Option(None, "--org", help="Mã đơn vị, ví dụ QNG.TRABONG.HUONGTRA"),
    period: str = typer.Option(None, "--period", help=f"Kỳ báo cáo: {CODES_HELP}"),
    fmt: str = typer.Option("docx", "--format", "-f", help="docx | pdf | xlsx"),
    out: Path = typer.Option(None, "--output", "-o", help="Tệp kết quả"),
    compilation: bool = typer.Option(False, "--compilation",
                                     help="Báo cáo tổng hợp của cấp trên về các đơn vị trực "
                                          "thuộc"),
):
    """Báo cáo của đơn vị (bản đã gửi, nếu có; nếu không, bản dự thảo từ dữ liệu hiện có)."""
    if ctx.invoked_subcommand is not None:
        return
    if not (org and period and out):
        raise typer.BadParameter("cần --org, --period và -o", param_hint="--org")
    try:
        content = build_content(org, period, compilation)
        from cchc.reports.render import render

        out.write_bytes(render(content, fmt))
    except CchcError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Đã ghi {out}")


def build_content(org_code: str, period_code: str, compilation: bool) -> dict:
    """The report's content from the configured database and data directory."""
    from cchc.indicators.store import DossierStore
    from cchc.reports.drafts import Drafting, printable
    from cchc.reports.periods import ReportCalendar
    from cchc.store.lookups import org_by_code
    from cchc.store.schema import open_database

    how = Drafting(ReportCalendar.from_env(), DossierStore(), today_from_env()())
    period = how.period(period_code)
    with open_database() as factory, factory() as session:
        org = org_by_code(session, org_code)
        if compilation:
            from cchc.reports.compilation import compile_report

            return compile_report(session, org, period, how)
        return printable(session, org, period, how)


@report_app.command("templates")
def templates(folder: Path = typer.Argument(..., help="Thư mục nhận các mẫu")):
    """Chép các mẫu báo cáo (Word) ra thư mục để quản trị viên chỉnh sửa; sau đó đặt
    CCHC_REPORT_TEMPLATES=thư mục đó để dùng mẫu đã sửa."""
    from cchc.reports.template_builder import COMPILATION_TEMPLATE, TEMPLATES, UNIT_TEMPLATE

    folder.mkdir(parents=True, exist_ok=True)
    for name in (UNIT_TEMPLATE, COMPILATION_TEMPLATE):
        shutil.copyfile(TEMPLATES / name, folder / name)
        typer.echo(folder / name)
