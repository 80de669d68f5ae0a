"""The administrator creates an account; its owner signs in with the temporary password,
changes it, and an old browser session of theirs stops working; the administrator delegates
a commune's secretariat role to the district reviewer, who can then report progress."""

from __future__ import annotations

from browsing import go_to, log_in
from playwright.sync_api import expect

NEW = "hoa-sen-nở-giữa-hè-2024"


class TestAccounts:
    def test_a_new_account_from_creation_to_its_own_password(self, new_page, world):
        admin = new_page()
        log_in(admin, "admin")
        go_to(admin, "Tài khoản")
        admin.get_by_label("Tên đăng nhập").fill("canbo.moi")
        admin.get_by_label("Họ và tên").fill("Phạm Thị Mới")
        admin.get_by_label("Mã đơn vị").fill(world.office.code)
        admin.get_by_label("Vai trò").select_option(label="Cán bộ đơn vị")
        admin.get_by_role("button", name="Thêm tài khoản").click()
        expect(admin.get_by_role("status")).to_contain_text("Đã tạo 1 tài khoản")
        temporary = admin.locator("[role=status] code").inner_text()

        officer, laptop = new_page(), new_page()
        for page in (officer, laptop):
            page.goto("/login")
            page.get_by_label("Tên đăng nhập").fill("canbo.moi")
            page.get_by_label("Mật khẩu").fill(temporary)
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
        officer.get_by_role("link", name="Phạm Thị Mới").click()
        expect(officer.get_by_role("heading", name="Phiên đăng nhập đang mở")).to_be_visible()
        officer.get_by_label("Mật khẩu hiện tại").fill(temporary)
        officer.get_by_label("Mật khẩu mới", exact=True).fill(NEW)
        officer.get_by_label("Nhập lại mật khẩu mới").fill(NEW)
        officer.get_by_role("button", name="Đổi mật khẩu").click()
        expect(officer.get_by_role("status").first).to_contain_text("Đã đổi mật khẩu")
        laptop.goto("/my")
        expect(laptop.get_by_role("heading", name="Đăng nhập")).to_be_visible()
        assert admin.errors == [] and officer.errors == [] and laptop.errors == []

    def test_a_delegation_lets_the_district_report_for_the_commune(self, new_page, world):
        reviewer = new_page()
        log_in(reviewer, "huyen")
        reviewer.goto(f"/tasks/{world.tasks['sohoa']}")
        expect(reviewer.get_by_role("button", name="Lưu cập nhật")).to_have_count(0)

        admin = new_page()
        log_in(admin, "admin")
        admin.goto("/admin/users?q=huyen")
        admin.get_by_role("link", name="huyen", exact=True).click()
        admin.get_by_label("Mã đơn vị được làm thay").fill(world.commune.code)
        admin.locator("#d-role").select_option(label="Thường trực CCHC")
        admin.get_by_label("Lý do").fill("Xã chưa bố trí cán bộ theo dõi CCHC")
        admin.get_by_role("button", name="Ủy quyền", exact=True).click()
        expect(admin.get_by_role("status").first).to_contain_text("Đã ủy quyền")

        reviewer.reload()
        reviewer.get_by_label("Tỷ lệ hoàn thành (%)").fill("40")
        reviewer.get_by_role("button", name="Lưu cập nhật").click()
        expect(reviewer.get_by_role("status").first).to_have_text("Đã lưu cập nhật tiến độ.")
        assert reviewer.errors == [] and admin.errors == []
