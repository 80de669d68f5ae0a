"""API tokens (mã truy cập API) for the systems of a province's IT centre.

A token is named, bound to one organization (it reaches that organization's subtree) and to a
set of permissions (`TOKEN_PERMISSIONS`). The secret is shown once; the table keeps only its
SHA-256. Each token acts through its own service account (`user`), which cannot sign in, so
its progress updates, comments and imports are audited under the token's name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cchc.store.models.base import Base
from cchc.store.models.orgs import Organization
from cchc.store.models.users import User
from cchc.store.types import utcnow

TOKEN_PERMISSIONS: dict[str, str] = {  # code → what an administrator reads
    "read_plans": "Xem kế hoạch, nhiệm vụ, tiến độ",
    "report_progress": "Báo cáo tiến độ, gửi ý kiến và tài liệu kiểm chứng",
    "import_plans": "Nhập kế hoạch",
    "import_dossiers": "Nhập hồ sơ TTHC",
    "read_indicators": "Xem chỉ số hồ sơ TTHC",
    "read_reports": "Xem, tải báo cáo định kỳ",
    "read_scores": "Xem điểm tự chấm Chỉ số CCHC",
}


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the secret's first characters, to tell
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    permissions: Mapped[list[Any]]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)  # service account
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    window_started_at: Mapped[datetime | None]  # the current minute of the rate limit
    window_requests: Mapped[int] = mapped_column(default=0)

    org: Mapped[Organization] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
