"""cchc lint reports what a plan gets wrong about itself."""

from typer.testing import CliRunner

from cchc.cli import app
from cchc.extract import parse_file
from cchc.extract.lint import lint
from tests.helpers import seed

runner = CliRunner()


def _codes(prefix: str) -> dict[str, list]:
    result = parse_file(seed(prefix))
    out: dict[str, list] = {}
    for finding in lint(result.plan, result.document):
        out.setdefault(finding.code, []).append(finding)
    return out


def test_it_finds_last_years_year_in_a_copied_plan():
    findings = _codes("000")["year_inconsistent"]
    assert any("2022" in f.message and "PHỤ LỤC" not in f.message for f in findings)
    assert any("KẾ HOẠCH TRIỂN KHAI" in f.message for f in findings)  # the appendix title


def test_it_finds_the_target_that_differs_between_text_and_appendix():
    conflict = _codes("001")["target_conflict"]
    assert len(conflict) == 1
    assert "98%" in conflict[0].message and "96%" in conflict[0].message


def test_it_reports_blank_number_and_date_and_missing_task_numbers():
    codes = _codes("000")
    assert "blank_number" in codes and "blank_date" in codes
    assert any("12" in f.message for f in codes["gap_in_task_numbers"])


def test_it_reports_a_task_without_lead():
    assert any("17" in f.message for f in _codes("000")["task_without_lead"])


def test_it_does_not_flag_a_clean_signed_plan_for_number_or_date():
    codes = _codes("004")
    assert "blank_number" not in codes and "blank_date" not in codes
    assert "year_inconsistent" not in codes and "target_conflict" not in codes


def test_the_command_exits_non_zero_when_there_are_errors():
    result = runner.invoke(app, ["lint", str(seed("000"))])
    assert result.exit_code == 1
    assert "year_inconsistent" in result.output
