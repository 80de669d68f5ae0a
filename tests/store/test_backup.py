"""`cchc backup` / `cchc restore`: the demo installation (organizations, accounts, five plans,
half a year of progress, evidence, a year of dossiers) backed up and restored into empty
installations, on the test backend (SQLite, or PostgreSQL with CCHC_TEST_DATABASE_URL)."""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, make_url, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from cchc.cli import app
from cchc.demo import build_demo_database
from cchc.store import make_engine, make_sessionmaker
from cchc.store.backup import BackupError, make_backup, restore_backup
from cchc.store.backup.archive import MANIFEST, ArchiveWriter, Manifest
from cchc.store.backup.databases import libpq_url
from cchc.store.models import AuditEntry, User
from cchc.store.schema import alembic_config
from cchc.store.services.sessions import resolve_session, start_session

runner = CliRunner()


@dataclass(frozen=True)
class Installation:
    url: str
    data: Path
    token: str = ""  # of a sign-in session open when the backup was taken


@pytest.fixture(scope="module")
def source(databases, tmp_path_factory) -> Iterator[Installation]:
    url = databases.create()
    info = build_demo_database(url, tmp_path_factory.mktemp("source") / "data")
    engine = make_engine(url, poolclass=NullPool)
    with make_sessionmaker(engine).begin() as session:
        user = session.scalar(select(User).where(User.username == "thuongtruc"))
        token = start_session(session, user, timedelta(hours=8), "10.0.0.7", "test")
    engine.dispose()
    yield Installation(url, info.data_dir, token)
    databases.drop(url)


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory) -> Path:
    return make_backup(tmp_path_factory.mktemp("backups") / "demo.zip", source.url,
                       source.data).archive


@pytest.fixture
def target(databases, tmp_path) -> Iterator[Installation]:
    """An empty installation: a migrated database without rows, no data folder yet."""
    url = databases.create()
    yield Installation(url, tmp_path / "target-data")
    databases.drop(url)


def rows(url: str, skip_restores: bool = True) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    engine = make_engine(url, poolclass=NullPool)
    metadata = MetaData()
    with engine.connect() as connection:
        metadata.reflect(connection)
        out = {}
        for table in metadata.tables.values():
            query = select(table).order_by(*table.primary_key.columns)
            if skip_restores and table.name == "audit_log":
                query = query.where(table.c.action != "system.restore")
            out[table.name] = [tuple(row) for row in connection.execute(query)]
    engine.dispose()
    return out


def checksums(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def scalar_list(url: str, statement: str) -> list:
    engine = make_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        values = list(connection.scalars(text(statement)))
    engine.dispose()
    return values


def scalar(url: str, statement: str):
    return scalar_list(url, statement)[0]


def rewrite(archive: Path, out: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of `archive` with each member's bytes passed through `change` (None drops it)."""
    with zipfile.ZipFile(archive) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            content = change(info.filename, old.read(info))
            if content is not None:
                new.writestr(info, content)
    return out


def first_evidence(archive: Path) -> str:
    with zipfile.ZipFile(archive) as zipped:
        return next(n for n in zipped.namelist() if n.startswith("data/evidence/"))


def test_it_restores_identical_organizations_users_plans_progress_and_evidence(
        source, archive, target):
    restore_backup(archive, target.url, target.data)

    before, after = rows(source.url), rows(target.url)
    assert before.pop("user_sessions") and not after.pop("user_sessions")  # ended by the restore
    for table in ("organizations", "users", "memberships", "plans", "tasks", "milestones",
                  "progress_updates", "comments", "evidence", "evidence_files", "audit_log"):
        assert before[table], table
        assert after[table] == before[table], table
    assert after == before
    assert checksums(target.data) == checksums(source.data)
    for sha256 in scalar_list(target.url, "SELECT sha256 FROM evidence_files"):
        path = target.data / "evidence" / sha256[:2] / sha256[2:]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256


def test_it_records_the_restore_ends_old_sessions_and_keeps_the_audit_log_append_only(
        source, archive, target):
    restore_backup(archive, target.url, target.data)

    engine = make_engine(target.url, poolclass=NullPool)
    with make_sessionmaker(engine)() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "system.restore"))
        assert (entry.entity, entry.after["archive"], entry.after["sessions_ended"]) == (
            "installation", "demo.zip", 1)
        assert resolve_session(session, source.token) is None
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text("DELETE FROM audit_log"))
    engine.dispose()


