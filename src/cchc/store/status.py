"""Progress statuses (tình trạng thực hiện): stored as codes, shown with Vietnamese labels."""

from enum import StrEnum


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    PAUSED = "paused"


STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "Chưa bắt đầu",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.DONE: "Hoàn thành",
    Status.DONE_LATE: "Hoàn thành trễ hạn",
    Status.OVERDUE: "Quá hạn",
    Status.PAUSED: "Tạm dừng",
}

FINISHED: frozenset[Status] = frozenset({Status.DONE, Status.DONE_LATE})
