"""A hand correction of an extracted plan: every one is a measurement of the extractor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

CorrectionKind = Literal["meta", "task", "split", "merge"]


@dataclass(frozen=True)
class Correction:
    """What a user changed in a plan the extractor read.

    meta: a metadata field (`field`); task: a field of the task at `position` (1-based, in the
    plan as it stood before the correction); split: the task at `position` became two
    (`after` holds both texts); merge: the task at `position` was joined to the one above.
    `before` and `after` are JSON values.
    """

    kind: CorrectionKind
    field: str | None
    position: int | None
    before: Any
    after: Any

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", _json(self.before))
        object.__setattr__(self, "after", _json(self.after))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "field": self.field, "position": self.position,
                "before": self.before, "after": self.after}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        return cls(data["kind"], data.get("field"), data.get("position"), data.get("before"),
                   data.get("after"))

    def __str__(self) -> str:
        """The line the audit log keeps ("task 3.lead: [...] → [...]")."""
        if self.kind == "meta":
            return f"meta.{self.field}: {self.before} → {self.after}"
        if self.kind == "task":
            return f"task {self.position}.{self.field}: {self.before} → {self.after}"
        if self.kind == "split":
            return f"task {self.position} split: {self.before} → {self.after}"
        return f"task {self.position} merged into task {self.position - 1}: {self.before}"


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