def test_its_manifest_lists_versions_and_a_checksum_for_every_file(source, archive):
    with zipfile.ZipFile(archive) as zipped:
        manifest = Manifest.from_json(zipped.read(MANIFEST))
        for member in manifest.files:
            assert hashlib.sha256(zipped.read(member.path)).hexdigest() == member.sha256
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()

    assert (manifest.cchc_version, manifest.alembic_revision) == ("0.1.0", head)
    assert manifest.backend == make_engine(source.url).dialect.name
    assert manifest.counts == {"organizations": 100, "users": 13, "plans": 5}
    assert {m.path.removeprefix("data/") for m in manifest.data_files} == set(
        checksums(source.data))
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_it_refuses_a_non_empty_installation_unless_forced(archive, target):
    restore_backup(archive, target.url, target.data)
    restored = rows(target.url)

    with pytest.raises(BackupError, match=r"^Cài đặt không trống \(.*100 đơn vị, 13 tài khoản, "
                                          r"5 kế hoạch.*\); dùng --force"):
        restore_backup(archive, target.url, target.data)
    restore_backup(archive, target.url, target.data, force=True)

    assert rows(target.url) == restored
    assert len(scalar_list(target.url, "SELECT id FROM audit_log WHERE action = "
                                       "'system.restore'")) == 1


def test_it_refuses_a_data_folder_that_holds_files(archive, target):
    (target.data / "evidence").mkdir(parents=True)
    (target.data / "evidence" / "left-over").write_bytes(b"x")
    (target.data / "secret_key").write_text("written by a first start")

    with pytest.raises(BackupError, match="target-data: 1 tệp"):
        restore_backup(archive, target.url, target.data)
    assert scalar(target.url, "SELECT count(*) FROM organizations") == 0


def flip_a_byte(name: str, content: bytes) -> bytes:
    return content[:100] + bytes([content[100] ^ 1]) + content[101:]


