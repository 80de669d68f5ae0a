"""Domain plans built in code, for store tests (no extractor involved)."""

from __future__ import annotations

from datetime import date

from cchc.domain.areas import AREAS
from cchc.domain.plan import Plan, PlanMeta, ScheduleItem, Target, Task, UnitRef

SCHEDULES = [
    [ScheduleItem("due", date=date(2024, 3, 31), label="Ban hành kế hoạch"),
     ScheduleItem("recurring", freq="quarterly", label="Báo cáo kết quả")],
    [ScheduleItem("window", start=date(2024, 4, 1), end=date(2024, 12, 31))],
    [ScheduleItem("continuous", end=date(2024, 12, 31))],
    [ScheduleItem("event", text="Sau khi UBND tỉnh ban hành Kế hoạch")],
    [ScheduleItem("recurring", freq="semiannual")],
]


def synthetic_plan(tasks: int, year: int = 2024, lead: str = "Công chức Văn phòng - Thống kê",
                   lead_code: str | None = None) -> Plan:
    """A plan of `tasks` tasks cycling through areas and schedule kinds, with two targets."""
    areas = list(AREAS)
    return Plan(
        source="synthetic.docx",
        meta=PlanMeta(title=f"Kế hoạch cải cách hành chính năm {year}", issuer="UBND xã Thử",
                      level="xa", year=year),
        targets=[Target("tỷ lệ hồ sơ giải quyết đúng hạn từ 98% trở lên", "tthc",
                        "on_time_rate", ">=", 98, "%"),
                 Target("100% hồ sơ trễ hạn có văn bản xin lỗi", "tthc", "late_apology_rate",
                        "=", 100, "%")],
        tasks=[Task(no=str(n), area=areas[n % len(areas)],
                    text=f"Nhiệm vụ thử số {n}: rà soát, đơn giản hóa thủ tục hành chính",
                    outputs=["Báo cáo"], lead=[lead], coop=["Công chức chuyên môn"],
                    deadline_text="Quý I/2024; định kỳ hằng quý",
                    schedule=SCHEDULES[(n - 1) % len(SCHEDULES)],
                    lead_units=[UnitRef(lead, unit_id=lead_code)])
               for n in range(1, tasks + 1)])
