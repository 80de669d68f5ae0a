"""The one pattern that finds deadline phrases in folded text (lower case, no diacritics).

Each alternative is a named group; `match.lastgroup` tells which one matched. Alternatives are
tried in this order at each position, so the more specific come first ("6 tháng đầu năm" before
the bare "6 tháng"; "Tháng 12 hằng năm" before "Tháng 12"). A prefix ("chậm nhất là", "trước",
"trong", "vào", "từ", "đến hết", a clock time) belongs to the phrase it stands before.
"""

from __future__ import annotations

import re

YEAR = r"(?:19|20|21)\d\d(?!\d)"
_MONTH = r"(?:0?[1-9]|1[0-2])(?!\d)"
_DAY = r"\d{1,2}(?:\s*/\s*\d{1,2})?(?!\d)"  # "15", "15/12"
ROMAN_OR_DIGIT = r"(?:iv|i{1,3}|0?[1-4])\b"
_QUARTER = rf"(?:{ROMAN_OR_DIGIT}|(?:mot|hai|ba|tu|bon)\b)"  # "Quý I", "quý 1", "Quý tư"
_LINK = r"\s*(?:-|,|va|hoac|den|toi|\+)\s*"  # between listed months or quarters
_N_MONTHS = r"(?:0?[1369]|mot|ba|sau|chin)\s+thang"
_ANY_MONTHS = r"(?:1[0-2]|0?[1-9]|mot|hai|ba|bon|sau|chin)\s+thang"  # "12 tháng/lần", "02 tháng/lần"
_PERIOD = (rf"(?:{_N_MONTHS}|nua\s+nam|thang(?!\s*\d)|quy(?!\s*{ROMAN_OR_DIGIT})|tuan"
           rf"|nam(?:\s+{YEAR})?)\b")
# ", hàng năm" after "định kỳ 6 tháng"; "và năm 2024" after "Định kỳ hằng Quý"
_CHAIN = rf"(?:\s*(?:,|va|hoac|\+)\s*(?:(?:dinh\s+ky\s+)?(?:hang|moi|ca)\s+)?{_PERIOD})*"
_PER = r"(?:\s*/\s*(?:lan|cuoc|ky|dot)\b)?"  # "03 tháng/lần"
_ONCE = r"(?:\s+(?:0?1|mot)\s+lan\b)?"  # "mỗi quý 01 lần"
_SCOPE = rf"(?:\s*,?\s*(?:trong|cua)\s+nam(?:\s+{YEAR})?\b)?"  # "hàng tháng trong năm 2024"


def _year_tail(name: str) -> str:
    """ "/2024", "-2024", " năm 2024", ", năm 2024"."""
    return rf"(?:\s*[/-]\s*|\s*,?\s*(?:cua\s+)?nam\s+)(?P<{name}>{YEAR})"


