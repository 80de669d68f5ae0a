"""The deadline normalizer: Vietnamese deadline phrases -> schedule items (cchc.plan/1 rules)."""

from __future__ import annotations

import json
import random
import re
import time
import unicodedata
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.plan import ScheduleItem
from cchc.extract.deadlines import parse_schedule

GOLD_DIR = Path(__file__).parent / "fixtures" / "gold"


def _gold_pairs() -> list[pytest.param]:
    pairs = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        plan = json.loads(path.read_text(encoding="utf-8"))
        for number, task in enumerate(plan["tasks"], 1):
            pairs.append(pytest.param(task["deadline_text"], plan["meta"]["year"], task["schedule"],
                                      id=f"{path.stem[:3]}-task{number}"))
    return pairs


def _dicts(text: str | None, year: int) -> list[dict]:
    return [item.to_dict() for item in parse_schedule(text, year)]


@pytest.mark.parametrize(("text", "year", "expected"), _gold_pairs())
def test_it_matches_every_gold_schedule(text: str | None, year: int, expected: list[dict]) -> None:
    assert _dicts(text, year) == expected


def _due(day: str, label: str | None = None) -> dict:
    return {"kind": "due", "date": day, **({"label": label} if label else {})}


def _window(start: str, end: str) -> dict:
    return {"kind": "window", "start": start, "end": end}


def _every(freq: str | None, label: str | None = None) -> dict:
    return {"kind": "recurring", "freq": freq, **({"label": label} if label else {})}


def _continuous(end: str, label: str | None = None) -> dict:
    return {"kind": "continuous", "end": end, **({"label": label} if label else {})}


def _event(text: str, label: str | None = None) -> dict:
    return {"kind": "event", "text": text, **({"label": label} if label else {})}


