"""One scanned page: straightened, its table grids found, its words read, then laid out as the
text PDF reader lays out a page (lines outside tables, tables as rows of cell texts).

Reading: the skew is levelled, quarter turns undone (Tesseract's orientation detection, asked
only when the words read upright are few or doubtful), the grids found on the levelled page,
the whole page read in sparse-text mode (Tesseract removes ruling lines itself), then the
words read with low confidence and the letters no word covers — a lone "9." in a narrow number
column, a word sparse mode skipped — are cut out, thresholded (a short word alone in noise is
misread in gray) and read again, all cut-outs of a page in one run of the engine.

Layout: words inside a grid go to the cell under their centre, a merged cell's text to its
first row and column; a cell's words and the words outside tables form lines by baseline.
Coordinates become PDF points (1/72 inch) so the PDF reader's layout rules apply unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from statistics import median

import cv2
import numpy as np

from cchc.extract.readers.cell_lines import CellLine, cell_texts
from cchc.extract.readers.deskew import level, quarter_turn, skew_angle
from cchc.extract.readers.image_tables import Cell, Grid, find_grids, ink_mask
from cchc.extract.readers.numeral_strokes import LONE_STROKE, counted_numerals, one_or_i
from cchc.extract.readers.ocr_text import EDGES as _EDGES
from cchc.extract.readers.ocr_text import correct
from cchc.extract.readers.pdf import TextLine, without_page_numbers
from cchc.extract.readers.tab_print import INK_TAB_GAP_EM, tab_pieces
from cchc.extract.readers.tesseract import Engine, Word

DOUBTFUL_CONFIDENCE = 60.0  # mean word confidence under which the orientation is checked
TURN_CONFIDENCE = 2.0  # Tesseract's orientation confidence needed to turn a page
DOUBTFUL_NUMBER = 60.0  # a number read with less confidence is reported for checking
UNSURE = 85.0  # a word read with less confidence may have a letter or mark corrected
NOISE_CONFIDENCE = 25.0  # words read this badly from one or two marks are specks, dropped
REREAD_BELOW = 70.0  # short words read with less confidence are read again from a cut-out
_SHORT_WORD = 3  # characters
REREAD_CONFIDENCE = 60.0  # a word found only in a cut-out is kept from this confidence
_MIN_MARK_MM = 0.8  # ink smaller than this (in height) is noise or an accent, not a letter
_MAX_MARK_MM = 12.0  # ink taller than this is a stamp, a signature or a picture
_COVER_MM = 0.3  # a word box covers the marks this close to it
_WORD_GAP_MM = 2.5  # marks closer than this belong to one group (a word, a line)
_MIN_GROUP_MM = 1.5  # a narrower group is a stray mark or punctuation (";" alone), not a word
_STROKE_MM = 2.0  # a lone narrow mark this tall (and thin) may be a "1" or an "I"
_STROKE_RATIO = 1.8  # ... its height at least this many times its width
_AGAIN_MM = 2.0  # a word read again this close to the box it was first read with is that word
_ECHO_MM = 1.0  # a mark read again this close to a word ending (or starting) with it is its echo
_ACCENT_MM = 1.2  # room above a group for the accents of its letters
_MAX_REREADS = 80  # groups read again per page, at most
_LINE_EDGE_MM = 0.5  # the ragged edges of a scanned ruling line, kept out of the letters


@dataclass
class OcrPage:
    dpi: int
    width: int  # pixels of the levelled page
    height: int
    angle: float  # skew levelled, degrees
    turned: int  # quarter turn undone, degrees clockwise
    words: list[Word] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> OcrPage:
        """The page from its dataclasses.asdict() form (the OCR cache)."""
        words = [Word(w["text"], tuple(w["box"]), w["confidence"], w["baseline"], w["size"])
                 for w in data["words"]]
        grids = [Grid(tuple(g["xs"]), tuple(g["ys"]),
                      tuple(Cell(c["row"], c["column"], c["rows"], c["columns"], tuple(c["box"]))
                            for c in g["cells"])) for g in data["grids"]]
        return cls(data["dpi"], data["width"], data["height"], data["angle"], data["turned"],
                   words, grids)


def read_page(gray: np.ndarray, dpi: int, engine: Engine) -> OcrPage:
    """OCR of one grayscale page image scanned at `dpi`."""
    page = _read_upright(gray, dpi, engine, 0)
    if _doubtful(page):
        turn, confidence = engine.orientation(gray, dpi)
        if turn and confidence >= TURN_CONFIDENCE:
            turned = _read_upright(quarter_turn(gray, turn), dpi, engine, turn)
            if _quality(turned) > _quality(page):
                page = turned
    return page


def _read_upright(gray: np.ndarray, dpi: int, engine: Engine, turned: int) -> OcrPage:
    angle = skew_angle(ink_mask(gray))
    levelled = level(gray, angle)
    ink = ink_mask(levelled)
    grids, lines = find_grids(ink, dpi)
    px = dpi / 25.4
    words = [w for w in engine.words(levelled, dpi, psm=11) if not _noise(w, px)]
    near_lines = cv2.dilate(lines, np.ones((round(_LINE_EDGE_MM * px) | 1,) * 2, np.uint8))
    letters = ink & ~near_lines
    words = _read_again(levelled, letters, near_lines, words, dpi, engine)
    words = counted_numerals(letters, near_lines, words, px)
    return OcrPage(dpi, levelled.shape[1], levelled.shape[0], angle, turned, words, grids)


def _noise(word: Word, px: float) -> bool:
    """A speck read as a letter or two, or a picture, a stamp or a signature read as a word."""
    return word.confidence < NOISE_CONFIDENCE and len(word.text) <= 2 or \
        word.box[3] - word.box[1] > _MAX_MARK_MM * px


def _doubtful(page: OcrPage) -> bool:
    return not page.words or _mean_confidence(page) < DOUBTFUL_CONFIDENCE


def _mean_confidence(page: OcrPage) -> float:
    letters = sum(len(w.text) for w in page.words)
    return sum(w.confidence * len(w.text) for w in page.words) / letters if letters else 0.0


def _quality(page: OcrPage) -> float:
    return _mean_confidence(page) * sum(len(w.text) for w in page.words)


def _centre(box: tuple[int, int, int, int]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _read_again(gray: np.ndarray, ink: np.ndarray, lines: np.ndarray, words: list[Word],
                dpi: int, engine: Engine) -> list[Word]:
    """The page's words after a second reading, cut out of the page and thresholded, of the
    short words read with low confidence (a "7." read "H"; the second reading is kept when it
    is one word and surer — longer words lose more than they gain without their line) and of
    the letters no word covers. `ink` has the ruling lines taken out, `lines` is where they
    run."""
    px = dpi / 25.4
    doubtful = [w for w in words if w.confidence < REREAD_BELOW
                and len(w.text) <= _SHORT_WORD][:_MAX_REREADS]
    boxes = [_grown(w.box, round(_COVER_MM * px), ink.shape) for w in doubtful]
    unread = _unread_groups(ink, lines, words, px)[:_MAX_REREADS]
    if not boxes and not unread:
        return words
    pad, above = round(3 * px), round(_ACCENT_MM * px)
    crops = []
    for x0, y0, x1, y1 in boxes + unread:
        crop = gray[max(0, y0 - above):y1 + 1, x0:x1].copy()
        crop[lines[max(0, y0 - above):y1 + 1, x0:x1] > 0] = 255  # no ruling line in a cut-out
        crop = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
        crops.append(cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                        value=255))
    readings = []
    for (x0, y0, _, _), read in zip(boxes + unread, engine.words_of_images(crops, dpi, psm=6)):
        dx, dy = x0 - pad, max(0, y0 - above) - pad
        readings.append([Word(w.text, (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx,
                                       w.box[3] + dy), w.confidence, w.baseline + dy, w.size)
                         for w in read if not _noise(w, px)])
    for box, read in zip(unread, readings[len(boxes):]):
        if len(read) == 1 and read[0].text in LONE_STROKE and box[2] - box[0] < _MIN_GROUP_MM * px:
            read[0] = replace(read[0], text=one_or_i(ink, box),  # its shape settles it
                              confidence=max(read[0].confidence, REREAD_CONFIDENCE))
    replaced = {id(word): again for word, again in zip(doubtful, readings)
                if len(again) == 1 and again[0].confidence > word.confidence}
    out = [w for word in words for w in replaced.get(id(word), [word])]
    return out + [w for again in readings[len(boxes):] for w in again
                  if w.confidence >= REREAD_CONFIDENCE and any(c.isalnum() for c in w.text)
                  and not any(_overlap(w.box, v.box) > 0.3 or _echoes(w, v, px) for v in words)]


def _echoes(mark: Word, word: Word, px: float) -> bool:
    """Whether a mark read again is the end (or start) of the word it touches on its line, the
    part of a letter the word's box left out ("HĐND" + "D"), or the word itself, read first
    with a box too narrow to cover its ink ("Y" one pixel wide)."""
    same_line = min(mark.box[3], word.box[3]) - max(mark.box[1], word.box[1]) > \
        0.5 * (mark.box[3] - mark.box[1])
    if not same_line:
        return False
    reach = _ECHO_MM * px
    after = -reach <= mark.box[0] - word.box[2] <= reach and word.text.endswith(mark.text)
    before = -reach <= word.box[0] - mark.box[2] <= reach and word.text.startswith(mark.text)
    centre = (word.box[0] + word.box[2]) / 2
    again = mark.text == word.text and \
        mark.box[0] - _AGAIN_MM * px <= centre <= mark.box[2] + _AGAIN_MM * px
    return after or before or again


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """The share of box a that box b covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = (a[2] - a[0]) * (a[3] - a[1])
    return w * h / area if w > 0 and h > 0 and area else 0.0


