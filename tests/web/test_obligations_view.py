"""Việc của tôi lists what an upper-level plan assigns to a whole class of units: the province
plan's tasks for "UBND cấp xã" reach an officer of xã Thiệu Vân, not one of another province."""

from __future__ import annotations

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


class TestObligationsFromAbove:
    def test_it_shows_a_commune_officer_the_province_tasks_for_every_commune(self, demo_client):
        sign_in(demo_client, "canbo", "cchc-demo")  # Tư pháp - Hộ tịch, xã Thiệu Vân
        page = demo_client.get("/my", params={"year": 2024}).text
        assert "Nhiệm vụ cấp trên giao" in page
        assert "UBND tỉnh Thanh Hóa" in page
        assert "Đánh giá, chấm điểm để xác định chỉ số cải cách hành chính" in page