# Phrases of the genre that are not in the gold files; expectations written by hand.
GENRE = [
    ("quý 1 năm 2024", 2024, [_due("2024-03-31")]),
    ("Quý II", 2025, [_due("2025-06-30")]),
    ("Quý tư năm 2024", 2024, [_due("2024-12-31")]),
    ("tháng 11 năm 2024", 2024, [_due("2024-11-30")]),
    ("Tháng 02/2024", 2024, [_due("2024-02-29")]),
    ("trước 05/12/2023", 2024, [_due("2023-12-05")]),
    ("ngày 15 tháng 12 năm 2024", 2024, [_due("2024-12-15")]),
    ("Trước\u00a0ngày 30/11/2024.", 2024, [_due("2024-11-30")]),
    ("17:00 ngày 30/6/2024", 2024, [_due("2024-06-30")]),
    ("Trong năm", 2025, [_due("2025-12-31")]),
    ("Cuối năm 2024", 2024, [_due("2024-12-31")]),
    ("2024", 2024, [_due("2024-12-31")]),
    ("6 tháng đầu năm", 2024, [_due("2024-06-30")]),
    ("9 tháng đầu năm 2023", 2024, [_due("2023-09-30")]),
    ("Quý II – IV năm 2024", 2024, [_window("2024-04-01", "2024-12-31")]),
    ("Quý I, II", 2024, [_window("2024-01-01", "2024-06-30")]),
    ("Từ tháng 3 đến tháng 5/2024", 2024, [_window("2024-03-01", "2024-05-31")]),
    ("Tháng 10-12/2024", 2024, [_window("2024-10-01", "2024-12-31")]),
    ("từ ngày 01/3/2024 đến ngày 30/4/2024", 2024, [_window("2024-03-01", "2024-04-30")]),
    ("Từ Quý II/2024 đến Quý I/2025", 2024, [_window("2024-04-01", "2025-03-31")]),
    ("Năm 2024 - 2025", 2024, [_window("2024-01-01", "2025-12-31")]),
    ("Tháng 6 và tháng 12", 2024, [_due("2024-06-30"), _due("2024-12-31")]),
    ("15/6 và 15/12/2025", 2024, [_due("2025-06-15"), _due("2025-12-15")]),
    ("hằng tháng", 2024, [_every("monthly")]),
    ("Hàng năm", 2024, [_every("annual")]),
    ("06 tháng/cuộc", 2024, [_every("semiannual")]),
    ("Định kỳ 03 tháng/lần", 2024, [_every("quarterly")]),
    ("định kỳ 6 tháng", 2024, [_every("semiannual")]),
    ("9 tháng", 2024, [_every("nine_months")]),
    ("2 lần/năm", 2024, [_every("semiannual")]),
    ("Trước ngày 15/12 hằng năm", 2024, [_every("annual")]),
    ("Ngày 20 hằng tháng", 2024, [_every("monthly")]),
    ("theo định kỳ", 2024, [_every(None)]),
    ("Định kỳ hằng quý, 6 tháng, 9 tháng và năm", 2024,
     [_every("quarterly"), _every("semiannual"), _every("nine_months"), _every("annual")]),
    ("Báo cáo quý, 6 tháng, năm", 2024,
     [_every(freq, "Báo cáo") for freq in ("quarterly", "semiannual", "annual")]),
    ("THƯỜNG XUYÊN", 2024, [_continuous("2024-12-31")]),
    ("Thường xuyên, liên tục", 2024, [_continuous("2024-12-31")]),
    ("Thường xuyên trong năm 2025", 2024, [_continuous("2025-12-31")]),
    ("Thường xuyên đến hết năm 2025", 2024, [_continuous("2025-12-31")]),
    ("Ngay sau khi Bộ Nội vụ có hướng dẫn", 2024, [_event("Ngay sau khi Bộ Nội vụ có hướng dẫn")]),
    ("Khi có văn bản hướng dẫn của tỉnh", 2024, [_event("Khi có văn bản hướng dẫn của tỉnh")]),
    ("Trong vòng 15 ngày kể từ khi nhận văn bản", 2024,
     [_event("Trong vòng 15 ngày kể từ khi nhận văn bản")]),
    ("Theo thời hạn đã đăng ký", 2024, [_event("Theo thời hạn đã đăng ký")]),
    ("Theo Quyết định số 15/QĐ-UBND ngày 10/01/2024", 2024,
     [_event("Theo Quyết định số 15/QĐ-UBND ngày 10/01/2024")]),
    ("đột xuất theo quy định", 2024, [_event("đột xuất theo quy định")]),
    ("Báo cáo theo yêu cầu", 2024, [_event("theo yêu cầu", "Báo cáo")]),
    ("Định kỳ hằng quý hoặc đột xuất khi có yêu cầu", 2024, [_every("quarterly")]),
    ("Trước 30/11/2024; đột xuất khi có yêu cầu", 2024,
     [_due("2024-11-30"), _event("đột xuất khi có yêu cầu")]),
    ("Xây dựng Kế hoạch: Quý II/2024; Báo cáo kết quả: Quý I/2025", 2024,
     [_due("2024-06-30", "Xây dựng Kế hoạch"), _due("2025-03-31", "Báo cáo kết quả")]),
    ("- Quý I/2024 ban hành kế hoạch\n- Định kỳ hằng quý báo cáo kết quả", 2024,
     [_due("2024-03-31", "ban hành kế hoạch"), _every("quarterly", "báo cáo kết quả")]),
    ("Quý I/2024 ban hành kế hoạch, báo cáo kết quả trước 15/12/2024", 2024,
     [_due("2024-03-31", "ban hành kế hoạch"), _due("2024-12-15", "báo cáo kết quả")]),
    ("Báo cáo quý I trước ngày 15/3/2024", 2024, [_due("2024-03-15", "Báo cáo quý I")]),
    ("Báo cáo 6 tháng đầu năm trước ngày 15/6/2024", 2024,
     [_due("2024-06-15", "Báo cáo 6 tháng đầu năm")]),
    ("Hạn chót: 30/6/2024", 2024, [_due("2024-06-30")]),
    ("Từ nay đến hết năm 2024", 2024, [_due("2024-12-31")]),
    ("Tháng 6 và tháng 12 hằng năm", 2024, [_every("annual")]),
    ("Định kỳ trước ngày 15 hàng tháng", 2024, [_every("monthly")]),
    ("Định kỳ 6 tháng và cả năm", 2024, [_every("semiannual"), _every("annual")]),
    ("Báo cáo định kỳ (quý, 6 tháng, năm)", 2024,
     [_every(freq, "Báo cáo") for freq in ("quarterly", "semiannual", "annual")]),
    ("Quý I/2024 (ban hành kế hoạch); Quý IV/2024 (báo cáo kết quả)", 2024,
     [_due("2024-03-31", "ban hành kế hoạch"), _due("2024-12-31", "báo cáo kết quả")]),
    ("Tháng 01/2024 (hoặc ngay sau khi có hướng dẫn)", 2024,
     [_due("2024-01-31"), _event("ngay sau khi có hướng dẫn")]),
    ("Ban hành Kế hoạch rà soát (chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch)", 2023,
     [_event("chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch",
             "Ban hành Kế hoạch rà soát")]),
    ("Hội nghị tổng kết: tháng 12/2024 (cùng với Hội nghị thi đua)", 2024,
     [_due("2024-12-31", "Hội nghị tổng kết")]),
    ("Văn phòng - Thống kê tổng hợp, tham mưu", 2024, []),
    ("Trước 31/6/2024", 2024, []),  # no such day: no deadline rather than a guessed one
    ("", 2024, []),
    (None, 2024, []),
]


