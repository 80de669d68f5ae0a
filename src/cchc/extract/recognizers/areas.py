"""Which reform area (lĩnh vực CCHC) a heading or a sentence belongs to."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from cchc.domain.vntext import fold

# (area, folded keyword patterns); first match wins, so specific before generic.
_HEADING_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("tthc", ("thu tuc hanh chinh", "tthc", "mot cua")),
    ("the_che", ("the che", "van ban quy pham", "qppl")),
    ("to_chuc", ("to chuc bo may", "bo may hanh chinh")),
    ("cong_vu", ("che do cong vu", "cong vu", "doi ngu can bo", "cbccvc", "chat luong doi ngu")),
    ("tai_chinh", ("tai chinh cong", "tai chinh")),
    (
        "so",
        (
            "chinh quyen dien tu",
            "chinh quyen so",
            "chuyen doi so",
            "chinh phu dien tu",
            "hien dai hoa hanh chinh",
            "hien dai hoa nen hanh chinh",
        ),
    ),
    (
        "chi_dao",
        (
            "chi dao",
            "dieu hanh",
            "tuyen truyen",
            "kiem tra cai cach",
            "chi so cai cach",
            "cong tac cai cach hanh chinh",
        ),
    ),
    ("khac", ("nang luc canh tranh", "pci", "ddci", "moi truong dau tu", "kinh doanh")),
]

FUZZY_KEY = 90  # similarity at which a heading with a letter misread names a keyword
_AREA_WORDS = re.compile(
    r"(cai cach|xay dung,? (?:va )?phat trien|xay dung chinh quyen|chinh quyen|"
    r"hien dai hoa|cong tac chi dao|chi dao|nang cao chi so|nang luc canh tranh)"
)


def area_of_heading(text: str) -> str | None:
    """The area a section heading names ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH" -> "tthc"), else None.

    Only short texts are headings; a long sentence that merely mentions a keyword is not.
    """
    folded = _strip_numbering(fold(text))
    if not folded or len(folded) > 160:
        return None
    for area, keys in _HEADING_RULES:
        if any(_contains(folded, k) for k in keys):
            return area
    for area, keys in _HEADING_RULES:  # a letter misread ("CHÍNH QUYẼÊN SỐ"), long keys only
        if any(k.count(" ") >= 2 and fuzz.partial_ratio(k, folded) >= FUZZY_KEY for k in keys):
            return area
    return None


def area_of_sentence(text: str) -> str | None:
    """Best-effort area of a free sentence (a target), by the same keywords."""
    folded = fold(text)
    for area, keys in (
        ("the_che", ("quy pham phap luat", "qppl")),
        ("tai_chinh", ("ngan sach", "tai chinh", "tai san cong")),
        ("so", ("truc tuyen", "moi truong mang", "dien tu", "so hoa", "chuyen doi so")),
        ("tthc", ("thu tuc hanh chinh", "tthc", "ho so")),
        ("cong_vu", ("can bo", "cong chuc", "vien chuc")),
    ):
        if any(_contains(folded, k) for k in keys):
            return area
    return None


def looks_like_area_heading(text: str) -> bool:
    """A reform-area title ("Cải cách thủ tục hành chính", "Xây dựng chính quyền số") rather than
    a sentence that mentions an area."""
    folded = _strip_numbering(fold(text))
    return area_of_heading(text) is not None and bool(_AREA_WORDS.match(folded))


def _contains(folded: str, key: str) -> bool:
    return _word_pattern(key).search(folded) is not None


@lru_cache(maxsize=None)
def _word_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])")


_NUMBERING = re.compile(
    r"^(?:phu luc(?: so)? ?[0-9ivx]*[:.]?|[ivxlc]+[.)]|\d+(?:\.\d+)*[.)]?|[a-z][.)])\s*"
)


def _strip_numbering(folded: str) -> str:
    return _NUMBERING.sub("", folded, count=1).strip()
