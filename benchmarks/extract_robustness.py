"""Extraction accuracy on variants of the gold plans that no rule was written against.

    python benchmarks/extract_robustness.py

Each gold seed is re-shaped the way other plans of the genre differ — task-table columns in
another order, other header wording, narrative field labels reworded, the document as a real
.docx — and scored against the same gold file. A drop against the unchanged seed shows a
rule that depends on one file's surface.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from pathlib import Path

from cchc.extract.document import Document, Paragraph, Row, Table
from cchc.extract.evaluation import TASK_FIELDS, Report, score
from cchc.extract.fixtures import write_docx
from cchc.extract.pipeline import build_plan
from cchc.extract.readers import read_document

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
HEADER_SYNONYMS = {
    "Nội dung thực hiện": "Nội dung công việc", "Nhiệm vụ cụ thể": "Tên nhiệm vụ",
    "Sản phẩm, kết quả": "Kết quả đầu ra", "Sản phẩm/Kết quả": "Kết quả dự kiến",
    "Cơ quan chủ trì": "Đơn vị chủ trì", "Bộ phận thực hiện": "Đơn vị thực hiện",
    "Cơ quan thực hiện": "Đơn vị thực hiện", "Cơ quan phối hợp": "Đơn vị phối hợp",
    "Đơn vị phối hợp": "Bộ phận phối hợp", "Thời gian hoàn thành": "Thời hạn hoàn thành",
}
LABEL_SYNONYMS = [(r"^- Bộ phận chủ trì( thực hiện)?:", "- Đơn vị chủ trì:"),
                  (r"^- (Bộ phận|Cơ quan) phối hợp:", "- Đơn vị phối hợp:"),
                  (r"^- Sản phẩm:", "- Kết quả, sản phẩm:"),
                  (r"^- Thời gian thực hiện:", "- Thời hạn hoàn thành:")]


def _each_table(doc: Document, change) -> Document:
    return Document(doc.source, [change(b) if isinstance(b, Table) else b for b in doc.blocks])


def _each_row(doc: Document, change) -> Document:
    return _each_table(doc, lambda t: Table([Row(change(r.cells), r.loc) for r in t.rows], t.loc))


def permuted_columns(doc: Document, seed: int = 7) -> Document:
    rng = random.Random(seed)

    def permute(table: Table) -> Table:
        width = max(len(r.cells) for r in table.rows)
        order = rng.sample(range(width), width)
        return Table([Row([(r.cells + [""] * width)[i] for i in order], r.loc)
                      for r in table.rows], table.loc)

    return _each_table(doc, permute)


def renamed_headers(doc: Document) -> Document:
    return _each_row(doc, lambda cells: [HEADER_SYNONYMS.get(c, c) for c in cells])


def relabelled_fields(doc: Document) -> Document:
    def relabel(block):
        if not isinstance(block, Paragraph):
            return block
        text = block.text
        for pattern, replacement in LABEL_SYNONYMS:
            text = re.sub(pattern, replacement, text)
        return Paragraph(text, block.loc, block.role, block.bold)

    return Document(doc.source, [relabel(b) for b in doc.blocks])


def sections_as_headings(doc: Document) -> Document:
    """Each "II | Cải cách ..." section row becomes a heading paragraph over its own table."""
    roman = re.compile(r"^[IVX]+\.?$")
    blocks = []
    for block in doc.blocks:
        if not isinstance(block, Table):
            blocks.append(block)
            continue
        header, rows = block.rows[0], []
        for row in block.rows[1:]:
            if row.cells and roman.match(row.cells[0].strip()):
                if rows:
                    blocks.append(Table([header] + rows, block.loc))
                blocks.append(Paragraph(f"{row.cells[0]}. {row.cells[1]}", row.loc, "heading"))
                rows = []
            else:
                rows.append(row)
        blocks.append(Table([header] + rows, block.loc))
    return Document(doc.source, blocks)


def without_number_column(doc: Document) -> Document:
    """No "TT" column: section rows keep their title, tasks lose their numbers."""
    def drop(table: Table) -> Table:
        if table.rows and table.rows[0].cells[0].strip() in ("TT", "STT"):
            return Table([Row(r.cells[1:], r.loc) for r in table.rows], table.loc)
        return table

    return _each_table(doc, drop)


def as_docx(doc: Document) -> Document:
    with tempfile.TemporaryDirectory() as tmp:
        return read_document(write_docx(doc, Path(tmp) / "variant.docx"))


VARIANTS = {"unchanged": lambda d: d, "permuted columns": permuted_columns,
            "renamed headers": renamed_headers, "relabelled fields": relabelled_fields,
            "sections as headings": sections_as_headings,
            "no number column": without_number_column,
            "as .docx": as_docx}


def main() -> None:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "gold").glob("*.json"))]
    print(f"{'variant':20} {'task F1':>8} " + " ".join(f"{f[:8]:>8}" for f in TASK_FIELDS)
          + f" {'targets':>8}")
    for name, variant in VARIANTS.items():
        total = Report(documents=0)
        for gold in golds:
            doc = variant(read_document(FIXTURES / "seeds" / gold["source"]))
            total.add(score(build_plan(doc).to_dict(), gold))
        print(f"{name:20} {total.tasks.f1:8.3f} "
              + " ".join(f"{total.field_accuracy(f):8.3f}" for f in TASK_FIELDS)
              + f" {total.targets.f1:8.3f}")


if __name__ == "__main__":
    main()