DAMAGES = {
    "an evidence file changed": (
        lambda archive: lambda name, content: (flip_a_byte(name, content)
                                               if name == first_evidence(archive) else content),
        "không khớp mã kiểm tra sha256"),
    "the database changed": (
        lambda archive: lambda name, content: (flip_a_byte(name, content)
                                               if name.startswith("database.") else content),
        r"database\.\w+ không khớp mã kiểm tra"),
    "a file missing": (
        lambda archive: lambda name, content: (None if name == first_evidence(archive)
                                               else content),
        "bị hỏng, thiếu 1 tệp"),
    "a file the manifest does not list": (
        lambda archive: lambda name, content: content,  # plus an extra member, below
        "không ghi trong manifest.json"),
    "no manifest": (
        lambda archive: lambda name, content: None if name == MANIFEST else content,
        "không phải bản sao lưu cchc"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_it_refuses_a_damaged_archive_and_changes_nothing(archive, target, tmp_path, damage):
    change, message = DAMAGES[damage]
    damaged = rewrite(archive, tmp_path / "damaged.zip", change(archive))
    if damage == "a file the manifest does not list":
        with zipfile.ZipFile(damaged, "a") as zipped:
            zipped.writestr("data/evidence/00/planted", b"not in the manifest")
    empty = rows(target.url)

    with pytest.raises(BackupError, match=message):
        restore_backup(damaged, target.url, target.data)

    assert rows(target.url) == empty
    assert not target.data.exists()


def test_a_damaged_archive_changes_nothing_even_when_forced(archive, target, tmp_path):
    restore_backup(archive, target.url, target.data)
    before, files = rows(target.url, skip_restores=False), checksums(target.data)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    corrupted = tmp_path / "corrupted.zip"
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 3] ^= 0xFF  # inside some member's compressed bytes
    corrupted.write_bytes(bytes(raw))

    for bad in (truncated, corrupted):
        with pytest.raises(BackupError, match="bị hỏng|không phải bản sao lưu"):
            restore_backup(bad, target.url, target.data, force=True)
        assert rows(target.url, skip_restores=False) == before
        assert checksums(target.data) == files


def test_a_database_that_will_not_load_puts_the_data_folder_back(archive, target, tmp_path):
    restore_backup(archive, target.url, target.data)
    before, files = rows(target.url, skip_restores=False), checksums(target.data)
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"not a database dump " * 500)
    with zipfile.ZipFile(archive) as zipped:
        manifest = Manifest.from_json(zipped.read(MANIFEST))
    writer = ArchiveWriter(tmp_path / "unloadable.zip")
    writer.add_file(garbage, manifest.database)
    planted = tmp_path / "planted"
    planted.write_bytes(b"a file the failed restore must not leave behind")
    writer.add_file(planted, "data/evidence/00/planted")
    writer.close(manifest)

    with pytest.raises(BackupError):
        restore_backup(tmp_path / "unloadable.zip", target.url, target.data, force=True)

    assert rows(target.url, skip_restores=False) == before
    assert checksums(target.data) == files


def test_it_refuses_an_archive_from_a_newer_schema(source, target, tmp_path):
    newer = rewrite(make_backup(tmp_path / "a.zip", source.url, source.data).archive,
                    tmp_path / "newer.zip", lambda name, content: content.replace(
                        b'"alembic_revision": "', b'"alembic_revision": "zz_future_')
                    if name == MANIFEST else content)

    with pytest.raises(BackupError, match="mới hơn phiên bản đang cài"):
        restore_backup(newer, target.url, target.data)
    assert not target.data.exists()


def test_it_refuses_an_archive_of_another_backend(archive, target, tmp_path):
    other = rewrite(archive, tmp_path / "other.zip", lambda name, content: content.replace(
        b'"backend": "sqlite"', b'"backend": "other"').replace(
        b'"backend": "postgresql"', b'"backend": "other"') if name == MANIFEST else content)

    with pytest.raises(BackupError, match="bản sao lưu của other, không khôi phục được"):
        restore_backup(other, target.url, target.data)


def test_it_refuses_a_name_that_leaves_the_data_folder(archive, tmp_path, target):
    with zipfile.ZipFile(archive) as zipped:
        manifest = Manifest.from_json(zipped.read(MANIFEST))
    evil = tmp_path / "evil"
    evil.write_bytes(b"x")
    writer = ArchiveWriter(tmp_path / "evil.zip")
    writer.add_file(evil, "data/../../escaped")
    writer.add_file(evil, manifest.database)
    writer.close(manifest)

    with pytest.raises(BackupError, match="tên tệp không hợp lệ"):
        restore_backup(tmp_path / "evil.zip", target.url, target.data)
    assert not (tmp_path / "escaped").exists()


def test_it_brings_an_older_schema_up_to_date(databases, tmp_path, target):
    script = ScriptDirectory.from_config(alembic_config())
    first = list(script.walk_revisions())[-1].revision
    old = databases.create()
    try:
        command.downgrade(alembic_config(old), first)  # nothing to do while it is the only one
        backup = make_backup(tmp_path / "old.zip", old, tmp_path / "old-data")
    finally:
        databases.drop(old)
    assert backup.manifest.alembic_revision == first

    restore_backup(backup.archive, target.url, target.data)

    assert scalar(target.url, "SELECT version_num FROM alembic_version") == \
        script.get_current_head()


