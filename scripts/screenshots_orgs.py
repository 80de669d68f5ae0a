#!/usr/bin/env python3
"""Screenshots of the administration pages for docs/screenshots/, on a real register:

    .venv/bin/python scripts/screenshots_orgs.py [--out docs/screenshots]

Loads Thanh Hóa from the official register (vietnam-provinces) into a temporary database, adds
an illustrative history file (a former district and commune merged on 1/7/2025) and the former
commune's 2023 plan (seed 000), then captures the administration list (1366×768), a unit's
administration page on a 360-px phone, the organization tree of 2023 under the successor, the
accounts administration (1366×768) with a commune officer's account on a phone, and the
administrator's own account page.
"""

from __future__ import annotations

import tempfile
from datetime import date
from importlib import resources
from pathlib import Path

from playwright.sync_api import sync_playwright
from screenshots import CHROMIUM_ARGS, _shoot, output_folder
from sqlalchemy import select

from cchc.store import make_engine, make_sessionmaker, migrate
from cchc.store.models import Organization
from cchc.store.org_history import load_history
from cchc.store.org_template import OrgTemplate
from cchc.store.register import load_register, official_register
from cchc.store.services import create_user, grant_role
from cchc.store.services.users import delegate
from cchc.tracking.importing import import_file
from cchc.web.app import create_app
from cchc.web.server import background_server
from cchc.web.settings import Settings

PASSWORD = "quan-tri-thanh-hoa-2026"
HISTORY = """code,name,kind,parent_code,valid_to,successor_code,merged_on,note
380,Thành phố Thanh Hóa,huyen,38,2025-06-30,,,
15850,Xã Thiệu Vân,xa,380,,15925,2025-07-01,minh họa
"""


def main() -> None:
    out = output_folder(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/orgs.sqlite"
        migrate(url)
        factory = make_sessionmaker(make_engine(url))
        register, template = official_register(), OrgTemplate.load()
        history = Path(tmp) / "lich-su.csv"
        history.write_text(HISTORY, encoding="utf-8")
        with factory.begin() as s:
            load_register(s, None, register, register.find("Thanh Hóa"), template)
            load_history(s, None, history, template)
            by_code = {o.code: o for o in s.scalars(select(Organization).where(
                Organization.code.in_(["38", "15850", "15925"])))}
            seeds = resources.files("cchc").joinpath("demo_data/seeds")
            seed = next(p for p in seeds.iterdir() if p.name.startswith("000_"))
            with resources.as_file(seed) as path:
                import_file(s, by_code["15850"], path, None)
            admin = create_user(s, None, "quantri.tinh", "Quản trị — Sở Nội vụ Thanh Hóa",
                                PASSWORD)
            grant_role(s, None, admin, by_code["38"], "admin")
            officer = _accounts(s, by_code)
            ids = {code: org.id for code, org in by_code.items()}
        app = create_app(factory, Settings(secret_key="screenshots", data_dir=Path(tmp) / "data",
                                           today=lambda: date(2026, 1, 15)))
        with background_server(app) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS)
            desktop = browser.new_context(base_url=base, locale="vi-VN",
                                          viewport={"width": 1366, "height": 768}).new_page()
            phone = browser.new_context(base_url=base, locale="vi-VN",
                                        viewport={"width": 360, "height": 740}).new_page()
            for page in (desktop, phone):
                page.goto("/login")
                page.get_by_label("Tên đăng nhập").fill("quantri.tinh")
                page.get_by_label("Mật khẩu").fill(PASSWORD)
                page.get_by_role("button", name="Đăng nhập").click()
                page.wait_for_load_state("networkidle")
            desktop.goto(f"/admin/orgs?root={ids['38']}")
            _shoot(desktop, out / "admin-orgs.png")
            phone.goto(f"/admin/orgs/{ids['15925']}")
            _shoot(phone, out / "admin-org-phone.png")
            desktop.goto(f"/orgs?root={ids['15925']}&year=2023")
            _shoot(desktop, out / "org-history.png")
            desktop.goto("/admin/users")
            _shoot(desktop, out / "admin-users.png")
            phone.goto(f"/admin/users/{officer}")
            _shoot(phone, out / "admin-user-phone.png")
            desktop.goto("/account")
            _shoot(desktop, out / "account.png")
            browser.close()
    print(f"6 screenshots in {out}/")


def _accounts(s, by_code: dict[str, Organization]) -> int:
    """A few accounts of the successor commune, one with a delegation; the officer's id."""
    commune = by_code["15925"]
    made = {}
    for username, name, code, role in (
            ("lanhdao.15925", "Nguyễn Văn Chủ Tịch", "15925", "leader"),
            ("vptk.15925", "Lê Thị Văn Phòng", "15925", "secretariat"),
            ("tphk.15925", "Trần Văn Tư Pháp", "15925.TPHT", "unit_officer")):
        org = s.scalar(select(Organization).where(Organization.code == code)) or commune
        made[username] = create_user(s, None, username, name, PASSWORD)
        grant_role(s, None, made[username], org, role)
    reviewer = create_user(s, None, "snv.theodoi", "Chuyên viên Sở Nội vụ", PASSWORD)
    grant_role(s, None, reviewer, by_code["38"], "reviewer")
    delegate(s, None, reviewer, commune, "secretariat", "Xã đang bố trí cán bộ theo dõi CCHC")
    s.flush()
    return made["vptk.15925"].id


if __name__ == "__main__":
    main()
