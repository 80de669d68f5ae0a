"""Tasks from appendix tables (Phụ lục): one task per numbered row.

Copes with what Word tables become after conversion: headers repeated on every page,
rows broken across a page break (the rest of the text in a following row with blank
cells), section rows ("II | Cải cách thủ tục hành chính"), sub-heading rows, rows
without a number, extra activity rows, and cells shifted left (by the content of each cell,
see cell_types).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest

from cchc.extract.document import Paragraph, Row, Table
from cchc.extract.recognizers.areas import area_of_heading, looks_like_area_heading
from cchc.extract.recognizers.cell_types import (
    deadline_then_product,
    realigned,
    unit_then_deadline,
)
from cchc.extract.recognizers.columns import field_of_header, header_fields, is_repeated_header
from cchc.extract.recognizers.glued_rows import row_numbers, unglued

_ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$")
_TASK_NO = re.compile(r"^(\d+(?:\.\d+)*|[a-zđ])[.)]?$", re.IGNORECASE)
_GLUED_HEADING = re.compile(r"^(?P<no>[IVXLC]+|\d+(?:\.\d+)*)[.)]?\s+(?P<text>\D.{2,})$")
_LEADING_HEADING_NO = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]?\s+(?=\S)")
_SENTENCE_END = (".", ";", ":", "!", "?", "…")
_DEADLINE_WORDS = re.compile(
    r"(?i)\b(quý|tháng|năm 20\d\d|thường xuyên|định kỳ|hằng|hàng|trước ngày|chậm nhất|"
    r"ngay sau|sau khi|theo kế hoạch|theo thời gian|theo quy định|trong năm|\d{1,2}/\d{4})"
)


@dataclass
class RawTask:
    """A task's cells as printed, before splitting into lists."""

    no: str | None
    area: str
    cells: dict[str, str] = field(default_factory=dict)
    activity_rows: list[str] = field(default_factory=list)
    where: str = ""

    def append(self, name: str, text: str, sep: str = "\n") -> None:
        if text:
            old = self.cells.get(name, "")
            self.cells[name] = f"{old}{sep}{text}" if old else text


class TableTaskReader:
    """Reads tasks from the task tables of a document, in order."""

    def __init__(self, default_area: str = "khac") -> None:
        self.area = default_area
        self.fields: dict[str, int] | None = None
        self.ncols = 0
        self.tasks: list[RawTask] = []
        self.page_top = False  # the next row is the first body row of a table or a page

    def heading(self, paragraph: Paragraph) -> None:
        """A paragraph between tables may name the area of the next table."""
        area = area_of_heading(paragraph.text)
        if area:
            self.area = area

    def table(self, table: Table) -> None:
        fields, body = find_header(table.rows)
        if fields is None and self.fields is not None and _width(table.rows) == self.ncols:
            fields, body = self.fields, table.rows  # continued on the next page, no header
        if fields is None:
            return
        self.fields, self.ncols = fields, _width(table.rows)
        self.page_top = True
        for row in body:
            if not _is_column_numbers(row.cells):
                self._row(row, fields)

    # -- rows -----------------------------------------------------------------------------
    def _row(self, row: Row, fields: dict[str, int]) -> None:
        cells = row.cells + [""] * (max(fields.values()) + 1 - len(row.cells))
        if is_repeated_header(cells, fields):
            self.page_top = True
            return
        page_top, self.page_top = self.page_top, False
        cells = realigned(cells, fields, max(self.ncols, len(cells)))
        values = {name: cells[i].strip() for name, i in fields.items() if i < len(cells)}
        _realign_deadline(values, cells, fields)
        _realign_outputs(values, fields)
        number = values.pop("no", "")
        content = {k: v for k, v in values.items() if v}
        if self._glued(number, content, row):
            return
        if not content and not number:
            return
        if self._section(number, content):
            return
        previous = self.tasks[-1] if self.tasks else None
        task_no = _task_no(number)
        if previous and page_top and not task_no and _broken_across_pages(content):
            _merge(previous, content, across_page=True)
            return
        if previous and not task_no and not content.get("text") and not content.get("objective"):
            _merge(previous, content, activity=True)  # an extra activity / leftover cells
            return
        if previous and self._continues(previous, task_no, content):
            if task_no and previous.no is None:
                previous.no = task_no
            _merge(previous, content)
            return
        task = RawTask(task_no, self.area, where=str(row.loc))
        for name, text in content.items():
            task.append(name, text)
        self.tasks.append(task)

    def _glued(self, number: str, content: dict[str, str], row: Row) -> bool:
        """Rows glued into one ("4 5" in the number cell) become their tasks again."""
        numbers = row_numbers(number)
        rows = unglued(content, len(numbers)) if numbers else None
        for task_no, cells in zip(numbers or [], rows or []):
            task = RawTask(task_no, self.area, where=str(row.loc))
            for name, text in cells.items():
                task.append(name, text)
            self.tasks.append(task)
        return rows is not None

    def _section(self, number: str, content: dict[str, str]) -> bool:
        """Section rows set the area, sub-heading rows are skipped: True when the row was one.
        A section heading sharing its row with task cells (a table broken by conversion) sets
        the area and leaves the other cells to be read as a task."""
        glued = _GLUED_HEADING.match(number)
        if glued or _ROMAN.match(number):
            heading = glued["text"] if glued else next(iter(content.values()), "")
            if glued and not _ROMAN.match(glued["no"]) and not content:
                return True  # "1 Kiểm soát thủ tục hành chính": a sub-heading
            area = area_of_heading(heading)
            self.area = area or self.area
            if not glued:
                for name in ("objective", "text"):
                    if content.get(name) == heading:
                        del content[name]
                        break
            return not any(content.get(k) for k in ("text", "objective"))
        if len(content) != 1 or not (content.get("text") or content.get("objective")):
            return False  # a heading sits in the task column, never in a unit or date column
        only = next(iter(content.values()))
        area = area_of_heading(only) if len(only) < 150 and not only[:1].islower() else None
        if (
            area
            and number
            and (
                number.isupper()
                or only.isupper()
                or (len(only) <= 100 and looks_like_area_heading(only))
            )
        ):
            self.area = area  # "A | CẢI CÁCH TTHC", "1 | CẢI CÁCH THỂ CHẾ", "2 | Cải cách TTHC"
            return True
        if number and _TASK_NO.match(number):
            return False
        if area and (
            _LEADING_HEADING_NO.match(only)
            or not self.tasks
            or _ends(self.tasks[-1])
            or (len(only) <= 100 and looks_like_area_heading(only))
        ):
            self.area = area
            return True
        if _LEADING_HEADING_NO.match(only) and len(only) < 150:
            return True  # "1 Kiểm soát thủ tục hành chính": a sub-heading inside the area
        return False

    @staticmethod
    def _continues(previous: RawTask, task_no: str | None, content: dict[str, str]) -> bool:
        """Whether a row is the rest of the previous row, broken by a page break."""
        owned = any(content.get(k) for k in ("lead", "coop", "deadline"))
        text = content.get("text") or content.get("objective") or ""
        if not text:
            return False
        if not task_no:
            return not owned
        starts_lower = text[:1].islower()
        return not owned and (starts_lower or (previous.no is None and not _ends(previous)))


