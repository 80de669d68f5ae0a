"""`cchc extract …`: how well the extractor reads plans — on a folder of gold files, or on
every plan users of this installation corrected (each correction is a measurement)."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.errors import CchcError
from cchc.extract.evaluation import Report, figures

extract_app = typer.Typer(no_args_is_help=True,
                          help="Bộ trích xuất kế hoạch: đo độ chính xác so với dữ liệu chuẩn.")

HEADER = ("văn bản", "NV: P", "R", "F1", "lĩnh vực", "chủ trì", "phối hợp", "sản phẩm",
          "thời hạn (chữ)", "thời hạn (chuẩn hóa)", "thông tin chung", "căn cứ F1", "chỉ tiêu F1")


@extract_app.command("eval")
def evaluate(
    folder: Path | None = typer.Argument(
        None, help="Thư mục chứa văn bản và tệp chuẩn .json cùng tên (định dạng cchc.plan/1)"),
    corrections: bool = typer.Option(
        False, "--corrections", help="Đo trên mọi kế hoạch người dùng đã sửa sau khi nhập "
        "(cơ sở dữ liệu CCHC_DATABASE_URL, văn bản gốc trong CCHC_DATA_DIR)"),
    export: Path | None = typer.Option(
        None, "--export", help="Ghi văn bản và kế hoạch đã sửa thành tệp chuẩn vào thư mục này "
        "(dùng lại được: cchc extract eval THƯ_MỤC)"),
):
    """Độ chính xác của bộ trích xuất: tìm nhiệm vụ (P, R, F1), đơn vị chủ trì, phối hợp, sản
    phẩm, thời hạn, thông tin chung, căn cứ, chỉ tiêu — như benchmarks/extract_accuracy.py."""
    if (folder is None) == (not corrections):
        raise typer.BadParameter("chọn một thư mục chuẩn hoặc --corrections", param_hint="FOLDER")
    try:
        rows = _on_corrections(export) if corrections else _on_folder(folder)
    except CchcError as exc:
        typer.echo(f"lỗi: {exc}", err=True)
        raise typer.Exit(2) from None
    if not rows:
        typer.echo("Chưa có kế hoạch nào được sửa sau khi nhập: chưa có gì để đo."
                   if corrections else f"{folder}: không có tệp chuẩn .json nào.", err=True)
        raise typer.Exit(1)
    total = Report(documents=0)
    typer.echo(" | ".join(HEADER))
    for name, report in rows:
        if report is None:
            typer.echo(f"{name} | (không còn văn bản gốc: không đo được)")
            continue
        total.add(report)
        typer.echo(" | ".join([name, *figures(report)]))
    typer.echo(" | ".join(["TỔNG", *figures(total)]))


def _on_folder(folder: Path) -> list[tuple[str, Report | None]]:
    from cchc.extract import parse_file
    from cchc.extract.evaluation import gold_files, score

    if not folder.is_dir():
        raise CchcError(f"{folder}: không có thư mục này")
    return [(document.name, score(parse_file(document).plan.to_dict(), gold))
            for gold, document in gold_files(folder)]


def _on_corrections(export: Path | None) -> list[tuple[str, Report | None]]:
    from cchc.store import open_database
    from cchc.store.files import SourceDocuments
    from cchc.tracking.corrections import export_gold, measure_corrections

    sources = SourceDocuments()
    with open_database() as factory, factory() as session:
        measured = measure_corrections(session, sources)
    if export is not None:
        written = export_gold(measured, export, sources)
        typer.echo(f"Đã ghi {len(written)} tệp chuẩn vào {export}.", err=True)
    return [(f"{m.file_name} ({m.document.org_name} {m.document.year}, "
             f"{m.document.corrections} chỗ sửa)", m.report) for m in measured]
