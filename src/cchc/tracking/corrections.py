"""Every correction is a measurement: the plans users corrected are gold for the documents
they were read from, and the extractor is scored on them as on the yardstick
(`cchc extract eval --corrections`), or they are exported as gold files for regression tests.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from cchc.extract import parse_file
from cchc.extract.evaluation import Report, as_gold, score
from cchc.store.corrections import CorrectedDocument, corrected_documents
from cchc.store.files import SourceDocuments, safe_name


@dataclass(frozen=True)
class MeasuredDocument:
    document: CorrectedDocument
    gold: dict
    report: Report | None  # None when the document itself is no longer stored

    @property
    def file_name(self) -> str:
        """<name>-<first 8 of the hash><extension>: one name per document, readable."""
        name = Path(safe_name(self.document.source_name or "ke-hoach.txt"))
        return f"{name.stem}-{self.document.sha256[:8]}{name.suffix}"


def measure_corrections(session: Session, sources: SourceDocuments) -> list[MeasuredDocument]:
    """The extractor, as it is today, on every corrected document of the installation."""
    measured = []
    for document in corrected_documents(session):
        gold = as_gold(document.plan_json)
        stored = sources.path(document.sha256)
        item = MeasuredDocument(document, gold, None)
        if stored.exists():
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / item.file_name  # the extension picks the reader
                shutil.copyfile(stored, copy)
                predicted = parse_file(copy).plan.to_dict()
            item = MeasuredDocument(document, gold, score(predicted, gold))
        measured.append(item)
    return measured


def export_gold(measured: list[MeasuredDocument], folder: Path,
                sources: SourceDocuments) -> list[Path]:
    """Each corrected document and its gold file (`cchc.plan/1`) into `folder`, the layout
    `cchc extract eval FOLDER` and the tests read."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in measured:
        if item.report is None:
            continue
        shutil.copyfile(sources.path(item.document.sha256), folder / item.file_name)
        gold = {**item.gold, "source": item.file_name}
        path = folder / f"{Path(item.file_name).stem}.json"
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written
