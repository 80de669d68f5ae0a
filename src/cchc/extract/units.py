"""Unit normalizer: a unit as printed in a lead or partner cell (cơ quan chủ trì / phối hợp)
-> a canonical unit or class of units (đơn vị / nhóm đơn vị) from data/units.yaml.

The printed text is folded to words (no case, diacritics, dashes, punctuation, notes) and
reduced step by step: bullets, "Các", "Công chức", "có liên quan", a name printed twice,
"X tại Y" to Y, place names after a level word ("UBND xã Hương Trà" to "UBND xã"). Each
reduction, least reduced first, is looked up exactly among the aliases (score 100); when none
is found, a typo of an alias is accepted at FUZZY_CUTOFF similarity and the same level words.
Anything else stays unknown (unit_id None): a wrong unit is worse than none, so there is no
loose "contains" lookup ("Văn phòng UBNDatỉnh" must not become the commune office).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from cchc.domain.plan import UnitRef
from cchc.domain.vntext import collapse, fold
from cchc.errors import CchcError

FUZZY_CUTOFF = 92.0  # "Tài chánh - Kế toán" scores 94; "Sở Ngoại vụ" vs "Sở Nội vụ" only 90
FUZZY_MIN_CHARS = 10  # shorter text ("CCBC") is never typo-corrected
_MAX_VARIANTS = 64
_LEVEL_PLACEHOLDER = "{level}"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it

_PARENS = re.compile(r"\([^)]*\)?")  # notes: "( trên CSDL Quốc gia )", also unclosed at the end
_BULLET = re.compile(r"^\s*(?:[-+•*·]+|\d+(?:\.\d+)*[.)]|[a-zđ][.)])\s*", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")
_CONNECTORS = frozenset({"va"})  # "và"; "&" and dashes are punctuation
# Word pairs where a level word ("xã", "quận") is part of another word: "xã hội", "cơ quan".
_NOT_A_LEVEL = frozenset({("xa", "hoi"), ("co", "quan"), ("lien", "quan"), ("hai", "quan")})

Words = tuple[str, ...]


class VocabularyError(CchcError):
    """The unit vocabulary file is malformed or gives one alias to two units."""


@dataclass(frozen=True)
class Unit:
    """A canonical unit (đơn vị) or class of units (nhóm đơn vị) of the vocabulary."""

    id: str
    name: str
    level: str  # xa | huyen | tinh | any
    is_class: bool = False
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None  # last day it existed
    successor: str | None = None  # the unit that took it over (2025 mergers)
    note: str | None = None


def _words(text: str) -> Words:
    """Folded words of a name: no case, diacritics, punctuation, bullet, notes or "và"."""
    text = _PARENS.sub(" ", _BULLET.sub("", collapse(text)))
    return tuple(w for w in _NON_WORD.split(fold(text.casefold())) if w and w not in _CONNECTORS)


class _Abbreviations:
    """Rewrites long forms to their short form ("ủy ban nhân dân" -> "ubnd") on folded words."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self._short = {" ".join(_words(long)): " ".join(_words(short))
                       for short, longs in table.items() for long in longs if _words(long)}
        alternatives = "|".join(re.escape(k) for k in sorted(self._short, key=len, reverse=True))
        self._pattern = re.compile(rf"\b(?:{alternatives})\b") if self._short else None

    def contract(self, ws: Words) -> Words:
        if self._pattern is None:
            return ws
        text = " ".join(ws)
        for _ in range(3):  # a short form may complete a longer one: "ủy ban" + "mttq"
            shorter = self._pattern.sub(lambda m: self._short[m.group()], text)
            if shorter == text:
                break
            text = shorter
        return tuple(text.split())


