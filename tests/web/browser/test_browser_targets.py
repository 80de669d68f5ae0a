"""On the `cchc demo` data: every seed plan's dashboard shows its targets with actual values
from the synthetic year of dossiers, and a target's "Chi tiết" shows the procedures and units
pulling it down, its chart in Vietnamese numbers; the province's dashboard keeps its lists
readable, and the organization tree opens on a year its units have plans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from cchc.demo import DemoInfo, build_demo_database
from cchc.store import make_engine, make_sessionmaker
from cchc.store.models import Organization, Plan
from cchc.web.app import create_app
from cchc.web.settings import Settings

TODAY = date(2026, 1, 15)  # every seed plan's year is over
DEMO_PASSWORD = "cchc-demo"


@pytest.fixture(scope="module")
def demo(databases, tmp_path_factory) -> Iterator[DemoInfo]:
    url = databases.create()
    yield build_demo_database(url, tmp_path_factory.mktemp("demo-data"))
    databases.drop(url)


@pytest.fixture(scope="module")
def plans(demo) -> dict[str, int]:
    """Plan id by the code of the organization issuing it."""
    engine = make_engine(demo.url)
    with make_sessionmaker(engine)() as s:
        found = dict(s.execute(select(Organization.code, Plan.id).join(Plan.org)).all())
    engine.dispose()
    return found


@pytest.fixture
def app(demo):
    """The app on the demo (instead of tests/web's small province)."""
    engine = make_engine(demo.url)
    yield create_app(make_sessionmaker(engine),
                     Settings(secret_key="browser", data_dir=demo.data_dir, today=lambda: TODAY))
    engine.dispose()


def log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


class TestDemoTargets:
    def test_it_shows_every_seed_plans_targets_with_actual_values(self, page, plans):
        log_in(page, "quantri")  # administrator of the four provinces
        for code in ("TH", "TH.TPTH.THIEUVAN", "BK.TPBK.SONGCAU", "QNG.TRABONG.HUONGTRA",
                     "BP.LOCNINH.LOCHOA"):
            page.goto(f"/plans/{plans[code]}")
            section = page.locator("#chi-tieu")
            rows = section.locator("table.targets tbody tr")
            expect(rows.first).to_be_visible()
            assert rows.count() >= 2, code
            for actual in rows.locator("td.num strong").all_inner_texts():
                assert actual.endswith("%") and actual != "—", (code, actual)
            assert rows.locator("td.num strong").count() == rows.count(), code
            expect(section).not_to_contain_text("Chưa có dữ liệu hồ sơ")
            expect(section.locator("canvas.trend-spark").first).to_have_attribute(
                "data-drawn", "1")
        assert page.errors == []

    def test_it_opens_a_targets_drill_down_with_the_procedures_pulling_it_down(
            self, page, plans):
        log_in(page, "lanhdao")  # Chairman of xã Thiệu Vân
        page.goto(f"/plans/{plans['TH.TPTH.THIEUVAN']}")
        page.get_by_role("link", name="Chi tiết chỉ tiêu: tỷ lệ giải quyết đúng hạn").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(
            "tỷ lệ giải quyết đúng hạn từ 99,9% trở lên")
        expect(page.locator(".kpis")).to_contain_text("Chưa đạt")
        procedures = page.locator("section", has=page.get_by_role(
            "heading", name="Thủ tục hành chính kéo giảm chỉ tiêu"))
        expect(procedures.get_by_role("rowheader").first).to_be_visible()
        names = procedures.get_by_role("rowheader").all_inner_texts()
        assert any("Đăng ký khai sinh" in name for name in names), names
        units = page.locator("section", has=page.get_by_role(
            "heading", name="Đơn vị kéo giảm chỉ tiêu"))
        expect(units.get_by_role("rowheader")).to_have_text(["UBND xã Thiệu Vân"])
        expect(page.locator("#target-trend")).to_have_attribute("data-drawn", "1")
        ticks, tooltip = page.evaluate("""() => {
            const chart = Chart.getChart(document.getElementById("target-trend"));
            const label = chart.options.plugins.tooltip.callbacks.label;
            return [chart.scales.y.ticks.map(t => t.label),
                    label({dataset: chart.data.datasets[0], parsed: {y: 99.5}})];
        }""")
        assert ticks and all(re.fullmatch(r"\d+(,\d+)?%", tick) for tick in ticks), ticks
        assert tooltip == "Kết quả: 99,5%"
        assert page.errors == []


class TestDemoDashboards:
    def test_the_provinces_lists_stay_readable(self, page, plans):
        log_in(page, "quantri")
        page.goto(f"/plans/{plans['TH']}")
        late = page.locator("section.card", has=page.get_by_role("heading",
                                                                  name="Nhiệm vụ quá hạn"))
        leads = late.locator("td.c-lead")
        expect(leads.first).to_be_visible()
        line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
        heights = leads.evaluate_all("""cells => cells.map(cell => {
            const shown = cell.querySelector("summary") || document.createRange();
            if (shown instanceof Range) shown.selectNodeContents(cell);
            return shown.getBoundingClientRect().height;
        })""")
        assert max(heights) <= 3 * line, heights  # never five or six lines of units
        more = leads.locator("details").first
        more.locator("summary").click()
        expect(more).to_have_attribute("open", "")
        by_unit = page.locator("section.card", has=page.get_by_role(
            "heading", name="Tiến độ theo đơn vị chủ trì"))
        assert by_unit.evaluate("card => card.querySelector('table').getBoundingClientRect()"
                                ".bottom <= card.getBoundingClientRect().bottom")
        assert by_unit.evaluate("card => [...card.querySelectorAll('*')].every(e => "
                                "e.scrollHeight <= e.clientHeight + 1 || "
                                "getComputedStyle(e).overflowY === 'visible')")
        assert page.errors == []

    def test_the_organization_tree_opens_on_the_latest_year_with_plans_below(self, page,
                                                                             demo):
        engine = make_engine(demo.url)
        with make_sessionmaker(engine)() as s:
            province = s.scalar(select(Organization.id).where(Organization.code == "TH"))
        engine.dispose()
        log_in(page, "quantri")  # its scope has a 2025 plan, in another province
        page.goto(f"/orgs?root={province}")
        expect(page.get_by_label("Năm")).to_have_value("2024")
        expect(page.locator("tr.root-row")).to_contain_text("Phiên bản 1")
        assert page.errors == []
