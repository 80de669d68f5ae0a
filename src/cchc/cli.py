"""The one command-line entry point: `cchc`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from cchc import cli_vi
from cchc.errors import CchcError
from cchc.extract_cli import extract_app
from cchc.indicators.cli_commands import dossiers_app
from cchc.reports.cli_commands import report_app
from cchc.scoring.cli_commands import scoring_app
from cchc.store.backup.cli_commands import backup_command, restore_command
from cchc.tokens_cli import tokens_app
from cchc.users_cli import users_app
from cchc.orgs_cli import orgs_app

cli_vi.install()
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="cchc: kế hoạch cải cách hành chính — nhập, theo dõi, đo lường, báo cáo.",
)


def _fail(exc: CchcError | str) -> None:
    typer.echo(f"lỗi: {exc}", err=True)
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
    text: str = typer.Argument(..., help="Cụm thời hạn, ví dụ 'Quý II/2024'"),
    year: int = typer.Option(..., "--year",
                             help="Năm của kế hoạch (năm của các ngày không ghi năm)"),
):
    """Chuẩn hóa một cụm thời hạn (thời gian hoàn thành) thành các mốc (JSON). Mã thoát 1
    khi không nhận ra thời hạn nào."""
    from cchc.extract.deadlines import parse_schedule

    items = [item.to_dict() for item in parse_schedule(text, year)]
    typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
    if not items:
        typer.echo(f"Không nhận ra thời hạn nào trong “{text}”: cần một mốc như “Quý II/2024”, "
                   "“Trước ngày 30/11/2024”, “Định kỳ hằng quý”, “Thường xuyên” hoặc "
                   "“Sau khi …”.", err=True)
        raise typer.Exit(1)


@app.command()
def parse(
    file: Path = typer.Argument(..., help="Văn bản kế hoạch (.docx, .pdf, .txt, .md, .html, "
                                          ".doc; bản quét: .pdf, .png, .jpg, .tif)"),
    fmt: str | None = typer.Option(
        None, "--format", "-f",
        help="json | yaml | md; mặc định theo đuôi tệp -o, nếu không là json"),
    out: Path | None = typer.Option(None, "--output", "-o",
                                    help="Ghi vào tệp này thay vì ra màn hình"),
):
    """Đọc văn bản kế hoạch thành dữ liệu có cấu trúc JSON/YAML/Markdown (lược đồ cchc.plan/1)."""
    from cchc.extract import parse_file
    from cchc.extract.lint import lint as lint_plan
    from cchc.extract.readers.progress import reporting
    from cchc.extract.serialize import FORMATS, format_of, render

    fmt = fmt or (format_of(out) if out else None) or "json"
    if fmt not in FORMATS:
        raise typer.BadParameter(f"dùng một trong {', '.join(FORMATS)}", param_hint="--format")
    if out is not None and not out.parent.is_dir():
        _fail(f"{out}: không có thư mục {out.parent}; hãy tạo thư mục trước")
    try:
        with reporting(_ocr_progress):
            result = parse_file(file)
    except CchcError as exc:
        _fail(exc)
    text = render(result.plan, lint_plan(result.plan, result.document), fmt)
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{out}: không ghi được tệp ({exc.strerror or exc})")


@app.command()
def lint(file: Path = typer.Argument(..., help="Văn bản kế hoạch cần kiểm tra")):
    """Liệt kê những chỗ văn bản kế hoạch ghi sai, thiếu (kiểm tra). Mã thoát 1 khi có lỗi."""
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


plan_app = typer.Typer(no_args_is_help=True, help="Kế hoạch: nhập vào cơ sở dữ liệu, xuất ra Word.")
app.add_typer(plan_app, name="plan")


@plan_app.command("import")
def plan_import(
    file: Path = typer.Argument(..., help="Văn bản kế hoạch"),
    org: str = typer.Option(..., "--org", help="Mã đơn vị, ví dụ TH.TPTH.THIEUVAN"),
    user: str | None = typer.Option(None, "--user", help="Tài khoản thực hiện (ghi nhật ký)"),
    replace: bool = typer.Option(False, "--replace",
                                 help="Thay phiên bản hiện hành của kế hoạch (không có tùy chọn "
                                      "này: chỉ cho biết những gì sẽ thay đổi)"),
):
    """Đọc kế hoạch và lưu thành phiên bản mới của kế hoạch năm của đơn vị."""
    from cchc.extract.readers.progress import reporting
    from cchc.tracking.importing import import_file_cli

    try:
        with reporting(_ocr_progress):
            typer.echo(import_file_cli(file, org, user, replace))
    except CchcError as exc:
        _fail(exc)


@plan_app.command("export")
def plan_export(
    file: Path = typer.Argument(...,
                                help="Kế hoạch dạng JSON (cchc.plan/1), như `cchc parse` ghi ra"),
    out: Path = typer.Option(..., "--output", "-o", help="Tệp .docx cần ghi"),
):
    """Xuất kế hoạch ra Word: quyết định, nội dung kế hoạch và phụ lục nhiệm vụ."""
    from cchc.reports.plan_export import export_plan_json

    try:
        export_plan_json(file, out)
    except CchcError as exc:
        _fail(exc)
    typer.echo(f"Đã ghi {out}")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="Địa chỉ lắng nghe"),
          port: int = typer.Option(8000, help="Cổng")):
    """Chạy ứng dụng web (cơ sở dữ liệu CCHC_DATABASE_URL, mặc định ./cchc.sqlite)."""
    from cchc.web.server import ready_to_serve, serve as run

    try:
        ready_to_serve()
    except CchcError as exc:
        _fail(exc)
    run(host=host, port=port)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Địa chỉ lắng nghe"),
    port: int = typer.Option(8000, help="Cổng"),
    no_serve: bool = typer.Option(False, "--no-serve",
                                  help="Chỉ tạo cơ sở dữ liệu mẫu, không chạy web"),
    real_date: bool = typer.Option(False, "--real-date",
                                   help="Dùng ngày thật thay cho ngày tham chiếu của bản mẫu"),
):
    """Cơ sở dữ liệu mẫu mới: các đơn vị và năm kế hoạch mẫu, mỗi vai trò một tài khoản, nửa năm
    tiến độ; rồi chạy web tại http://127.0.0.1:8000."""
    from cchc.demo import run_demo

    run_demo(host=host, port=port, serve=not no_serve, real_date=real_date)


@app.command()
def remind(dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ in ra, không gửi")):
    """Gửi mỗi đơn vị bản tổng hợp các mốc quá hạn và sắp đến hạn (thư điện tử và trong ứng
    dụng)."""
    from cchc.tracking.reminders import run_reminders

    typer.echo(run_reminders(dry_run=dry_run))


app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(dossiers_app, name="dossiers", help="Hồ sơ TTHC: synth, import, indicators, form06.")
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.add_typer(report_app, name="report")
app.add_typer(orgs_app, name="orgs")
app.add_typer(scoring_app, name="scoring")
app.add_typer(extract_app, name="extract")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
