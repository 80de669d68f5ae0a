"""The same plan as text, as a real .docx and as a PDF printed from that .docx by LibreOffice
gives the same tasks."""

import re
import shutil

import pytest

from cchc.domain.vntext import fold
from cchc.extract import parse_file
from tests.helpers import SEEDS

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (libreoffice-writer) is not installed")


def _tasks(path, *fields):
    plan = parse_file(path).plan
    return [tuple(_norm(getattr(t, f)) for f in fields) for t in plan.tasks], plan


def _norm(value):
    """Compare as a reader would: case, diacritic marks, spaces around dashes ignored."""
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return re.sub(r"\s*-\s*", "-", fold(value)) if isinstance(value, str) else value


FIELDS = ("no", "area", "text", "lead", "coop", "outputs", "deadline_text")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_a_docx_gives_the_same_tasks_and_meta_as_the_text(seed, printed_seeds):
    from_text, text_plan = _tasks(seed, *FIELDS)
    from_docx, docx_plan = _tasks(printed_seeds[seed.name].docx, *FIELDS)
    assert from_docx == from_text
    assert docx_plan.meta.to_dict() == text_plan.meta.to_dict()


@needs_soffice
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_a_pdf_printed_from_the_docx_gives_the_same_tasks(seed, printed_seeds):
    from_text, _ = _tasks(seed, "no", "area", "text", "deadline_text")
    from_pdf, _ = _tasks(printed_seeds[seed.name].pdf, "no", "area", "text", "deadline_text")
    assert from_pdf == from_text
