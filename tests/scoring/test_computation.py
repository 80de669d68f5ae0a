"""Scores computed from cchc's data equal the hand calculation, on the commune of
tests/scoring/conftest.py assessed with the Hà Nội commune set."""

from __future__ import annotations

import pytest

from cchc.scoring.assessments import build
from cchc.scoring.criteria import Rule
from cchc.scoring.facts import figures
from cchc.scoring.rules import Value, score
from cchc.scoring.sets import read
from cchc.store.models import Assessment, Organization
from cchc.store.services import scoring as services
from cchc.store.services.scoring import SelfScore


class TestRules:
    def test_a_ratio_is_linear_between_its_thresholds(self):
        rule = Rule("ratio", full_at=100, zero_below=0)
        found = score(rule, 2, Value(numerator=12, denominator=14))
        assert found.points == 1.71  # 2 × 12/14
        assert found.text.startswith("12/14 = 85,71% → 1,71/2 điểm")

    def test_a_ratio_is_full_above_and_zero_below(self):
        rule = Rule("ratio", full_at=98, zero_below=80)
        assert score(rule, 8, Value(numerator=99, denominator=100)).points == 8
        assert score(rule, 8, Value(numerator=79, denominator=100)).points == 0
        assert score(rule, 8, Value(numerator=89, denominator=100)).points == 4  # 8 × 9/18

    def test_bands_give_the_band_reached(self):
        rule = Rule("bands", bands=((100, 3), (90, 2), (80, 1)))
        assert [score(rule, 3, Value(numerator=n, denominator=100)).points
                for n in (100, 95, 80, 79)] == [3, 2, 1, 0]

    def test_counts_against_a_target_and_per_item_with_a_cap(self):
        assert score(Rule("count", target=3), 3, Value(count=2)).points == 2
        assert score(Rule("count", target=3), 3, Value(count=5)).points == 3
        assert score(Rule("per_item", each=1.5), 3, Value(count=3)).points == 3

    def test_nothing_to_score_is_not_zero(self):
        assert score(Rule("ratio"), 2, Value()).points is None
        assert score(Rule("ratio"), 2, Value(numerator=0, denominator=0)).points is None
        assert score(None, 2, Value(points=1.25)).points == 1.25

    def test_points_round_half_up(self):
        assert score(Rule("ratio"), 3, Value(numerator=1, denominator=8)).points == 0.38


HAND = {  # criterion: (points, why)
    "1.1.1": (1, "kế hoạch ban hành 05/01/2024, hạn 31/01/2024"),
    "1.1.2": (0, "2/3 nhiệm vụ đúng hạn = 66,67%, dưới mức 80%"),
    "1.2": (1, "2/4 báo cáo đúng hạn × 2 điểm"),
    "1.4": (2, "2 tài liệu kiểm chứng / chỉ tiêu 3 × 3 điểm"),
    "2.3": (0, "không có tài liệu kiểm chứng lĩnh vực thể chế"),
    "3.2": (4.44, "9/10 đúng hạn = 90%: 8 × (90 − 80) / (98 − 80)"),
    "3.3": (3, "1/1 hồ sơ trễ hạn có phiếu xin lỗi"),
    "7.1": (3.2, "4/10 trực tuyến = 40%: 4 × 40 / 50"),
    "7.4": (0, "0/10 kết quả điện tử"),
}


class TestFiguresFromCchc:
    def test_every_figure_equals_the_hand_calculation(self, scoring_world):
        with scoring_world.factory() as s:
            criteria_set = read(scoring_world.criteria_set(s))
            found = figures(s, scoring_world.context(s), criteria_set)
            points = {code: score(criteria_set.criterion(code).rule,
                                  criteria_set.criterion(code).max, f.value).points
                      for code, f in found.items()}
        assert points == {code: p for code, (p, _) in HAND.items()}
        assert found["1.2"].text == ("2/4 báo cáo định kỳ đã đến hạn gửi đúng hạn (muộn hoặc "
                                     "chưa gửi: 6 tháng đầu năm 2024, Năm 2024)")
        assert found["1.1.2"].value == Value(numerator=2, denominator=3)
        assert {link.kind for link in found["1.4"].links} == {"evidence"}

    def test_no_dossiers_means_no_figure_not_zero(self, scoring_world):
        with scoring_world.factory() as s:
            criteria_set = read(scoring_world.criteria_set(s))
            other = s.get(Organization, scoring_world.world.other_commune.id)
            found = figures(s, scoring_world.context(s, other), criteria_set)
        assert not {"3.2", "3.3", "7.1", "7.2", "7.3", "7.4"} & set(found)


class TestTotals:
    @pytest.fixture
    def sheet(self, scoring_world):
        with scoring_world.factory.begin() as s:
            record = scoring_world.criteria_set(s)
            commune = s.get(Organization, scoring_world.world.commune.id)
            user = scoring_world.user(s, "thuongtruc")
            assessment = services.open_assessment(s, commune, 2024, record, read(record), user)
            typed = {"1.3": {"yes": True}, "9a.1": {"count": 3}, "9a.2": {"count": 1},
                     "9b.1": {"count": 1}, "9b.2": {"count": 2}, "4.1": {"points": 99}}
            criteria_set = read(record)
            services.save_self_scores(s, assessment, user, {
                code: SelfScore(value, score(criteria_set.criterion(code).rule,
                                             criteria_set.criterion(code).max,
                                             Value.from_dict(value)).points, None)
                for code, value in typed.items()}, {}, assessment.version_id)
            services.record_survey(s, commune, 2024, "8.1", 80, "SIPAS 2024", user)
        with scoring_world.factory() as s:
            assessment = s.get(Assessment, assessment.id)
            return build(s, assessment, scoring_world.context(s))

    def test_the_sums_equal_the_hand_calculation(self, sheet):
        found = sheet.totals["self"]
        assert found.areas["1"] == 1 + 0 + 1 + 2 + 2  # 1.1 + 1.2 + 1.3 (yes: 2) + 1.4
        assert found.areas["3"] == 7.44  # 3.2 + 3.3
        assert found.areas["4"] == 0  # "4.1": a yes/no criterion ignores typed points
        assert found.areas["7"] == 3.2
        assert found.areas["8"] == 9.6  # survey: 80% × 12
        assert found.areas["9a"] == 3  # 9a.1 capped at 2, 9a.2 1: cap 3
        assert found.areas["9b"] == 4  # 1 × 1 + 2 × 1.5 (= its maximum 3)
        normal = 6 + 0 + 7.44 + 0 + 0 + 0 + 3.2 + 9.6
        assert found.total == round(normal + 3 - 4, 2)
        assert (found.self_part, found.survey_part) == (16.64, 9.6)

    def test_it_shows_the_calculation_of_computed_criteria(self, sheet):
        line = next(l for l in sheet.leaves() if l.code == "1.2")
        assert line.figure.text.startswith("2/4 báo cáo")
        assert line.self_scored.text.startswith("2/4 = 50% → 1/2 điểm")

    def test_it_says_where_the_points_were_lost(self, sheet):
        assert [(loss.code, loss.lost) for loss in sheet.losses[:3]] == [
            ("7", 12.8), ("3", 12.56), ("8", 10.4)]  # 16 − 3.2, 20 − 7.44, 20 − 9.6
        lost_in_3 = [(loss.code, loss.lost) for loss in sheet.leaf_losses["3"]]
        assert lost_in_3 == [("3.5", 4), ("3.2", 3.56), ("3.1", 3), ("3.4", 2)]