def _grown(box: tuple[int, int, int, int], by: int, shape: tuple[int, ...]) -> tuple[
        int, int, int, int]:
    x0, y0, x1, y1 = box
    return max(0, x0 - by), max(0, y0 - by), min(shape[1], x1 + by), min(shape[0], y1 + by)


def _unread_groups(ink: np.ndarray, lines: np.ndarray, words: list[Word],
                   px: float) -> list[tuple[int, int, int, int]]:
    """Boxes of the letter-sized marks outside every word box, grouped into words and lines (a
    group never crosses a ruling line)."""
    covered = np.zeros(ink.shape, np.uint8)
    for w in words:
        x0, y0, x1, y1 = _grown(w.box, max(1, round(_COVER_MM * px)), ink.shape)
        covered[y0:y1, x0:x1] = 1
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    letters = [i for i in range(1, count)
               if _MIN_MARK_MM * px <= stats[i][3] <= _MAX_MARK_MM * px
               and not covered[int(centroids[i][1]), int(centroids[i][0])]]
    if not letters:
        return []
    marks = np.isin(labels, letters).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (round(_WORD_GAP_MM * px) | 1, 3))
    _, groups = cv2.connectedComponents(cv2.dilate(marks, kernel) & ~lines, connectivity=8)
    boxes: dict[int, tuple[int, int, int, int]] = {}
    marks_in: dict[int, int] = {}
    for i in letters:
        x, y, w, h = (int(v) for v in stats[i][:4])
        group = int(groups[int(centroids[i][1]), int(centroids[i][0])])
        if group:
            x0, y0, x1, y1 = boxes.get(group, (x, y, x + w, y + h))
            boxes[group] = (min(x0, x), min(y0, y), max(x1, x + w), max(y1, y + h))
            marks_in[group] = marks_in.get(group, 0) + 1
    return sorted(b for g, b in boxes.items() if b[2] - b[0] >= _MIN_GROUP_MM * px
                  or marks_in[g] == 1 and _stroke(b, px))


