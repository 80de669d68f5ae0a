"""Cutting one deadline cell into segments, each naming its own deadline(s).

A plain cell is cut at ";" and at sentence ends ("Quý I/2024 ban hành kế hoạch; định kỳ hằng quý
báo cáo"). A bulleted cell ("- Xây dựng Kế hoạch: Quý II/2024. - Báo cáo ...: Quý I/2025") is cut
only at its bullets, since a ";" inside one bullet ("Ngay sau khi có chỉ đạo của Chính phủ; Thủ
tướng Chính phủ") does not start a new deadline. Works on collapsed, folded text: a line break is
a space, so "\\n- " and " - " cut alike.
"""

from __future__ import annotations

import re

_BULLET = r"[-+•*·]"
_BULLETED = re.compile(rf"\s*{_BULLET}\s")
# " - Báo cáo kết quả: ..." cuts even without a stop before it; "Quý II - IV" and
# "Văn phòng - Thống kê" do not.
_LABELLED_BULLET = rf"\s{_BULLET}\s(?!(?:iv|i{{1,3}}|\d)\b)(?=[^:;.]{{1,200}}:(?!\d))"
_PLAIN_CUT = re.compile(rf";|\.\s+(?!\d)|{_LABELLED_BULLET}")
_BULLETED_CUT = re.compile(rf"[.;]\s*{_BULLET}\s|{_LABELLED_BULLET}")


def split_segments(folded: str) -> list[tuple[int, int]]:
    """[start, end) spans of the segments of a collapsed, folded cell (empty ones left out)."""
    cut = _BULLETED_CUT if _BULLETED.match(folded) else _PLAIN_CUT
    spans: list[tuple[int, int]] = []
    start = 0
    for match in cut.finditer(folded):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(folded)))
    return [(a, b) for a, b in spans if folded[a:b].strip(" -+•*·.;,:")]