def test_backup_refuses_to_write_into_the_data_folder_or_over_a_file(source, archive):
    with pytest.raises(BackupError, match="phải nằm ngoài thư mục dữ liệu"):
        make_backup(source.data / "inside.zip", source.url, source.data)
    with pytest.raises(BackupError, match="tệp đã có"):
        make_backup(archive, source.url, source.data)
    assert not (source.data / "inside.zip").exists()


def test_the_commands_back_up_check_and_restore(source, target, tmp_path):
    env = {"CCHC_DATABASE_URL": source.url, "CCHC_DATA_DIR": str(source.data)}
    (tmp_path / "daily").mkdir()

    backed_up = runner.invoke(app, ["backup", str(tmp_path / "daily")], env=env)
    archive = next((tmp_path / "daily").glob("cchc-*.zip"))
    checked = runner.invoke(app, ["restore", "--check", str(archive)], env=env)
    env = {"CCHC_DATABASE_URL": target.url, "CCHC_DATA_DIR": str(target.data)}
    restored = runner.invoke(app, ["restore", str(archive)], env=env)
    refused = runner.invoke(app, ["restore", str(archive)], env=env)

    assert backed_up.exit_code == 0, backed_up.output
    assert "Đã sao lưu vào" in backed_up.output and "100 đơn vị, 13 tài khoản" in backed_up.output
    assert checked.exit_code == 0 and "Tệp sao lưu nguyên vẹn" in checked.output
    assert restored.exit_code == 0 and "Đã khôi phục" in restored.output
    assert refused.exit_code == 2
    assert refused.output.count("\n") == 1 and refused.output.startswith(
        "Lỗi: Cài đặt không trống")


def test_restore_check_names_the_damaged_file(archive, tmp_path):
    damaged = rewrite(archive, tmp_path / "damaged.zip", lambda name, content: flip_a_byte(
        name, content) if name == first_evidence(archive) else content)

    result = runner.invoke(app, ["restore", "--check", str(damaged)])

    assert result.exit_code == 2
    assert f"{first_evidence(archive)} không khớp mã kiểm tra sha256" in result.output


@pytest.mark.skipif(bool(os.environ.get("CCHC_TEST_DATABASE_URL")), reason="SQLite only")
def test_a_database_inside_the_data_folder_is_neither_copied_twice_nor_moved(source, tmp_path):
    home = tmp_path / "home"
    make_backup(tmp_path / "a.zip", source.url, source.data)
    restore_backup(tmp_path / "a.zip", f"sqlite:///{home}/cchc.sqlite", home)

    again = make_backup(tmp_path / "b.zip", f"sqlite:///{home}/cchc.sqlite", home)
    restore_backup(again.archive, f"sqlite:///{home}/cchc.sqlite", home, force=True)

    assert "data/cchc.sqlite" not in {m.path for m in again.manifest.files}
    assert len(again.manifest.data_files) == len(checksums(source.data))
    assert scalar(f"sqlite:///{home}/cchc.sqlite", "SELECT count(*) FROM plans") == 5


@pytest.mark.skipif(not os.environ.get("CCHC_TEST_DATABASE_URL"), reason="PostgreSQL only")
def test_it_says_which_package_to_install_without_pg_dump(source, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(BackupError, match="không tìm thấy pg_dump: hãy cài gói postgresql-client"):
        make_backup(tmp_path / "a.zip", source.url, source.data)
    assert not (tmp_path / "a.zip").exists()


def test_the_postgresql_tools_never_see_the_password_on_their_command_line():
    url = make_url("postgresql+psycopg://cchc:m%C3%A2t%40khau@db.tinh.gov.vn:5433/cchc"
                   "?sslmode=require")

    assert libpq_url(url) == "postgresql://cchc@db.tinh.gov.vn:5433/cchc?sslmode=require"
