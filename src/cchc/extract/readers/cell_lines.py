"""A table cell's lines joined where they wrapped, kept apart where the line above ended early.

A PDF or a scan keeps no paragraph marks inside a cell: "Trung tâm Phục vụ hành chính công
xã" and "Tổ công nghệ số cộng đồng" typed on two lines of one cell print as two lines, exactly
as one long name wrapped would. What tells them apart is the room left: a line wraps only when
the next word does not fit after it, so a line followed by a word that would have fit ended
early. The room is the widest line printed in cells of the same width (the width that column's
text wraps at), measured, not guessed from padding; a lone line has nothing to compare with
and is joined as before.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from itertools import pairwise

from cchc.extract.readers.blocks import join_wrapped

# a line that starts an item of its own: "- ", "1.", "a)", "II."
NEW_ITEM = re.compile(r"^([-+•]\s|\(?\d+(\.\d+)*[.)]\s|\(?[a-zđ]\)\s|[IVXLC]+\.\s)")
SPACE_EM = 0.25  # a space, in font sizes
TOLERANCE_EM = 0.3  # a word must fit with this much to spare to say the line ended early


@dataclass(frozen=True)
class CellLine:
    text: str
    x0: float
    x1: float
    first_x1: float  # right edge of the line's first word


def cell_texts(rows: list[list[tuple[Hashable, list[CellLine]]]], size: float) -> list[
        list[str]]:
    """Rows of cells, each cell (the key of its width, its lines), as rows of cell texts;
    `size` is the font size in the lines' unit."""
    widest: dict[Hashable, float] = {}
    for row in rows:
        for key, lines in row:
            for line in lines:
                widest[key] = max(widest.get(key, 0.0), line.x1 - line.x0)
    return [[_joined(lines, _broken(lines, widest.get(key, 0.0), size)) for key, lines in row]
            for row in rows]


def _joined(lines: list[CellLine], broken: list[bool]) -> str:
    """A cell's text: the lines it wrapped into joined; new items, and lines after a line
    broken early, on their own line."""
    out: list[str] = []
    for line, early in zip(lines, broken):
        text = line.text.strip()
        if not text:
            continue
        if out and not NEW_ITEM.match(text) and not early:
            out[-1] = join_wrapped(out[-1], text)
        else:
            out.append(text)
    return "\n".join(out)


def _broken(lines: list[CellLine], room: float, size: float) -> list[bool]:
    """For each line, whether the line above ended before the cell's text width forced it."""
    return [False] * bool(lines) + [would_fit(line.first_x1 - line.x0,
                                              room - (above.x1 - above.x0), size)
                                    for above, line in pairwise(lines)]


def would_fit(word: float, room: float, size: float) -> bool:
    """Whether a word `word` wide fits, after a space and with room to spare, in `room` left
    on a line (`size` the font size): if it did, the line ended early."""
    return word + (SPACE_EM + TOLERANCE_EM) * size <= room
