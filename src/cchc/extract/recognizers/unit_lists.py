"""Splitting a lead / partner cell (cơ quan chủ trì / phối hợp) into the units as printed."""

from __future__ import annotations

import re
from functools import lru_cache

from cchc.domain.vntext import collapse
from cchc.extract.recognizers.lists import strip_bullet
from cchc.extract.units import default_vocabulary

# Words a unit name starts with. Capitalized: they mark the start of the next unit after
# a comma or a dash ("Sở Nội vụ, Văn phòng UBND tỉnh"; "Văn phòng –Thông kê - Các bộ phận").
_HEADS = (
    "Các",
    "Công chức",
    "Cán bộ",
    "Bộ phận",
    "UBND",
    "Ủy ban",
    "Uỷ ban",
    "HĐND",
    "Văn phòng",
    "Sở",
    "Phòng",
    "Ban",
    "Trung tâm",
    "Mặt trận",
    "MTTQ",
    "Tổ",
    "Đoàn",
    "Hội",
    "Trưởng",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Cơ quan",
    "Đơn vị",
    "Báo",
    "Đài",
    "Công an",
    "Chỉ huy",
    "Chi cục",
    "Kho bạc",
    "Thanh tra",
    "Tư pháp",
    "Địa chính",
    "Tài chính",
    "Văn hóa",
    "Văn hoá",
    "Tòa án",
    "Viện",
    "Bưu điện",
    "Ngân hàng",
    "Thường trực",
    "Đảng ủy",
    "Đảng uỷ",
    "Huyện ủy",
    "Tỉnh ủy",
    "Thành ủy",
    "Liên đoàn",
    "Hội đồng",
    "Người đứng đầu",
    "Lãnh đạo",
    "Bảo hiểm",
    "Cục",
    "Chi nhánh",
    "Hợp tác xã",
    "Doanh nghiệp",
    "Trường",
    "Trạm",
)
_HEAD = "(?:" + "|".join(re.escape(h) for h in sorted(_HEADS, key=len, reverse=True)) + r")\b"
_HEAD_START = re.compile(_HEAD)
_BARE_HEAD = re.compile(rf"(?:Các\s+)?{_HEAD}\s*$")
_COMMA_BEFORE_HEAD = re.compile(r",\s*(?=" + _HEAD + ")")
# a field of work after a dash goes on naming the unit: "Phòng Kế hoạch - Tài chính"
_FIELDS = r"(?:Tư pháp|Địa chính|Tài chính|Văn hóa|Văn hoá)\b"
_DASH_BEFORE_HEAD = re.compile(
    r"(?<!HĐND)(?<!UBND)\s+[-–]\s*(?=" + _HEAD + ")(?!" + _FIELDS + ")")
_DASHED_LINE = re.compile(r"^\s*[-–]\s+(?P<rest>\w.*)$")
_INLINE_BULLET = re.compile(r"(?:(?<=[.;,:])|^)\s*[-+•]\s*(?=\w)", re.MULTILINE)
# What follows a unit name in a cell but is not part of it: "Sở Nội vụ tổng hợp, báo cáo".
_ROLE_TAIL = re.compile(r"\s+(?:phối hợp|tổng hợp|hướng dẫn|theo dõi|chủ trì)\b.*$")
# A unit followed by what it does: "Văn phòng - Thống kê xã thực hiện các giải pháp ..."
_ACTION_TAIL = re.compile(
    r"(?<!việc)(?<!được)\s+(?:thực hiện|kiểm soát|tham mưu|triển khai|chịu trách nhiệm|"
    r"có trách nhiệm|xây dựng|tổ chức thực hiện)\s+\S.*$"
)
_ACTION_START = re.compile(
    r"^(?:thực hiện|kiểm soát|tham mưu|triển khai|chịu trách nhiệm|"
    r"có trách nhiệm|xây dựng|tổ chức thực hiện|hướng dẫn|theo dõi)\b"
)
_PARTNER = re.compile(r"^.*?\bphối hợp với\s+(?P<partner>\S.*)$")
# "Ban Pháp chế, HĐND xã": a committee of the council, one unit despite the comma.
_OF_COUNCIL = re.compile(r"^(?:Ban|Văn phòng|Thường trực)\b[^,]*,\s*(?:HĐND|UBND|Đảng ủy)\s+\w+")
_OF_COMMITTEE = re.compile(r"(?:UBND|Ủy ban|Uỷ ban|HĐND)\b")
_TRAIL = " .;,:"
_LINKS = frozenset({"và", "của", "thuộc", "với", "tại", "cho", "các", "cùng"})
_NOT_A_UNIT = re.compile(r"(?:Tổ chức|Ban hành|Hội nghị|Hội thảo|Hội thi|Đoàn kiểm tra|Báo cáo)\b")


