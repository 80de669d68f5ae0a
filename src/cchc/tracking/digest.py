"""The reminder digest (thư nhắc việc) of one unit: its overdue and soon-due milestones, in
Vietnamese, with each task, due date and lead units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.models import Milestone, Notification, Organization, Plan, Task, TaskUnit

OVERDUE, DUE_SOON = "overdue", "due_soon"  # notification kinds
_COMMITTEES = frozenset({"tinh", "huyen", "xa", "phuong", "thi_tran", "dac_khu"})
_TEXT_CHARS = 220
# Long lines rather than folded headers: CPython's folding can drop the space between two
# encoded words of a Vietnamese subject ("sắp đến hạn" arrives as "sắp đếnhạn").
_POLICY = policy.SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class DigestItem:
    """One milestone to remind a unit of."""

    kind: str  # overdue | due_soon
    due_date: date
    label: str | None  # what is due at this milestone
    task_no: str | None
    task_text: str
    plan: str  # "Kế hoạch CCHC năm 2024 của UBND xã Thiệu Vân"
    leads: str  # cơ quan chủ trì, as printed


def unit_title(org: Organization) -> str:
    """The unit's name, with the People's Committee it belongs to for an inner unit."""
    if org.kind in _COMMITTEES or org.parent is None:
        return org.name
    return f"{org.name} ({org.parent.name})"


def digest_items(session: Session, notifications: Sequence[Notification]) -> list[DigestItem]:
    """The notifications as digest items, earliest due first."""
    ids = [n.milestone_id for n in notifications]
    rows = session.execute(
        select(Milestone, Task, Plan).join(Task, Task.id == Milestone.task_id)
        .join(Plan, Plan.current_version_id == Task.plan_version_id)
        .where(Milestone.id.in_(ids))).all()
    found = {milestone.id: (milestone, task, plan) for milestone, task, plan in rows}
    leads: dict[int, list[str]] = {}
    for task_id, text in session.execute(
            select(TaskUnit.task_id, TaskUnit.printed_text)
            .where(TaskUnit.task_id.in_({task.id for _, task, _ in found.values()}),
                   TaskUnit.role == "lead").order_by(TaskUnit.position)):
        leads.setdefault(task_id, []).append(text)
    items = []
    for notification in notifications:
        if notification.milestone_id not in found:  # its plan has had a new version since
            continue
        milestone, task, plan = found[notification.milestone_id]
        items.append(DigestItem(notification.kind, milestone.due_date, milestone.label, task.no,
                                task.text, f"Kế hoạch CCHC năm {plan.year} của {plan.org.name}",
                                "; ".join(leads.get(task.id, [])) or "chưa ghi"))
    return sorted(items, key=lambda item: (item.due_date, item.task_text))


def compose(org: Organization, items: Sequence[DigestItem], today: date, days_ahead: int,
            sender: str, recipients: Sequence[str], site_url: str | None = None,
            reports: Sequence[str] = ()) -> EmailMessage:
    """The digest email of `org`, with `reports`: lines about periodic reports."""
    overdue = [i for i in items if i.kind == OVERDUE]
    due_soon = [i for i in items if i.kind == DUE_SOON]
    counts = [f"{len(overdue)} việc quá hạn" if overdue else "",
              f"{len(due_soon)} việc sắp đến hạn" if due_soon else "",
              "báo cáo định kỳ" if reports else ""]
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = (f"[CCHC] Nhắc việc: {', '.join(c for c in counts if c)} — "
                          f"{unit_title(org)}")
    message["From"] = formataddr(("Theo dõi kế hoạch CCHC", sender))
    message["To"] = ", ".join(recipients)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(_body(org, overdue, due_soon, today, days_ahead, site_url, reports))
    return message


def _body(org: Organization, overdue: Sequence[DigestItem], due_soon: Sequence[DigestItem],
          today: date, days_ahead: int, site_url: str | None,
          reports: Sequence[str] = ()) -> str:
    lines = [f"Kính gửi: {unit_title(org)},", "",
             "Hệ thống theo dõi kế hoạch cải cách hành chính xin nhắc các việc của đơn vị "
             f"(tính đến ngày {today:%d/%m/%Y}):"]
    if overdue:
        lines += ["", f"ĐÃ QUÁ HẠN ({len(overdue)})"]
        lines += _items(overdue, today)
    if due_soon:
        lines += ["", f"SẮP ĐẾN HẠN TRONG {days_ahead} NGÀY TỚI ({len(due_soon)})"]
        lines += _items(due_soon, today)
    if reports:
        lines += ["", "BÁO CÁO ĐỊNH KỲ", *(f"- {line}" for line in reports)]
    where = f" tại {site_url}" if site_url else " trên hệ thống"
    lines += ["", f"Đề nghị đơn vị cập nhật tiến độ và tài liệu kiểm chứng{where}.", "",
              "Thư được gửi tự động: mỗi mốc được nhắc một lần trước hạn và một lần sau hạn."]
    return "\n".join(lines) + "\n"


def _items(items: Sequence[DigestItem], today: date) -> list[str]:
    lines = []
    for number, item in enumerate(items, 1):
        text = item.task_text if len(item.task_text) <= _TEXT_CHARS else (
            item.task_text[:_TEXT_CHARS].rsplit(" ", 1)[0] + " …")
        lines.append(f"{number}. {f'[{item.task_no}] ' if item.task_no else ''}{text}")
        lines.append(f"   Hạn: {item.due_date:%d/%m/%Y} ({_when(item.due_date, today)})"
                     + (f" — {item.label}" if item.label else ""))
        lines.append(f"   Chủ trì: {item.leads} · {item.plan}")
    return lines


def _when(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return f"đã quá {-days} ngày"
    return "hôm nay" if days == 0 else f"còn {days} ngày"
