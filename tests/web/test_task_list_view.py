"""Danh sách nhiệm vụ: scope, filters and search without diacritics."""

from __future__ import annotations

from dataclasses import replace

from web_world import sign_in

HOTICH, SOHOA, LOA, TRASON = ("lĩnh vực hộ tịch", "Số hóa hồ sơ", "loa truyền thanh",
                              "Niêm yết công khai")


def listed(client, query: str = "") -> str:
    page = client.get(f"/tasks{query}")
    assert page.status_code == 200
    return page.text.split('id="task-results"')[1]


class TestTaskList:
    def test_it_lists_every_task_the_reviewer_oversees(self, client, world):
        sign_in(client, "huyen")
        page = listed(client)
        assert all(text in page for text in (HOTICH, SOHOA, LOA, TRASON))
        assert "<strong>4</strong> nhiệm vụ" in page

    def test_it_lists_only_the_officers_own_units_tasks(self, client, world):
        sign_in(client, "tuphap")
        page = listed(client)
        assert HOTICH in page and SOHOA in page  # lead, partner
        assert LOA not in page and TRASON not in page

    def test_it_filters_by_area(self, client, world):
        sign_in(client, "lanhdao")
        page = listed(client, "?area=so")
        assert SOHOA in page and HOTICH not in page

    def test_it_filters_overdue_tasks(self, client, world):
        sign_in(client, "lanhdao")
        page = listed(client, "?status=overdue")
        assert HOTICH in page and SOHOA not in page

    def test_it_filters_by_status_as_shown(self, client, world):
        sign_in(client, "lanhdao")
        page = listed(client, "?status=not_started")
        assert SOHOA in page and HOTICH not in page  # stored not started, shown overdue

    def test_it_filters_tasks_due_within_14_days(self, client, world):
        sign_in(client, "lanhdao")
        page = listed(client, "?due=14")
        assert SOHOA in page and HOTICH not in page and LOA not in page

    def test_it_filters_by_lead_unit(self, client, world):
        sign_in(client, "lanhdao")
        page = listed(client, f"?plan={world.plan_id}&unit={world.office.id}")
        assert SOHOA in page and LOA in page and HOTICH not in page

    def test_it_finds_words_typed_without_diacritics(self, client, world):
        sign_in(client, "huyen")
        page = listed(client, "?q=don+gian+hoa")
        assert HOTICH in page and SOHOA not in page

    def test_it_finds_words_in_any_case_with_diacritics(self, client, world):
        sign_in(client, "huyen")
        page = listed(client, "?q=LOA+TRUYỀN")
        assert LOA in page and "<strong>1</strong> nhiệm vụ" in page

    def test_it_finds_tasks_by_their_lead_unit(self, client, world):
        sign_in(client, "huyen")
        page = listed(client, "?q=tu+phap")
        assert HOTICH in page and SOHOA in page  # lead and partner names are searched

    def test_it_answers_an_htmx_filter_with_the_results_only(self, client, world):
        sign_in(client, "huyen")
        page = client.get("/tasks?q=so+hoa", headers={"HX-Request": "true",
                                                      "HX-Target": "task-results"})
        assert page.text.lstrip().startswith('<section id="task-results"')
        assert SOHOA in page.text and "<html" not in page.text

    def test_it_says_so_when_nothing_matches(self, client, world):
        sign_in(client, "huyen")
        assert "Không có nhiệm vụ nào phù hợp" in listed(client, "?q=khong+co+dau")

    def test_it_searches_only_within_the_officers_units_tasks(self, client, world):
        sign_in(client, "tuphap")
        assert SOHOA in listed(client, "?q=so+hoa")
        assert "Không có nhiệm vụ nào phù hợp" in listed(client, "?q=loa+truyen+thanh")

    def test_it_combines_search_and_filters(self, client, world):
        sign_in(client, "huyen")
        page = listed(client, "?q=thu+tuc+hanh+chinh&status=overdue")
        assert HOTICH in page and TRASON in page and SOHOA not in page

    def test_it_keeps_the_filters_when_turning_pages(self, client, world, settings):
        sign_in(client, "huyen")
        client.app.state.settings = replace(settings, page_size=1)
        page = listed(client, "?q=thu+tuc+hanh+chinh&area=tthc")
        assert "trang 1/" in page
        assert 'href="?q=thu+tuc+hanh+chinh&amp;area=tthc&amp;page=2"' in page
