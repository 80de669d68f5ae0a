"""Tracking fixtures: the demo's organization tree (four provinces down to their communes) and a
local SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from cchc.demo.organizations import create_organizations
from cchc.store import make_sessionmaker
from cchc.store.models import Organization, UnitClass
from cchc.store.models import Task as StoredTask
from cchc.store.services import create_user, grant_role, update_task_progress
from cchc.tracking.mail import SmtpSettings
from tests.tracking.small_plans import THIEU_VAN, store_plan, task


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def orgs(factory: sessionmaker[Session]) -> dict[str, Organization]:
    """Organizations by code: TH, TH.TPTH, TH.TPTH.THIEUVAN, TH.TPTH.THIEUVAN.VPTK, ..."""
    with factory.begin() as session:
        return create_organizations(session)


@pytest.fixture
def plans(factory: sessionmaker[Session], orgs: dict[str, Organization]) -> None:
    """Xã Thiệu Vân 2024 and tỉnh Thanh Hóa 2024; accounts in Thiệu Vân, none in Thiệu Tân."""
    with factory.begin() as s:
        province, commune, justice, office = (
            s.get(Organization, orgs[code].id)
            for code in ("TH", THIEU_VAN, f"{THIEU_VAN}.TPHT", f"{THIEU_VAN}.VPTK"))
        for username, role, unit in [("canbo", "unit_officer", justice),
                                     ("thuongtruc", "secretariat", commune),
                                     ("lanhdao", "leader", commune),
                                     ("captren", "reviewer", province)]:
            user = create_user(s, None, username, username.title(), "mật-khẩu-dài",
                               f"{username}@thieuvan.example")
            grant_role(s, None, user, unit, role)
        store_plan(s, commune, [
            task("1", "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch",
                 "Công chức Tư pháp - Hộ tịch", date(2024, 3, 28)),
            task("2", "Báo cáo công tác cải cách hành chính quý I", "Văn phòng - Thống kê",
                 date(2024, 3, 10)),
            task("3", "Tổ chức đối thoại với người dân", "Văn phòng - Thống kê",
                 date(2024, 6, 30)),
            task("4", "Niêm yết công khai thủ tục hành chính", "Văn phòng - Thống kê",
                 date(2024, 3, 20)),
            task("5", "Kiện toàn Bộ phận Một cửa", "Văn phòng - Thống kê", date(2024, 1, 5)),
        ], {"Công chức Tư pháp - Hộ tịch": justice, "Văn phòng - Thống kê": office})
        communes = s.scalar(select(UnitClass).where(UnitClass.code == "class.ubnd_cap_xa"))
        store_plan(s, province, [
            task("7", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "UBND cấp xã",
                 date(2024, 3, 31))], {"UBND cấp xã": communes})
    with factory.begin() as s:
        done = s.scalar(select(StoredTask).where(
            StoredTask.text == "Niêm yết công khai thủ tục hành chính"))
        update_task_progress(s, done.id, None, "done", None, "Đã niêm yết", done.version_id)


@pytest.fixture
def configured(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test database as the configured one (CCHC_DATABASE_URL), as the CLI reads it."""
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    return db_url


class Inbox:
    """Messages a local SMTP server (aiosmtpd) received: (envelope recipients, message)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[SmtpSettings, Inbox]]:
    """A real SMTP server on a free loopback port, and the settings to reach it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield SmtpSettings("127.0.0.1", controller.port, sender="nhacviec@cchc.example"), inbox
    controller.stop()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: a mail server that is down."""
    return free_port()
