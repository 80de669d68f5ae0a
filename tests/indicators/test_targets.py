import pytest

from cchc.domain.plan import Target
from cchc.indicators.targets import measurable, measure


def target(indicator="on_time_rate", comparator=">=", value=98.0):
    return Target(text="...", area="tthc", indicator=indicator, comparator=comparator,
                  value=value, unit="%")


def month(period, on_time, received):
    return {"period": period, "on_time": on_time, "received": received}


def test_it_reports_dat_when_the_target_is_met_and_holding():
    result = measure(target(), [month("2024-01", 99, 100), month("2024-02", 198, 200)])
    assert result.actual == pytest.approx(99.0)
    assert result.status == "đạt"
    assert result.monthly == [("2024-01", 99.0), ("2024-02", 99.0)]


def test_it_reports_chua_dat_below_the_target():
    result = measure(target(), [month("2024-01", 95, 100), month("2024-02", 96, 100)])
    assert (result.actual, result.status) == (95.5, "chưa đạt")


def test_it_warns_nguy_co_when_the_trend_falls_below_before_year_end():
    # 99.6, 99.2, 98.8 %: on target today, a straight line reaches 95.2 % in December
    result = measure(target(), [month("2024-01", 996, 1000), month("2024-02", 992, 1000),
                                month("2024-03", 988, 1000)])
    assert result.actual == pytest.approx(99.2)
    assert result.projected == pytest.approx(95.2)
    assert result.status == "nguy cơ"


def test_it_has_no_figure_without_dossiers():
    assert measure(target(), [month("2024-01", 0, 0)]).status == "chưa có số liệu"


def test_it_lists_the_procedures_and_units_that_pull_it_down():
    procedures = [
        {"procedure_code": "DD.001", "procedure_name": "Cấp GCN QSDĐ lần đầu",
         "on_time": 80, "received": 100},  # 18 dossiers short of 98 %
        {"procedure_code": "HT.001", "procedure_name": "Đăng ký khai sinh",
         "on_time": 495, "received": 500},  # above target
        {"procedure_code": "CT.001", "procedure_name": "Chứng thực", "on_time": 190,
         "received": 200},  # 6 short
    ]
    units = [{"org_code": "QNG.TRABONG", "on_time": 90, "received": 100}]
    result = measure(target(), [month("2024-01", 765, 800)], procedures, units)
    assert [(s.code, round(s.gap, 6)) for s in result.procedures] == [("DD.001", 18),
                                                                       ("CT.001", 6)]
    assert result.procedures[0].actual == 80.0
    assert [s.code for s in result.units] == ["QNG.TRABONG"]


def test_a_ceiling_target_counts_the_excess():
    result = measure(target("online_rate", "<=", 10.0),
                     [{"period": "2024-01", "received_online": 20, "received": 100}])
    assert result.status == "chưa đạt"


def test_it_knows_which_targets_it_can_measure():
    assert measurable(target("late_apology_rate"))
    assert not measurable(target("par_index"))
    with pytest.raises(ValueError, match="par_index"):
        measure(target("par_index"), [])