ALTERNATIVES = {
    # "Sau khi UBND tỉnh ban hành", "Ngay sau kết thúc", "Khi có văn bản", "15 ngày kể từ"
    "event": r"(?:ngay\s+sau|sau\s+(?:khi|ket\s+thuc|\d+\s+ngay)|ngay\s+khi"
             r"|khi\s+(?:co|duoc|nhan)(?!\s+yeu\s+cau)|trong\s+(?:vong|thoi\s+han)\s+\d+\s+ngay"
             r"|\d+\s+ngay\s+(?:lam\s+viec\s+)?(?:ke\s+tu|sau|truoc\s+khi))\b",
    # "Thường xuyên", "Thường xuyên, liên tục trong năm 2024", "Hằng ngày"
    "cont": r"(?:thuong\s+xuyen|lien\s+tuc|hang\s+ngay)"
            r"(?:\s*(?:,|va)\s*(?:thuong\s+xuyen|lien\s+tuc))?"
            r"(?:\s*,?\s*(?:(?:trong|ca|suot|den\s+het|den|toi)\s+)*(?:cac\s+)?nam"
            rf"(?:\s+(?P<cont_y>{YEAR}))?\b|\s+(?:hang|moi)\s+nam\b)?",
    # "Ngày 20 hằng tháng", "Trước ngày 15/12 hằng năm", "Tháng 6 và tháng 12 hằng năm",
    # "Quý IV hằng năm", "ngày 20 tháng cuối quý", "ngày 14 của tháng cuối kỳ báo cáo" (each
    # period reported on: no one frequency), "Trước ngày 05 tháng sau" (of every month)
    "rec_at": rf"(?:ngay\s+{_DAY}(?:{_LINK}(?:ngay\s+)?{_DAY})*"
              rf"|thang\s+{_MONTH}(?:{_LINK}(?:thang\s+)?{_MONTH})*|quy\s+{_QUARTER})\s+"
              r"(?:cua\s+)?(?:(?:hang|moi)\s+(?P<rec_at_p>thang|quy|nam)"
              r"|thang\s+cuoi\s+(?:moi\s+|cua\s+)?(?P<rec_at_q>quy|ky(?:\s+bao\s+cao)?)"
              r"|(?P<rec_at_n>thang|quy)\s+(?:sau|ke\s+tiep|tiep\s+theo)(?!\s+khi))\b",
    # "Hằng năm, trước ngày 15/11", "hằng tháng vào ngày 25" (no year: every year, month)
    "rec_at_after": r"(?:hang|moi)\s+(?P<rec_after_p>thang|quy|nam)\s*,?\s*"
                    rf"(?:(?:vao|truoc|cham\s+nhat(?:\s+la)?|trong)\s+)*ngay\s+{_DAY}"
                    r"(?!\s*[/.-]\s*\d)",
    # "06 tháng/cuộc", "quý/lần", "6 tháng một lần"
    "rec_per": rf"(?:(?:{_ANY_MONTHS}|(?:0?1\s+|mot\s+)?(?:thang|quy|nam))\s*/\s*(?:lan|cuoc|ky|dot)"
               rf"|{_ANY_MONTHS}\s+(?:0?1|mot)\s+lan)\b{_CHAIN}{_SCOPE}",
    # "2 lần/năm", "02 đợt/năm", "01 lần/quý"
    "rec_times": r"(?P<rec_times_n>\d{1,2}|mot|hai|bon)\s+(?:lan|dot|cuoc|ky)\s*/\s*"
                 r"(?P<rec_times_p>nam|quy|thang)\b",
    # "6 tháng đầu năm", "6 tháng cuối năm 2024", "nửa đầu năm"
    "half": rf"(?P<half_n>0?[369]|ba|sau|chin)\s+thang\s+(?P<half_w>dau|cuoi)\s+nam"
            rf"(?:\s+(?P<half_y>{YEAR}))?\b"
            rf"|nua\s+(?P<half_w2>dau|cuoi)\s+nam(?:\s+(?P<half_y2>{YEAR}))?\b",
    # "30/11/2024", "ngày 01.4.2024", "ngày 15 tháng 12 năm 2024", "15/12"
    "date": r"(?:ngay\s+)?(?<![\d/.])(?P<date_d>[0-3]?\d)(?:\s*[/.-]\s*|\s+thang\s+)"
            r"(?P<date_m>[01]?\d)(?!\d)"
            rf"(?:(?:\s*[/.-]\s*|\s*,?\s*nam\s+)(?P<date_y>{YEAR}|\d\d(?!\d)))?",
    # "Tháng 11/2024", "tháng 11 năm 2024", "Tháng 10-12/2024", "tháng 6 và tháng 12"
    "month": rf"thang\s+(?P<month_list>{_MONTH}(?:{_LINK}(?:thang\s+)?{_MONTH}(?!\s*thang))*)"
             rf"(?:{_year_tail('month_y')})?",
    # "11/2024"
    "monthyear": rf"(?<![\d/.])(?P<my_m>{_MONTH})\s*/\s*(?P<my_y>{YEAR})(?![\d/])",
    # "Quý I/2024", "quý 1 năm 2024", "Quý II-IV/2023", "Quý III,IV/2023"
    "quarter": rf"quy\s+(?P<quarter_list>{_QUARTER}"
               rf"(?:{_LINK}(?:quy\s+{_QUARTER}|{ROMAN_OR_DIGIT}))*)(?:{_year_tail('quarter_y')})?",
    # "Năm 2024 - 2025", "năm 2024, 2025"
    "yrange": rf"nam\s+(?P<yrange_a>{YEAR})\s*(?:-|,|va|den|toi)\s*(?:nam\s+)?(?P<yrange_b>{YEAR})",
    # "Năm 2023", "Trong năm 2023"
    "year": rf"(?:nam|nien\s+do)\s+(?P<year_y>{YEAR})",
    # "Định kỳ hằng Quý", "định kỳ 6 tháng", "6 tháng, hàng năm" (after "định kỳ"), "định kỳ"
    "rec_every": r"(?:theo\s+)?(?:dinh\s+ky\b"
                 rf"(?:\s+(?:(?:hang|moi)\s+)?{_PERIOD}{_PER})?|(?:hang|moi)\s+{_PERIOD})"
                 rf"{_ONCE}{_CHAIN}{_SCOPE}",
    # "Báo cáo quý, 6 tháng, năm"
    "rec_quy": r"quy(?=\s*(?:,|va|hoac)\s*(?:(?:hang|moi)\s+)?(?:0?[369]\s+thang|nam|thang)\b)"
               rf"{_CHAIN}{_SCOPE}",
    # "Báo cáo 6 tháng", "9 tháng" (not "6 tháng đầu năm", "6 tháng kể từ")
    "rec_bare": r"(?<!\d)(?:0?[369]|sau|chin)\s+thang\b"
                r"(?!\s*(?:dau|cuoi|ke|tiep|qua|toi|nua|truoc|sau|/|\d))"
                rf"{_CHAIN}{_SCOPE}",
    # "trong năm", "cả năm", "năm nay" (the year of the plan)
    "vague": r"nam(?P<vague_nay>\s+nay)?\b(?!\s*[/-]?\s*\d)",
}
_CLOCK = r"\d{1,2}\s*(?:h|gio|:)\s*(?:\d\d)?(?:\s+phut)?\s+"  # "17:00 ngày 30/6/2024"
_PREFIX = (r"(?P<pre>(?:(?:cham\s+nhat|muon\s+nhat|truoc|la|trong|vao|den\s+het|den|toi|het"
           rf"|cuoi|ca|suot|tu\s+nay|tu|ke\s+tu)\s+|{_CLOCK})*)")

PHRASE = re.compile(
    rf"(?<![\w/]){_PREFIX}(?:" + "|".join(f"(?P<{k}>{v})" for k, v in ALTERNATIVES.items()) + ")")
