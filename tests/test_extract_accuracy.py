"""The extractor meets the accuracy thresholds of issue 2 on every seed with a gold file."""

import json

import pytest

from cchc.extract import parse_file
from cchc.extract.evaluation import META_FIELDS, Report, score
from cchc.extract.serialize import plan_document
from tests.helpers import FIXTURES, GOLD, SEEDS


@pytest.fixture(scope="module")
def overall() -> Report:
    total = Report(documents=0)
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        total.add(score(parse_file(FIXTURES / "seeds" / gold["source"]).plan.to_dict(), gold))
    return total


def test_it_finds_the_tasks_of_every_gold_plan(overall):
    assert overall.tasks.f1 >= 0.97, overall.misses


@pytest.mark.parametrize("field,threshold", [
    ("lead", 0.95), ("coop", 0.95), ("outputs", 0.90), ("schedule", 0.90), ("area", 0.95),
    ("deadline_text", 0.95)])
def test_it_reads_task_fields_accurately(overall, field, threshold):
    assert overall.field_accuracy(field) >= threshold, [m for m in overall.misses if field in m]


@pytest.mark.parametrize("field", META_FIELDS)
def test_it_gets_every_meta_field_right(overall, field):
    assert overall.meta_accuracy(field) == 1.0, [m for m in overall.misses if "meta" in m]


def test_it_finds_the_legal_bases_and_targets(overall):
    assert overall.legal.f1 == 1.0
    assert overall.targets.f1 >= 0.85


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_it_parses_every_seed_into_schema_valid_json(path):
    result = parse_file(path)
    data = plan_document(result.plan, [])
    assert data["meta"]["year"] in (2023, 2024, 2025)
    assert len(data["tasks"]) >= 20
    assert all(t["text"] for t in data["tasks"])
