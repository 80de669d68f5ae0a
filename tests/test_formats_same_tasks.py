"""The same plan as text, as a real .docx and as a PDF printed from that .docx by LibreOffice
gives the same tasks."""

import re
import shutil

import pytest

from cchc.domain.vntext import fold
from cchc.extract import parse_file
from cchc.extract.fixtures import build_docx, build_pdf
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


@pytest.fixture(scope="module")
def docx_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    return {seed.name: build_docx(seed, folder / (seed.stem + ".docx")) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_a_docx_gives_the_same_tasks_and_meta_as_the_text(seed, docx_dir):
    from_text, text_plan = _tasks(seed, *FIELDS)
    from_docx, docx_plan = _tasks(docx_dir[seed.name], *FIELDS)
    assert from_docx == from_text
    assert docx_plan.meta.to_dict() == text_plan.meta.to_dict()


@needs_soffice
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_a_pdf_printed_from_the_docx_gives_the_same_tasks(seed, docx_dir, tmp_path):
    pdf = build_pdf(docx_dir[seed.name], tmp_path / (seed.stem + ".pdf"))
    from_text, _ = _tasks(seed, "no", "area", "text", "deadline_text")
    from_pdf, _ = _tasks(pdf, "no", "area", "text", "deadline_text")
    assert from_pdf == from_text
