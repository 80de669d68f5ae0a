"""Tables typed with tabs, read back from their print (a PDF or a scan of one).

A task table typed in Word as one paragraph per row, its cells separated by tabs, prints as
no table: each row wraps across the page, a cell starting wherever its tab stop falls. What
the print keeps is where the tabs were: a gap wider than a space inside a line (the reader
cuts each line into `pieces` there), or a continuation line that starts indented (a tab at the
start of the line). A header line whose pieces name the task table's columns ("TT", "Nhiệm
vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"...) starts such a table; a line at the
header's left edge starting with a number or a Roman numeral starts a row; every other line
goes on the row above (its first piece continues the last cell unless the line is indented).
The table ends at a line in another font (a heading, a bold line), at an appendix or
recipients heading, or at a line that heads a part ("IV. TỔ CHỨC THỰC HIỆN"). Where a tab
stop left no gap, or a wide space looks like one, each task row's cells are then fitted to
the header's columns (`fitted`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TypeVar

from cchc.domain.vntext import fold
from cchc.extract.readers.blocks import join_wrapped
from cchc.extract.recognizers.cell_types import fit
from cchc.extract.recognizers.columns import field_of_header, header_fields
from cchc.extract.recognizers.unit_lists import is_bare_head, starts_like_unit

TAB_GAP_EM = 0.35  # a gap this wide (x the font size) between glyphs is a tab, not a space
INK_TAB_GAP_EM = 0.6  # the same between the ink of two words read by OCR (side bearings too)
_INDENT_EM = 0.8  # a line starting this far right of the header's edge starts with a tab
_EDGE_EM = 0.3  # a line starting this close to the header's edge is at it
_MIN_COLUMNS = 4  # a header line of fewer pieces lays out something else
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[IVX]{1,4}|[a-zđ])[.)]?$")
_SPECKED_NUMBER = re.compile(r"^(\d{1,3})[A-Z]$")  # "4A": a number and a speck read as a letter
_MISREAD_NUMERAL = 3  # capitals OCR may read a Roman numeral as ("VH" for VII, "M" for V)
_ENDS = re.compile(r"^(?:phu luc|noi nhan)\b")
_PART = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s")
CUT, JOIN = 0.3, 0.4  # what cutting a printed cell, or joining two, costs a row's fit
# a word no cell ends with: cutting after it costs a join more ("Trung tâm Văn hóa -| Thể thao")
_MID_PHRASE = re.compile(
    r"(?:^(?:và|của|tại|cho|với|các|trên|theo|thuộc|đến|từ|về|được|khi)|[-–,;])$")
# a period word and its number ("quý" "III/2025"): never two cells
_PERIOD_END = re.compile(r"\b(?:[Qq]uý|[Tt]háng|[Nn]gày|[Nn]ăm)$")
_NUMBER_START = re.compile(r"^(?:[IVX]+|\d+)\b")
T = TypeVar("T")


@dataclass
class TabTable:
    """The rows of a tab-typed table being read from printed lines (TextLine)."""

    edge: float  # x of the header's first piece
    size: float
    bold: bool
    rows: list[list[str]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    @classmethod
    def headed_by(cls, line) -> TabTable | None:
        """The table a header line starts, or None when the line is no such header."""
        names = [name for piece in line.pieces for name in _header_names(piece)]
        if len(names) < _MIN_COLUMNS or header_fields(names) is None:
            return None
        return cls(line.x0, line.size, line.bold, [names], [line.page])

    def takes(self, line) -> bool:
        """Whether the line belongs to the table (else the table has ended): not in another
        font, not an appendix or recipients heading, not a one-piece line that heads a part
        ("IV. TỔ CHỨC THỰC HIỆN", "2. Kinh phí", "TM. ỦY BAN NHÂN DÂN")."""
        text = line.text.strip()
        heading = len(line.pieces) <= 1 and (_PART.match(text) is not None or
                                             text.isupper() and len(text.split()) >= 3)
        return abs(line.size - self.size) <= 0.5 and not (line.bold and not self.bold) and \
            not _ENDS.match(fold(text)) and not heading

    def add(self, line) -> None:
        pieces = _rejoined([cell for piece in line.pieces or (line.text,)
                            for cell in _unglued(piece)])
        at_edge = abs(line.x0 - self.edge) <= _EDGE_EM * self.size
        speck = _SPECKED_NUMBER.match(pieces[0].strip())
        if at_edge and speck and speck[1] == self._next_number():
            pieces[0] = speck[1]  # "4A": the next row's number with a speck read as a letter
        if at_edge and _numbers_a_row(pieces[0].strip()) and len(pieces) > 1:
            self.rows.append(pieces)
            self.pages.append(line.page)
            return
        row = self.rows[-1]
        if line.x0 < self.edge + _INDENT_EM * self.size:
            row[-1] = join_wrapped(row[-1], pieces.pop(0))
        row += pieces

    def _next_number(self) -> str | None:
        numbers = [row[0].strip() for row in self.rows[1:] if row[0].strip().isdigit()]
        return str(int(numbers[-1]) + 1) if numbers else None

    def table_rows(self) -> list[list[str]]:
        """The header and the rows, each task row's cells fitted to the header's columns."""
        fields = header_fields(self.rows[0]) or {}
        names = {i: name for name, i in fields.items()}
        columns = [names.get(i, "note") for i in range(len(self.rows[0]))]
        return [self.rows[0]] + [fitted(row, columns) if row[0].strip().isdigit() else row
                                 for row in self.rows[1:]]


def _header_names(piece: str) -> list[str]:
    """A header piece cut into the column names a tab stop glued ("Nội dung công việc Người
    chủ trì" -> two columns): cut before a capital where both sides name different fields."""
    words = piece.split()
    for i in range(1, len(words)):
        if words[i][0].isupper():
            first, rest = " ".join(words[:i]), " ".join(words[i:])
            field = field_of_header(first)
            if field and field_of_header(rest) not in (None, field):
                return [first, *_header_names(rest)]
    return [piece]


def fitted(cells: list[str], columns: list[str]) -> list[str]:
    """A row's cells put in the header's columns where the print lost or added a tab: a cell
    may be cut before a word starting with a capital or a digit (a tab stop that left no gap,
    CUT each, and a JOIN more after a word no cell ends with) and two printed cells may be
    joined (a wide space inside a cell, JOIN each, free before a small letter: no cell starts
    with one); the cells that fit the columns best (cell_types.fit) win if they beat the row
    as printed by more than a cut."""
    words = [word for cell in cells for word in cell.split()]
    if not words:
        return cells
    starts = list(accumulate(len(cell.split()) for cell in cells))
    printed = {0, *starts[:-1]}  # where a printed cell starts
    cuts = [0] + [i for i, word in enumerate(words) if i and
                  (i in printed or (word[0].isupper() or word[0].isdigit())
                   and not _in_date(words[i - 1], word))] + [len(words)]
    # best[b]: (score, cells) with the columns so far taking words[:cuts[b]]
    best: dict[int, tuple[float, list[str]]] = {0: (0.0, [])}
    for column in columns:
        step: dict[int, tuple[float, list[str]]] = {}
        for b, (score, taken) in best.items():
            for e in range(b, len(cuts)):
                text = " ".join(words[cuts[b]:cuts[e]])
                cost = JOIN * sum(1 for i in range(cuts[b] + 1, cuts[e])
                                  if i in printed and not words[i][0].islower())
                if e > b and cuts[e] < len(words) and cuts[e] not in printed:
                    cost += CUT + (JOIN if _mid_phrase(words[cuts[e] - 2:cuts[e]],
                                                       words[cuts[e]:cuts[e] + 3]) else 0)
                value = score + (fit(column, text) if text else 0.0) - cost
                if e not in step or value > step[e][0]:
                    step[e] = (value, taken + [text])
        best = step
    if len(cuts) - 1 not in best:
        return cells
    value, out = best[len(cuts) - 1]
    as_printed = sum(fit(c, t) for c, t in zip(columns, cells) if t.strip())
    return out if value > as_printed + CUT else cells


def _mid_phrase(before: list[str], after: list[str]) -> bool:
    """Whether a cell cannot end with the words `before` a cut (the last one or two): a link
    word, a dash or comma, a capitalized word a name goes on after ("trên Cổng| Dịch vụ công
    quốc gia", unless a unit's name starts `after` it: "Việt Nam| Công chức ...") or the word
    a unit's name starts with ("Chủ tịch| UBND xã", "Công chức|")."""
    word = before[-1]
    named = len(word) > 1 and word.isalpha() and word.istitle() and \
        not starts_like_unit(" ".join(after))
    return _MID_PHRASE.search(word) is not None or named or \
        is_bare_head(word) or is_bare_head(" ".join(before))


def _rejoined(pieces: list[str]) -> list[str]:
    """Pieces a wide space parted inside a date: "Quý II, quý" + "III/2025" (a period word's
    number never starts a cell of its own; nor is a cell cut there by `fitted`)."""
    out: list[str] = []
    for piece in pieces:
        if out and _in_date(out[-1], piece):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _in_date(before: str, after: str) -> bool:
    """Whether `after` is the number of the period word `before` ends with ("quý" "III/2025")."""
    return _PERIOD_END.search(before) is not None and _NUMBER_START.match(after) is not None


def _numbers_a_row(piece: str) -> bool:
    return _ROW_NUMBER.match(piece) is not None or \
        len(piece) <= _MISREAD_NUMERAL and piece.isalpha() and piece.isupper()


def _unglued(piece: str) -> list[str]:
    """A tab whose stop fell right after a word leaves no gap and no space: "thuộc UBND
    huyệnTháng 12/2024" is two cells (a small letter meets a capitalized word only there, not
    in a name like "VNeID" or "iHanoi")."""
    cuts = [i for i in range(2, len(piece) - 1) if piece[i - 1].islower() and piece[i].isupper()
            and piece[i + 1].islower() and piece[i - 2].isalpha()
            and not piece[:i].split()[-1][:2].isupper()]
    return [piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)])]


def tab_pieces(items: list[T], tab: float, span: Callable[[T], tuple[float, float]],
               text: Callable[[list[T]], str]) -> tuple[str, ...]:
    """The texts between a line's tab gaps (`text` makes one from its items), or () when the
    line has no tab: the text of the whole line is made once, by the reader."""
    groups = cut_at_tabs(items, tab, span)
    return tuple(text(group) for group in groups) if len(groups) > 1 else ()


def cut_at_tabs(items: list[T], tab: float, span: Callable[[T], tuple[float, float]]) -> list[
        list[T]]:
    """A line's words (or characters), left to right, cut where a gap is a tab (`tab` wide
    or wider); `span` gives an item's x0 and x1."""
    groups: list[list[T]] = []
    end = None
    for item in items:
        x0, x1 = span(item)
        if end is None or x0 - end >= tab:
            groups.append([])
        groups[-1].append(item)
        end = x1
    return groups
