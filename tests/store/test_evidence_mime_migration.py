"""The evidence_mime_per_upload migration moves each file's media type onto every evidence
record of it, and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.pool import NullPool
from synthetic_plans import synthetic_plan

from cchc.store import make_engine, make_sessionmaker
from cchc.store.files import EvidenceFiles
from cchc.store.schema import alembic_config
from cchc.store.services import add_evidence, create_organization, import_plan


@pytest.fixture
def private_db_url(databases) -> Iterator[str]:
    url = databases.create()
    yield url
    databases.drop(url)


def test_it_moves_the_type_to_each_record_and_back(private_db_url: str, tmp_path: Path):
    engine = make_engine(private_db_url, poolclass=NullPool)
    files = EvidenceFiles(tmp_path)
    with make_sessionmaker(engine).begin() as s:
        commune = create_organization(s, None, "x", "UBND xã X", "xa")
        task = import_plan(s, commune, synthetic_plan(1), None, "kh.docx", None).tasks[0]
        for name, content, mime in (("bien-ban.pdf", b"%PDF 1", "application/pdf"),
                                    ("trang.html", b"<p>2</p>", "text/html"),
                                    ("bien-ban-2.pdf", b"%PDF 1", "application/pdf")):
            add_evidence(s, files, task, None, name, content, mime)
    config = alembic_config(private_db_url)

    command.downgrade(config, "evidence_mime_per_upload-1")
    with engine.connect() as db:
        assert db.execute(text("SELECT size, mime FROM evidence_files ORDER BY id")).all() == [
            (6, "application/pdf"), (8, "text/html")]
    assert "mime" not in {c["name"] for c in inspect(engine).get_columns("evidence")}

    command.upgrade(config, "head")
    with engine.connect() as db:
        assert db.execute(text("SELECT name, mime FROM evidence ORDER BY id")).all() == [
            ("bien-ban.pdf", "application/pdf"), ("trang.html", "text/html"),
            ("bien-ban-2.pdf", "application/pdf")]
    assert "mime" not in {c["name"] for c in inspect(engine).get_columns("evidence_files")}
    engine.dispose()