class UnitVocabulary:
    """Canonical units and classes with their aliases, and the matcher over them."""

    def __init__(self, units: list[Unit], levels: dict[str, list[str]],
                 abbreviations: dict[str, list[str]], noise: dict[str, list[str]]) -> None:
        self._units = {u.id: u for u in units}
        self._levels = levels
        self._abbr = _Abbreviations(abbreviations)
        self._leading = [_words(w) for w in noise.get("leading", [])]
        self._trailing = [_words(w) for w in noise.get("trailing", [])]
        self._location = {w for phrase in noise.get("location", []) for w in _words(phrase)}
        self._level_phrases = self._level_phrases_by_last_word()
        self._exact: dict[Words, str] = {}  # contracted words -> unit id
        self._plain: dict[str, str] = {}  # folded text -> unit id, for fuzzy matching
        self._index(units)
        self._fuzzy_choices = sorted(self._plain, key=len)
        self._fuzzy_lengths = [len(c) for c in self._fuzzy_choices]

    @classmethod
    def load(cls, path: str | Path | None = None) -> UnitVocabulary:
        """Read a vocabulary file (format: top of data/units.yaml); default: the packaged one."""
        if path is None:
            where = "units.yaml"
            text = resources.files("cchc.extract").joinpath("data/units.yaml").read_text("utf-8")
        else:
            where, text = str(path), Path(path).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_YAML_LOADER) or {}
        levels = data.get("levels") or {}
        units = [_unit(entry, levels, where) for entry in data.get("units") or []]
        return cls(units, levels, data.get("abbreviations") or {}, data.get("noise") or {})

    @property
    def units(self) -> list[Unit]:
        return list(self._units.values())

    def get(self, unit_id: str) -> Unit:
        return self._units[unit_id]

    def match(self, text: str) -> UnitRef:
        """The canonical unit a printed unit name means; unit_id None when unknown."""
        printed = collapse(text)
        variants: list[Words] = []
        found: tuple[str, float] | None = None
        for variant in self._variants(_words(printed)):
            variants.append(variant)
            key = self._abbr.contract(variant)
            if key in self._exact:
                found = self._exact[key], 100.0
                break
        else:
            found = self._fuzzy_match(variants)
        if found is None:
            return UnitRef(text=printed)
        unit = self._units[found[0]]
        return UnitRef(text=printed, unit_id=unit.id, name=unit.name, is_class=unit.is_class,
                       score=found[1])

    def names_one_unit(self, text: str) -> bool:
        """Whether the printed text is one unit's name as a whole, up to noise words ("Các",
        "có liên quan"): unlike `match`, no place name or "X tại Y" is cut away, so two names
        glued together ("Trạm Y tế xã Ban Chỉ huy Quân sự") are not one."""
        queue = [_words(collapse(text))]
        for ws in queue:
            if self._abbr.contract(ws) in self._exact:
                return True
            queue += [r for r in self._noise_reductions(ws) if r and r not in queue]
        return False

    def match_all(self, items: list[str]) -> list[UnitRef]:
        return [self.match(item) for item in items]

    # -- index -------------------------------------------------------------------------------

    def _index(self, units: list[Unit]) -> None:
        """Explicit aliases first; then level forms ("Sở Nội vụ tỉnh"), unless two units
        claim the same form: that form is ambiguous and matches neither."""
        generated: list[tuple[str, str]] = []
        for unit in units:
            for alias in (unit.name, *unit.aliases):
                if _LEVEL_PLACEHOLDER not in alias:
                    self._add_explicit(alias, unit.id)
                generated += [(form, unit.id) for form in self._level_forms(alias, unit.level)]
        exact_claims: dict[Words, set[str]] = {}
        plain_claims: dict[str, set[str]] = {}
        for form, unit_id in generated:
            ws = _words(form)
            exact_claims.setdefault(self._abbr.contract(ws), set()).add(unit_id)
            plain_claims.setdefault(" ".join(ws), set()).add(unit_id)
        for index, claims in ((self._exact, exact_claims), (self._plain, plain_claims)):
            for key, ids in claims.items():
                if key not in index and len(ids) == 1:
                    index[key] = next(iter(ids))

    def _level_forms(self, alias: str, level: str) -> list[str]:
        level_words = self._levels.get(level, [])
        if _LEVEL_PLACEHOLDER in alias:
            return [alias.replace(_LEVEL_PLACEHOLDER, w) for w in level_words]
        return [f"{alias} {w}" for w in level_words]

    def _add_explicit(self, alias: str, unit_id: str) -> None:
        ws = _words(alias)
        other = self._exact.setdefault(self._abbr.contract(ws), unit_id)
        if other != unit_id:
            raise VocabularyError(f"unit vocabulary: alias {alias!r} of {unit_id} "
                                  f"already names {other}")
        self._plain[" ".join(ws)] = unit_id

    def _level_phrases_by_last_word(self) -> dict[str, list[Words]]:
        """Level phrases ("thị trấn", "tp"...) by their last word, longest first."""
        phrases = {_words(w) for ws in self._levels.values() for w in ws}
        phrases |= {self._abbr.contract(p) for p in phrases}
        out: dict[str, list[Words]] = {}
        for phrase in sorted(phrases, key=len, reverse=True):
            out.setdefault(phrase[-1], []).append(phrase)
        return out

    # -- reductions of the printed text --------------------------------------------------------

    def _variants(self, ws: Words) -> Iterator[Words]:
        """The words, then their reductions, least reduced first."""
        queue, seen = [ws], {ws}
        for current in queue:
            yield current
            for reduced in self._reductions(current):
                if reduced and reduced not in seen and len(queue) < _MAX_VARIANTS:
                    seen.add(reduced)
                    queue.append(reduced)

    def _reductions(self, ws: Words) -> Iterator[Words]:
        """Shorter readings of the same name, each one step from `ws`."""
        yield from self._noise_reductions(ws)
        for n in range(1, len(ws) // 2 + 1):  # a name printed twice over merged cells
            if ws[:n] == ws[n:2 * n]:
                yield ws[n:]
        for i, w in enumerate(ws[1:-1], start=1):
            if w in self._location:  # "X tại Y": Y
                yield ws[i + 1:]
        for end, _ in reversed(self._level_marks(ws)):  # "UBND xã Hương Trà": "UBND xã"
            if end < len(ws) and not self._names_a_unit(ws[end:]):
                yield ws[:end]

    def _noise_reductions(self, ws: Words) -> Iterator[Words]:
        """ `ws` without a leading ("các", "công chức") or trailing ("có liên quan") noise word."""
        for phrase in self._leading:
            if ws[:len(phrase)] == phrase:
                yield ws[len(phrase):]
        for phrase in self._trailing:
            if len(ws) > len(phrase) and ws[-len(phrase):] == phrase:
                yield ws[:-len(phrase)]

    def _level_marks(self, ws: Words) -> list[tuple[int, Words]]:
        """(end, level phrase) for each level word, the longest phrase where several end."""
        marks = []
        for end, w in enumerate(ws, start=1):
            if (end < len(ws) and (w, ws[end]) in _NOT_A_LEVEL) or (
                    end > 1 and (ws[end - 2], w) in _NOT_A_LEVEL):
                continue
            for phrase in self._level_phrases.get(w, ()):
                if ws[max(0, end - len(phrase)):end] == phrase:
                    marks.append((end, phrase))
                    break
        return marks

    def _names_a_unit(self, ws: Words) -> bool:
        c = self._abbr.contract(ws)
        return any(c[i:j] in self._exact for i in range(len(c)) for j in range(i + 1, len(c) + 1))

    # -- typo-tolerant matching -------------------------------------------------------------------

    def _fuzzy_match(self, variants: list[Words]) -> tuple[str, float] | None:
        best: tuple[str, float] | None = None
        for ws in variants:
            text = " ".join(ws)
            if len(text) < FUZZY_MIN_CHARS:
                continue
            for choice, score, _ in process.extract(text, self._fuzzy_candidates(len(text)),
                                                    scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                                    limit=3):
                if self._same_levels(ws, tuple(choice.split())):
                    if best is None or score > best[1]:
                        best = self._plain[choice], score
                    break
        return best

    def _fuzzy_candidates(self, length: int) -> list[str]:
        """Aliases whose length lets them reach FUZZY_CUTOFF against `length` characters."""
        shortest = FUZZY_CUTOFF / (200 - FUZZY_CUTOFF)  # ratio <= 2 * short / (short + long)
        lo = bisect_left(self._fuzzy_lengths, length * shortest)
        hi = bisect_right(self._fuzzy_lengths, length / shortest)
        return self._fuzzy_choices[lo:hi]

    def _same_levels(self, a: Words, b: Words) -> bool:
        return [p for _, p in self._level_marks(a)] == [p for _, p in self._level_marks(b)]


def _unit(entry: Any, levels: dict[str, list[str]], where: str) -> Unit:
    if not isinstance(entry, dict):
        raise VocabularyError(f"{where}: unit {entry!r} is not a mapping")
    missing = [k for k in ("id", "name", "level") if k not in entry]
    if missing:
        raise VocabularyError(f"{where}: unit {entry!r} lacks {', '.join(missing)}")
    unit = Unit(id=entry["id"], name=entry["name"], level=entry["level"],
                is_class=bool(entry.get("is_class", False)),
                aliases=tuple(entry.get("aliases") or ()),
                valid_from=entry.get("valid_from"), valid_to=entry.get("valid_to"),
                successor=entry.get("successor"), note=entry.get("note"))
    if unit.level != "any" and unit.level not in levels:
        raise VocabularyError(f"{where}: unit {unit.id}: unknown level {unit.level!r}")
    return unit


@cache
def default_vocabulary() -> UnitVocabulary:
    """The packaged vocabulary, loaded once."""
    return UnitVocabulary.load()
