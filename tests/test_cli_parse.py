"""cchc parse: formats, output file, and clear errors."""

import json

import yaml
from typer.testing import CliRunner

from cchc.cli import app
from tests.helpers import seed

runner = CliRunner()


def test_it_prints_json_with_the_gold_field_names():
    result = runner.invoke(app, ["parse", str(seed("002"))])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meta"]["number"] == "334/QĐ-UBND"
    assert {"no", "area", "text", "outputs", "lead", "coop", "deadline_text", "schedule"} <= set(
        data["tasks"][0])


def test_it_writes_yaml_and_markdown_to_a_file(tmp_path):
    out = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["parse", str(seed("004")), "-f", "yaml", "-o", str(out)]).exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["meta"]["issuer"] == "UBND tỉnh Thanh Hóa"
    md = runner.invoke(app, ["parse", str(seed("004")), "--format", "md"])
    assert "| TT | Lĩnh vực |" in md.stdout and "Sở Nội vụ" in md.stdout


def test_it_rejects_an_unknown_format():
    result = runner.invoke(app, ["parse", str(seed("004")), "--format", "xml"])
    assert result.exit_code == 2


def test_it_explains_a_missing_file_in_one_line(tmp_path):
    result = runner.invoke(app, ["parse", str(tmp_path / "none.docx")])
    assert result.exit_code == 2
    assert result.output.strip() == "lỗi: none.docx: không tìm thấy tệp"


def test_the_output_file_name_picks_the_format(tmp_path):
    for name, check in (("plan.yaml", lambda t: yaml.safe_load(t)["meta"]["year"] == 2024),
                        ("plan.md", lambda t: t.startswith("# KẾ HOẠCH")),
                        ("plan.json", lambda t: json.loads(t)["meta"]["year"] == 2024)):
        out = tmp_path / name
        result = runner.invoke(app, ["parse", str(seed("004")), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert check(out.read_text(encoding="utf-8")), name
    out = tmp_path / "plan.yaml"
    runner.invoke(app, ["parse", str(seed("004")), "-o", str(out), "--format", "json"])
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["year"] == 2024  # -f wins


def test_a_missing_output_folder_is_a_one_line_error(tmp_path):
    out = tmp_path / "khong-co" / "plan.json"
    result = runner.invoke(app, ["parse", str(seed("004")), "-o", str(out)])
    assert result.exit_code == 2
    assert result.output.strip() == f"lỗi: {out}: không có thư mục {out.parent}; hãy tạo thư " \
                                    "mục trước"
    assert not out.parent.exists()


def test_help_and_usage_errors_speak_vietnamese():
    helped = runner.invoke(app, ["parse", "--help"])
    assert "Đọc văn bản kế hoạch" in helped.output
    assert "Hiện trợ giúp này rồi thoát" in helped.output
    assert "Show this message" not in helped.output
    missing = runner.invoke(app, ["parse"])
    assert missing.exit_code == 2 and "Thiếu tham số 'file'" in missing.output
