"""`cchc orgs history FILE.csv`: units before the 2025 reorganization and the mergers into
today's communes, checked row by row before anything is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cchc.store.models import AuditEntry, Organization, OrgEvent
from cchc.store.org_history import HistoryError, load_history
from cchc.store.org_template import OrgTemplate
from cchc.store.queries import merges, scope_ids
from cchc.store.register import load_register, official_register

# Lai Châu's register is real; the former units here are illustrative.
HISTORY = """code,name,kind,parent_code,valid_from,valid_to,successor_code,merged_on,note
106,Huyện Than Uyên,huyen,12,,2025-06-30,,,
03637,Xã Mường Kim,xa,106,,,03637,2025-07-01,Nghị quyết 1670/NQ-UBTVQH15
03641,Xã Tà Mung,xa,106,,,03637,,
03643,Thị trấn Tân Uyên,thi_tran,106,01/01/2020,30/06/2025,03640,01/07/2025,
"""


@pytest.fixture
def lai_chau(factory) -> None:
    register = official_register()
    with factory.begin() as s:
        load_register(s, None, register, register.find("12"), OrgTemplate.load())


def write(tmp_path: Path, text: str, name: str = "lich-su.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(factory, path: Path, template: bool = True):
    with factory.begin() as s:
        return load_history(s, None, path, OrgTemplate.load() if template else None)


def org(session, code: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.code == code))


def counts(session) -> tuple[int, int, int]:
    return tuple(session.scalar(select(func.count()).select_from(table))
                 for table in (Organization, OrgEvent, AuditEntry))


def test_it_loads_former_units_under_their_district_and_merges_them(factory, lai_chau,
                                                                    tmp_path):
    report = load(factory, write(tmp_path, HISTORY))
    assert report.created == ["106", "03637-2025", "03641", "03643"]
    assert report.merges == 2
    with factory() as s:
        district = org(s, "106")
        assert (district.name, district.kind, district.parent.code, district.valid_to) == (
            "UBND huyện Than Uyên", "huyen", "12", date(2025, 6, 30))
        former = org(s, "03637-2025")  # today's register gives 03637 to the new commune
        assert (former.name, former.parent.code, former.valid_to) == (
            "UBND xã Mường Kim", "106", date(2025, 6, 30))
        assert org(s, "03637").valid_to is None and org(s, "03637").official_name
        town = org(s, "03643")
        assert (town.kind, town.valid_from) == ("thi_tran", date(2020, 1, 1))
        ids = {o.code: o.id for o in s.scalars(select(Organization))}
        assert {(m.merged_id, m.successor_id, m.effective_on) for m in merges(s)} >= {
            (ids["03637-2025"], ids["03637"], date(2025, 7, 1)),
            (ids["03641"], ids["03637"], date(2025, 7, 1)),
            (ids["03643"], ids["03640"], date(2025, 7, 1))}
        event = s.scalar(select(OrgEvent).where(OrgEvent.note.like("Nghị quyết%")))
        assert {link.org.code for link in event.links} == {"03637-2025", "03641", "03637"}


def test_former_units_get_the_units_of_their_time_from_the_template(factory, lai_chau,
                                                                    tmp_path):
    load(factory, write(tmp_path, HISTORY))
    with factory() as s:
        assert org(s, "106.PNV").valid_to == date(2025, 6, 30)
        assert org(s, "03641.MOTCUA").name == "Bộ phận Một cửa"
        assert org(s, "03641.VPTK").valid_to == date(2025, 6, 30)
        assert org(s, "03641.VPHDND") is None  # the commune office began on 1 July 2025


def test_a_successor_carries_on_the_scope_of_the_units_merged_into_it(factory, lai_chau,
                                                                      tmp_path):
    load(factory, write(tmp_path, HISTORY))
    with factory() as s:
        scope = scope_ids(s, org(s, "03637").id)
        assert {org(s, c).id for c in ("03637-2025", "03641", "03641.VPTK")} <= scope
        assert org(s, "03643").id not in scope and org(s, "106").id not in scope


def test_loading_the_same_file_again_changes_nothing(factory, lai_chau, tmp_path):
    path = write(tmp_path, HISTORY)
    load(factory, path)
    with factory() as s:
        before = counts(s)
    assert "không có thay đổi" in load(factory, path).summary()
    with factory() as s:
        assert counts(s) == before


def test_a_corrected_file_updates_the_units_it_lists(factory, lai_chau, tmp_path):
    load(factory, write(tmp_path, HISTORY))
    report = load(factory, write(tmp_path, HISTORY.replace("Xã Tà Mung", "Xã Tà Mung (cũ)")))
    assert report.updated == ["03641"]
    with factory() as s:
        assert org(s, "03641").name == "UBND xã Tà Mung (cũ)"
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "org.history"))


BAD_ROWS = [
    ("03641,Xã Tà Mung,làng,106,,,03637,,", "dòng 4: loại đơn vị 'làng' không hợp lệ"),
    ("03641,Xã Tà Mung,xa,106,,,03699,,", "dòng 4: không có đơn vị kế thừa mã 03699"),
    ("03641,Xã Tà Mung,xa,107,,,03637,,", "dòng 4: không có đơn vị cấp trên mã 107"),
    ("03641,Xã Tà Mung,xa,106,,31/02/2025,,,", "dòng 4: valid_to '31/02/2025' không phải ngày"),
    ("03641,Xã Tà Mung,xa,106,,,,,", "dòng 4: đơn vị cũ cần valid_to"),
    ("03641,,xa,106,,,03637,,", "dòng 4: thiếu name"),
    ("03637,Xã Tà Mung,xa,106,,,03637,,", "dòng 4: mã 03637 đã có ở dòng 3"),
    ("03641,Xã Tà Mung,xa,106,,2025-08-01,03637,2025-07-01,",
     "dòng 4: valid_to 01/08/2025 phải trước ngày sáp nhập 01/07/2025"),
    ("03641,Xã Tà Mung,xa,106,,,03640,2020-01-01,",
     "dòng 4: đơn vị kế thừa UBND xã Khoen On không tồn tại ngày 01/01/2020"),
    ("03641,Xã Tà Mung,xa,03641,,,03637,,", "dòng 4: vòng lặp đơn vị cấp trên"),
]


@pytest.mark.parametrize("row, message", BAD_ROWS)
def test_a_bad_row_is_named_with_file_row_and_reason_and_nothing_is_written(
        factory, lai_chau, tmp_path, row, message):
    lines = HISTORY.splitlines()
    lines[3] = row
    with factory() as s:
        before = counts(s)
    with pytest.raises(HistoryError) as error:
        load(factory, write(tmp_path, "\n".join(lines) + "\n"))
    assert f"lich-su.csv, {message}" in str(error.value)
    with factory() as s:
        assert counts(s) == before


def test_every_bad_row_is_reported_at_once(factory, lai_chau, tmp_path):
    text = HISTORY.replace(",huyen,12,", ",quận?,12,").replace("03643,Thị trấn Tân Uyên,",
                                                               "03643,,")
    with pytest.raises(HistoryError) as error:
        load(factory, write(tmp_path, text))
    assert [e.split(":")[0] for e in error.value.errors] == ["lich-su.csv, dòng 2",
                                                             "lich-su.csv, dòng 5"]


@pytest.mark.parametrize("text, message", [
    ("ma,ten\n1,2\n", "lich-su.csv, dòng 1: thiếu cột code, name, kind; cột lạ ma, ten"),
    ("code,name,kind\n", "lich-su.csv: không có dòng dữ liệu nào"),
    ("code,name,kind\n1,2,xa,4\n", "lich-su.csv, dòng 2: nhiều ô hơn tiêu đề"),
])
def test_a_malformed_file_is_refused_with_the_reason(factory, tmp_path, text, message):
    with pytest.raises(HistoryError, match=message):
        load(factory, write(tmp_path, text))


def test_it_reads_semicolons_a_byte_order_mark_and_vietnamese_kinds(factory, lai_chau,
                                                                    tmp_path):
    text = "\ufeffcode;name;kind;parent_code;valid_to\n106;Huyện Than Uyên;huyện;12;30/06/2025\n"
    load(factory, write(tmp_path, text), template=False)
    with factory() as s:
        assert org(s, "106").kind == "huyen"


def test_it_refuses_a_file_that_is_not_utf8(factory, tmp_path):
    path = tmp_path / "lich-su.csv"
    path.write_bytes(b"code,name,kind\n1,Huy\xea\xf2n Than Uy\xean,huyen\n")  # not UTF-8
    with pytest.raises(HistoryError, match="lich-su.csv: không phải văn bản UTF-8"):
        load(factory, path)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("code,name,kind;\"\n\r 0123456789-/xãhuyện")),
                    max_size=120))
def test_any_file_is_read_or_refused_with_reasons_never_crashes(factory, tmp_path, text):
    with factory() as s:
        before = counts(s)
    try:
        load(factory, write(tmp_path, text), template=False)
    except HistoryError as error:
        assert error.errors and all(e.startswith("lich-su.csv") for e in error.errors)
    with factory() as s:
        assert counts(s)[0] >= before[0]
