"""Import a plan document: read it into the document model, recognize the plan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc.domain.plan import Plan
from cchc.extract.document import Document


@dataclass
class ParseResult:
    document: Document
    plan: Plan


def parse_file(path: str | Path) -> ParseResult:
    """Read and recognize one plan file. Raises cchc.errors.InputError on unreadable input."""
    from cchc.extract.pipeline import build_plan
    from cchc.extract.readers import read_document

    document = read_document(path)
    return ParseResult(document, build_plan(document))