def starts_like_unit(text: str) -> bool:
    """ "Sở Nội vụ", "Đài truyền thanh xã": a word unit names start with (capitalized), not
    the same word opening an activity or a product ("Tổ chức ...", "Ban hành ...", "Hội nghị
    ...", "Báo cáo ..." is no newspaper)."""
    return _HEAD_START.match(text) is not None and _NOT_A_UNIT.match(text) is None


def is_bare_head(text: str) -> bool:
    """ "Chủ tịch", "Các phòng": a word unit names start with, naming no unit on its own."""
    return _BARE_HEAD.match(text.strip(_TRAIL)) is not None


def split_units(cell: str | None) -> list[str]:
    """ "- Sở Tư pháp;\\n- UBND cấp huyện" -> ["Sở Tư pháp", "UBND cấp huyện"]. Order kept,
    duplicates dropped, labels ("Cơ quan thẩm định:") and role descriptions removed; a line
    broken at its dash stays whole (see _names_unbroken)."""
    if not cell:
        return []
    text = _INLINE_BULLET.sub("\n", _names_unbroken(cell))
    lines = [strip_bullet(line) for line in text.split("\n") if line.strip()]
    semicolons = any(";" in line for line in lines) or len(lines) > 1
    out: list[str] = []
    for line in lines:
        for clause in re.split(r";\s*", _drop_label(collapse(line))):
            commas = not semicolons or _every_piece_headed(clause)
            for printed in _split_clause(clause, commas=commas):
                for unit in glued_units(printed):
                    if unit not in out:
                        out.append(unit)
    return out


def _names_unbroken(cell: str) -> str:
    """A narrow column breaks a name at its dash: "Văn phòng -\\nThống kê", or "Văn phòng\\n-
    Thống kê" in a cell whose first line has no bullet, where what follows the dash does not
    start like a unit. Such lines are joined back."""
    lines = cell.split("\n")
    bulleted = strip_bullet(lines[0]) != lines[0].strip()
    out = [lines[0]]
    for line in lines[1:]:
        dashed = _DASHED_LINE.match(line)
        if out[-1].rstrip().endswith(("-", "–")) and line.strip()[:1].isalnum():
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        elif dashed and not bulleted and out[-1].rstrip()[-1:].isalnum() \
                and not starts_like_unit(dashed["rest"]):
            out[-1] = f"{out[-1].rstrip()} - {dashed['rest']}"
        else:
            out.append(line)
    return "\n".join(out)


def glued_units(name: str) -> list[str]:
    """ "Đoàn Thanh niên xã Hội Liên hiệp Phụ nữ xã" -> the units a lost line break glued
    together (see unit_pieces); [name] when the vocabulary knows the whole ("UBND xã Hương
    Trà" too) and it does not end with another unit's full name."""
    vocabulary = default_vocabulary()
    if vocabulary.names_one_unit(name):
        return [name]
    words = name.split()
    ends_with_unit = any(_may_start_unit(words, i) and _known(" ".join(words[i:]))
                         for i in range(1, len(words)))
    unit = vocabulary.match(name).unit_id
    if unit is not None and not ends_with_unit:
        pieces = unit_pieces(name) or [name]
        # the match was the first piece's, the rest another name: "Đoàn Thanh niên phường Tổ
        # công nghệ số cộng đồng" (not "... UBND xã", the office of the committee)
        if len(pieces) > 1 and vocabulary.match(pieces[0]).unit_id == unit and \
                not any(_OF_COMMITTEE.match(p) for p in pieces[1:]):
            return pieces
        return [name]
    return unit_pieces(name) or [name]


