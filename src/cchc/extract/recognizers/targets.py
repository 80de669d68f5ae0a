"""Targets (chỉ tiêu): measurable numbers the plan commits to ("tỷ lệ ... từ 98% trở lên")."""

from __future__ import annotations

import re

from cchc.domain.plan import Target
from cchc.domain.vntext import collapse, fold
from cchc.extract.recognizers.areas import area_of_sentence
from cchc.extract.recognizers.indicators import AREA_OF_INDICATOR, indicators_of

_PERCENT = re.compile(r"(?P<v>\d{1,3}(?:[.,]\d+)?)\s*%")
_COUNT = re.compile(
    r"(?P<v>\d{1,3})\s*(?P<u>(?:lần|cuộc|buổi|đợt)\s*/\s*(?:năm|quý|tháng))", re.IGNORECASE
)
_AT_LEAST = re.compile(
    r"(?:từ|đạt|tối thiểu|ít nhất|trên|không dưới|không thấp hơn|hơn|≥|>=)\s*$"
    r"|trở lên|trên\s*$",
    re.IGNORECASE,
)
_AT_MOST = re.compile(r"(?:tối đa|không quá|dưới|không vượt quá|≤|<=)\s*$|trở xuống", re.IGNORECASE)
_ANCHOR = re.compile(r"\b(?:tỷ lệ|tỉ lệ|mức độ|chỉ số)\b", re.IGNORECASE)
_LEAD_VERBS = re.compile(
    r"^(?:phấn đấu|bảo đảm|đảm bảo|đưa|thực hiện|tập trung|đạt)\s+", re.IGNORECASE
)
_NUMBERING = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+")
_PURPOSE = re.compile(r"\b(?:theo hướng|nhằm|bảo đảm|đảm bảo|phấn đấu)\s+", re.IGNORECASE)
_MEANS = re.compile(r"\s+trên cơ sở\b.*$", re.IGNORECASE)


def targets_in(text: str, area: str | None, where: str | None = None) -> list[Target]:
    """Every measurable target in a paragraph or cell; one per clause and indicator."""
    out: list[Target] = []
    for clause in _clauses(text):
        measure = _measure(clause)
        if measure is None:
            continue
        value, unit, start, end = measure
        target_text = _target_text(clause, start)
        comparator = _comparator(clause, start, end)
        for indicator in indicators_of(target_text):
            out.append(
                Target(
                    text=target_text,
                    area=area
                    or AREA_OF_INDICATOR.get(indicator)
                    or area_of_sentence(target_text)
                    or "khac",
                    indicator=indicator,
                    comparator=comparator,
                    value=value,
                    unit=unit,
                    where=where,
                )
            )
    return out


def dedupe(targets: list[Target]) -> list[Target]:
    """One target per (text, indicator); the first place it is stated wins."""
    seen: set[tuple[str, str]] = set()
    out: list[Target] = []
    for t in targets:
        key = (fold(t.text), t.indicator)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _clauses(text: str) -> list[str]:
    text = collapse(text.replace("\n", "; "))
    pieces = re.split(r";\s*|(?<=[a-zà-ỹđ%)])\.\s+(?=[A-ZĐ\u00c0-\u1ef8\d])", text)
    return [p.strip(" .;:-+") for p in pieces if p.strip(" .;:-+")]


def _measure(clause: str) -> tuple[float, str, int, int] | None:
    match = _PERCENT.search(clause)
    if match:
        return float(match["v"].replace(",", ".")), "%", match.start(), match.end()
    match = _COUNT.search(clause)
    if match:
        return float(match["v"]), collapse(match["u"].replace(" ", "")), match.start(), match.end()
    return None


def _target_text(clause: str, number_at: int) -> str:
    """The clause from its subject: from "tỷ lệ"/"mức độ" when it names one, else from the
    comma-separated part holding the number, without a leading verb of intent."""
    head = clause[:number_at]
    anchors = list(_ANCHOR.finditer(head))
    purposes = list(_PURPOSE.finditer(head))
    if anchors:
        text = clause[anchors[0].start() :]
    elif purposes:
        text = clause[purposes[-1].end() :]
    else:
        comma = head.rfind(", ")
        text = clause[comma + 2 :] if comma >= 0 else _NUMBERING.sub("", clause)
        text = _LEAD_VERBS.sub("", text)
    return collapse(_MEANS.sub("", text)).strip(" .;:")


def _comparator(clause: str, start: int, end: int) -> str:
    before, after = clause[max(0, start - 25) : start], clause[end : end + 15]
    if _AT_MOST.search(before) or re.match(r"\s*trở xuống", after):
        return "<="
    if _AT_LEAST.search(before) or re.match(r"\s*trở lên", after):
        return ">="
    return "="
