"""Legal bases (căn cứ pháp lý): the documents cited in "Căn cứ ..." / "Thực hiện ..." lines."""

from __future__ import annotations

import re

from cchc.domain.plan import LegalBasis
from cchc.domain.vntext import collapse
from cchc.extract.recognizers.dates import DATE, to_date

_OPENING = re.compile(r"^(?:\*\*)?(Căn cứ|Thực hiện)\b", re.IGNORECASE)
_TYPES = (
    "Luật",
    "Bộ luật",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Kế hoạch hành động",
    "Kế hoạch",
    "Chỉ thị",
    "Thông tư liên tịch",
    "Thông tư",
    "Công văn",
    "Văn bản",
    "Hướng dẫn",
    "Thông báo",
    "Kết luận",
    "Chương trình hành động",
    "Chương trình",
    "Đề án",
    "Pháp lệnh",
    "Công điện",
)
_TYPE = "|".join(re.escape(t) for t in _TYPES)
# A citation starts with a document type at the start of a clause, never after "của"
# ("Luật sửa đổi ... của Luật Tổ chức Chính phủ" is one citation).
_START = re.compile(
    rf"(?:^|(?<=[;,])|(?<=\bvà)|(?<=Căn cứ)|(?<=Thực hiện)|(?<=Căn cứ vào))\s*(?P<type>{_TYPE})\b"
)
_NUMBER = re.compile(r"\bsố\s*:?\s*(?P<n>\d+[\w/.\-Đđ]*[A-ZĐa-zđ][\w/.\-Đđ]*)")
_ISSUER = re.compile(
    r"\bcủa\s+(?P<who>.+?)(?=\s+(?:về|ban hành|thực hiện|quy định|hướng dẫn|phê duyệt|triển khai|"
    r"sửa đổi|tiếp tục|đẩy mạnh|tăng cường|thông qua|về việc|v/v)\b|[;,.(]|$)"
)
_TYPE_ALIASES = {
    "Kế hoạch hành động": "Kế hoạch",
    "Chương trình hành động": "Chương trình",
    "Thông tư liên tịch": "Thông tư",
}


def legal_bases(lines: list[str]) -> list[LegalBasis]:
    """Every document cited in the opening lines, in order, without repeats."""
    out: list[LegalBasis] = []
    seen: set[tuple] = set()
    for line in lines:
        if not _OPENING.match(line.strip()):
            continue
        for basis in _citations(collapse(line.replace("**", ""))):
            key = (basis.type, basis.number, basis.date)
            if key not in seen:
                seen.add(key)
                out.append(basis)
    return out


def _citations(line: str) -> list[LegalBasis]:
    starts = [m for m in _START.finditer(line)]
    segments = [
        (
            m["type"],
            line[
                m.start("type") : (
                    starts[i + 1].start("type") if i + 1 < len(starts) else len(line)
                )
            ],
        )
        for i, m in enumerate(starts)
    ]
    out: list[LegalBasis] = []
    pending_type: str | None = None
    for doc_type, segment in segments:
        basis = _basis(pending_type or doc_type, segment)
        if basis.number is None and basis.date is None:
            pending_type = (
                pending_type or doc_type
            )  # "Luật sửa đổi ... và Luật X ngày ...": one law
            continue
        pending_type = None
        out.append(basis)
    return out


def _basis(doc_type: str, segment: str) -> LegalBasis:
    number = _NUMBER.search(segment)
    date_match = DATE.search(segment)
    issuer = _ISSUER.search(segment)
    who = collapse(issuer["who"]) if issuer else None
    if who and re.match(r"(?i)(luật|bộ luật)\b", who):
        who = None  # "một số điều của Luật ...": a law cited inside a law's title
    if who:
        who = re.sub(r"^(?:Ủy|Uỷ) ban nhân dân\b", "UBND", who)
        who = re.sub(r"^Hội đồng nhân dân\b", "HĐND", who)
    return LegalBasis(
        type=_TYPE_ALIASES.get(doc_type, doc_type),
        number=number["n"].rstrip(".,;") if number else None,
        date=to_date(date_match) if date_match else None,
        issuer=who if doc_type not in ("Luật", "Bộ luật") else None,
    )
