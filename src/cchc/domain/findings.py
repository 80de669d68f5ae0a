"""Lint findings: what a plan document itself gets wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str  # stable machine code, e.g. "task_without_lead"
    message: str  # Vietnamese, for the officer who fixes the plan
    where: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "where": self.where,
        }

    def __str__(self) -> str:
        """ "Phụ lục, dòng 26: lỗi: Nhiệm vụ 17 không có cơ quan chủ trì. [task_without_lead]" """
        place = f"{self.where}: " if self.where else ""
        return f"{place}{SEVERITY_WORDS[self.severity]}: {self.message} [{self.code}]"


SEVERITY_WORDS = {"error": "lỗi", "warning": "cảnh báo", "info": "ghi chú"}
