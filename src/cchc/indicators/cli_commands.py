"""`cchc dossiers ...`: synthetic data, import, indicators and form 06 (Typer sub-app
`dossiers_app`, mounted by cchc.cli)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cchc.errors import CchcError
from cchc.indicators.catalog import NO_DATA, POINTS_NOTE, RATES, not_computable
from cchc.indicators.importer import ImportResult, meaning
from cchc.indicators.periods import KINDS, Reporting, kind_of, period_of
from cchc.indicators.schema import BY_NAME, REQUIRED

dossiers_app = typer.Typer(add_completion=False, no_args_is_help=True,
                           help="Hồ sơ TTHC: nhập, hồ sơ ánh xạ, dữ liệu giả lập, chỉ số "
                                "phục vụ (QĐ 766), mẫu 06.")

SUMMARY = ("received", *(r.id for r in RATES), "avg_processing_days", "points_total",
           "points_max")


def _fail(exc: Exception) -> None:
    typer.echo(f"lỗi: {exc}", err=True)
    raise typer.Exit(2)


@dossiers_app.command()
def synth(rows: int = typer.Option(100_000, "--rows", help="Số hồ sơ"),
          seed: int = typer.Option(0, "--seed", help="Hạt giống ngẫu nhiên"),
          year: int = typer.Option(2024, "--year", help="Năm tiếp nhận hồ sơ"),
          output: Path = typer.Option(..., "-o", "--output", help=".parquet, .csv hoặc .xlsx"),
          words: bool = typer.Option(False, "--words",
                                     help="Như tệp xuất của hệ thống một cửa: tiêu đề tiếng "
                                          "Việt, trạng thái bằng chữ, ngày dd/mm/yyyy")):
    """Tạo hồ sơ giả lập cho các đơn vị của bản trình diễn."""
    from cchc.indicators.synth import in_words, write
    from cchc.indicators.synth import synth as make

    try:
        table = make(rows, seed, year=year)
        write(in_words(table) if words else table, output)
    except (CchcError, ValueError) as exc:
        _fail(exc)
    typer.echo(f"{output}: {rows} hồ sơ")


@dossiers_app.command("import")
def import_file(file: Path = typer.Argument(..., help="Tệp xuất CSV, XLSX hoặc Parquet"),
                profile: str = typer.Option(None, "--profile",
                                            help="Hồ sơ ánh xạ: tên (cchc dossiers profiles) "
                                                 "hoặc tệp YAML; mặc định tự nhận theo tiêu đề"),
                quarantine: Path = typer.Option(None, "--quarantine",
                                                help="Nơi ghi các dòng bị cách ly (CSV)"),
                dry_run: bool = typer.Option(False, "--dry-run",
                                             help="Chỉ kiểm tra và xem trước, không lưu"),
                output: str = typer.Option("text", "--format", help="text | json")):
    """Kiểm tra và lưu hồ sơ TTHC; dòng lỗi vào tệp cách ly kèm dòng, cột, giá trị, quy tắc.

    Mã thoát: 0 lưu hết, 1 có dòng bị cách ly, 2 không lưu được gì hoặc không đọc được tệp."""
    from cchc.indicators.aggregates import engine_for
    from cchc.indicators.importer import import_dossiers
    from cchc.indicators.store import DossierStore, store_lock

    store = DossierStore()
    try:
        with store_lock(store.root):  # the aggregates follow before anyone reads them
            result = import_dossiers(file, store, quarantine, profile=profile, dry_run=dry_run)
            if result.loaded and not dry_run:
                for scheme in ("calendar", "cchc"):
                    engine_for(store, Reporting(scheme))
    except CchcError as exc:
        _fail(exc)
    if output == "json":
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(import_text(result))
    raise typer.Exit(result.exit_code)


@dossiers_app.command()
def profiles():
    """Liệt kê các hồ sơ ánh xạ: của gói cài đặt và của thư mục CCHC_PROFILES_DIR."""
    from cchc.indicators.profiles import available_profiles

    try:
        found = available_profiles()
    except CchcError as exc:
        _fail(exc)
    for profile in found:
        words = sum(len(table) for table in profile.values.values())
        typer.echo(f"{profile.name}  ({profile.source})\n  {profile.description}\n"
                   f"  {len(profile.aliases)} cột, {words} từ riêng"
                   + (f", quy tắc: {profile.rules}" if profile.rules else ""))


def import_text(result: ImportResult) -> str:
    """The import's summary; for a dry run also the mappings and the first rows."""
    from cchc.indicators.catalog import NO_DATA

    lines = [result.summary()]
    if result.problems:
        lines.append("Dòng bị cách ly đầu tiên:")
        lines += [f"  dòng {row}: {reason}" for row, reason in result.problems]
    for rate, missing in result.missing_sources():
        lines.append(f"{rate.label}: {NO_DATA} (tệp không có cột "
                     f"{', '.join(BY_NAME[c].portal for c in missing)})")
    if not result.dry_run:
        return "\n".join(lines)
    lines.append("Ánh xạ cột (cột chuẩn ← tiêu đề trong tệp):")
    lines += [f"  {name} ({BY_NAME[name].portal}) ← {header}"
              for name, header in result.columns.items()]
    lines.append("Ánh xạ giá trị:")
    lines += [f"  {use.header} “{use.text}” ({use.rows} dòng) → "
              + (meaning(use.column, use.value) or "KHÔNG NHẬN RA")
              for use in result.values]
    lines.append(f"{len(result.sample)} dòng đầu như sẽ lưu:")
    shown = [c for c in (*REQUIRED, *result.columns) if c in result.columns or c in REQUIRED]
    lines.append(_text_table(result.sample, list(dict.fromkeys(shown))))
    return "\n".join(lines)


