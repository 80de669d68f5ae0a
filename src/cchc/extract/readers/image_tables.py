"""Table grids recovered from a page image: the ruling lines of a scanned table, found with
OpenCV, and the cells they close, merged cells included.

Horizontal and vertical strokes at least LINE_MM long (no letter is) are kept by a morphological
opening of the ink; a group of strokes that touch and include at least two of each kind is a
table. Its row and column boundaries are the strokes' positions, clustered; a cell is one row
band by one column band, merged with its right or lower neighbour where no stroke separates
them (a section row spanning the columns, a cell spanning the rows a page break left empty).
Between the cells of a one-line row (a header row under which a section row spans the
columns) the rule is shorter than LINE_MM: there, vertical strokes of SHORT_MM on a column
boundary the long strokes found also separate.
The line mask is returned too: erasing it before OCR keeps "|" and "_" out of the words.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

LINE_MM = 7.0  # a ruling stroke is longer than any letter of a 14-pt line (about 5 mm)
SHORT_MM = 4.5  # a rule between two cells of a one-line row (a header) is about 5.5 mm tall
GAP_MM = 0.6  # gaps a scan leaves in a thin line are bridged
SEPARATES = 0.5  # a boundary separates two bands when strokes cover this share of it
MIN_TABLE_MM = 15.0  # smaller grids are boxes around a word or a stamp, not tables


@dataclass(frozen=True)
class Cell:
    row: int  # first row band (0-based)
    column: int  # first column band
    rows: int  # bands spanned
    columns: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels


@dataclass(frozen=True)
class Grid:
    xs: tuple[int, ...]  # column boundaries, left to right (columns = len(xs) - 1)
    ys: tuple[int, ...]  # row boundaries, top to bottom
    cells: tuple[Cell, ...]

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def width(self) -> int:
        return len(self.xs) - 1

    @property
    def height(self) -> int:
        return len(self.ys) - 1


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 255 on 0: Otsu's threshold after a light blur (scanner noise)."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def find_grids(ink: np.ndarray, dpi: float) -> tuple[list[Grid], np.ndarray]:
    """The page's table grids, top to bottom, and the mask of its ruling lines."""
    px = dpi / 25.4
    length, gap = max(int(LINE_MM * px), 10), max(int(GAP_MM * px), 1)
    horizontal = _strokes(ink, (length, 1), (gap, 1))
    vertical = _strokes(ink, (1, length), (1, gap))
    short = _strokes(ink, (1, max(int(SHORT_MM * px), 8)), (1, gap))
    lines = cv2.bitwise_or(horizontal, vertical)
    joined = cv2.dilate(lines, np.ones((3, 3), np.uint8), iterations=max(1, int(0.4 * px)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    grids = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < MIN_TABLE_MM * px or h < MIN_TABLE_MM * px:
            continue
        region = labels[y:y + h, x:x + w] == label
        grid = _grid(_segments(horizontal[y:y + h, x:x + w] & region, x, y, axis=0),
                     _segments(vertical[y:y + h, x:x + w] & region, x, y, axis=1), px,
                     _segments(short[y:y + h, x:x + w], x, y, axis=1))
        if grid:
            grids.append(grid)
            _add_short_rules(lines, short, grid, px)
    return sorted(grids, key=lambda g: g.ys[0]), lines


def _add_short_rules(lines: np.ndarray, short: np.ndarray, grid: Grid, px: float) -> None:
    """Short strokes on the grid's column boundaries join the line mask (erased before OCR,
    so that a header row's rules are not read as "I" or "l")."""
    reach = int(1.2 * px)
    y0, y1 = grid.ys[0], grid.ys[-1]
    for x in grid.xs:
        band = slice(max(x - reach, 0), x + reach + 1)
        lines[y0:y1, band] = cv2.bitwise_or(lines[y0:y1, band], short[y0:y1, band])


def erase_lines(gray: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The page with its ruling lines painted white (text touching a line loses a pixel)."""
    out = gray.copy()
    out[cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0] = 255
    return out


def _strokes(ink: np.ndarray, long: tuple[int, int], bridge: tuple[int, int]) -> np.ndarray:
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                              bridge))
    return cv2.morphologyEx(closed, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, long))


@dataclass(frozen=True)
class _Segment:
    at: float  # y of a horizontal stroke, x of a vertical one
    start: int  # its extent along the other axis
    end: int


def _segments(mask: np.ndarray, dx: int, dy: int, axis: int) -> list[_Segment]:
    """Each stroke of the mask as a segment: axis 0 horizontal strokes, 1 vertical."""
    count, _, stats, centroids = cv2.connectedComponentsWithStats(mask.astype(np.uint8) * 255,
                                                                  connectivity=8)
    out = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label][:4])
        cx, cy = (float(v) for v in centroids[label])
        out.append(_Segment(cy + dy, x + dx, x + dx + w) if axis == 0 else
                   _Segment(cx + dx, y + dy, y + dy + h))
    return out


def _cluster(values: list[float], tolerance: float) -> list[int]:
    """Positions closer than `tolerance` are one boundary (their mean)."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [int(round(sum(g) / len(g))) for g in groups]


def _covered(segments: list[_Segment], at: int, start: int, end: int, tolerance: float) -> bool:
    """Whether strokes at `at` cover at least SEPARATES of the span start..end."""
    spans = sorted((max(s.start, start), min(s.end, end)) for s in segments
                   if abs(s.at - at) <= tolerance and s.end > start and s.start < end)
    covered, reach = 0, start
    for s, e in spans:
        s = max(s, reach)
        if e > s:
            covered, reach = covered + e - s, e
    return covered >= SEPARATES * (end - start)


def _grid(horizontal: list[_Segment], vertical: list[_Segment], px: float,
          short: list[_Segment]) -> Grid | None:
    """The grid of a table's long strokes; `short` vertical strokes also separate cells."""
    tolerance = 1.2 * px  # strokes of one boundary after a slightly imperfect deskew
    ys = _cluster([s.at for s in horizontal], tolerance)
    xs = _cluster([s.at for s in vertical], tolerance)
    vertical = vertical + short
    if len(ys) < 2 or len(xs) < 2:
        return None
    rows, columns = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * columns))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(columns):
            if c + 1 < columns and not _covered(vertical, xs[c + 1], ys[r], ys[r + 1], tolerance):
                parent[find(r * columns + c + 1)] = find(r * columns + c)
            if r + 1 < rows and not _covered(horizontal, ys[r + 1], xs[c], xs[c + 1], tolerance):
                parent[find((r + 1) * columns + c)] = find(r * columns + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(columns):
            members.setdefault(find(r * columns + c), []).append((r, c))
    cells = []
    for group in members.values():
        r0, c0 = min(r for r, _ in group), min(c for _, c in group)
        r1, c1 = max(r for r, _ in group), max(c for _, c in group)
        cells.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1],
                                                             ys[r1 + 1])))
    return Grid(tuple(xs), tuple(ys), tuple(sorted(cells, key=lambda c: (c.row, c.column))))
