"""Việc của tôi on the demo: what an upper-level plan assigns to a whole class of units (the
province plan's tasks for "UBND cấp xã") reaches the commune that must carry it out — its
secretariat — and never a commune of another province; a commune officer finds his own
commune's tasks under his commune's plan, each linked to a page he may open."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_world import sign_in

from cchc.demo import build_demo_database
from cchc.store import make_engine, make_sessionmaker
from cchc.web.app import create_app
from cchc.web.settings import Settings


@pytest.fixture(scope="module")
def demo_client(databases, tmp_path_factory):
    url = databases.create()
    demo = build_demo_database(url, tmp_path_factory.mktemp("demo-data"))
    engine = make_engine(demo.url)
    app = create_app(make_sessionmaker(engine),
                     Settings(secret_key="obligations", data_dir=demo.data_dir))
    with TestClient(app) as client:
        yield client
    engine.dispose()
    databases.drop(url)


def sections(page: str) -> dict[str, str]:
    """Each card of the page by its heading."""
    cards = re.findall(r'<section class="card">\s*<h2>(.*?)</h2>(.*?)</section>', page, re.S)
    return {re.sub(r"\s+\d+$", "", re.sub(r"<.*?>", "", title).strip()): body
            for title, body in cards}


class TestObligationsFromAbove:
    def test_it_shows_the_commune_the_province_tasks_for_every_commune(self, demo_client):
        sign_in(demo_client, "thuongtruc", "cchc-demo")  # Thường trực CCHC, xã Thiệu Vân
        above = sections(demo_client.get("/my", params={"year": 2024}).text)[
            "Nhiệm vụ cấp trên giao"]
        assert "UBND tỉnh Thanh Hóa" in above
        assert "Đánh giá, chấm điểm để xác định chỉ số cải cách hành chính" in above
        for link in set(re.findall(r'href="(/tasks/\d+)"', above)):
            assert demo_client.get(link).status_code == 200, link

    def test_a_commune_officer_finds_his_communes_tasks_under_its_own_plan(self, demo_client):
        demo_client.cookies.clear()
        sign_in(demo_client, "canbo", "cchc-demo")  # Tư pháp - Hộ tịch, xã Thiệu Vân
        page = demo_client.get("/my", params={"year": 2023}).text
        parts = sections(page)
        assert "Nhiệm vụ cấp trên giao" not in parts
        own = parts["Kế hoạch của UBND xã Thiệu Vân"]
        rows = re.findall(r"<tr>\s*<td class=\"c-no\"[^>]*>.*?</tr>", own, re.S)
        assert len(rows) >= 10
        assert all(re.search(r'href="/tasks/\d+"', row) for row in rows)
        for link in set(re.findall(r'href="(/tasks/\d+)"', own)):
            assert demo_client.get(link).status_code == 200, link