def unit_pieces(name: str, count: int | None = None) -> list[str] | None:
    """`name` cut before words units start with into pieces that each are a unit: one the
    vocabulary knows, or a short name starting like one. Of the ways to cut, the one whose
    known units cover the most words, then the fewest pieces; exactly `count` pieces when
    given ("Công chức Tài chính - Kế toán Công chức Tài chính - Kế toán", 2 -> the unit twice).
    None when there is no such cut."""
    words = name.split()
    cuts = [0] + [i for i in range(1, len(words)) if _may_start_unit(words, i)] + [len(words)]
    # (pieces so far, known words so far) of every way to cut words[:end] into k pieces
    best: dict[tuple[int, int], tuple[list[str], int]] = {(0, 0): ([], 0)}
    for end in cuts[1:]:
        for (start, k), (pieces, known) in list(best.items()):
            piece = " ".join(words[start:end])
            if start >= end or not _is_unit_piece(piece):
                continue
            option = (pieces + [piece], known + (end - start if _known(piece) else 0))
            if (end, k + 1) not in best or option[1] > best[(end, k + 1)][1]:
                best[(end, k + 1)] = option
    ends = {k: found for (end, k), found in best.items() if end == len(words) and k}
    if count is not None:
        return ends[count][0] if count in ends else None
    if not ends:
        return None
    return max(ends.items(), key=lambda item: (item[1][1], -item[0]))[1][0]


def _is_unit_piece(piece: str) -> bool:
    if is_bare_head(piece):  # "Trung tâm", "Ban": a word units start with, no unit
        return False
    return _known(piece) or (starts_like_unit(piece) and len(re.findall(r"\w+", piece)) <= 8)


def _may_start_unit(words: list[str], i: int) -> bool:
    before = words[i - 1]
    return (starts_like_unit(" ".join(words[i:])) and before[-1:] not in "-–,&"
            and before.lower() not in _LINKS and not _BARE_HEAD.match(before))


@lru_cache(maxsize=4096)
def _known(name: str) -> bool:
    """The vocabulary knows the name as a whole (a typo-tolerant or place-dropping match would
    accept a piece with words of the next unit stuck to it)."""
    return len(re.findall(r"\w+", name)) <= 14 and default_vocabulary().names_one_unit(name)


def _split_clause(clause: str, commas: bool) -> list[str]:
    clause = collapse(clause).strip(_TRAIL)
    if not clause:
        return []
    pieces = _DASH_BEFORE_HEAD.split(clause)
    if commas:
        pieces = [p for piece in pieces for p in _COMMA_BEFORE_HEAD.split(piece)]
    return [_tidy(p) for p in pieces if _tidy(p)]


def _every_piece_headed(clause: str) -> bool:
    """ "Sở Nội vụ, Văn phòng UBND tỉnh, Sở Tư pháp" (each piece a unit) may split on commas
    even among ";" clauses; "Ban Pháp chế, HĐND xã" may not."""
    pieces = [p.strip() for p in clause.split(",")]
    return (
        len(pieces) > 1
        and all(_HEAD_START.match(p) for p in pieces)
        and not _OF_COUNCIL.match(clause)
    )


def _drop_label(clause: str) -> str:
    """ "Sở Nội vụ: Hướng dẫn, theo dõi" -> "Sở Nội vụ"; "Cấp xã: UBND cấp huyện" -> the unit;
    a bare label "Cơ quan thẩm định:" -> ""."""
    if ":" not in clause:
        return clause
    left, right = (s.strip(_TRAIL) for s in clause.split(":", 1))
    if not right:
        return ""
    if _HEAD_START.match(left) and not _HEAD_START.match(right):
        return left
    return right


def _tidy(unit: str) -> str:
    unit = collapse(strip_bullet(unit)).strip(_TRAIL)
    unit = re.sub(r"^(?:và|cùng)\s+", "", unit)
    partner = _PARTNER.match(unit)
    if partner:
        unit = partner["partner"]
    if _ACTION_START.match(unit):
        return ""
    unit = _ACTION_TAIL.sub("", unit)
    named = _ROLE_TAIL.sub("", unit).strip(_TRAIL)
    return unit.strip(_TRAIL) if _BARE_HEAD.match(named) else named  # "Hội đồng phối hợp ..."