def _stroke(box: tuple[int, int, int, int], px: float) -> bool:
    """Whether a narrow mark is one upright stroke as tall as a capital: a lone "1" or "I"
    (a number cell's "1", a section's "I"), not a speck or a ";"."""
    width, height = box[2] - box[0], box[3] - box[1]
    return height >= _STROKE_MM * px and height >= _STROKE_RATIO * width


# -- layout -------------------------------------------------------------------------------

@dataclass
class PageNotes:
    """What the OCR text of a page needed: certain corrections, and doubtful numbers."""

    corrections: list[tuple[str, str]] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    unsure: set[str] = field(default_factory=set)  # words read with low confidence

    def line(self, words: list[Word]) -> str:
        """A line's text; its doubtful numbers and unsure words noted."""
        self.doubts += [w.text for w in words
                        if w.confidence < DOUBTFUL_NUMBER and any(c.isdigit() for c in w.text)]
        self.unsure |= {_EDGES.match(w.text).group(2) for w in words if w.confidence < UNSURE}
        return _text(words)

    def corrected(self, text: str) -> str:
        """Each line of the text corrected (a cell's items: wrapped lines joined first, so a
        phrase broken over two lines is found)."""
        out = []
        for line in text.split("\n"):
            fixed = correct(line, self.unsure)
            self.corrections += fixed.changes
            out.append(fixed.text)
        return "\n".join(line for line in out if line)


