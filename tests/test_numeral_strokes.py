"""Roman numerals of I's counted from their strokes on scanned pages (readers/numeral_strokes):
the quarters and section numbers Tesseract read one stroke short, or lost after "Quý", on
scans of a yardstick plan (development half, tests/fixtures/yardstick)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from cchc.extract.readers import read_document
from cchc.extract.readers.numeral_strokes import counted_numerals, one_or_i
from cchc.extract.readers.tesseract import Word
from cchc.extract.scan_fixtures import build_scan

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None,
                                reason="Tesseract (Debian tesseract-ocr-vie) is not installed")

PLAN = Path(__file__).parent / "fixtures" / "yardstick" / "dev" / "d2_phuong_quyet_thang_2024.pdf"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """Pages 1, 3 and 6 of the plan, scanned (200 dpi, skewed, noisy, JPEG) and read."""
    scan = build_scan(PLAN, tmp_path_factory.mktemp("strokes") / "scan.pdf", pages=[1, 3, 6])
    document = read_document(scan)
    cells = [cell for table in document.tables() for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs()], cells


def test_three_strokes_read_as_two_or_as_i_and_h_are_three(scanned):
    _, cells = scanned
    assert "Quý II - Quý III/2024" in cells  # "III" read "II"
    assert "Quý I, quý III/2024" in cells  # "III" read "IH" on the cell's second line


def test_a_section_number_is_counted_too(scanned):
    paragraphs, _ = scanned
    numbers = [m[0] for m in map(re.compile(r"I+\.").match, paragraphs) if m]
    assert numbers == ["I.", "II.", "III."]  # "III." read "IH."


def _page(*strokes: int) -> np.ndarray:
    """An ink mask (200 dpi) with 4-px strokes 24 px tall starting at the given columns, and a
    short dash (no stroke) at column 200."""
    ink = np.zeros((100, 400), np.uint8)
    for x in strokes:
        ink[20:44, x:x + 4] = 255
    ink[34:37, 200:210] = 255
    return ink


def _word(text: str, x0: int, x1: int) -> Word:
    return Word(text, (x0, 20, x1, 44), 80.0, 44.0, 34.0)


@pytest.mark.parametrize(("strokes", "read", "counted"), [
    ((100, 112, 124), "II/2024", "III/2024"),
    ((100, 112, 124), "IH", "III"),
    ((100, 112), "IH.", "II."),
    ((100, 112), "III", "III"),  # never fewer strokes than read: a V or a smudge is no stroke
    ((100,), "II", "II"),
    ((100, 112, 124, 136), "II", "II"),  # four strokes are no numeral of I's
    ((100, 130), "I/2024", "I/2024"),  # the "1" of the year stands too far off
    ((100, 112), "H/2026", "II/2026"),  # two I's read as one H before a year
    ((100, 124), "H/2026", "H/2026"),  # a letter H: its strokes stand farther apart
    ((100, 112, 124), '„"', "III"),  # a section's numeral read as quote marks
    ((), '"', '"'),  # a quote mark: no full-height stroke under it
])
def test_a_numeral_takes_the_strokes_the_image_shows(strokes, read, counted):
    [word] = counted_numerals(_page(*strokes), np.zeros((100, 400), np.uint8),
                              [_word(read, 98, 190)], px=200 / 25.4)
    assert word.text == counted


def test_a_lone_numeral_after_quy_is_added_and_nothing_else_is():
    quarter, dash = _word("Quý", 40, 90), _word("-", 198, 212)
    words = counted_numerals(_page(100), np.zeros((100, 400), np.uint8), [quarter, dash],
                             px=200 / 25.4)
    assert [w.text for w in words] == ["Quý", "I", "-"]
    assert counted_numerals(_page(), np.zeros((100, 400), np.uint8), [quarter, dash],
                            px=200 / 25.4) == [quarter, dash]
    read = _word("I", 98, 106)
    assert counted_numerals(_page(100), np.zeros((100, 400), np.uint8), [quarter, read, dash],
                            px=200 / 25.4) == [quarter, read, dash]


def test_a_one_after_quy_showing_two_strokes_is_two():
    quarter = _word("Quý", 40, 90)
    [_, two] = counted_numerals(_page(100, 112), np.zeros((100, 400), np.uint8),
                                [quarter, _word("1/2024.", 98, 190)], px=200 / 25.4)
    [_, one] = counted_numerals(_page(100), np.zeros((100, 400), np.uint8),
                                [quarter, _word("1/2024.", 98, 190)], px=200 / 25.4)
    [lone] = counted_numerals(_page(100, 112), np.zeros((100, 400), np.uint8),
                              [_word("1/2024.", 98, 190)], px=200 / 25.4)
    [_, quoted] = counted_numerals(_page(100, 112), np.zeros((100, 400), np.uint8),
                                   [quarter, _word('"', 98, 118)], px=200 / 25.4)
    [_, three] = counted_numerals(_page(100, 112, 124), np.zeros((100, 400), np.uint8),
                                  [quarter, _word("1H/2026", 98, 190)], px=200 / 25.4)
    assert (two.text, one.text, lone.text, quoted.text, three.text) == (
        "II/2024.", "1/2024.", "1/2024.", "II", "III/2026")


def test_a_numeral_wrapped_to_the_line_under_quy_is_counted():
    quarter = Word("Quý", (150, 0, 190, 10), 80.0, 10.0, 34.0)  # ends the line above
    [_, three] = counted_numerals(_page(100, 112, 124), np.zeros((100, 400), np.uint8),
                                  [quarter, _word("1H/2026", 98, 190)], px=200 / 25.4)
    far = Word("Quý", (150, -200, 190, -190), 80.0, -190.0, 34.0)  # no line above it
    [_, kept] = counted_numerals(_page(100, 112, 124), np.zeros((100, 400), np.uint8),
                                 [far, _word("1H/2026", 98, 190)], px=200 / 25.4)
    assert (three.text, kept.text) == ("III/2026", "1H/2026")


def _glyph(*rows: str) -> np.ndarray:
    return np.array([[255 if c == "#" else 0 for c in row] for row in rows], np.uint8)


_STEM = ["...###..."] * 18  # a stroke 20 px tall (200 dpi, 13 pt)


@pytest.mark.parametrize(("rows", "letter"), [
    (["#########", *_STEM, "#########"], "I"),  # serifs both sides, top and foot
    (["...###...", *_STEM, "...###..."], "I"),  # a plain bar (no serifs)
    (["....##...", "..####...", ".#####...", *_STEM, ".#######."], "1"),  # a flag, a foot
    (["....##...", "..####...", ".#####...", *_STEM, "...###..."], "1"),  # a flag, no foot
    (["..####...", *_STEM, ".#######."], "1"),  # a short flag over a wide foot
])
def test_a_lone_stroke_is_an_i_or_a_one_by_its_serifs(rows, letter):
    ink = _glyph(*rows)
    assert one_or_i(ink, (0, 0, ink.shape[1], ink.shape[0])) == letter
