"""Rows glued into one: a table whose rows are not ruled apart (or a reader that lost the line
breaks inside a cell) gives one row with two numbers ("4 5") and, in each cell, the texts of
both rows run together. Each column is cut back by what its content is made of: task texts
before a verb that opens a task, products before a product noun (or a capital after small
letters), units by the unit vocabulary, deadlines before a deadline phrase. A cell that cannot
be cut was one merged cell, shared by the rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cchc.domain.vntext import fold
from cchc.extract.deadlines import parse_schedule
from cchc.extract.recognizers.lists import PRODUCT_WORDS, TASK_VERBS
from cchc.extract.recognizers.unit_lists import starts_like_unit, unit_pieces

_NUMBERS = re.compile(r"^\d+(?:\.\d+)*\.?(?:\s+\d+(?:\.\d+)*\.?)+$")
_VERB = re.compile(r"(?<![,;:(])\s+(?=(?:" + "|".join(TASK_VERBS) + r"))")
_PRODUCT = re.compile(r"(?<=\S)\s+(?=(?:" + "|".join(map(re.escape, PRODUCT_WORDS)) + r")\b)")
# (not inside a range: "Quý II - Quý III", "từ Quý II đến Quý III")
_DEADLINE = re.compile(
    r"(?<=[^\s\-–])(?<!đến)(?<![Tt]ừ)\s+(?=(?:Quý|Tháng|Năm|Trước|Chậm nhất|Thường xuyên|"
    r"Định kỳ|Hằng|Hàng|Theo|Sau|Ngay|Trong|Từ|Khi|Đến|\d{1,2}\s*(?:tháng|lần)))")
# a capitalized word after a word in small letters: where a product typed on a line of its own
# ran into the one above ("Văn bản điện tử Số tài khoản ...")
_CAPITAL = re.compile(r"(?<=[^\W\dA-ZĐ]{2})\s+(?=[A-ZĐ][^\W\dA-ZĐ])")
_BEFORE_NAMES = frozenset({"gửi", "trên", "tại", "của", "cho", "với", "về", "đến", "và", "theo"})
REPEAT_BONUS = 0.3  # a cut before the verb the cell opens with ("rà soát ... rà soát ...")


def row_numbers(number: str) -> list[str] | None:
    """ "4 5" -> ["4", "5"]: consecutive task numbers printed in one number cell."""
    if not _NUMBERS.match(number.strip()):
        return None
    numbers = [n.rstrip(".") for n in number.split()]
    lasts = [int(n.split(".")[-1]) for n in numbers]
    if any(b != a + 1 for a, b in zip(lasts, lasts[1:])):
        return None
    return numbers


def unglued(values: dict[str, str], count: int) -> list[dict[str, str]] | None:
    """The cells of `count` rows glued into `values`, or None when the task text cannot be cut
    into that many tasks."""
    parts: dict[str, list[str]] = {}
    for name, text in values.items():
        cut = _CUTTERS.get(name, lambda _text, _n: None)(text, count)
        if cut is None and name == "text":
            return None
        parts[name] = cut or [text] * count
    return [{name: cut[i] for name, cut in parts.items() if cut[i]} for i in range(count)]


def _texts(text: str, count: int) -> list[str] | None:
    """Cut before verbs that open a task, not after punctuation: the cuts that repeat the
    opening verb and split the text most evenly."""
    folded = fold(text)
    opening = next((v for v in TASK_VERBS if folded.startswith(v)), None)
    candidates = []
    for match in _VERB.finditer(folded):
        start = match.end()
        balance = 1 - abs(start / len(folded) - 1 / count) * count
        repeats = opening is not None and folded.startswith(opening, start)
        candidates.append((balance + (REPEAT_BONUS if repeats else 0.0), start))
    if len(candidates) < count - 1:
        return None
    cuts = sorted(start for _, start in sorted(candidates, reverse=True)[: count - 1])
    return _pieces(text, cuts)


def _at_pattern(pattern: re.Pattern[str], keep: Callable[[str], bool]) -> Callable:
    """A cutter at the places `pattern` marks, when exactly count - 1 of them leave pieces that
    all pass `keep`."""
    def cut(text: str, count: int) -> list[str] | None:
        cuts = [m.end() for m in pattern.finditer(text)]
        if len(cuts) != count - 1:
            return None
        pieces = _pieces(text, cuts)
        return pieces if all(keep(p) for p in pieces) else None
    return cut


def _outputs(text: str, count: int) -> list[str] | None:
    """Cut before product nouns, else before the capitals that start a line's product (not a
    name a product goes on with: "Báo cáo gửi Sở Nội vụ", "đăng trên Cổng ...")."""
    return _BY_PRODUCT(text, count) or _BY_CAPITAL(text, count)


def _no_name_after(piece: str) -> bool:
    return not starts_like_unit(piece) and piece.split()[-1] not in _BEFORE_NAMES


_BY_PRODUCT = _at_pattern(_PRODUCT, bool)
_BY_CAPITAL = _at_pattern(_CAPITAL, _no_name_after)


def _units(text: str, count: int) -> list[str] | None:
    return unit_pieces(" ".join(text.split()), count)


def _pieces(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]


_CUTTERS: dict[str, Callable[[str, int], list[str] | None]] = {
    "text": _texts,
    "outputs": _outputs,
    "lead": _units,
    "coop": _units,
    "deadline": _at_pattern(_DEADLINE, lambda piece: bool(parse_schedule(piece, 2000))),
}
