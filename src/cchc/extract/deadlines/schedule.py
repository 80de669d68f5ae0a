"""parse_schedule: a deadline cell -> schedule items (schema cchc.plan/1, "Schedule normalization rules")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cchc.domain.plan import ScheduleItem
from cchc.domain.vntext import collapse
from cchc.extract.deadlines.folding import fold_in_place
from cchc.extract.deadlines.labels import clean_label, has_words, label_after, split_two
from cchc.extract.deadlines.periods import PointSpec, periods, point_items, window
from cchc.extract.deadlines.phrases import Phrase, find_phrases
from cchc.extract.deadlines.segments import split_segments

# A segment opening with these is one event as a whole: "Theo Kế hoạch số 4265/KH-UBND ngày ...".
_LEADING_EVENT = re.compile(r"[\s\-+•*·]*(?:theo(?!\s+(?:doi|dinh\s+ky))|tuy\s+(?:theo|thuoc)|phu\s+thuoc|can\s+cu|khi)\b")
# With no deadline phrase at all, these still make one: "Báo cáo theo yêu cầu", "Đột xuất".
_WEAK_EVENT = re.compile(r"(?<!\w)(?:theo(?!\s+doi)|dot\s+xuat|khi\s+co\s+yeu\s+cau)\b")
_BARE_YEAR = re.compile(r"\W*((?:19|20|21)\d\d)\W*")
_RANGE_GAPS = {"-", "den", "toi", "~"}
_LIST_GAPS = {",", "va", "hoac", "+", "&"}
_LEADING_BULLETS = re.compile(r"[\s\-+•*·]*")
_EVENT_EDGE = " -+•*·.;,:"
# A deadline cell is a few lines. Longer text (a reader that merged a column into one cell, or
# garbage) is read up to here, which bounds the work on any input.
LONGEST_CELL = 20_000


@dataclass(frozen=True)
class _Slot:
    """A stretch of the segment standing for zero or more items (zero: a "trong năm" that only cuts)."""

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
    """The colon after a label ("Báo cáo kết quả thực hiện: Quý IV/2024"), if a deadline follows it."""
    colon = folded.find(":", start)
    while 0 < colon < len(folded) - 1 and folded[colon - 1].isdigit() and folded[colon + 1].isdigit():
        colon = folded.find(":", colon + 1)
    if colon < 0:
        return None
    if any(p.start > colon for p in phrases) or _LEADING_EVENT.match(folded, colon + 1):
        return colon
    return None


def _clause_items(text: str, folded: str, start: int, phrases: list[Phrase], year: int) -> list[ScheduleItem]:
    phrases = _without_names(folded, phrases)
    sharp = [p for p in phrases if p.role == "item"]
    cutting = [p for p in phrases if p.role in ("item", "vague")] if sharp else phrases
    slots = _slots(text, folded, cutting, set(map(id, sharp)) if sharp else set(map(id, phrases)), year)
    if not slots:
        return _without_phrases(text, folded, start, year)
    labels = _labels(text, start, slots)
    return [replace(item, label=label) for slot, label in zip(slots, labels) for item in slot.items]


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


def _slots(text: str, folded: str, phrases: list[Phrase], emitted: set[int], year: int) -> list[_Slot]:
    """Phrases as slots of items, joining ranges ("từ tháng 3 đến tháng 5/2024") and sharing years."""
    slots: list[_Slot] = []
    i = 0
    while i < len(phrases):
        phrase = phrases[i]
        following = phrases[i + 1] if i + 1 < len(phrases) else None
        keep = id(phrase) in emitted
        if phrase.kind == "point" and following is not None and following.kind == "point":
            gap = folded[phrase.end:following.start].strip()
            first, last = _shared_year(phrase.spec, following.spec)  # type: ignore[arg-type]
            if gap in _RANGE_GAPS or (not gap and following.closes_range):
                span = _window(first, last, year)
                slots.append(_Slot(phrase.start, following.end, (span,) if span and keep else ()))
                i += 2
                continue
            if gap in _LIST_GAPS:
                phrase = replace(phrase, spec=first)
        items = _phrase_items(phrase, text, year) if keep else ()
        slots.append(_Slot(phrase.start, phrase.end, items))
        i += 1
    return slots


def _shared_year(first: PointSpec, last: PointSpec) -> tuple[PointSpec, PointSpec]:
    """ "15/6 và 15/12/2024", "Quý II đến Quý IV/2024": the year written last counts for both."""
    if first.year is None and last.year is not None:
        return replace(first, year=last.year), last
    return first, last


def _window(first: PointSpec, last: PointSpec, year: int) -> ScheduleItem | None:
    opening, closing = periods(first, year), periods(last, year)
    if not opening or not closing:
        return None
    span = window(opening[0], closing[-1])
    if span is None and first.year is None and last.year is not None:  # "tháng 11 - tháng 2/2025"
        return _window(replace(first, year=last.year - 1), last, year)
    return span


def _phrase_items(phrase: Phrase, text: str, year: int) -> tuple[ScheduleItem, ...]:
    if phrase.kind == "event":
        return (_event(text[phrase.start:phrase.end]),)
    if phrase.kind == "recurring":
        return tuple(ScheduleItem(kind="recurring", freq=freq) for freq in phrase.freqs)
    found = periods(phrase.spec, year)  # type: ignore[arg-type]
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


def _labels(text: str, start: int, slots: list[_Slot]) -> list[str | None]:
    """Label of each slot: the words before it ("Báo cáo định kỳ hằng Quý") when the segment opens
    with words, else the words after it ("Quý I năm 2024 ban hành kế hoạch")."""
    bounds = [start, *(edge for slot in slots for edge in (slot.start, slot.end)), len(text)]
    gaps = [text[bounds[k]:bounds[k + 1]] for k in range(0, len(bounds), 2)]
    labels: list[str | None] = [None] * len(slots)
    if has_words(gaps[0]):
        previous = None
        for k in range(len(slots)):
            labels[k] = clean_label(gaps[k]) if has_words(gaps[k]) else previous
            previous = labels[k]
        return labels
    k = 0
    while k < len(slots):
        after = gaps[k + 1]
        pair = split_two(after) if k + 1 < len(slots) and not has_words(gaps[k + 2]) else None
        if pair:
            labels[k], labels[k + 1] = label_after(pair[0]), clean_label(pair[1])
            k += 2
            continue
        labels[k] = label_after(after)
        k += 1
    return labels


def _without_phrases(text: str, folded: str, start: int, year: int) -> list[ScheduleItem]:
    """A segment with no deadline phrase: a bare year ("2024"), a loose event ("Đột xuất"), or nothing."""
    bare = _BARE_YEAR.fullmatch(folded, start)
    if bare:
        return point_items(periods(PointSpec("year", (), int(bare.group(1))), year) or [])
    event = _WEAK_EVENT.search(folded, start)
    if event is None:
        return []
    return [replace(_event(text[event.start():]), label=clean_label(text[start:event.start()]))]
