"""Plans above a commune for Việc của tôi tests: the province gives tasks to every commune, to
the communes' officer posts, and to Hương Trà's Văn phòng – Thống kê by name; each commune's
plan gives one task to its posts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_world import World

from cchc.domain.plan import Plan, PlanMeta, ScheduleItem, Task, UnitRef
from cchc.domain.plan_dict import plan_from_dict
from cchc.store.models import Organization, Plan as StoredPlan, Task as StoredTask
from cchc.store.services import add_to_unit_class, create_unit_class, import_plan

Q3 = [ScheduleItem("due", date=date(2024, 9, 30))]


def _task(no: str, text: str, *units: UnitRef) -> Task:
    return Task(no=no, area="tthc", text=text, lead=[u.text for u in units],
                deadline_text="Quý III/2024", schedule=Q3, lead_units=list(units))


def _plan(tasks: list[Task]) -> Plan:
    return Plan(source="kh.docx", tasks=tasks,
                meta=PlanMeta(title="Kế hoạch cải cách hành chính năm 2024", year=2024))


COMMUNES = UnitRef("UBND cấp xã", "class.ubnd_cap_xa", is_class=True)
POSTS = UnitRef("Công chức chuyên môn cấp xã", "class.cc_chuyen_mon", is_class=True)


def add_plans_above(factory: sessionmaker[Session], world: World) -> dict[str, int]:
    """Store the plans; the current tasks' ids by text."""
    with factory.begin() as s:
        posts = create_unit_class(s, None, "class.cc_chuyen_mon", "Công chức chuyên môn")
        for org in (world.office, world.justice, world.other_office):
            add_to_unit_class(s, None, posts, s.get(Organization, org.id))
        office = UnitRef("Văn phòng – Thống kê xã Hương Trà", world.office.code)
        import_plan(s, s.get(Organization, world.province.id), _plan([
            _task("1", "Số hóa kết quả giải quyết thủ tục hành chính cấp xã", COMMUNES),
            _task("2", "Bồi dưỡng nghiệp vụ cho công chức chuyên môn cấp xã", POSTS),
            _task("3", "Thí điểm một cửa điện tử tại xã Hương Trà", office)]), None, "t.docx", None)
        for plan_id, text in ((world.plan_id, "Các bộ phận chuyên môn tự kiểm tra CCHC"),
                              (world.other_plan_id, "Trà Sơn: công chức tự kiểm tra CCHC")):
            stored = s.get(StoredPlan, plan_id)
            edited = plan_from_dict(stored.current_version.plan_json)
            edited.tasks.append(_task("9", text, POSTS))
            import_plan(s, stored.org, edited, None, "kh.docx", None)
    with factory() as s:  # the current version's tasks win: later ids
        return dict(s.execute(select(StoredTask.text, StoredTask.id)
                              .order_by(StoredTask.id)).all())
