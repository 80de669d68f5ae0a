"""Errors of the store a user can act on; messages in Vietnamese, then English."""

from cchc.errors import CchcError


class StoreError(CchcError):
    """Base class of store errors."""


class NotFoundError(StoreError):
    """The record asked for does not exist (any more)."""


class InvalidUpdateError(StoreError):
    """A write was refused because its values break a rule (percent outside 0–100, ...)."""


_NAMES = {"tasks": ("nhiệm vụ", "task"), "milestones": ("mốc", "milestone")}  # table: (vi, en)


class ConflictError(StoreError):
    """Someone else changed the record since it was read: reload, then apply the change again."""

    def __init__(self, entity: str, entity_id: int, expected_version: int,
                 current_version: int | None) -> None:
        self.entity, self.entity_id = entity, entity_id
        self.expected_version, self.current_version = expected_version, current_version
        vi, en = _NAMES.get(entity, (entity, entity))
        versions = f" ({expected_version} → {current_version})" if current_version else ""
        super().__init__(
            f"Xung đột cập nhật: {vi} #{entity_id} đã được người khác thay đổi{versions} "
            "sau khi bạn mở; hãy tải lại trang rồi cập nhật lại. "
            f"Update conflict: {en} #{entity_id} was changed by someone else{versions} "
            "after you opened it; reload and apply your change again.")