def page_content(page: OcrPage, number: int, size: float) -> tuple[
        list[TextLine], list[tuple[float, list[list[str]]]], PageNotes]:
    """The page's lines outside tables and its tables (top, rows), in points, and what their
    text needed. Every line gets the document's body font `size` (points): Tesseract's size
    estimates vary by a point or two from line to line, which would break paragraphs apart."""
    notes = PageNotes()
    scale = 72 / page.dpi
    in_cells: dict[tuple[int, int, int], list[Word]] = {}
    outside: list[Word] = []
    for word in page.words:
        if not word.text.strip("|"):
            continue  # a ruling line read as "|" (the text drops it too): no line's extent
        place = _cell_of(page.grids, *_centre(word.box))
        if place is None:
            outside.append(word)
        else:
            in_cells.setdefault(place, []).append(word)
    tables = []
    for g, grid in enumerate(page.grids):
        cells = [[((cell.column, cell.columns), [
            CellLine(notes.line(line), line[0].box[0], line[-1].box[2], line[0].box[2])
            for line in _lines(in_cells.get((g, cell.row, cell.column), []))])
            for cell in grid.cells]]
        texts = cell_texts(cells, size / scale)[0]
        rows = [[""] * grid.width for _ in range(grid.height)]
        for cell, text in zip(grid.cells, texts):
            rows[cell.row][cell.column] = notes.corrected(text)
        tables.append((grid.ys[0] * scale, rows))
    lines = []
    for i, words in enumerate(without_page_numbers(_lines(outside), _text), start=1):
        baseline = median(w.baseline for w in words) * scale
        pieces = tab_pieces(words, INK_TAB_GAP_EM * size / scale, lambda w: (w.box[0], w.box[2]),
                            lambda cell: correct(_text(cell), notes.unsure).text)
        lines.append(TextLine(notes.corrected(notes.line(words)), number, i,
                              min(w.box[0] for w in words) * scale,
                              max(w.box[2] for w in words) * scale, baseline - 0.89 * size,
                              baseline + 0.22 * size, size, False, pieces,
                              words[0].box[2] * scale))
    return [line for line in lines if line.text], tables, notes


def body_size(pages: list[OcrPage]) -> float:
    """The font size (points) most words of the pages are printed in."""
    sizes = [w.size * 72 / page.dpi for page in pages for w in page.words]
    return round(median(sizes), 1) if sizes else 12.0


def _text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def _cell_of(grids: list[Grid], x: float, y: float) -> tuple[int, int, int] | None:
    """(grid, row, column) of the cell whose area holds the point (a merged cell's first)."""
    for g, grid in enumerate(grids):
        x0, y0, x1, y1 = grid.box
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        for cell in grid.cells:
            cx0, cy0, cx1, cy1 = cell.box
            if cx0 <= x <= cx1 and cy0 <= y <= cy1:
                return g, cell.row, cell.column
    return None


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words on one baseline (within a third of the font size), each line left to right,
    lines top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.baseline):
        if lines and abs(word.baseline - lines[-1][-1].baseline) <= word.size / 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]