@pytest.mark.parametrize(("text", "year", "expected"), GENRE, ids=[str(t) for t, _, _ in GENRE])
def test_it_reads_phrases_of_the_genre(text: str | None, year: int, expected: list[dict]) -> None:
    assert _dicts(text, year) == expected


def test_it_keeps_labels_as_printed_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Báo cáo   kết quả:\tQuý IV/2024")
    [item] = parse_schedule(decomposed, 2024)
    assert item.label == "Báo cáo kết quả"
    assert unicodedata.is_normalized("NFC", item.label)


WORDS = """
    Quý quý I II IV II-IV/2023 III,IV/2023 I/2024 1 năm 2024 2023 Tháng tháng 11/2024 12 Trước
    ngày 30/11/2024 05/12 Chậm nhất là vào trong Định kỳ hằng hàng mỗi 6 06 9 tháng/cuộc tháng,
    lần/năm Thường xuyên Sau khi Ngay Theo theo Kế hoạch kế hoạch; của UBND huyện ban hành Báo
    báo cáo kết quả: - – + ; : . , và hoặc đột xuất quy định. Xây dựng Văn phòng Thống kê (cùng
    đơn vị) đầu cuối từ đến hết số 15/KH-UBND Đề án tỉnh Thực hiện Tổ chức liên tục
""".split()
SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", " \n ", "\r\n", "\u2003"])
TOKENS = st.lists(st.sampled_from(WORDS), max_size=24)
YEARS = st.integers(min_value=1990, max_value=2100)


def _joined(tokens: list[str], spaces: list[str]) -> str:
    return spaces[0] + "".join(t + s for t, s in zip(tokens, spaces[1:]))


@st.composite
def respaced_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """The same words, once with single spaces, once with any whitespace runs around them."""
    tokens = draw(TOKENS)
    spaces = draw(st.lists(SPACES, min_size=len(tokens) + 1, max_size=len(tokens) + 1))
    return " ".join(tokens), _joined(tokens, spaces)


def _without_label_case(items: list[ScheduleItem]) -> list[ScheduleItem]:
    """Labels and event texts keep the printed case; compare them lower-cased."""
    return [replace(i, text=i.text and i.text.lower(), label=i.label and i.label.lower())
            for i in items]


@given(st.text(), YEARS)
def test_it_never_raises_on_any_text(text: str, year: int) -> None:
    assert isinstance(parse_schedule(text, year), list)


@given(st.lists(st.sampled_from(WORDS + ["\n", "\u00a0", "\ufeff", "x" * 50]), max_size=60), YEARS)
def test_it_never_raises_on_deadline_like_text(tokens: list[str], year: int) -> None:
    assert isinstance(parse_schedule(" ".join(tokens), year), list)


@given(respaced_pairs(), YEARS)
def test_it_ignores_how_words_are_spaced(pair: tuple[str, str], year: int) -> None:
    plain, respaced = pair
    assert parse_schedule(respaced, year) == parse_schedule(plain, year)


@given(st.text(), YEARS)
def test_it_ignores_spacing_of_any_text(text: str, year: int) -> None:
    respaced = "\n " + re.sub(r"\s+", "\t \n", text) + " \u00a0"
    assert parse_schedule(respaced, year) == parse_schedule(text, year)


@given(TOKENS, YEARS)
def test_it_ignores_case_except_in_labels(tokens: list[str], year: int) -> None:
    text = " ".join(tokens)
    expected = _without_label_case(parse_schedule(text, year))
    assert _without_label_case(parse_schedule(text.upper(), year)) == expected
    assert _without_label_case(parse_schedule(text.lower(), year)) == expected


@given(TOKENS, YEARS)
def test_it_reads_decomposed_text_like_composed(tokens: list[str], year: int) -> None:
    text = " ".join(tokens)
    assert parse_schedule(unicodedata.normalize("NFD", text), year) == parse_schedule(text, year)


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=80), YEARS)
def test_it_reads_decomposed_garbage_like_composed(text: str, year: int) -> None:
    assert parse_schedule(unicodedata.normalize("NFD", text), year) == parse_schedule(
        unicodedata.normalize("NFC", text), year)


