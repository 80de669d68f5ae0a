"""Evidence stored by content hash, comments, and reminders that are never sent twice."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from store_world import Tree
from synthetic_plans import synthetic_plan

from cchc.store import InvalidUpdateError
from cchc.store.files import EvidenceFiles
from cchc.store.models import AuditEntry, Comment, Evidence, EvidenceFile, Notification, Task
from cchc.store.services import (
    add_comment, add_evidence, import_plan, mark_email_sent, record_notification)

REPORT = "Báo cáo kết quả CCHC quý I/2024".encode() * 1000


@pytest.fixture
def task(factory, tree: Tree) -> Task:
    with factory.begin() as s:
        return import_plan(s, tree.commune, synthetic_plan(2), None, "kh.docx", None).tasks[0]


@pytest.fixture
def files(tmp_path: Path) -> EvidenceFiles:
    return EvidenceFiles(tmp_path)


def test_it_stores_evidence_under_its_sha256(factory, task, user, files: EvidenceFiles,
                                             tmp_path: Path):
    with factory.begin() as s:
        add_evidence(s, files, task, user, "bao-cao-q1.pdf", REPORT, "application/pdf")
    digest = hashlib.sha256(REPORT).hexdigest()
    assert (tmp_path / "evidence" / digest[:2] / digest[2:]).read_bytes() == REPORT
    with factory() as s:
        evidence = s.scalar(select(Evidence))
        assert (evidence.name, evidence.file.sha256, evidence.file.size, evidence.user_id) == (
            "bao-cao-q1.pdf", digest, len(REPORT), user.id)
        with files.open(evidence.file.sha256) as stored:
            assert stored.read() == REPORT


def test_it_stores_the_same_content_once(factory, task, user, files: EvidenceFiles,
                                         tmp_path: Path):
    with factory.begin() as s:
        add_evidence(s, files, task, user, "a.pdf", REPORT, "application/pdf")
    with factory.begin() as s:
        add_evidence(s, files, task, user, "b.pdf", io.BytesIO(REPORT), "application/pdf")
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(EvidenceFile)) == 1
        assert s.scalars(select(Evidence.name).order_by(Evidence.id)).all() == ["a.pdf", "b.pdf"]
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "evidence.add")) == 2
    stored = [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()]
    assert len(stored) == 1


def test_it_records_and_audits_a_comment(factory, task, user):
    with factory.begin() as s:
        add_comment(s, task, user, "  Đề nghị bổ sung tài liệu kiểm chứng.  ")
    with factory() as s:
        assert s.scalar(select(Comment.body)) == "Đề nghị bổ sung tài liệu kiểm chứng."
        assert s.scalar(select(AuditEntry.user_id)
                        .where(AuditEntry.action == "comment.add")) == user.id


def test_it_refuses_an_empty_comment(factory, task, user):
    with pytest.raises(InvalidUpdateError, match="empty"), factory.begin() as s:
        add_comment(s, task, user, "   ")


def test_it_never_records_the_same_reminder_twice(factory, tree: Tree, task):
    milestone = task.milestones[0]
    with factory.begin() as s:
        first = record_notification(s, tree.office, milestone, "overdue", date(2024, 4, 1))
        again = record_notification(s, tree.office, milestone, "overdue", date(2024, 4, 1))
        next_day = record_notification(s, tree.office, milestone, "overdue", date(2024, 4, 2))
    assert first is not None and again is None and next_day is not None
    with factory.begin() as s:
        assert record_notification(s, tree.office, milestone, "overdue", date(2024, 4, 1)) is None
        mark_email_sent(s, s.get(Notification, first.id))
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Notification)) == 2
        assert s.get(Notification, first.id).sent_email_at is not None
