"""On a 360-px phone, the province's administrator finds a commune, renames it and merges
another commune into it; the organization tree then shows the merged commune's plan under it."""

from __future__ import annotations

from browsing import go_to, log_in
from playwright.sync_api import Page, expect


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_administrator_renames_and_merges_communes_on_a_phone(page, world):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, "admin")
    go_to(page, "Quản lý đơn vị")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Quản lý đơn vị — UBND tỉnh Quảng Ngãi")
    assert fits_the_screen(page)
    page.get_by_label("Tên hoặc mã (không cần dấu)").fill("tra son")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="UBND xã Trà Sơn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Quản lý đơn vị — UBND xã Trà Sơn")
    page.get_by_role("link", name="UBND huyện Trà Bồng").click()
    page.get_by_role("link", name="Sửa UBND xã Hương Trà").click()
    assert fits_the_screen(page)

    page.get_by_label("Tên mới").fill("UBND xã Hương Trà Mới")
    page.get_by_label("Ngày hiệu lực (ngày/tháng/năm)").fill("01/07/2025")
    page.get_by_role("button", name="Đổi tên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("UBND xã Hương Trà Mới")
    expect(page.get_by_text("Đã đổi tên thành UBND xã Hương Trà Mới.")).to_be_visible()

    page.get_by_role("link", name="UBND huyện Trà Bồng").click()
    page.get_by_role("link", name="Sửa UBND xã Trà Sơn").click()
    page.get_by_label("Mã đơn vị kế thừa").fill(world.commune.code)
    page.get_by_label("Ngày sáp nhập (ngày/tháng/năm)").fill("01/07/2025")
    page.get_by_label("Căn cứ (nghị quyết, quyết định)").fill("Nghị quyết 1670/NQ-UBTVQH15")
    page.get_by_role("button", name="Sáp nhập").click()
    expect(page.get_by_text("Đã sáp nhập UBND xã Trà Sơn vào UBND xã Hương Trà Mới từ ngày "
                            "01/07/2025.")).to_be_visible()
    expect(page.get_by_text("Đang hoạt động")).to_have_count(0)

    page.goto(f"/orgs?root={world.commune.id}&year=2024")
    row = page.get_by_role("row").filter(has_text="UBND xã Trà Sơn")
    expect(row).to_contain_text("Đã sáp nhập, từ 01/07/2025")
    expect(row.get_by_role("link", name="Phiên bản 1")).to_be_visible()
    assert page.errors == []
