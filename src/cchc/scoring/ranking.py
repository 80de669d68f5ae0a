"""Units ranked by their scores (xếp hạng): equal scores (to the hundredth) share a rank and
the next rank skips ("1, 2, 2, 4"); within a tie, and between runs, the order is by name then
id, so the same scores always print in the same order. Units without a score come last,
unranked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cchc.domain.vntext import fold
from cchc.scoring.rules import rounded


@dataclass(frozen=True)
class Entry:
    org_id: int
    name: str
    score: float | None


@dataclass(frozen=True)
class Ranked:
    rank: int | None  # None: no score
    entry: Entry
    tied: bool  # shares its rank with another unit


def rank(entries: Iterable[Entry]) -> list[Ranked]:
    entries = list(entries)
    scored = sorted((e for e in entries if e.score is not None),
                    key=lambda e: (-rounded(e.score), fold(e.name), e.org_id))
    unscored = sorted((e for e in entries if e.score is None),
                      key=lambda e: (fold(e.name), e.org_id))
    counts: dict[float, int] = {}
    for entry in scored:
        counts[rounded(entry.score)] = counts.get(rounded(entry.score), 0) + 1
    out, previous, position = [], None, 0
    for index, entry in enumerate(scored, 1):
        value = rounded(entry.score)
        if value != previous:
            position, previous = index, value
        out.append(Ranked(position, entry, counts[value] > 1))
    return out + [Ranked(None, entry, False) for entry in unscored]
