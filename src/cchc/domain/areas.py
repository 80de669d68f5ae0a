"""Reform areas (lĩnh vực CCHC, Resolution 76/NQ-CP) and their ids."""

AREAS: dict[str, str] = {
    "the_che": "Cải cách thể chế",
    "tthc": "Cải cách thủ tục hành chính",
    "to_chuc": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "cong_vu": "Cải cách chế độ công vụ",
    "tai_chinh": "Cải cách tài chính công",
    "so": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    "chi_dao": "Công tác chỉ đạo, điều hành, tuyên truyền CCHC",
    "khac": "Khác",
}
