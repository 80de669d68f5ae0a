"""Roman numerals made of I's, counted from their strokes on the page image.

Tesseract reads a printed "III" one stroke short ("II"), or reads two of its strokes as an
"H" ("IH") when the serifs touch, or reads "II" after "Quý" as "1" or "H", and it skips a
lone "I" after "Quý" ("Quý I - Quý II" read "Quý - Quý II"). The image settles it: every I
is a vertical stroke as tall as the numeral, and the strokes of one numeral stand at the
spacing of the letter I, closer than the stroke of any letter or digit that follows
("/2024", ". MỤC"; the two of a letter H stand farther apart). A reading is only ever given
the strokes it lost, never fewer, so a "IV", a word of letters or the "1" of "Quý 1" (one
stroke) is left as it was read.
"""

from __future__ import annotations

import re

import numpy as np

from cchc.extract.readers.ocr_text import QUARTER_WORD
from cchc.extract.readers.tesseract import Word

MAX_STROKES = 3  # I, II, III (IV has a V, which is no vertical stroke)
_NUMERAL = re.compile(r"^(?P<n>(?=[IH|l]*[I|l])[IH|l]{1,3})(?P<rest>(?:[/,.;:)-].*)?)$")
# a numeral read as quote marks ("III" read '„"' at a section row's edge): only full-height
# strokes make it one, a real quote mark is short
_QUOTES = re.compile(r"^(?P<n>[„\"“”'’]{1,3})(?P<rest>)$")
_H_YEAR = re.compile(r"^(?P<n>H)(?P<rest>/\d.*)$")  # "H/2026": a numeral before a year
# after "Quý": "II" read as "1", as "H" (a letter H has its strokes farther apart than I's)
# or as a double quote; "III" read as "1H"
_AFTER_QUARTER = re.compile(r"^(?P<n>(?=.*[1H\"”])[1IH|l\"”]{1,3})(?P<rest>(?:[/,.;:)-].*)?)$")
_STROKE_COVER = 0.7  # a stroke column is inked over this share of the numeral's height
_FIRST_STROKE = 0.5  # the first stroke starts this close to the word's left (x the height)
_STROKE_SPACING = (0.25, 0.75)  # between two I's of a numeral (x the height)
_STROKE_WIDTH = 0.3  # a stroke is no wider than this (x the height)
_MARK_HEIGHT = 0.6  # an unread numeral is at least this tall (x the height of "Quý")
_GAP_MM = 4.0  # how far after "Quý" an unread numeral is looked for
_CELL_MM = 50.0  # a cell's width, at most: how far left of "Quý" its wrapped numeral may start
_SERIF_BAND = 0.15  # the top and bottom of a lone stroke where serifs or a flag are (x height)
_SERIF_SLACK = 0.05  # serifs (or a flag) reaching out alike differ by this much at most (x height)
LONE_STROKE = frozenset("1Il|")  # what a lone stroke may be read as


def counted_numerals(ink: np.ndarray, lines: np.ndarray, words: list[Word],
                     px: float) -> list[Word]:
    """The words with their Roman numerals given the strokes the image shows, and the numeral
    a "Quý" lost added after it. `ink` is the page's ink mask without ruling lines, `lines`
    where they run, `px` the pixels per millimetre."""
    out: list[Word] = []
    quarters = [w for w in words if QUARTER_WORD.match(w.text)]
    for word in words:
        match = _NUMERAL.match(word.text) or _H_YEAR.match(word.text) or \
            _QUOTES.match(word.text)
        if not match and (after := _AFTER_QUARTER.match(word.text)):
            same_line = bool(out) and QUARTER_WORD.match(out[-1].text) is not None and \
                abs(out[-1].baseline - word.baseline) < word.size / 3
            match = after if same_line or any(_wrapped_after(q, word, px)
                                              for q in quarters) else None
        if match:
            word = _recounted(ink, word, match["n"], match["rest"])
        out.append(word)
        if QUARTER_WORD.match(word.text.strip(",.;:")):
            out += _unread_numeral(ink, lines, word, words, px)
    return out


def _wrapped_after(quarter: Word, word: Word, px: float) -> bool:
    """Whether `word` starts the line under the one "Quý" ends, in the same cell (a narrow
    cell wrapped between them: "Quý II - Quý" / "III/2026")."""
    below = word.baseline - quarter.baseline
    return word.size / 2 < below < 2 * word.size and \
        word.box[0] < quarter.box[0] < word.box[0] + _CELL_MM * px


