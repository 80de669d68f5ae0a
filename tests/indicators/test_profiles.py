"""Mapping profiles: the package's, an installation's folder, a file; words for values; clear
errors for a wrong profile."""

from __future__ import annotations

import pytest

from cchc.errors import InputError
from cchc.indicators.profiles import (
    PACKAGE, available_profiles, builtin_profiles, choose, fold_value, read_profile_file)


def write(folder, name, text):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, expected", [
    ("Đã trả kết quả", "da tra ket qua"), ("  ĐÃ  TRẢ KẾT QUẢ ", "da tra ket qua"),
    ("Đã trả kết quả cho tổ chức, cá nhân", "da tra ket qua cho to chuc ca nhan"),
    ("HT-TRA", "ht tra"), ("-", "-"), ("Trực tuyến.", "truc tuyen"),
])
def test_words_match_without_case_accents_or_punctuation(text, expected):
    assert fold_value(text) == expected


@pytest.mark.parametrize("column, text, value", [
    ("status", "Đã trả kết quả", 10), ("status", "da tra ket qua", 10), ("status", "10", 10),
    ("status", "10.0", 10), ("status", "Chờ bổ sung", 5), ("status", "Không được tiếp nhận", 3),
    ("status", "Công dân yêu cầu rút hồ sơ", 7), ("status", "Dừng xử lý", 8),
    ("status", "Đang xử lý", 4), ("status", "11", None), ("status", "Đã", None),
    ("channel", "TRỰC TUYẾN", 2), ("channel", "Bưu chính công ích", 3), ("channel", "0", None),
    ("apology_issued", "x", True), ("apology_issued", "Có", True),
    ("apology_issued", "không", False), ("apology_issued", "FALSE", False),
    ("apology_issued", "1", True), ("paid_online", "Tiền mặt", False),
    ("paid_online", "Chuyển khoản", True), ("reused", "Tiền mặt", None),
    ("rating", "Rất hài lòng", 5), ("rating", "3", 3), ("rating", "6", None),
])
def test_the_national_codes_and_the_common_words_are_known(column, text, value):
    mot_cua = next(p for p in builtin_profiles() if p.name == "mot_cua")
    assert mot_cua.vocabulary().lookup(column, text) == value


def test_an_installation_profile_is_listed_and_wins_over_the_package(tmp_path, monkeypatch):
    folder = tmp_path / "profiles"
    write(folder, "mot_cua.yaml", "name: mot_cua\ndescription: Bản của tỉnh\nextends: portal\n"
                                  "columns:\n  dossier_code: [Số HS]\n")
    write(folder, "notes.txt", "not a profile")
    monkeypatch.setenv("CCHC_PROFILES_DIR", str(folder))
    profiles = {p.name: p for p in available_profiles()}
    assert set(profiles) == {"mot_cua", "portal"}
    assert profiles["mot_cua"].source == str(folder / "mot_cua.yaml")
    assert profiles["mot_cua"].aliases["dossier_code"][:2] == ("Số HS", "MaHoSo")
    assert profiles["portal"].source == PACKAGE


def test_a_named_profile_or_file_is_used_even_if_another_matches_more(tmp_path):
    headers = ["MaHoSo", "MaTTHC", "DonViXuLy", "NgayTiepNhan", "NgayHenTra", "KenhThucHien",
               "TrangThaiHoSo"]
    assert choose("x.csv", headers)[0].name == "portal"
    path = write(tmp_path, "p.yaml", "name: mine\nextends: portal\ncolumns:\n"
                                     "  status: [TrangThaiHoSo]\n")
    assert choose("x.csv", headers, path)[0].name == "mine"
    assert choose("x.csv", headers, str(path))[0].source == str(path)
    with pytest.raises(InputError, match="không có cột MaHoSo"):
        choose("x.csv", headers, "mot_cua")
    with pytest.raises(InputError, match="không có hồ sơ ánh xạ 'khac' \\(có: mot_cua, portal"):
        choose("x.csv", headers, "khac")


@pytest.mark.parametrize("text, message", [
    ("name: p\ncolumns:\n  ma_ho_so: [X]\n", "cột không có trong bản ghi chuẩn: ma_ho_so"),
    ("name: p\ncolumns:\n  status: [X]\nvalues:\n  status:\n    12: [Xong]\n",
     "status: mã 12 không hợp lệ \\(1–10\\)"),
    ("name: p\ncolumns:\n  status: [X]\nvalues:\n  status:\n    9: [Xong]\n    10: [xong]\n",
     "'xong' vừa là 9 vừa là 10"),
    ("name: p\ncolumns:\n  status: [X]\nvalues:\n  reused:\n    có: [x]\n",
     "reused: dùng true / false"),
    ("name: p\ncolumns:\n  status: [X]\nvalues:\n  procedure_name:\n    a: [b]\n",
     "không ánh xạ được giá trị của cột 'procedure_name'"),
    ("name: p\ncolumns:\n  status: [X]\nrules:\n  same_day_before_receipt: fix\n",
     "quy tắc 'same_day_before_receipt: fix' không hợp lệ"),
    ("name: p\nextends: khong_co\n", "extends: không có hồ sơ ánh xạ 'khong_co'"),
    ("columns: {}\n", "cần có 'name' và 'columns'"),
    ("name: [p\n", "không đọc được tệp YAML"),
])
def test_a_wrong_profile_is_refused_with_the_reason(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_profile_file(write(tmp_path, "p.yaml", text))


def test_a_missing_profiles_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_PROFILES_DIR", str(tmp_path / "none"))
    with pytest.raises(InputError, match="CCHC_PROFILES_DIR=.*không phải là thư mục"):
        available_profiles()
