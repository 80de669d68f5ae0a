"""Evidence (tài liệu kiểm chứng) attached to tasks: content stored once per sha256."""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store import audit
from cchc.store.files import EvidenceFiles
from cchc.store.models import Evidence, EvidenceFile, Milestone, ProgressUpdate, Task, User


def add_evidence(session: Session, files: EvidenceFiles, task: Task, user: User | None,
                 name: str, content: bytes | BinaryIO, mime: str,
                 milestone: Milestone | None = None,
                 update: ProgressUpdate | None = None) -> Evidence:
    """Attach `content` under `name` to `task` (and one of its milestones), and to the progress
    `update` it was sent with."""
    file = stored_file(session, files, content)
    evidence = Evidence(file=file, task_id=task.id, name=name, mime=mime,
                        milestone_id=milestone.id if milestone else None,
                        progress_update_id=update.id if update else None,
                        user_id=user.id if user else None)
    session.add(evidence)
    audit.record(session, user, "evidence.add", evidence,
                 after={**audit.snapshot(evidence), "sha256": file.sha256, "size": file.size})
    return evidence


def stored_file(session: Session, files: EvidenceFiles,
                content: bytes | BinaryIO) -> EvidenceFile:
    """The file row of `content`, written to the store once per sha256; the name and media
    type it was uploaded with belong to the record attaching it."""
    stored = files.put(content)
    file = session.scalar(select(EvidenceFile).where(EvidenceFile.sha256 == stored.sha256))
    if file is None:
        file = EvidenceFile(sha256=stored.sha256, size=stored.size)
        session.add(file)
    return file
