"""`cchc backup FILE` and `cchc restore FILE` (registered by cchc.cli).

The database comes from CCHC_DATABASE_URL, the data folder from CCHC_DATA_DIR. `cchc backup`
never migrates: it copies the database as it is, so a backup taken before an upgrade holds the
old schema, which `cchc restore` brings up to date.
"""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.errors import CchcError


def backup_command(
    file: Path = typer.Argument(..., help="Tệp .zip sẽ ghi, hoặc một thư mục (tên theo ngày giờ)"),
):
    """Sao lưu cơ sở dữ liệu và thư mục dữ liệu (CCHC_DATA_DIR) vào một tệp, kèm mã kiểm tra."""
    from cchc.store.backup import describe_counts, make_backup

    outcome = _run(lambda: make_backup(file))
    manifest = outcome.manifest
    typer.echo(f"Đã sao lưu vào {outcome.archive}: {manifest.backend} "
               f"({describe_counts(manifest.counts)}, lược đồ {manifest.alembic_revision}), "
               f"{len(manifest.data_files)} tệp dữ liệu, {_size(outcome.archive)}, "
               f"{outcome.seconds:.1f} giây")


def restore_command(
    file: Path = typer.Argument(..., help="Tệp sao lưu do `cchc backup` ghi"),
    force: bool = typer.Option(False, "--force", help="Thay cả một cài đặt đã có dữ liệu"),
    check: bool = typer.Option(False, "--check", help="Chỉ kiểm tra tệp sao lưu, không khôi phục"),
):
    """Khôi phục bản sao lưu vào một cài đặt trống (cơ sở dữ liệu CCHC_DATABASE_URL, thư mục
    CCHC_DATA_DIR), kiểm tra mã sha256 của mọi tệp trước, rồi cập nhật lược đồ."""
    from cchc.store.backup import check_backup, describe_counts, restore_backup

    if check:
        outcome = _run(lambda: check_backup(file))
        verb = "Tệp sao lưu nguyên vẹn"
    else:
        outcome = _run(lambda: restore_backup(file, force=force))
        verb = "Đã khôi phục"
    manifest = outcome.manifest
    typer.echo(f"{verb}: {file} (ghi lúc {manifest.created_at} bởi cchc {manifest.cchc_version}, "
               f"{manifest.backend}, lược đồ {manifest.alembic_revision}): "
               f"{describe_counts(manifest.counts)}, {len(manifest.data_files)} tệp dữ liệu, "
               f"{outcome.seconds:.1f} giây")


def _run(action):  # type: ignore[no-untyped-def]
    try:
        return action()
    except CchcError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from None


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"
