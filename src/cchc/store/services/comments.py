"""Comments (ý kiến) on tasks and milestones."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cchc.domain.limits import too_long
from cchc.store import audit
from cchc.store.errors import InvalidUpdateError
from cchc.store.models import Comment, Milestone, Task, User


def add_comment(session: Session, task: Task, user: User | None, body: str,
                milestone: Milestone | None = None) -> Comment:
    body = body.strip()
    if not body:
        raise InvalidUpdateError("Ý kiến trống / the comment is empty")
    if reason := too_long(body, "Ý kiến"):
        raise InvalidUpdateError(reason)
    comment = Comment(task_id=task.id, milestone_id=milestone.id if milestone else None,
                      user_id=user.id if user else None, body=body)
    session.add(comment)
    audit.record(session, user, "comment.add", comment)
    return comment
