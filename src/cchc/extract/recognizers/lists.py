"""Splitting cells and lines that hold several items: outputs, units, bullet lists."""

from __future__ import annotations

import re

from cchc.domain.vntext import collapse, fold

_BULLET = re.compile(r"^\s*(?:[-+•–*]|\d+[.)])\s*")
_TRAIL = " .;,:"
# Words a product (sản phẩm) starts with: after " - " they start the next item, while
# "Tài chính - Kế toán" stays one name.
PRODUCT_WORDS = (
    "Kế hoạch",
    "Báo cáo",
    "Quyết định",
    "Văn bản",
    "Các",
    "Thông báo",
    "Hướng dẫn",
    "Công văn",
    "Tờ trình",
    "Đề án",
    "Chương trình",
    "Hợp đồng",
    "Danh mục",
    "Kết quả",
    "Biên bản",
    "Tài liệu",
    "Phần mềm",
    "Hệ thống",
    "Dự thảo",
    "Nghị quyết",
    "Quy chế",
    "Quy định",
    "Tổ chức",
    "Hội nghị",
    "Cơ sở dữ liệu",
    "Bộ",
    "Thống kê",
    "Số liệu",
    "Bảng",
)
# Verbs a task opens with (folded), and that seldom sit inside a noun phrase.
TASK_VERBS = (
    "ra soat", "trien khai", "to chuc", "thuc hien", "xay dung", "ban hanh", "kiem tra",
    "cong khai", "niem yet", "tuyen truyen", "huong dan", "tiep nhan", "cap nhat", "duy tri",
    "nang cao", "day manh", "tang cuong", "so hoa", "van hanh", "tham muu", "phoi hop",
    "chuan bi", "sap xep", "kien toan", "boi duong", "tu danh gia", "tu cham diem", "theo doi",
    "don doc", "cu can bo", "ung dung", "nang cap", "trang bi", "lap ", "thong ke", "tong hop",
)
_DASH_BEFORE_CAPITAL = re.compile(r"\s+[-–]\s+(?=[A-ZĐ\u00c0-\u1ef8])")
_DASH_BEFORE_PRODUCT = re.compile(
    r"\s+[-–]\s*(?=(?:" + "|".join(re.escape(p) for p in PRODUCT_WORDS) + r")\b)", re.IGNORECASE
)


_PRODUCT_START = re.compile(
    r"^[-+•\s]*(?:" + "|".join(re.escape(p) for p in PRODUCT_WORDS) + r")\b", re.IGNORECASE)


def starts_like_product(text: str) -> bool:
    """ "Kế hoạch của UBND xã", "Báo cáo kết quả": a product (sản phẩm) noun first."""
    return _PRODUCT_START.match(text) is not None


def starts_like_task(text: str) -> bool:
    """ "Rà soát ...", "Tổ chức ...": a verb a task opens with first."""
    return fold(strip_bullet(text)).startswith(TASK_VERBS)


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def join_lines(text: str | None) -> str | None:
    """A multi-line cell as printed, on one line (the deadline_text convention)."""
    if text is None:
        return None
    joined = collapse(text.replace("\n", " "))
    return joined or None


def split_items(text: str | None) -> list[str]:
    """Outputs (sản phẩm) cell -> items: one per line / "- " bullet / ";" clause.

    Commas stay inside an item: "Kế hoạch, Quyết định" is one product description.
    """
    if not text:
        return []
    pieces: list[str] = []
    for line in _bullet_lines(text):
        pieces.extend(re.split(r";\s*|(?<=[a-zà-ỹđ)])\.\s+(?=[A-ZĐ\u00c0-\u1ef8])", line))
    return [_tidy(p) for p in pieces if _tidy(p)]


def _bullet_lines(text: str) -> list[str]:
    """Lines, with inline bullets ("; - Báo cáo", ". -Kế hoạch", "Kế hoạch - Báo cáo")
    turned into their own lines."""
    text = re.sub(r"(?:(?<=[.;:])|^)\s*[-+•]\s*(?=\w)", "\n", text, flags=re.MULTILINE)
    text = _DASH_BEFORE_PRODUCT.sub("\n", text)
    lines = [piece for line in text.split("\n") for piece in _split_after_phrase(line)]
    return [strip_bullet(line) for line in lines if line.strip()]


def _split_after_phrase(line: str) -> list[str]:
    """ "Báo cáo kết quả thực hiện - Tự chấm điểm": a dash after three or more words ends an
    item; "Tài chính - Kế toán" (two words) is one name."""
    pieces, start = [], 0
    for match in _DASH_BEFORE_CAPITAL.finditer(line):
        if len(line[start : match.start()].split()) >= 3:
            pieces.append(line[start : match.start()])
            start = match.end()
    return pieces + [line[start:]]


def _tidy(text: str) -> str:
    return collapse(strip_bullet(text)).strip(_TRAIL).strip()
