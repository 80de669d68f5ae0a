"""Ranking (xếp hạng): equal scores share a rank and the next rank skips; the order within a
tie, and between runs, does not depend on the order the units come in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cchc.scoring.ranking import Entry, rank

UNITS = [Entry(1, "UBND xã Trà Sơn", 82.5), Entry(2, "UBND xã Hương Trà", 91.25),
         Entry(3, "UBND xã Ba Tơ", 82.5), Entry(4, "UBND xã Ân Phú", 82.504),
         Entry(5, "UBND phường Trương Quang Trọng", 70), Entry(6, "UBND xã Đức Phổ", None)]


def test_ties_share_a_rank_and_the_next_rank_skips():
    ranked = rank(UNITS)
    assert [(r.rank, r.entry.name, r.tied) for r in ranked] == [
        (1, "UBND xã Hương Trà", False),
        (2, "UBND xã Ân Phú", True),  # 82.504 rounds to 82.50: a tie, names in Vietnamese order
        (2, "UBND xã Ba Tơ", True),
        (2, "UBND xã Trà Sơn", True),
        (5, "UBND phường Trương Quang Trọng", False),
        (None, "UBND xã Đức Phổ", False),  # no score: last, unranked
    ]


@given(st.permutations(UNITS))
def test_the_order_does_not_depend_on_the_input(units):
    assert rank(units) == rank(UNITS)


@given(st.lists(st.tuples(st.integers(1, 10_000), st.sampled_from([50.0, 60.5, 70.25, None])),
                unique_by=lambda t: t[0], max_size=30))
def test_ranks_count_the_units_ahead(rows):
    ranked = rank(Entry(i, f"Đơn vị {i}", score) for i, score in rows)
    for r in ranked:
        if r.rank is None:
            assert r.entry.score is None
        else:
            ahead = sum(1 for other in ranked if other.entry.score is not None
                        and other.entry.score > r.entry.score)
            assert r.rank == ahead + 1
