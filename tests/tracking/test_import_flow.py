"""`cchc plan import FILE --org CODE`: parse, lint, map units, store a new plan version."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from cchc.cli import app
from cchc.errors import InputError
from cchc.store.errors import InvalidUpdateError, NotFoundError
from cchc.store.models import (
    AuditEntry, Organization, Plan, PlanVersion, Task, TaskUnit, UnitMapping)
from cchc.store.queries import obligations
from cchc.store.services import create_user, remember_unit_mapping
from cchc.tracking.importing import import_file_cli
from tests.helpers import seed
from tests.tracking.small_plans import THIEU_VAN


def mapped_units(session: Session, year: int, org_code: str) -> dict[str, str | None]:
    """Printed unit → code of the unit (or class) it was mapped to, in the current plan."""
    rows = session.execute(
        select(TaskUnit.printed_text, TaskUnit.org_id, TaskUnit.unit_class_id)
        .join(Task, Task.id == TaskUnit.task_id)
        .join(Plan, Plan.current_version_id == Task.plan_version_id)
        .join(Organization, Organization.id == Plan.org_id)
        .where(Plan.year == year, Organization.code == org_code)).all()
    codes = dict(session.execute(select(Organization.id, Organization.code)).all())
    return {text: codes.get(org_id) or (f"class#{class_id}" if class_id else None)
            for text, org_id, class_id in rows}


def counts(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (Plan, PlanVersion, Task, TaskUnit, UnitMapping, AuditEntry)}


class TestImportFileCli:
    def test_it_imports_a_commune_plan_and_maps_its_printed_units(self, configured, orgs,
                                                                    factory):
        summary = import_file_cli(seed("000"), THIEU_VAN, None)

        assert summary.startswith("Đã nhập kế hoạch năm 2023 của UBND xã Thiệu Vân "
                                  "(phiên bản 1): 30 nhiệm vụ")
        assert "chưa gắn: «Mặt trận Tổ quốc»" in summary
        with factory() as session:
            units = mapped_units(session, 2023, THIEU_VAN)
        assert units["Công chức Văn phòng –Thông kê"] == f"{THIEU_VAN}.VPTK"  # typo as printed
        assert units["Văn phòng UBND"] == f"{THIEU_VAN}.VPTK"
        assert units["Bộ phận tiếp nhận&Trả kết quả xã"] == f"{THIEU_VAN}.MOTCUA"
        assert units["UBND xã"] == THIEU_VAN
        assert units["Mặt trận Tổ quốc"] is None

    def test_it_makes_a_new_version_when_the_plan_is_imported_again(self, configured, orgs,
                                                                     factory):
        import_file_cli(seed("000"), THIEU_VAN, None)
        again = import_file_cli(seed("000"), THIEU_VAN, None, replace=True)

        assert "(phiên bản 2)" in again
        assert "(0 mới xác nhận)" in again  # the mappings of the first import are remembered
        with factory() as session:
            plan = session.scalar(select(Plan))
            assert [v.number for v in plan.versions] == [1, 2]
            assert plan.current_version.number == 2

    def test_it_reuses_a_mapping_confirmed_once_in_next_years_plan(self, configured, orgs,
                                                                   factory, tmp_path):
        with factory.begin() as session:
            commune = session.get(Organization, orgs[THIEU_VAN].id)
            front = session.get(Organization, orgs[f"{THIEU_VAN}.VHXH"].id)
            remember_unit_mapping(session, None, commune, "Mặt trận Tổ quốc", front)
        next_year = tmp_path / "ke-hoach-2024.txt"
        next_year.write_text(seed("000").read_text(encoding="utf-8").replace("2023", "2024"),
                             encoding="utf-8")

        summary = import_file_cli(next_year, THIEU_VAN, None)

        assert "kế hoạch năm 2024" in summary and "chưa gắn" not in summary
        with factory() as session:
            assert mapped_units(session, 2024, THIEU_VAN)["Mặt trận Tổ quốc"] == (
                f"{THIEU_VAN}.VHXH")

    def test_it_records_who_imported(self, configured, orgs, factory):
        with factory.begin() as session:
            create_user(session, None, "thuongtruc", "Nguyễn Thị Hoa", "mật-khẩu-dài")

        import_file_cli(seed("000"), THIEU_VAN, "thuongtruc")

        with factory() as session:
            entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "plan.import"))
            mapping = session.scalar(select(UnitMapping).limit(1))
            assert entry.user_id is not None and mapping.confirmed_by == entry.user_id

    def test_it_warns_when_the_document_names_another_locality(self, configured, orgs):
        summary = import_file_cli(seed("002"), THIEU_VAN, None)

        assert "Lưu ý: văn bản ghi địa danh «Hương Trà», khác UBND xã Thiệu Vân" in summary


class TestClassObligations:
    def test_a_province_task_for_communes_is_an_obligation_of_each_commune_below(
            self, configured, orgs, factory):
        import_file_cli(seed("004"), "TH", None)

        with factory() as session:
            thieu_van = session.get(Organization, orgs[THIEU_VAN].id)
            song_cau = session.get(Organization, orgs["BK.TPBK.SONGCAU"].id)
            tasks = session.scalars(obligations(session, thieu_van, 2024)).all()
            printed = {u.printed_text for task in tasks for u in task.units}
            assert len(tasks) >= 20 and "UBND cấp xã" in printed
            assert session.scalars(obligations(session, song_cau, 2024)).all() == []  # Bắc Kạn

    def test_a_province_task_for_departments_is_an_obligation_of_each_department(
            self, configured, orgs, factory):
        import_file_cli(seed("004"), "TH", None)

        with factory() as session:
            health = session.get(Organization, orgs["TH.SYT"].id)
            printed = {u.printed_text for task in session.scalars(
                obligations(session, health, 2024)) for u in task.units}
            assert {"Các sở, ban, ngành cấp tỉnh", "Sở Y tế"} <= printed


class TestRefusals:
    def test_it_rejects_a_damaged_file_and_writes_nothing(self, configured, orgs, factory,
                                                          tmp_path):
        damaged = tmp_path / "ke-hoach.docx"
        damaged.write_bytes(b"PK\x03\x04 not really a docx")
        before = counts(factory)

        with pytest.raises(InputError, match="ke-hoach.docx"):
            import_file_cli(damaged, THIEU_VAN, None)

        assert counts(factory) == before

    def test_it_refuses_a_plan_without_a_year_and_writes_nothing(self, configured, orgs,
                                                                 factory, tmp_path):
        undated = tmp_path / "ghi-chu.txt"
        undated.write_text("Nhiệm vụ: rà soát thủ tục hành chính.\nChủ trì: Văn phòng - Thống kê",
                           encoding="utf-8")
        before = counts(factory)

        with pytest.raises(InvalidUpdateError, match="không ghi năm"):
            import_file_cli(undated, THIEU_VAN, None)

        assert counts(factory) == before

    def test_it_names_an_unknown_organization_code(self, configured, orgs):
        with pytest.raises(NotFoundError, match="Không có đơn vị mã 'TH.KHONGCO'"):
            import_file_cli(seed("000"), "TH.KHONGCO", None)

    def test_the_command_prints_the_reason_and_exits_2(self, configured, orgs, tmp_path):
        empty = tmp_path / "trong.txt"
        empty.write_text("")

        result = CliRunner().invoke(app, ["plan", "import", str(empty), "--org", THIEU_VAN])

        assert result.exit_code == 2
        assert "trong.txt" in result.output


def test_the_command_prints_the_summary(configured, orgs):
    result = CliRunner().invoke(app, ["plan", "import", str(seed("003")), "--org",
                                      "BK.TPBK.SONGCAU"])

    assert result.exit_code == 0, result.output
    assert "Đã nhập kế hoạch năm 2023 của UBND phường Sông Cầu (phiên bản 1)" in result.output



class TestReplacingAVersion:
    def test_it_refuses_a_file_without_tasks_and_writes_nothing(self, configured, orgs, factory,
                                                                tmp_path):
        import_file_cli(seed("000"), THIEU_VAN, None)
        note = tmp_path / "ghi-chu.txt"
        note.write_text("Kế hoạch cải cách hành chính năm 2023.", encoding="utf-8")
        before = counts(factory)

        result = CliRunner().invoke(app, ["plan", "import", str(note), "--org", THIEU_VAN,
                                          "--replace"])

        assert result.exit_code == 2
        assert "ghi-chu.txt: không tìm thấy nhiệm vụ nào trong văn bản" in result.output
        assert counts(factory) == before

    def test_it_says_what_would_change_and_waits_for_replace(self, configured, orgs, factory):
        import_file_cli(seed("000"), THIEU_VAN, None)
        before = counts(factory)

        result = CliRunner().invoke(app, ["plan", "import", str(seed("000")), "--org",
                                          THIEU_VAN])

        assert result.exit_code == 2
        assert ("đã có phiên bản 1. Phiên bản mới sẽ thay phiên bản 1 (30 nhiệm vụ) bằng 30 "
                "nhiệm vụ: 0 mới, 0 bỏ, 30 giữ nguyên tiến độ. Chạy lại với --replace") in \
            " ".join(result.output.split())
        assert counts(factory) == before

    def test_replace_stores_the_new_version_and_says_what_changed(self, configured, orgs,
                                                                  factory):
        import_file_cli(seed("000"), THIEU_VAN, None)

        result = CliRunner().invoke(app, ["plan", "import", str(seed("000")), "--org",
                                          THIEU_VAN, "--replace"])

        assert result.exit_code == 0, result.output
        assert "Phiên bản mới đã thay phiên bản 1 (30 nhiệm vụ)" in result.output
        with factory() as session:
            assert session.scalar(select(Plan)).current_version.number == 2