@dossiers_app.command()
def indicators(period: str = typer.Option("month", "--period",
                                          help=f"{' | '.join(KINDS)} hoặc một kỳ: 2024-03, "
                                               "2024-Q1, 2024-H1, 2024-9M, 2024"),
               by: list[str] = typer.Option(["org"], "--by", help="org | field | procedure"),
               scheme: str = typer.Option("calendar", "--scheme",
                                          help="calendar (tháng dương lịch) | cchc (chốt số "
                                               "liệu ngày 14)"),
               cutoff_day: int = typer.Option(14, "--cutoff-day",
                                              help="Ngày chốt số liệu của kỳ báo cáo CCHC"),
               subtree: bool = typer.Option(False, "--subtree",
                                            help="Số liệu của đơn vị gồm cả đơn vị trực thuộc"),
               output: str = typer.Option("table", "--format", help="table | csv | json")):
    """Chỉ số phục vụ và điểm QĐ 766 ước tính theo kỳ và nhóm; chỉ số thiếu nguồn là
    "chưa có dữ liệu", không phải 0."""
    _report("indicators", period, by, scheme, cutoff_day, subtree, output)


@dossiers_app.command()
def form06(period: str = typer.Option("quarter", "--period", help="Kỳ, như --period của "
                                                                   "indicators"),
           by: list[str] = typer.Option(["field"], "--by", help="org | field | procedure"),
           scheme: str = typer.Option("cchc", "--scheme", help="calendar | cchc"),
           cutoff_day: int = typer.Option(14, "--cutoff-day", help="Ngày chốt số liệu"),
           subtree: bool = typer.Option(False, "--subtree", help="Gồm cả đơn vị trực thuộc"),
           output: str = typer.Option("table", "--format", help="table | csv | json")):
    """Số liệu giải quyết TTHC theo mẫu 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP)."""
    _report("form06", period, by, scheme, cutoff_day, subtree, output)


def _report(what: str, period: str, by: list[str], scheme: str, cutoff_day: int,
            subtree: bool, output: str) -> None:
    from cchc.indicators.aggregates import engine_for
    from cchc.indicators.engine import parent_map
    from cchc.indicators.store import DossierStore

    try:
        if scheme not in ("calendar", "cchc"):
            raise ValueError(f"không có cách chia kỳ '{scheme}' (calendar hoặc cchc)")
        reporting = Reporting(scheme, cutoff_day)  # type: ignore[arg-type]
        kind, only = (period, None) if period in KINDS else \
            (kind_of(period, reporting), period_of(period, reporting).id)
        engine = engine_for(DossierStore(), reporting)
        parents = parent_map(engine.org_codes()) if subtree else None
        table = getattr(engine, what)(kind, by, parents=parents, period=only)
    except (CchcError, ValueError) as exc:
        _fail(exc)
    rows = table.to_pylist()
    if what == "indicators":
        for row in rows:
            row["no_data"] = not_computable(row)
    if output == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    elif output == "csv":
        import csv
        import sys

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows({**row, "no_data": " ".join(row["no_data"])} if "no_data" in row
                         else row for row in rows)
    else:
        columns = [c for c in table.column_names if c not in ("period_label",)]
        if what == "indicators":
            columns = [c for c in columns if c in SUMMARY or not _is_measure(c)]
        typer.echo(_text_table(rows, columns))
        if what == "indicators":
            typer.echo(f"points_total / points_max: điểm QĐ 766 ({POINTS_NOTE}) của các chỉ số "
                       f"tính được; {NO_DATA}: tệp đã nhập không có cột nguồn của chỉ số, hoặc "
                       "để trống cho đơn vị và kỳ — không tính là 0 và không tính điểm")


def _is_measure(column: str) -> bool:
    return column not in ("period", "org_code", "field_code", "field_name", "procedure_code",
                          "procedure_name")


def _text_table(rows: list[dict], columns: list[str]) -> str:
    def cell(column: str, value: object) -> str:
        if value is None:
            return NO_DATA if column.endswith("_rate") or column.startswith("points") else "-"
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