def find_header(rows: list[Row]) -> tuple[dict[str, int] | None, list[Row]]:
    """The task-table header among the first rows (a title row may come first), merged with
    the row below when that row splits a column ("Cơ quan thực hiện" over "Chủ trì | Phối
    hợp"). Returns the fields and the rows after the header."""
    for i, row in enumerate(rows[:3]):
        below = rows[i + 1].cells if i + 1 < len(rows) else []
        if below and _is_sub_header(below):
            merged = [f"{a} {b}".strip() for a, b in zip_longest(row.cells, below, fillvalue="")]
            fields = header_fields(merged)
            if fields:
                return fields, rows[i + 2 :]
        fields = header_fields(row.cells)
        if fields:
            return fields, rows[i + 1 :]
    return None, rows


def _is_sub_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return (
        bool(filled)
        and len(filled) < len(cells)
        and all(field_of_header(c) in ("lead", "coop") for c in filled)
    )


def _is_column_numbers(cells: list[str]) -> bool:
    """The row "(1) | (2) | (3) ..." printed under many headers."""
    filled = [re.sub(r"[()\s]", "", c) for c in cells if c.strip()]
    return len(filled) >= 3 and filled == [str(i) for i in range(1, len(filled) + 1)]


def _ends(task: RawTask) -> bool:
    text = task.cells.get("text", "").rstrip()
    return not text or text.endswith(_SENTENCE_END)


def _broken_across_pages(content: dict[str, str]) -> bool:
    """The first row on a new page, unnumbered, continuing cells of the row above: a cell
    starts in lower case, or the task text is absent (it ended on the previous page)."""
    starts_lower = any(v[:1].islower() for v in content.values())
    new_activity = content.get("activities", "")[:1].isupper()
    return starts_lower or not (content.get("text") or content.get("objective") or new_activity)


def _merge(
    task: RawTask, content: dict[str, str], activity: bool = False, across_page: bool = False
) -> None:
    for name, text in content.items():
        if across_page:
            old = task.cells.get(name, "")
            broken = (
                old
                and not old.rstrip().endswith((*_SENTENCE_END, ","))
                and not text.lstrip().startswith(("-", "+", "•"))
            )
            task.append(name, text, sep=" " if broken else "\n")
        elif name in ("text", "objective") and not activity:
            task.append(name, text, sep=" ")
        elif name == "deadline" and activity:
            task.append(name, text, sep="; ")
        else:
            task.append(name, text)


def _realign_deadline(values: dict[str, str], cells: list[str], fields: dict[str, int]) -> None:
    """A row whose cells shifted left leaves the deadline in an earlier column, a lost line
    break or column rule leaves it at the end of the units: move it back."""
    if "deadline" not in fields or values.get("deadline"):
        return
    for name in ("coop", "lead"):
        text = values.get(name, "")
        if text and _DEADLINE_WORDS.search(text) and fields[name] == _last_filled(cells):
            values["deadline"], values[name] = text, ""
            return
        glued = unit_then_deadline(text) if text else None
        if glued:
            values[name], values["deadline"] = glued
            return


def _realign_outputs(values: dict[str, str], fields: dict[str, int]) -> None:
    """A deadline that took in the product, the cell between them lost: give it back."""
    if "outputs" in fields and not values.get("outputs") and values.get("deadline"):
        glued = deadline_then_product(values["deadline"])
        if glued:
            values["deadline"], values["outputs"] = glued


def _last_filled(cells: list[str]) -> int:
    return max((i for i, c in enumerate(cells) if c.strip()), default=-1)


def _task_no(number: str) -> str | None:
    number = number.strip()
    match = _TASK_NO.match(number)
    return match.group(1) if match else None


def _width(rows: list[Row]) -> int:
    return max((len(r.cells) for r in rows), default=0)
