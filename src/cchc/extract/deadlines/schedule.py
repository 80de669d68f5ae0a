"""parse_schedule: a deadline cell -> schedule items (cchc.plan/1 schedule normalization rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from cchc.domain.plan import ScheduleItem
from cchc.domain.vntext import collapse
from cchc.extract.deadlines.folding import fold_in_place
from cchc.extract.deadlines.labels import clean_label, slot_labels
from cchc.extract.deadlines.periods import PointSpec, periods, point_items, window
from cchc.extract.deadlines.phrases import Phrase, find_phrases
from cchc.extract.deadlines.segments import split_segments

# A segment opening with these is one event as a whole: "Theo Kế hoạch số 4265/KH-UBND ngày ...".
_LEADING_EVENT = re.compile(r"[\s\-+•*·]*(?:theo(?!\s+(?:doi|dinh\s+ky))|tuy\s+(?:theo|thuoc)"
                            r"|phu\s+thuoc|can\s+cu|khi)\b")
# With no deadline phrase at all, these still make one: "Báo cáo theo yêu cầu", "Đột xuất".
_WEAK_EVENT = re.compile(r"(?<!\w)(?:theo(?!\s+doi)|dot\s+xuat|khi\s+co\s+yeu\s+cau)\b")
_BARE_YEAR = re.compile(r"\W*((?:19|20|21)\d\d)\W*")
_LEADING_BULLETS = re.compile(r"[\s\-+•*·]*")
_RANGE_GAPS = {"-", "den", "toi", "~"}
_LIST_GAPS = {",", "va", "hoac", "+", "&"}
_EVENT_EDGE = " -+•*·.;,:"
# A deadline cell is a few lines. Longer text (a reader that merged a column into one cell, or
# garbage) is read up to here, which bounds the work on any input.
LONGEST_CELL = 20_000


@dataclass(frozen=True)
class _Slot:
    """A stretch of a segment standing for zero or more items (zero: a "trong năm" that only
    separates two labels, or a day that does not exist)."""

    start: int
    end: int
    items: tuple[ScheduleItem, ...]


def parse_schedule(text: str | None, year: int) -> list[ScheduleItem]:
    """The schedule items a deadline cell names; `year` is the plan year (default year of dates).

    Never raises: text that names no deadline gives []. Labels keep the printed case and
    diacritics (NFC, spaces collapsed); matching ignores case, diacritics and spacing.
    """
    if not text:
        return []
    original = collapse(text)[:LONGEST_CELL]
    folded = fold_in_place(original)
    items: list[ScheduleItem] = []
    for start, end in split_segments(folded):
        for item in _segment_items(original[start:end], folded[start:end], year):
            if item not in items:
                items.append(item)
    return items


def _segment_items(text: str, folded: str, year: int) -> list[ScheduleItem]:
    """Items of one segment; a label before a colon goes to those without their own."""
    start = _LEADING_BULLETS.match(folded).end()  # type: ignore[union-attr]
    phrases = find_phrases(folded)
    label = None
    colon = _label_colon(folded, start, phrases)
    if colon is not None:
        label = clean_label(text[start:colon])
        start = colon + 1
        phrases = [p for p in phrases if p.start > colon]
    if _LEADING_EVENT.match(folded, start):
        items = [_event(text[start:])]
    else:
        items = _clause_items(text, folded, start, phrases, year)
    return [item if item.label or label is None else replace(item, label=label) for item in items]


def _label_colon(folded: str, start: int, phrases: list[Phrase]) -> int | None:
    """The colon closing a label ("Báo cáo kết quả: Quý IV/2024") when a deadline follows it."""
    colon = folded.find(":", start)
    while 0 < colon < len(folded) - 1 and (folded[colon - 1] + folded[colon + 1]).isdigit():
        colon = folded.find(":", colon + 1)  # "17:00"
    if colon < 0:
        return None
    if any(p.start > colon for p in phrases) or _LEADING_EVENT.match(folded, colon + 1):
        return colon
    return None


def _clause_items(text: str, folded: str, start: int, phrases: list[Phrase],
                  year: int) -> list[ScheduleItem]:
    phrases = _without_names(folded, phrases)
    if not any(p.role == "item" for p in phrases):  # only vague ones: they are the deadlines
        phrases = [replace(p, role="item") for p in phrases]
    slots = _slots(text, folded, [p for p in phrases if p.role != "qualifier"], year)
    if not slots:
        return _without_phrases(text, folded, start, year)
    labels = slot_labels(text, start, [(slot.start, slot.end) for slot in slots])
    items = [replace(item, label=label)
             for slot, label in zip(slots, labels) for item in slot.items]
    if any(item.kind == "recurring" and item.freq for item in items):
        # "Định kỳ trước ngày 15 hàng tháng": the period given makes the bare "định kỳ" redundant
        items = [item for item in items if item.kind != "recurring" or item.freq]
    return items


def _without_names(folded: str, phrases: list[Phrase]) -> list[Phrase]:
    """Drop a period that names what is due when a deadline follows at once: in "Báo cáo 6 tháng
    đầu năm trước ngày 15/6/2024" only 15/6 is a deadline."""
    kept = []
    for phrase, following in zip(phrases, [*phrases[1:], None]):
        names = (following is not None and phrase.kind == following.kind == "point"
                 and following.prefixed and not following.closes_range and not phrase.prefixed
                 and not folded[phrase.end:following.start].strip())
        if not names:
            kept.append(phrase)
    return kept


