"""Document -> Plan: runs the recognizers over the document model."""

from __future__ import annotations

import re

from cchc.domain.plan import Plan, Target, Task
from cchc.extract.deadlines import parse_schedule
from cchc.extract.document import Document, Table
from cchc.extract.recognizers.areas import area_of_heading
from cchc.extract.recognizers.cell_types import realigned
from cchc.extract.recognizers.columns import header_fields
from cchc.extract.recognizers.lists import join_lines, split_items
from cchc.extract.recognizers.meta import recognize_meta
from cchc.extract.recognizers.narrative_tasks import narrative_tasks
from cchc.extract.recognizers.table_tasks import RawTask, TableTaskReader, find_header
from cchc.extract.recognizers.targets import dedupe, targets_in
from cchc.extract.recognizers.unit_lists import split_units
from cchc.extract.units import default_vocabulary

_HEADING = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]\s+\S")
_BULLET = re.compile(r"^[-+•.]\s*")  # a bullet or a stray dot left by the export
_MAJOR_HEADING = re.compile(r"^[IVXLC]+\.\s+\S")
# "I. KẾT QUẢ THỰC HIỆN NĂM 2023": last year's achieved figures are not this year's targets
_PAST_RESULTS = re.compile(r"(?i)kết quả (?:thực hiện|đạt được)|đánh giá|tình hình thực hiện")
_MEASURE = re.compile(r"\d\s*%")
_END_OF_BODY = re.compile(r"^(?:[IVXLC]+|\d+)[.)]\s*(?:TỔ CHỨC THỰC HIỆN|Tổ chức thực hiện)")


def build_plan(doc: Document) -> Plan:
    """The structured plan of one document. Never drops a task row silently: rows it cannot
    read as tasks are section headings, repeated headers or continuations of the row above."""
    paragraphs = doc.paragraphs()
    meta = recognize_meta(_text_lines(doc))
    year = meta.year or 0
    raw = _table_tasks(doc) or narrative_tasks(paragraphs)
    tasks = [_task(r, year) for r in raw]
    return Plan(source=doc.source, meta=meta, tasks=tasks, targets=_targets(doc))


def _text_lines(doc: Document) -> list[str]:
    """Paragraphs, and the lines of tables that are not task tables: Word plans lay out the
    issuer / motto header, the number and date line and the signature block in borderless
    tables."""
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            if find_header(block.rows)[0] is None:
                lines += [
                    line
                    for row in block.rows
                    for cell in row.cells
                    for line in cell.split("\n")
                    if line.strip()
                ]
        else:
            lines.append(block.text)
    return lines


def _table_tasks(doc: Document) -> list[RawTask]:
    reader = TableTaskReader()
    for block in doc.blocks:
        if isinstance(block, Table):
            reader.table(block)
        elif len(block.text) < 200:
            reader.heading(block)
    return reader.tasks


def _task(raw: RawTask, year: int) -> Task:
    cells = raw.cells
    deadline_text = join_lines(cells.get("deadline"))
    lead, coop = split_units(cells.get("lead")), split_units(cells.get("coop"))
    vocabulary = default_vocabulary()
    return Task(
        no=raw.no,
        area=raw.area,
        text=_BULLET.sub("", join_lines(cells.get("text")) or ""),
        objective=join_lines(cells.get("objective")),
        activities=[
            _BULLET.sub("", a.strip())
            for a in (cells.get("activities") or "").split("\n")
            if a.strip()
        ],
        outputs=split_items(cells.get("outputs")),
        lead=lead,
        coop=coop,
        deadline_text=deadline_text,
        schedule=parse_schedule(deadline_text, year),
        budget=join_lines(cells.get("budget")),
        lead_units=vocabulary.match_all(lead),
        coop_units=vocabulary.match_all(coop),
        where=raw.where,
    )


def _targets(doc: Document) -> list[Target]:
    """Targets stated in the body text (objectives sections, narrative products) and in the
    objective column (Mục tiêu) of task tables; not in the task texts of tables."""
    found: list[Target] = []
    area: str | None = None
    in_body, past_results = True, False
    for block in doc.blocks:
        if isinstance(block, Table):
            found.extend(_table_targets(block))
            continue
        text = block.text.strip()
        in_body = in_body and not _END_OF_BODY.match(text)
        if not in_body:
            continue
        if _MAJOR_HEADING.match(text) and len(text) < 200:
            past_results = bool(_PAST_RESULTS.search(text))
        if _HEADING.match(text) and len(text) < 200:
            area = area_of_heading(text)
            if not _MEASURE.search(text):  # "1. Tỷ lệ hồ sơ ... đạt từ 98%": a target
                continue
        if not past_results:
            found.extend(targets_in(text, area, str(block.loc)))
    return dedupe(found)


def _table_targets(table: Table) -> list[Target]:
    fields = header_fields(table.rows[0].cells) if table.rows else None
    if not fields or "objective" not in fields:
        return []
    column, width = fields["objective"], max(len(r.cells) for r in table.rows)
    out: list[Target] = []
    for row in table.rows[1:]:
        cells = realigned(row.cells, fields, width)  # a row the export shortened
        out.extend(targets_in(cells[column], None, str(row.loc)))
    return out
