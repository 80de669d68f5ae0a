"""Plan metadata: title, issuer, level, locality, province, year, number, date, signer."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from itertools import takewhile

from cchc.domain.plan import PlanMeta
from cchc.domain.vntext import collapse, fold
from cchc.extract.recognizers.dates import DATE, first_date, to_date
from cchc.extract.recognizers.legal import legal_bases
from cchc.extract.recognizers.provinces import PROVINCES

_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<n>.*)$", re.IGNORECASE)
_SYMBOL = re.compile(r"^\d+(?:[^\W_]|[/.\-])*/(?:[^\W_]|[\-/])+")  # no "_": a rule's ink
_ATTACHED = re.compile(
    r"(?:ban hành\s+)?kèm theo\s+(?P<type>Quyết định|Kế hoạch)\s*số\s*:?\s*"
    r"(?P<n>\d+[\w/.\-Đđ]*/[\w\-Đđ/]+)?",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(r"^(?P<place>[^,\d]{2,40}),\s*ngày\b(?P<rest>.*)$", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_LEVELS = (  # printed word -> level id, longest first
    ("thị trấn", "thi_tran"),
    ("thị xã", "huyen"),
    ("thành phố", "huyen"),
    ("đặc khu", "xa"),
    ("phường", "phuong"),
    ("huyện", "huyen"),
    ("quận", "huyen"),
    ("tỉnh", "tinh"),
    ("xã", "xa"),
)
_LEVEL_WORD = "|".join(w for w, _ in _LEVELS)
_ISSUER_WORDS = {"xa": "xã", "phuong": "phường", "thi_tran": "thị trấn", "tinh": "tỉnh"}
_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]*"
_PERSON = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}$")
_SIGN_MARKERS = re.compile(
    r"^(?:KT\.|TM\.|Q\.)?\s*(?:CHỦ TỊCH|GIÁM ĐỐC|PHÓ CHỦ TỊCH|TRƯỞNG BAN)\b|"
    r"^Nơi nhận",
    re.IGNORECASE,
)
_SECTION_ONE = re.compile(r"^(?:I|1)\.\s*(?:MỤC|MỤC ĐÍCH|MỤC TIÊU|KẾT QUẢ|ĐÁNH GIÁ)", re.IGNORECASE)


def recognize_meta(lines: list[str]) -> PlanMeta:
    """Metadata from the paragraphs of the document, in order."""
    lines = _columns_apart(lines)
    opening = _opening(lines)
    title, title_index = _title(lines)
    year = _plan_year(title, lines)
    place_line = next(
        (
            m
            for m in map(_PLACE_DATE.match, lines[:40])
            if m and DATE.search("ngày" + m["rest"]) is not None or (m and "tháng" in m["rest"])
        ),
        None,
    )
    department = _department(lines)
    level, locality = _level_and_locality(
        lines, title, place_line["place"].strip() if place_line else None
    )
    number, attached_date = _number(lines[: max(title_index + 6, 20)])
    issued = _issued_on(place_line, attached_date)
    province = locality if level == "tinh" else _province(lines)
    if department:
        level, issuer, locality = "so", department, province
    elif locality and level:
        issuer = f"UBND {_issuer_word(level, lines, locality)} {locality}"
    else:
        issuer = None
    return PlanMeta(
        title=title,
        issuer=issuer,
        level=level,
        locality=locality,
        province=province,
        year=year,
        number=number,
        issued_on=issued,
        signer=_signer(lines),
        legal_bases=legal_bases(opening),
    )


# The national heading (quốc hiệu, tiêu ngữ) and the place and date stand right of the issuer
# and the number (Decree 30/2020); a reader that loses the layout's columns glues them.
_RIGHT_COLUMN = re.compile(
    r"\s+(?=CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI\b|Độc\s+lập\s*[-–]\s*Tự\s+do\b)", re.IGNORECASE)
_NUMBER_THEN_PLACE = re.compile(r"^(Số\s*:?\s*\S+)\s+([^,\d\s][^,\d]{1,39},\s*ngày\b.*)$",
                                re.IGNORECASE)
_HEADER_LINES = 12


def _columns_apart(lines: list[str]) -> list[str]:
    """The header's two columns as separate lines: "UBND HUYỆN X   Độc lập - Tự do - Hạnh
    phúc" -> "UBND HUYỆN X", "Độc lập - Tự do - Hạnh phúc"; "Số: 17/KH-UBND X, ngày …" -> the
    number, the place and date."""
    head = []
    for line in lines[:_HEADER_LINES]:
        for piece in _RIGHT_COLUMN.split(line):
            glued = _NUMBER_THEN_PLACE.match(piece.strip())
            head += [p for p in (glued.groups() if glued else [piece.strip()]) if p]
    return head + lines[_HEADER_LINES:]


def _opening(lines: list[str]) -> list[str]:
    end = next((i for i, line in enumerate(lines) if _SECTION_ONE.match(line.strip())), len(lines))
    return lines[:end]


def _title(lines: list[str]) -> tuple[str | None, int]:
    """ "KẾ HOẠCH" and the subject line(s) below it, up to the one naming the year; when the
    plan has no title of its own, the subject of the decision that issues it ("Ban hành Kế
    hoạch cải cách hành chính năm 2025 của Sở Tư pháp")."""
    for i, line in enumerate(lines):
        if fold(line) == "ke hoach" or re.match(r"^KẾ HOẠCH\b", line) and line.isupper():
            return _title_lines(collapse(line), lines[i + 1 : i + 4]), i
    for i, line in enumerate(lines[:40]):
        subject = _ISSUES_PLAN.match(line.strip())
        if subject:
            first = subject["plan"][:1].upper() + subject["plan"][1:]
            return _title_lines(collapse(first), lines[i + 1 : i + 3]), i
    return None, 0


def _title_lines(first: str, following: list[str]) -> str:
    parts = [first]
    for nxt in following:
        if (
            _names_year(parts[-1])
            or _TITLE_STOP.match(nxt.strip())
            or len(nxt) > 160
            or re.search(r"\bsố\s*:?\s*\d", nxt)
        ):
            break
        parts.append(collapse(nxt))
    return " ".join(parts)


_ISSUES_PLAN = re.compile(r"^(?:Về việc\s+)?ban hành\s+(?P<plan>kế hoạch\b.{10,})$", re.IGNORECASE)


_TITLE_STOP = re.compile(
    r"^[(*]|^(?:I\.|1\.)|^(?:Căn cứ|Thực hiện)\s+(?:Luật|Nghị|Quyết định|"
    r"Kế hoạch|Chỉ thị|Thông tư|Công văn|Văn bản|Hướng dẫn)\b"
)


def _names_year(text: str) -> bool:
    return bool(_YEAR.search(text) or re.search(r"\b20\d\d\b", text))


def _plan_year(title: str | None, lines: list[str]) -> int | None:
    for text in [title or ""] + lines[:60]:
        match = _YEAR.search(text)
        if match and re.search(r"(?i)kế hoạch|cải cách", text):
            return int(match["y"])
    return None


def _level_and_locality(
    lines: list[str], title: str | None, place: str | None
) -> tuple[str | None, str | None]:
    """The issuer's level and place name: the place of the place-date line when there is one,
    and the level word printed most often before that name."""
    text = "\n".join(lines)
    for line in lines[:60]:
        chairman = _CHAIRMAN.match(line.strip())
        if chairman:
            return _level_id(fold(chairman[1])), _proper(chairman[2].strip(" .,"))
    if place:
        counts = Counter(
            fold(m[1])
            for m in re.finditer(rf"\b({_LEVEL_WORD})\s+{re.escape(place)}\b", text, re.IGNORECASE)
        )
        if counts:
            word = counts.most_common(1)[0][0]
            return _level_id(word), place
    candidates = [title or ""] + lines[:30]
    for line in candidates:
        match = re.search(
            rf"(?:ỦY BAN NHÂN DÂN|UBND|TRÊN ĐỊA BÀN)\s+({_LEVEL_WORD})\s+(.+?)(?:\s+NĂM\b|$)",
            line,
            re.IGNORECASE,
        )
        if match:
            return _level_id(fold(match[1])), _proper(_place_words(match[2]))
    return None, place


def _place_words(text: str) -> str:
    """The place name that opens `text`: its capitalized words ("Đắk Lắk quy định ..." ->
    "Đắk Lắk"; a line in capitals is all name)."""
    words = text.strip(" .,").split()
    if text.isupper():
        return " ".join(words)
    name = list(takewhile(lambda w: w[:1].isupper() or w[:1].isdigit(), words))
    return " ".join(name or words).strip(" .,;")


_CHAIRMAN = re.compile(rf"^CHỦ TỊCH (?:ỦY|UỶ) BAN NHÂN DÂN ({_LEVEL_WORD.upper()})\s+(\S.*)$")
# a body of the province (sở, ban, ngành) printed in the header block under its parent
# (folded: a tone OCR misread, "SỢ Y TẾ", still heads it)
_DEPARTMENT_HEADER = re.compile(
    r"^(?:so|ban|thanh tra|van phong|dai|trung tam|chi cuc|cuc|bo chi huy)\s+[a-z][a-z ,&-]+$")
_PROVINCE_PARENT = re.compile(r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(?:TỈNH|THÀNH PHỐ)\b")


def _department(lines: list[str]) -> str | None:
    """A plan of a provincial department or agency (sở, ban, ngành): its name printed in the
    header block ("SỞ TƯ PHÁP"), a sở anywhere there, any other body right under its parent
    ("UBND TỈNH X" / "BAN QUẢN LÝ KHU KINH TẾ"). The name as printed in mixed case elsewhere
    in the text when it is ("Sở Tư pháp"), else capitalized."""
    header_lines = [line.strip() for line in lines[:15] if line.strip()]
    parent = -9  # where the parent was printed; a layout table may put a line between
    for i, header in enumerate(header_lines):
        if _PROVINCE_PARENT.match(header):
            parent = i
        elif header.isupper() and _DEPARTMENT_HEADER.match(fold(header)) and \
                (fold(header).startswith("so ") or i - parent <= 2):
            return _in_mixed_case(fold(header), lines) or _proper(header)
    return None


def _in_mixed_case(wanted: str, lines: list[str]) -> str | None:
    """The name whose folded form is `wanted`, as printed in mixed case in the text ("Sở Y
    tế" for "SỞ Y TẾ", or for "SỢ Y TẾ" a scan misread)."""
    head = wanted.split()[0]
    for line in lines:
        words = line.split()
        for i, word in enumerate(words):
            if fold(word) != head or not word[0].isupper() or not word[1:].islower():
                continue
            for end in range(len(words), i + 1, -1):
                name = " ".join(words[i:end]).rstrip(",;.:")
                if "(" not in name and fold(name) == wanted:
                    return name
    return None


def _level_id(folded_word: str) -> str | None:
    return next((level for word, level in _LEVELS if fold(word) == folded_word), None)


def _issuer_word(level: str, lines: list[str], locality: str) -> str:
    text = "\n".join(lines)
    match = re.search(rf"\b({_LEVEL_WORD})\s+{re.escape(locality)}\b", text, re.IGNORECASE)
    return (
        match[1].lower() if match and level not in _ISSUER_WORDS else _ISSUER_WORDS.get(level, "")
    )


def _proper(name: str) -> str:
    """ "THANH HÓA" -> "Thanh Hóa" (names printed in capitals)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split()) if name.isupper() else name


_PROVINCE = re.compile(
    r"(?P<tinh>\btỉnh\s+)?\b(?P<name>"
    + "|".join(re.escape(n) for n in sorted(PROVINCES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_PROVINCE_NAMES = {fold(n): n for n in PROVINCES}


def _province(lines: list[str]) -> str | None:
    """The province named most often (a mention after "tỉnh" counts three times)."""
    counts: Counter[str] = Counter()
    for match in _PROVINCE.finditer("\n".join(lines)):
        name = _PROVINCE_NAMES[fold(match["name"])]
        if match["tinh"] or match["name"] == name:
            counts[name] += 3 if match["tinh"] else 1
    best = counts.most_common(1)
    return best[0][0] if best else None


def _number(lines: list[str]) -> tuple[str | None, date | None]:
    """The number/symbol: the "Số:" line, else "(Ban hành kèm theo Quyết định số ...)"."""
    attached = next((m for m in map(_ATTACHED.search, lines) if m), None)
    attached_line = next((line for line in lines if _ATTACHED.search(line)), "")
    attached_date = first_date(attached_line)
    for line in lines:
        match = _NUMBER_LINE.match(line.strip())
        if match:
            symbol = _SYMBOL.match(match["n"].strip())
            if symbol:
                return symbol.group(0), attached_date
            break
    return (attached["n"] if attached and attached["n"] else None), attached_date


def _issued_on(place_line: re.Match[str] | None, attached_date: date | None) -> date | None:
    if place_line:
        match = DATE.search("ngày" + place_line["rest"])
        if match:
            return to_date(match)
        return None if attached_date is None else attached_date
    return attached_date


def _signer(lines: list[str]) -> str | None:
    """The first person's name after the signature block or the recipients list."""
    for i, line in enumerate(lines):
        if _SIGN_MARKERS.match(line.strip()):
            for nxt in lines[i + 1 : i + 25]:
                candidate = collapse(nxt.replace("*", ""))
                if (
                    _PERSON.match(candidate)
                    and not candidate.isupper()
                    and fold(candidate) not in ("noi nhan", "luu")
                ):
                    return candidate
    return None
