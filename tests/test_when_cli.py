"""`cchc when`: a deadline phrase in, its schedule items out as JSON."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cchc.cli import app

runner = CliRunner()


def _when(*args: str):
    return runner.invoke(app, ["when", *args])


def test_it_prints_the_schedule_of_a_phrase_as_json() -> None:
    result = _when("Quý II/2024 ban hành kế hoạch; định kỳ hằng quý báo cáo", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"kind": "due", "date": "2024-06-30", "label": "ban hành kế hoạch"},
        {"kind": "recurring", "freq": "quarterly", "label": "báo cáo"},
    ]


def test_it_keeps_vietnamese_text_unescaped() -> None:
    result = _when("Theo Kế hoạch của UBND huyện", "--year", "2024")
    assert "Theo Kế hoạch của UBND huyện" in result.stdout
    assert json.loads(result.stdout) == [{"kind": "event", "text": "Theo Kế hoạch của UBND huyện"}]


def test_it_takes_the_default_year_from_the_plan_year() -> None:
    result = _when("Thường xuyên; Quý IV", "--year", "2023")
    assert json.loads(result.stdout) == [
        {"kind": "continuous", "end": "2023-12-31"},
        {"kind": "due", "date": "2023-12-31"},
    ]


def test_it_says_when_it_understood_nothing() -> None:
    result = _when("Văn phòng - Thống kê tổng hợp", "--year", "2024")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []  # scripts still get JSON
    assert "Không nhận ra thời hạn nào trong “Văn phòng - Thống kê tổng hợp”" in result.stderr


def test_it_requires_the_plan_year() -> None:
    result = _when("Quý I/2024")
    assert result.exit_code != 0
    assert "--year" in result.output