@cache
def _megabyte_inputs() -> dict[str, str]:
    rng = random.Random(7)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyQuýTháng0123456789/-–:;,.() \n\u00a0"
    return {
        "random letters": "".join(rng.choice(alphabet) for _ in range(1_000_000)),
        "repeated cell": "Quý I/2024 ban hành kế hoạch; định kỳ hằng quý báo cáo, " * 18_000,
        "dense years": "năm 2024 " * 110_000,
        "colons": ":" * 1_000_000,
        "dashes": " - " * 333_000,
        "link words": "a" + " và" * 330_000 + " Quý I",
        "commas": "a" + " ," * 500_000 + " Quý I",
        "bullets": "- a: " * 200_000,
    }


@pytest.mark.parametrize("name", list(_megabyte_inputs()))
def test_it_reads_a_megabyte_of_garbage_in_bounded_time(name: str) -> None:
    text = _megabyte_inputs()[name]
    started = time.perf_counter()
    parse_schedule(text, 2024)
    assert time.perf_counter() - started < 2.0


_Y = "2026"


@pytest.mark.parametrize(("text", "expected"), [
    # quarter ranges
    ("Quý II - Quý III/2026", [{"kind": "window", "start": f"{_Y}-04-01", "end": f"{_Y}-09-30"}]),
    ("Quý I - Quý IV/2026.", [{"kind": "window", "start": f"{_Y}-01-01", "end": f"{_Y}-12-31"}]),
    ("Từ Quý II đến hết năm 2026", [{"kind": "window", "start": f"{_Y}-04-01",
                                     "end": f"{_Y}-12-31"}]),
    ("Quý II, Quý III/2026", [{"kind": "window", "start": f"{_Y}-04-01", "end": f"{_Y}-09-30"}]),
    # N tháng/lần, M lần/năm
    ("01 tháng/lần", [{"kind": "recurring", "freq": "monthly"}]),
    ("03 tháng/lần", [{"kind": "recurring", "freq": "quarterly"}]),
    ("Định kỳ 03 tháng/lần", [{"kind": "recurring", "freq": "quarterly"}]),
    ("06 tháng/lần.", [{"kind": "recurring", "freq": "semiannual"}]),
    ("12 tháng/lần", [{"kind": "recurring", "freq": "annual"}]),
    ("02 tháng/lần", [{"kind": "recurring", "freq": None}]),
    ("6 tháng một lần", [{"kind": "recurring", "freq": "semiannual"}]),
    ("02 lần/năm", [{"kind": "recurring", "freq": "semiannual"}]),
    # yearly (and monthly) recurring dates
    ("Trước ngày 15/12 hằng năm", [{"kind": "recurring", "freq": "annual"}]),
    ("Hằng năm, trước ngày 20/12", [{"kind": "recurring", "freq": "annual"}]),
    ("Ngày 25 hằng tháng.", [{"kind": "recurring", "freq": "monthly"}]),
    ("Trước ngày 15 của tháng cuối quý", [{"kind": "recurring", "freq": "quarterly"}]),
    ("Trước ngày 14 của tháng cuối kỳ báo cáo", [{"kind": "recurring", "freq": None}]),
    ("Trước ngày 05 tháng sau", [{"kind": "recurring", "freq": "monthly"}]),
    ("Ngày 10 của quý tiếp theo", [{"kind": "recurring", "freq": "quarterly"}]),
    ("Tối thiểu 02 lần/năm", [{"kind": "recurring", "freq": "semiannual"}]),
    # lists of months and of dates
    ("Tháng 3, 6, 9, 12/2026", [{"kind": "due", "date": f"{_Y}-{m}"}
                                for m in ("03-31", "06-30", "09-30", "12-31")]),
    ("Tháng 6 và tháng 12/2026", [{"kind": "due", "date": f"{_Y}-06-30"},
                                  {"kind": "due", "date": f"{_Y}-12-31"}]),
    ("Trước ngày 31/3 và trước ngày 31/12/2026.", [{"kind": "due", "date": f"{_Y}-03-31"},
                                                   {"kind": "due", "date": f"{_Y}-12-31"}]),
    ("Hằng tháng và tháng 12/2026", [{"kind": "recurring", "freq": "monthly"},
                                     {"kind": "due", "date": f"{_Y}-12-31"}]),
])
def test_it_reads_the_deadline_forms_the_seeds_lack(text, expected):
    assert _dicts(text, 2026) == expected


def test_every_deadline_of_the_yardsticks_development_half():
    from tests.yardstick import DEV

    for path in sorted(DEV.glob("*.json")):
        plan = json.loads(path.read_text(encoding="utf-8"))
        for task in plan["tasks"]:
            assert _dicts(task["deadline_text"], plan["meta"]["year"]) == task["schedule"], \
                (path.name, task["deadline_text"])