def _slots(text: str, folded: str, phrases: list[Phrase], year: int) -> list[_Slot]:
    """Phrases as slots of items, joining ranges ("từ tháng 3 đến tháng 5/2024") and sharing the
    year written last ("15/6 và 15/12/2024")."""
    slots: list[_Slot] = []
    i = 0
    while i < len(phrases):
        phrase = phrases[i]
        following = phrases[i + 1] if i + 1 < len(phrases) else None
        link = _link(phrase, following, folded)
        if link == "range" and following is not None:
            slots.append(_Slot(phrase.start, following.end, _range_items(phrase, following, year)))
            i += 2
            continue
        if link == "list" and following is not None:
            phrase = replace(phrase, spec=_with_year_of(phrase.spec, following.spec))
        slots.append(_Slot(phrase.start, phrase.end, _phrase_items(phrase, text, year)))
        i += 1
    return slots


def _link(phrase: Phrase, following: Phrase | None, folded: str) -> Literal["range", "list"] | None:
    """How two named periods in a row go together: "Quý II đến Quý IV", "tháng 6 và tháng 12"."""
    if following is None or phrase.kind != "point" or following.kind != "point":
        return None
    gap = folded[phrase.end:following.start].strip()
    if gap in _RANGE_GAPS or (not gap and following.closes_range):
        return "range"
    return "list" if gap in _LIST_GAPS else None


def _with_year_of(spec: PointSpec | None, other: PointSpec | None) -> PointSpec | None:
    if spec is not None and other is not None and spec.year is None:
        return replace(spec, year=other.year)
    return spec


def _range_items(first: Phrase, last: Phrase, year: int) -> tuple[ScheduleItem, ...]:
    if first.role != "item" or first.spec is None or last.spec is None:
        return ()
    opening = _with_year_of(first.spec, last.spec) or first.spec
    span = _window(opening, last.spec, year)
    if span is None and first.spec.year is None and last.spec.year is not None:
        earlier = replace(opening, year=last.spec.year - 1)  # "tháng 11 - tháng 2/2025"
        span = _window(earlier, last.spec, year)
    return (span,) if span else ()


def _window(first: PointSpec, last: PointSpec, year: int) -> ScheduleItem | None:
    opening, closing = periods(first, year), periods(last, year)
    return window(opening[0], closing[-1]) if opening and closing else None


def _phrase_items(phrase: Phrase, text: str, year: int) -> tuple[ScheduleItem, ...]:
    if phrase.role != "item":
        return ()
    if phrase.kind == "event":
        return (_event(text[phrase.start:phrase.end]),)
    if phrase.kind == "recurring":
        return tuple(ScheduleItem(kind="recurring", freq=freq) for freq in phrase.freqs)
    found = periods(phrase.spec, year) if phrase.spec else None
    if not found:
        return ()
    if phrase.kind == "continuous":
        return (ScheduleItem(kind="continuous", end=found[0][1]),)
    return tuple(point_items(found))


def _event(text: str) -> ScheduleItem:
    text = text.strip(_EVENT_EDGE)
    if text.endswith(")") and "(" not in text:  # "(chậm nhất 15 ngày kể từ ...)"
        text = text[:-1].rstrip(_EVENT_EDGE)
    return ScheduleItem(kind="event", text=text)


def _without_phrases(text: str, folded: str, start: int, year: int) -> list[ScheduleItem]:
    """A segment without deadline phrase: a bare year ("2024"), a loose event ("Đột xuất")."""
    bare = _BARE_YEAR.fullmatch(folded, start)
    if bare:
        return point_items(periods(PointSpec("year", (), int(bare.group(1))), year) or [])
    event = _WEAK_EVENT.search(folded, start)
    if event is None:
        return []
    label = clean_label(text[start:event.start()])
    return [replace(_event(text[event.start():]), label=label)]
