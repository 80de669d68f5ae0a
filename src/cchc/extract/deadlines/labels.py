"""Labels: what a deadline is for ("Báo cáo kết quả: Quý IV/2024" -> "Báo cáo kết quả").

A segment that opens with words takes each label from the words before its deadline ("Báo cáo
định kỳ hằng Quý"); one that opens with a deadline takes them from the words after it ("Quý I
năm 2024 ban hành kế hoạch"). Labels are sliced from the printed text (NFC, spaces collapsed,
case and diacritics kept) and trimmed of punctuation, of link words left at their edges ("và",
"theo", "trong"), of a trailing "theo quy định", and of an accompaniment ("cùng với Báo cáo CCHC
..."). Words that only say "the deadline is" ("Thực hiện", "Thời gian hoàn thành") are no label.
"""

from __future__ import annotations

import re

from cchc.extract.deadlines.folding import fold_in_place

_EDGE = " -+•*·:;,.~"
_ACCOMPANIMENT = re.compile(r"\(?\s*\bcung\s+(?:voi\b|bao\s+cao\b|ky\s+bao\s+cao\b)")
_LEADING_LINK = re.compile(r"(?:va|hoac|roi)\s+")
_TRAILING_LINK = re.compile(
    r"(?:^|\s)(?:va|hoac|theo|la|vao|trong|den|toi|tu|ke\s+tu|cua|voi|theo\s+(?:dung\s+)?quy\s+dinh"
    r"(?:\s+hien\s+hanh)?)$")
_NOT_A_LABEL = {"thuc hien", "hoan thanh", "hoan thanh xong", "thoi gian", "thoi han", "han",
                "han chot", "thoi gian thuc hien", "thoi gian hoan thanh", "thoi han thuc hien",
                "thoi han hoan thanh", "tien do", "tien do thuc hien", "tien do hoan thanh",
                "toi thieu", "it nhat", "toi da", "khong qua"}  # "Tối thiểu 02 lần/năm"
_LINK_WORDS = {"va", "hoac", "roi", "theo", "la", "vao", "trong", "den", "toi", "tu", "cua", "voi"}
# Words that open a qualifier, not an object: "Thường xuyên trong năm 2024 và theo kế hoạch".
_NOT_OBJECT_START = {"va", "hoac", "theo", "den", "toi", "tren", "doi", "cua", "nham", "khi"}


def slot_labels(text: str, start: int, spans: list[tuple[int, int]]) -> list[str | None]:
    """The label of each deadline at `spans` (in order) of the segment `text[start:]`."""
    bounds = [start, *(edge for span in spans for edge in span), len(text)]
    gaps = [text[bounds[k]:bounds[k + 1]] for k in range(0, len(bounds), 2)]
    if has_words(gaps[0]):
        return _labels_before(gaps)
    return _labels_after(gaps)


def _labels_before(gaps: list[str]) -> list[str | None]:
    """ "Báo cáo kết quả định kỳ 6 tháng, hàng năm": a deadline right after another shares its
    label."""
    labels: list[str | None] = []
    for gap in gaps[:-1]:
        labels.append(clean_label(gap) if has_words(gap) else labels[-1])
    return labels


def _labels_after(gaps: list[str]) -> list[str | None]:
    """ "Quý I/2024 ban hành kế hoạch, báo cáo kết quả trước 15/12/2024": words between two
    deadlines, the second one ending the segment, are cut in two at the last "," or "và"."""
    count = len(gaps) - 1
    labels: list[str | None] = [None] * count
    k = 0
    while k < count:
        pair = split_two(gaps[k + 1]) if k + 1 < count and not has_words(gaps[k + 2]) else None
        if pair:
            labels[k], labels[k + 1] = label_after(pair[0]), clean_label(pair[1])
            k += 2
        else:
            labels[k] = label_after(gaps[k + 1])
            k += 1
    return labels


def clean_label(text: str) -> str | None:
    """The label in `text`, or None when nothing but link words and punctuation is left."""
    folded = fold_in_place(text)
    cut = _ACCOMPANIMENT.search(folded)
    if cut:
        text, folded = text[: cut.start()], folded[: cut.start()]
    start, end = 0, len(text)
    while True:
        before = (start, end)
        while start < end and (folded[start] in _EDGE or folded[start] == ")"):
            start += 1
        while end > start and (folded[end - 1] in _EDGE or folded[end - 1] == "("):
            end -= 1
        link = _LEADING_LINK.match(folded, start, end)
        if link:
            start = link.end()
        tail = _TRAILING_LINK.search(folded, max(start, end - 40), end)
        if tail:
            end = tail.start()
        if (start, end) == before:
            break
    label = text[start:end]
    if not label or folded[start:end] in _NOT_A_LABEL or folded[start:end] in _LINK_WORDS:
        return None
    return label


def label_after(text: str) -> str | None:
    """The label printed right after a deadline ("Quý I/2024 ban hành kế hoạch"), if it is one."""
    if text.lstrip()[:1] in (",", ";"):  # "Thường xuyên trong năm, theo Kế hoạch ..." qualifies it
        return None
    inner = text.strip(_EDGE)
    if inner.startswith("(") and inner.endswith(")") and inner.count("(") == 1:
        inner = inner[1:-1]  # "Quý I/2024 (ban hành kế hoạch)"
    elif inner.startswith("("):
        return None
    first_word = fold_in_place(inner.lstrip(_EDGE)).split(" ", 1)[0]
    if first_word in _NOT_OBJECT_START:
        return None
    return clean_label(inner)


def split_two(text: str) -> tuple[str, str] | None:
    """ "ban hành kế hoạch và triển khai" -> ("ban hành kế hoạch", "triển khai")."""
    folded = fold_in_place(text).rstrip()
    comma = folded.rfind(",")
    if comma > 0:
        return text[:comma], text[comma + 1:]
    conjunction = folded.rfind(" va ")
    if conjunction < 0:
        return None
    return text[:conjunction], text[conjunction + len(" va "):]


def has_words(text: str) -> bool:
    return any(char.isalnum() for char in text)