def _recounted(ink: np.ndarray, word: Word, numeral: str, rest: str) -> Word:
    x0, top, x1, _ = word.box
    strokes = _strokes(ink, x0, x1, top, round(word.baseline))
    lost = len(strokes) >= 1 if _QUOTES.match(numeral) else len(strokes) >= 2 \
        if "H" in numeral else len(strokes) > len(numeral)
    if not lost or len(strokes) > MAX_STROKES or "I" * len(strokes) == numeral:
        return word
    return Word("I" * len(strokes) + rest, word.box, word.confidence, word.baseline, word.size)


def _unread_numeral(ink: np.ndarray, lines: np.ndarray, quarter: Word, words: list[Word],
                    px: float) -> list[Word]:
    """The numeral after "Quý" that no word covers: strokes in the gap before the next word
    on its line (or the next ruling line)."""
    _, y0, x1, y1 = quarter.box
    baseline = round(quarter.baseline)
    line = [w for w in words if w.box[0] >= x1
            and min(w.box[3], y1) - max(w.box[1], y0) > 0.5 * (y1 - y0)]
    if line and _NUMERAL.match(min(line, key=lambda w: w.box[0]).text):
        return []
    end = min([w.box[0] for w in line] + [x1 + round(_GAP_MM * px)])
    ruled = np.flatnonzero(lines[y0:baseline, x1:end].any(axis=0))
    end = x1 + int(ruled[0]) if ruled.size else end
    rows = np.flatnonzero(ink[y0:baseline, x1:end].any(axis=1))
    if not rows.size or baseline - (y0 + rows[0]) < _MARK_HEIGHT * (baseline - y0):
        return []
    top = y0 + int(rows[0])
    inked = np.flatnonzero((ink[top:baseline, x1:end] > 0).sum(axis=0)
                           >= _STROKE_COVER * (baseline - top))
    strokes = _strokes(ink, x1 + int(inked[0]), end, top, baseline) if inked.size else []
    if not 1 <= len(strokes) <= MAX_STROKES:
        return []
    box = (strokes[0][0], top, strokes[-1][1], baseline)
    return [Word("I" * len(strokes), box, quarter.confidence / 2, quarter.baseline, quarter.size)]


def _strokes(ink: np.ndarray, x0: int, x1: int, top: int, baseline: int) -> list[
        tuple[int, int]]:
    """The vertical strokes of the numeral starting at x0, as column ranges, left to right;
    the numeral's height runs from its highest ink (a box may reach up to a ruling line)."""
    if baseline <= top or x1 <= x0:
        return []
    rows = np.flatnonzero(ink[top:baseline, x0:x1].any(axis=1))
    if not rows.size:
        return []
    top += int(rows[0])
    height = baseline - top
    inked = (ink[top:baseline, x0:x1] > 0).sum(axis=0) >= _STROKE_COVER * height
    runs: list[tuple[int, int]] = []
    for column in np.flatnonzero(inked):
        if runs and column - runs[-1][1] <= 1:
            runs[-1] = (runs[-1][0], int(column) + 1)
        else:
            runs.append((int(column), int(column) + 1))
    strokes: list[tuple[int, int]] = []
    for a, b in runs:
        if b - a > _STROKE_WIDTH * height:
            break
        centre = (a + b) / 2
        if not strokes:
            if a > _FIRST_STROKE * height:
                break
        else:
            spacing = centre - sum(strokes[-1]) / 2
            low, high = _STROKE_SPACING
            if not low * height <= spacing <= high * height:
                break
        strokes.append((a, b))
    return [(x0 + a, x0 + b) for a, b in strokes]


def one_or_i(ink: np.ndarray, box: tuple[int, int, int, int]) -> str:
    """A lone stroke in `box`: "I" when its top and its foot reach out alike on both sides of
    the stem (serifs, or none: a plain bar); "1" when they differ (a flag at the top, a wider
    foot or none)."""
    x0, y0, x1, y1 = box
    mark = ink[y0:y1, x0:x1] > 0
    rows = np.flatnonzero(mark.any(axis=1))
    if rows.size < 3:
        return "1"
    mark = mark[rows[0]:rows[-1] + 1]
    height = mark.shape[0]
    stem = np.flatnonzero(mark.sum(axis=0) >= _STROKE_COVER * height)
    if not stem.size:
        return "1"
    band = max(1, round(_SERIF_BAND * height))
    slack = max(1, round(_SERIF_SLACK * height))

    def reach(part: np.ndarray) -> tuple[int, int]:
        inked = np.flatnonzero(part.any(axis=0))
        return int(stem[0] - inked[0]), int(inked[-1] - stem[-1])

    (top_left, top_right), (foot_left, foot_right) = reach(mark[:band]), reach(mark[-band:])
    alike = abs(top_left - foot_left) <= slack and abs(top_right - foot_right) <= slack
    return "I" if alike and abs(top_left - top_right) <= slack else "1"
