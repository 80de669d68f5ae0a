"""Deadline phrases (cụm thời hạn) of one segment and what each one means.

Events ("Sau khi ..."), continuous work ("Thường xuyên"), recurring periods ("Định kỳ hằng Quý",
"06 tháng/cuộc") and named periods: days ("Trước ngày 30/11/2024"), months ("Tháng 11/2024"),
quarters ("Quý II-IV/2023"), the first N months ("6 tháng đầu năm"), years ("Trong năm 2023").
Words like "chậm nhất", "trước", "vào" in front of a phrase belong to it, so they never end up
in a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from cchc.domain.plan import Frequency
from cchc.extract.deadlines.patterns import PHRASE
from cchc.extract.deadlines.periods import PointSpec

# item: a deadline; vague: "trong năm" (a deadline only when nothing sharper is given);
# qualifier: "Kế hoạch CCHC năm 2024" (a year naming what is due, unless nothing else is given).
Role = Literal["item", "vague", "qualifier"]
PhraseKind = Literal["point", "continuous", "recurring", "event"]


@dataclass(frozen=True)
class Phrase:
    """A deadline phrase at [start, end) of a segment.

    point: `spec` is the period named; continuous: `spec` is the year it runs through;
    recurring: `freqs` are its periods; event: it runs to the end of the segment.
    """

    start: int
    end: int
    kind: PhraseKind
    role: Role = "item"
    spec: PointSpec | None = None
    freqs: tuple[Frequency | None, ...] = ()
    prefixed: bool = False  # "trước ...", "chậm nhất ...", "vào ...": a deadline, not a name
    opens_range: bool = False  # "từ ..."
    closes_range: bool = False  # "đến ...", "tới ..."


# "Kế hoạch số 15/KH-UBND ngày 10/01/2024": that date is the document's, not a deadline.
_DOC_NUMBER_BEFORE = re.compile(r"\d+\s*/\s*[\w.-]*[a-z][\w.-]*\s*,?\s*$")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_SHARP_PREFIX = re.compile(r"\b(?:cuoi|het|truoc|cham\s+nhat|muon\s+nhat)\b")
_RECURRING_TOKEN = re.compile(
    r"(?:(?P<n>\d{1,2}|mot|hai|ba|bon|sau|chin|nua)\s+)?(?P<p>thang|quy|nam|tuan)\b")
_SCOPE_AT_END = re.compile(r"\s*,?\s*(?:trong|cua)\s+nam(?:\s+\d{4})?$")
_LIST_TOKEN = re.compile(r"\b(?:iv|iii|ii|i|mot|hai|ba|tu|bon|\d+|den|toi)\b|-")
_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "sau": 6, "chin": 9,
                 "i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS_TO_FREQ: dict[int, Frequency] = {1: "monthly", 3: "quarterly", 6: "semiannual",
                                         9: "nine_months", 12: "annual"}
_TIMES_A_YEAR: dict[tuple[int, str], Frequency] = {
    (1, "nam"): "annual", (2, "nam"): "semiannual", (4, "nam"): "quarterly", (12, "nam"): "monthly",
    (1, "quy"): "quarterly", (3, "quy"): "monthly", (1, "thang"): "monthly"}
_EVERY_WORD: dict[str, Frequency] = {"thang": "monthly", "quy": "quarterly", "nam": "annual"}
_NOT_BEFORE_BARE_MONTHS = {"sau", "vong", "khoang", "hon", "qua", "toi", "den", "trong", "moi"}
_CONNECTORS = {"va", "hoac"}


def find_phrases(folded: str) -> list[Phrase]:
    """Every deadline phrase in one folded segment, left to right; an event ends the scan."""
    found: list[Phrase] = []
    for match in PHRASE.finditer(folded):
        phrase = _interpret(match, folded)
        if phrase is not None:
            found.append(phrase)
            if phrase.kind == "event":
                break
    return found


def _interpret(m: re.Match[str], folded: str) -> Phrase | None:
    alternative = m.lastgroup or ""
    pre = m.group("pre")
    if alternative == "event":
        return Phrase(m.start(), len(folded), "event")
    if alternative == "cont":
        runs_through = PointSpec("year", (), _int(m.group("cont_y")))
        return Phrase(m.start(), m.end(), "continuous", spec=runs_through)
    if alternative.startswith("rec_"):
        if not _is_recurring(alternative, m, folded):
            return None
        return Phrase(m.start(), m.end(), "recurring", freqs=tuple(_frequencies(alternative, m)))
    spec = _point_spec(alternative, m)
    role = _point_role(alternative, m, folded)
    if spec is None or role is None:
        return None
    if alternative == "date" and _follows_document_number(folded, m.start()):
        return None
    return Phrase(m.start(), m.end(), "point", role, spec, prefixed=bool(pre),
                  opens_range=pre.startswith(("tu ", "ke tu")),
                  closes_range=pre.startswith(("den", "toi")))


def _is_recurring(alternative: str, m: re.Match[str], folded: str) -> bool:
    """Bare "6 tháng" recurs as in "báo cáo 6 tháng", not in "trong 6 tháng", "sau 6 tháng"."""
    if alternative == "rec_bare":
        before = _word_before(folded, m.start())
        return not m.group("pre") and before not in _NOT_BEFORE_BARE_MONTHS
    if alternative == "rec_quy":
        return not m.group("pre")
    return True


def _frequencies(alternative: str, m: re.Match[str]) -> list[Frequency | None]:
    if alternative == "rec_at":
        word = m.group("rec_at_p") or m.group("rec_at_q") or m.group("rec_at_n")
        return [_EVERY_WORD.get(word)]  # "kỳ báo cáo": whichever period is reported on
    if alternative == "rec_at_after":
        return [_EVERY_WORD[m.group("rec_after_p")]]
    if alternative == "rec_times":
        times = _number(m.group("rec_times_n"))
        return [_TIMES_A_YEAR.get((times, m.group("rec_times_p")))]
    text = _SCOPE_AT_END.sub("", m.group(alternative))
    freqs: list[Frequency | None] = []
    for token in _RECURRING_TOKEN.finditer(text):
        freq = _token_frequency(token.group("n"), token.group("p"))
        if freq not in freqs:
            freqs.append(freq)
    return freqs or [None]


def _token_frequency(count: str | None, unit: str) -> Frequency | None:
    """ "quý" -> quarterly, "06 tháng" -> semiannual, "nửa năm" -> semiannual, "tuần" -> None."""
    if unit == "tuan":
        return None
    if unit == "quy":
        return "quarterly"
    if count == "nua":
        return "semiannual"
    months = (_number(count) if count else 1) * (12 if unit == "nam" else 1)
    return _MONTHS_TO_FREQ.get(months)


def _point_spec(alternative: str, m: re.Match[str]) -> PointSpec | None:
    if alternative == "date":
        year = m.group("date_y")
        full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        return PointSpec("day", (int(m.group("date_m")) * 100 + int(m.group("date_d")),), full_year)
    if alternative == "month":
        values = _listed(m.group("month_list"))
        return PointSpec("month", values, _int(m.group("month_y"))) if values else None
    if alternative == "monthyear":
        return PointSpec("month", (int(m.group("my_m")),), int(m.group("my_y")))
    if alternative == "quarter":
        values = _listed(m.group("quarter_list"))
        return PointSpec("quarter", values, _int(m.group("quarter_y"))) if values else None
    if alternative == "half":
        months = _number(m.group("half_n")) if m.group("half_n") else 6
        first = (m.group("half_w") or m.group("half_w2")) == "dau"
        return PointSpec("first_months" if first else "last_months", (months,),
                         _int(m.group("half_y") or m.group("half_y2")))
    if alternative == "yrange":
        first, last = int(m.group("yrange_a")), int(m.group("yrange_b"))
        return PointSpec("years", tuple(range(first, last + 1))) if first < last else None
    if alternative == "year":
        return PointSpec("year", (), int(m.group("year_y")))
    return PointSpec("year")  # vague: "trong năm", "cả năm", "năm nay"


def _point_role(alternative: str, m: re.Match[str], folded: str) -> Role | None:
    """None when the match is no deadline at all (a bare "năm" as in "báo cáo năm")."""
    pre = m.group("pre")
    if alternative == "vague":
        if _SHARP_PREFIX.search(pre):
            return "item"
        return "vague" if pre or m.group("vague_nay") else None
    if alternative == "year" and not pre:
        before = folded[max(0, m.start() - 2): m.start()].rstrip()
        if before[-1:].isalpha() and _word_before(folded, m.start()) not in _CONNECTORS:
            return "qualifier"  # "Kế hoạch CCHC năm 2024", not "..., năm 2024" or "và năm 2024"
    return "item"


def _listed(text: str) -> tuple[int, ...]:
    """Numbers of "III,IV" or "10-12" or "II đến IV", ranges expanded; () when not increasing."""
    values: list[int] = []
    pending_range = False
    for token in _LIST_TOKEN.findall(text):
        if token in ("-", "den", "toi"):
            pending_range = bool(values)
            continue
        value = _number(token)
        if values and value <= values[-1]:
            return ()
        if pending_range:
            values.extend(range(values[-1] + 1, value))
            pending_range = False
        values.append(value)
    return tuple(values)


def _number(token: str) -> int:
    return _NUMBER_WORDS[token] if token in _NUMBER_WORDS else int(token)


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _word_before(folded: str, at: int) -> str:
    found = _WORD_BEFORE.search(folded, max(0, at - 40), at)
    return found.group(1) if found else ""


def _follows_document_number(folded: str, at: int) -> bool:
    return _DOC_NUMBER_BEFORE.search(folded, max(0, at - 60), at) is not None
