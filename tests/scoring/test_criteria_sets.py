"""Criteria sets as data: the shipped sets validate; a damaged set is refused with its file,
line and reason, by the loader and by `cchc scoring check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc.cli import app
from cchc.scoring.criteria import CriteriaError, parse_set, read_set_file, shipped_sets

SHIPPED = shipped_sets()
HANOI = "xa-hanoi-5666-2025.yaml"


def _damaged(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The Hà Nội set with the first `old` replaced, and the line it is on."""
    text = SHIPPED[HANOI]
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    path = tmp_path / "hong.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line


def _problems(path: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(CriteriaError) as caught:
        read_set_file(path)
    return caught.value.problems


class TestShippedSets:
    @pytest.mark.parametrize("name", sorted(SHIPPED))
    def test_it_validates_every_shipped_set(self, name):
        found = parse_set(SHIPPED[name], name)
        assert found.max_points == 100
        assert sum(a.max for a in found.areas if a.type == "normal") == 100
        assert found.max_of("self") + found.max_of("survey") == 100
        assert found.source.document and found.source.unconfirmed

    def test_it_ships_a_provincial_and_a_commune_set(self):
        levels = {parse_set(t, n).applies_to for n, t in SHIPPED.items()}
        assert ("tinh",) in levels
        assert any("xa" in level and "phuong" in level for level in levels)

    def test_the_commune_set_has_eight_areas_and_a_bonus_penalty_area(self):
        found = parse_set(SHIPPED[HANOI], HANOI)
        assert [a.type for a in found.areas] == ["normal"] * 8 + ["bonus", "penalty"]

    @pytest.mark.parametrize("name", sorted(SHIPPED))
    def test_points_not_confirmed_against_the_source_are_marked(self, name):
        found = parse_set(SHIPPED[name], name)
        assert all(area.unconfirmed for area in found.areas)
        assert "chưa" in found.source.unconfirmed.lower()

    def test_cchc_figures_feed_some_criteria(self):
        found = parse_set(SHIPPED[HANOI], HANOI)
        sources = {leaf.rule.source for leaf in found.leaves() if leaf.rule.source}
        assert sources == {"plan_issued", "tasks_on_time", "reports_on_time", "indicator",
                           "evidence"}


class TestDamagedSets:
    def test_it_names_the_line_of_a_wrong_sum(self, tmp_path):
        path, _ = _damaged(tmp_path, "max: 14\n", "max: 15\n")
        problems = _problems(path)
        text = path.read_text(encoding="utf-8").splitlines()
        reasons = {reason for _, _, reason in problems}
        assert any("tổng điểm các tiêu chí con (14) khác điểm tối đa (15)" in r for r in reasons)
        assert any("tổng điểm các lĩnh vực (101) khác max_points (100)" in r for r in reasons)
        file, line, _ = next(p for p in problems if "tiêu chí con" in p[2])
        assert file == str(path) and text[line - 1].strip() == "max: 15"

    def test_it_names_the_line_of_an_unknown_rule_kind(self, tmp_path):
        path, line = _damaged(tmp_path, "rule: {kind: yes_no}", "rule: {kind: co_khong}")
        [(file, found_line, reason)] = _problems(path)
        assert (file, found_line) == (str(path), line)
        assert "'kind' = 'co_khong' không hợp lệ" in reason

    def test_it_refuses_thresholds_in_the_wrong_order(self, tmp_path):
        path, line = _damaged(tmp_path, "full_at: 98, zero_below: 80",
                              "full_at: 80, zero_below: 98")
        [(_, found_line, reason)] = _problems(path)
        assert found_line == line and "zero_below (98%) phải nhỏ hơn full_at (80%)" in reason

    def test_it_refuses_an_unknown_indicator(self, tmp_path):
        path, line = _damaged(tmp_path, "indicator: on_time_rate", "indicator: dung_han")
        [(_, found_line, reason)] = _problems(path)
        assert found_line == line and "indicator 'dung_han' không có" in reason

    def test_it_refuses_a_source_the_rule_cannot_score(self, tmp_path):
        path, line = _damaged(tmp_path, "{kind: yes_no, source: plan_issued",
                              "{kind: ratio, source: plan_issued")
        [(_, found_line, reason)] = _problems(path)
        assert found_line == line and "không chấm được theo kind 'ratio'" in reason

    def test_it_refuses_a_repeated_code(self, tmp_path):
        path, line = _damaged(tmp_path, 'code: "1.2"', 'code: "1.1"')
        [(_, found_line, reason)] = _problems(path)
        assert found_line == line and "mã '1.1' đã dùng" in reason

    def test_it_refuses_a_misspelt_key(self, tmp_path):
        path, line = _damaged(tmp_path, "    reform_area: tthc", "    reform_aera: tthc")
        [(_, found_line, reason)] = _problems(path)
        assert found_line == line and "khóa không hợp lệ 'reform_aera'" in reason

    def test_it_refuses_bands_out_of_order(self, tmp_path):
        path, line = _damaged(tmp_path, "{from: 90, points: 2}, {from: 80, points: 1}",
                              "{from: 80, points: 2}, {from: 90, points: 1}")
        [(_, found_line, reason)] = _problems(path)
        assert found_line == line and "từ cao xuống thấp" in reason

    def test_it_refuses_a_repeated_key_and_broken_yaml(self, tmp_path):
        path, line = _damaged(tmp_path, "version: 1\n", "version: 1\nversion: 2\n")
        [(_, found_line, reason)] = _problems(path)
        assert found_line == line + 1 and "khóa 'version' lặp lại" in reason
        path, line = _damaged(tmp_path, "name: Cải cách thể chế", "name: [Cải cách thể chế")
        [(_, found_line, reason)] = _problems(path)
        assert found_line >= line and "không đọc được YAML" in reason

    def test_a_code_is_kept_as_typed(self):
        text = SHIPPED[HANOI].replace('code: "1.1.1"', "code: 1.10", 1)
        assert parse_set(text).criterion("1.10") is not None


class TestCheckCommand:
    def test_it_exits_0_on_a_shipped_set(self, tmp_path):
        path = tmp_path / HANOI
        path.write_text(SHIPPED[HANOI], encoding="utf-8")
        result = CliRunner().invoke(app, ["scoring", "check", str(path)])
        assert result.exit_code == 0 and "hợp lệ" in result.output

    def test_it_exits_2_with_file_line_and_reason(self, tmp_path):
        path, line = _damaged(tmp_path, "rule: {kind: yes_no}", "rule: {kind: co_khong}")
        result = CliRunner().invoke(app, ["scoring", "check", str(path)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{path}:{line}: Tiêu chí")
