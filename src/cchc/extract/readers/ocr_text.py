"""What Tesseract typically gets wrong in a Vietnamese plan, corrected only where the right
reading is certain; every correction is listed, so the reader can report it.

- Characters Vietnamese does not use: "Ð" (Icelandic eth) is "Đ"; "|" is a table line.
- Case inside a word: "nghiỆp", "sỞ" are "nghiệp", "sở" (a capital after a small letter is no
  Vietnamese spelling; acronyms start with their capitals); an all-capital word made only of
  letters whose capital has the small letter's shape ("SỞ", "CƠ") among small words is
  "Sở", "Cơ".
- Syllables run together: a word that is no Vietnamese syllable but splits into two in exactly
  one way is split ("SởTư" -> "Sở Tư", "giảmtối" -> "giảm tối").
- The vocabulary (data/ocr_words.yaml, unit names): a stretch that differs from a phrase only by
  diacritics, look-alike capitals, missing spaces or "]" for "ị" becomes the phrase
  ("Thường xuyền" -> "Thường xuyên", "đơn v]" -> "đơn vị").
- Numbers: a quarter after "Quý" is I-IV ("Quý 11/2024" -> "Quý II/2024"; "Quý 1" stays: plans
  also write quarters in Arabic numerals); the symbol parts of a document number
  ("4951/QD-UBND" -> "4951/QĐ-UBND"); "O" and "l" among the digits of a date ("2O/l2/2023").
Anything else stays as read; low-confidence readings of numbers are reported by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from cchc.domain.vntext import fold

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEI = ("iêu yêu oai oay oeo uây uôi ươi ươu uya uyê uyu oao ai ao au ay âu ây eo êu ia iê "
           "iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê a ă â e ê i o ô ơ u ư y")
_CLOSED_NUCLEI = ("uyê", "iê", "yê", "uô")  # never end a syllable: "quyết", not "quyế"
_CODA = "(?:ch|nh|ng|c|m|n|p|t)"
_SYLLABLE = re.compile(
    rf"^{_ONSET}(?:(?:{'|'.join(n for n in _NUCLEI.split() if n not in _CLOSED_NUCLEI)})"
    rf"{_CODA}?|(?:{'|'.join(_CLOSED_NUCLEI)}){_CODA})$")
_LOOK_ALIKE = "cosuvwxz"  # letters whose capital has their shape (with any marks: "ở", "Ở")
# signs Vietnamese print does not use, read for those it does ("—" for "–", "Ñ" for "N"); a
# ruling line read as "|" is no text
_LOOK_ALIKE_SIGNS = str.maketrans({"Ð": "Đ", "ð": "đ", "—": "–", "Ñ": "N", "ñ": "n", "|": " "})
_BRACKET_I = re.compile(r"([^\W\d_]+)\]([,.;:]?)")
_EVERY = re.compile(r"^[Hh]ãng$")
_MAX_GLUED = 3  # syllables read as one word, at most
_PERIODS = {"ngày", "tuần", "tháng", "quý", "năm", "kỳ"}
_PER_TIMES = re.compile(r"^((?:ngày|tuần|tháng|quý|năm)/)l[aâăàầằảẩẳãẫẵáấắạậặ]n(\W*)$")
_ROUNDS = re.compile(  # "đợt/năm" after a count, its "t/" read as "ư" or its mark misread
    r"^[đĐ][oóòỏõọôốồổỗộơớờởỡợ][tư]/?(ngày|tuần|tháng|quý|năm)(\W*)$")
_COUNT_GLUED = re.compile(r"^(\d{1,2})((?:lần|đợt)/(?:ngày|tuần|tháng|quý|năm)\W*)$")
_RULE_AFTER = re.compile(r"(?<=[^\W_])_+$")  # a rule's ink read as "_" after a word: "2024_"
_CAPITALS_CONFUSED = ({"C", "G"}, {"D", "Đ"}, {"O", "Q"})  # in an acronym: "TTHG" for "TTHC"
EDGES = re.compile(r"^([^\wĐđ]*)(.*?)([^\wĐđ]*)$")  # punctuation before, word, punctuation after
QUARTER_WORD = re.compile(r"^qu[yý]$", re.IGNORECASE)  # "Quý", as OCR reads it
_QUARTER = re.compile(r"^(?P<n>[1lIVH|]{1,3}[VvY]?)(?P<rest>(?:[/,.;:-].*)?)$")
_SLASH_LOST = re.compile(r"^([1lI|]{1,3})(20\d\d\W*)$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_DATE = re.compile(r"^(?=.*\d.*\d)[0-9OolI]{1,2}/[0-9OolI]{1,2}/[0-9OolI]{4}$")
_DOCUMENT_NUMBER = re.compile(r"^(?P<no>\d+)(?P<sep>[/-])(?P<rest>[\w/-]+)$")
_SLASH_LOST_NUMBER = re.compile(r"^(?P<no>\d+)(?P<rest>(?P<kind>[A-ZĐ][A-Za-zĐ]+)-[\w/-]+)$")
_LIST_NUMBER = re.compile(r"^(\d{1,3}),$")
_BULLETS = ("-", "+", "•", "*")


@dataclass
class Corrected:
    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)  # (read, corrected)


def correct(text: str, unsure: Collection[str] = ()) -> Corrected:
    """One line (or a cell's item) of OCR text, corrected where certain. A letter or mark is
    changed only in the words of `unsure` (read with low confidence): a word read with
    confidence is taken as printed, typos included."""
    text = unicodedata.normalize("NFC", text)
    out = Corrected(text)
    tokens = text.translate(_LOOK_ALIKE_SIGNS).replace("/⁄", "/").replace("⁄", "/").split()
    tokens = [_RULE_AFTER.sub("", token) for token in tokens if token.strip("`´_")]
    if tokens and tokens[0][:1] in "'‘" and not any(q in text[1:] for q in "'’‘"):
        tokens[0] = tokens[0][1:] or tokens[0]  # a speck read as a quote no quote closes
    if "[" not in text:  # "v]" -> "vị": a bracket no bracket opened is an "ị"
        tokens = [_dotted_i(token) for token in tokens]
    tokens = _fix_tokens(_fix_counts(tokens))
    tokens = _fix_phrases(tokens, unsure)
    tokens = _fix_numbers(tokens)
    tokens = _fix_every(tokens)
    corrected = " ".join(tokens)
    if _LIST_NUMBER.match(corrected):
        corrected = corrected[:-1] + "."
    if corrected != " ".join(text.split()):
        out.changes = _changed_words(text.split(), corrected.split())
    out.text = corrected
    return out


def is_syllable(word: str) -> bool:
    """Whether `word` (letters only) is a well-formed Vietnamese syllable, one tone at most."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.match(base))


# -- words ---------------------------------------------------------------------------------

def _fix_tokens(tokens: list[str]) -> list[str]:
    split: list[str] = []
    for token in tokens:
        lead, core, trail = EDGES.match(token).groups()
        ell = "/".join(_ell(_echo_letter(part)) for part in core.split("/"))  # "tháng/Iần"
        if ell.isalpha() and ell.isupper() and not _marked(ell):
            split.append(lead + _acronym(ell) + trail)
        elif ell.isalpha():
            split += _reattach(lead, _split_glued(_fix_case_inside(ell)), trail)
        else:
            split.append(lead + ell + trail)
    return [_quieted(token, split, i) for i, token in enumerate(split)]


def _quieted(token: str, tokens: list[str], i: int) -> str:
    """The token in small letters after its first if it is a capitalized word shouting among
    small ones (see _shouting)."""
    lead, core, trail = EDGES.match(token).groups()
    if core.isalpha() and _shouting(core, tokens, i):
        return lead + core[0] + core[1:].lower() + trail
    return token


def _dotted_i(token: str) -> str:
    match = _BRACKET_I.fullmatch(token)
    if match and is_syllable(match[1].lower() + "ị"):
        return match[1] + "ị" + match[2]
    return token


def _echo_letter(word: str) -> str:
    """"NNăm" -> "Năm", "Traả" -> "Trả": a letter read twice (once without its mark) in a
    word that makes no syllable, where the word without it makes one; the marked one stays."""
    if len(word) < 3 or not word.isalpha() or word.isupper() or is_syllable(word):
        return word  # capitals: acronyms and numerals ("VII", "TTHC")
    for i in range(len(word) - 1):
        a, b = word[i], word[i + 1]
        if fold(a).lower() == fold(b).lower():
            kept = word[:i] + word[i + 1:] if a == fold(a) else word[:i + 1] + word[i + 2:]
            if is_syllable(kept):
                return kept
    return word


def _ell(word: str) -> str:
    """"Iần", "1ần" -> "lần": a capital I (or a 1 before letters with Vietnamese marks, not
    "1a") before small letters that make no syllable, where an l makes one (Tesseract's
    commonest confusion in Vietnamese text)."""
    rest = word[1:]
    if len(word) > 1 and rest.isalpha() and rest.islower() and not is_syllable(word) and \
            (word[0] == "I" or word[0] == "1" and not rest.isascii()) and \
            is_syllable("l" + rest):
        return "l" + rest
    return word


def _acronym(word: str) -> str:
    """"TTHG" -> "TTHC", "TTIHC" -> "TTHC": a word in capitals that is no acronym of the
    genre but one of them with one capital OCR confuses (C/G, D/Đ, O/Q) or with an "I" read
    in the middle (the edge of an H), when only one is; four letters at least ("BTG" and
    "BTC" are two bodies)."""
    known = _acronyms()
    if word in known or len(word) < 4:
        return word
    near = [k for k in known if len(k) == len(word) and
            [{a, b} for a, b in zip(k, word) if a != b] in ([pair] for pair in _CAPITALS_CONFUSED)]
    near += [k for k in known if len(k) == len(word) - 1 and len(k) >= 4 and any(
        word[i] == "I" and word[:i] + word[i + 1:] == k for i in range(1, len(word) - 1))]
    return near[0] if len(near) == 1 else word


def _fix_case_inside(word: str) -> str:
    """"nghiỆp" -> "nghiệp"; "SởTư" is left for splitting."""
    turn = next((i for i in range(1, len(word)) if word[i - 1].islower() and word[i].isupper()),
                None)
    if turn is None or not is_syllable(word):
        return word
    return word[:turn] + word[turn:].lower()


def _split_glued(word: str) -> list[str]:
    """Two or three syllables read as one word ("quyếthồsơ"), when the fewest syllables it
    splits into can be had one way only."""
    if is_syllable(word) or not _has_vietnamese_marks(word) or len(word) < 3:
        return [word]
    for parts in range(2, _MAX_GLUED + 1):
        splits = _syllables(word, parts)
        if splits:
            return splits[0] if len(splits) == 1 else [word]
    return [word]


def _syllables(word: str, parts: int) -> list[list[str]]:
    """Every way to cut `word` into `parts` well-cased syllables (of two letters at least when
    more than two: "QUYẼÊN" is no "QUY Ẽ ÊN")."""
    return _cuts(word, parts, 2 if parts > 2 else 1)


def _cuts(word: str, parts: int, shortest: int) -> list[list[str]]:
    if parts == 1:
        return [[word]] if is_syllable(word) and _well_cased(word) and \
            len(word) >= shortest else []
    return [[word[:i], *rest] for i in range(shortest, len(word))
            if is_syllable(word[:i]) and _well_cased(word[:i])
            for rest in _cuts(word[i:], parts - 1, shortest)]


def _well_cased(word: str) -> bool:
    """Small letters, or a capital then small letters, or capitals only."""
    return word.islower() or word.isupper() or word[0].isupper() and word[1:].islower()


def _marked(word: str) -> bool:
    """Whether the word carries a tone or a vowel mark (acronyms carry none, "Đ" aside)."""
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word))


def _has_vietnamese_marks(word: str) -> bool:
    return _marked(word) or "đ" in word.lower()


def _shouting(word: str, tokens: list[str], i: int) -> bool:
    """An all-capital word of look-alike letters between small words: "Các SỞ, ban"."""
    if len(word) < 2 or not word.isupper() or any(fold(c) not in _LOOK_ALIKE for c in word) \
            or not is_syllable(word):
        return False
    neighbours = [EDGES.match(t).group(2) for t in tokens[max(0, i - 1):i] + tokens[i + 1:i + 2]]
    return any(n.isalpha() and n.islower() for n in neighbours)


def _reattach(lead: str, parts: list[str], trail: str) -> list[str]:
    parts = list(parts)
    parts[0] = lead + parts[0]
    parts[-1] = parts[-1] + trail
    return parts


# -- phrases -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]  # as the vocabulary spells them
    key: str  # folded, without spaces


@cache
def _vocabulary() -> dict[str, list[_Phrase]]:
    """Phrases by the folded form of their first word; folds claimed by two spellings dropped."""
    units = yaml.safe_load(_data("units.yaml"))
    texts = list(yaml.safe_load(_data("ocr_words.yaml"))["phrases"])
    for unit in units.get("units") or []:
        texts += [unit["name"], *(unit.get("aliases") or [])]
    for longs in (units.get("abbreviations") or {}).values():
        texts += longs
    by_key: dict[str, set[str]] = {}
    for text in texts:
        words = tuple(text.split())
        if len(words) >= 2 and "{" not in text:
            by_key.setdefault(_key(words), set()).add(" ".join(words).lower())
    phrases: dict[str, list[_Phrase]] = {}
    seen: set[str] = set()
    for text in texts:
        words = tuple(text.split())
        key = _key(words)
        if len(words) < 2 or "{" in text or len(by_key.get(key, ())) != 1 or key in seen:
            continue
        seen.add(key)
        phrases.setdefault(_fold_word(words[0])[:2], []).append(_Phrase(words, key))
    return phrases


@cache
def _acronyms() -> frozenset[str]:
    """The genre's acronyms: units.yaml's abbreviations and the document symbols."""
    abbreviations = yaml.safe_load(_data("units.yaml"))["abbreviations"]
    return frozenset(k for k in abbreviations if k.isupper()) | frozenset(_symbols().values())


@cache
def _symbols() -> dict[str, str]:
    return {fold(s).upper(): s for s in yaml.safe_load(_data("ocr_words.yaml"))["symbols"]}


def _data(name: str) -> str:
    return resources.files("cchc.extract").joinpath(f"data/{name}").read_text("utf-8")


def _fold_word(word: str) -> str:
    """Letters (a "]" read for "ị" counts as "i") and commas, folded."""
    return re.sub(r"[^\w,]", "", fold(word.replace("]", "i")))


def _key(words: tuple[str, ...]) -> str:
    return "".join(_fold_word(w) for w in words)


def _fix_phrases(tokens: list[str], unsure: Collection[str]) -> list[str]:
    """Stretches of tokens whose letters fold to a vocabulary phrase take its letters (a letter
    or mark changes only in a word read with low confidence, `unsure`); the spaces and
    punctuation stay as read, but for the spaces missing between its words."""
    vocabulary = _vocabulary()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        match = _phrase_at(tokens, i, vocabulary)
        respelled = match and _respell(match[0].words, tokens[i:i + match[1]], unsure)
        if not respelled:
            out.append(tokens[i])
            i += 1
            continue
        out += " ".join(respelled).split()
        i += match[1]
    return out


def _phrase_at(tokens: list[str], i: int, vocabulary) -> tuple[_Phrase, int] | None:
    """The longest phrase the tokens from i on spell (a bullet before it and punctuation
    after it aside), with the number of tokens it takes."""
    best = None
    stretch = [tokens[i][len(EDGES.match(tokens[i]).group(1)):], *tokens[i + 1:]]
    for phrase in vocabulary.get(_fold_word(stretch[0])[:2], []):
        folded = ""
        for used, token in enumerate(stretch[:len(phrase.words)], start=1):
            if phrase.key in (folded + _fold_word(token),
                              folded + _fold_word(EDGES.match(token).group(2))):
                if best is None or len(phrase.key) > len(best[0].key):
                    best = (phrase, used)
                break
            folded += _fold_word(token)
            if not phrase.key.startswith(folded):
                break
    return best


def _respell(words: tuple[str, ...], tokens: list[str],
             unsure: Collection[str]) -> list[str] | None:
    """The tokens with the phrase's letters, or None when that would change a letter or mark
    of a word OCR was sure of. Case: capitals throughout when the stretch was read in
    capitals; else as read, but for letters whose capital has their shape inside a word,
    which take the phrase's case. A space goes where the phrase has one between two words
    that were read run together."""
    letters = [(c, k == 0 or w[k - 1] == " ") for w in [" ".join(words)]
               for k, c in enumerate(w) if c.isalnum()]
    shouting = all(c.isupper() for t in tokens for c in t if c.isalpha())
    out, j = [], 0
    for token in tokens:
        spelled = ""
        for r in token:
            if not (r.isalnum() or r == "]") or j >= len(letters):
                spelled += r
                continue
            c, starts_word = letters[j]
            j += 1
            if starts_word and spelled[-1:].isalpha() and \
                    any(x.islower() for x in spelled) and c.islower():
                spelled += " "  # two words run together ("SởTư"), not an acronym ("VHXH")
            if shouting:
                spelled += c.upper()
            elif not r.isalpha() or fold(c) in _LOOK_ALIKE and not starts_word:
                spelled += c
            else:
                spelled += c.upper() if r.isupper() else c.lower()
        if _tones(spelled) == _tones(token):
            spelled = token  # "hoá" and "hóa" are one spelling, tone placed two ways
        elif spelled.replace(" ", "").lower() != token.lower() and "]" not in token and \
                EDGES.match(token).group(2) not in unsure:
            return None
        out.append(spelled)
    return out


def _tones(text: str) -> tuple[str, str]:
    """Letters without tone marks, and the tone marks in order: equal for the two placements
    of a tone ("hoá", "hóa")."""
    decomposed = unicodedata.normalize("NFD", text)
    return (unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)),
            "".join(c for c in decomposed if c in _TONES))


# -- numbers -------------------------------------------------------------------------------

def _fix_every(tokens: list[str]) -> list[str]:
    """The words of a frequency: "Hãng tháng" -> "Hằng tháng" (before a period, "hằng" whose
    breve and grave read as one tilde; "hàng" has no mark a tilde could come from) and
    "tháng/lẩn" -> "tháng/lần" (after a period and a slash only "lần" is written)."""
    out = []
    for i, token in enumerate(tokens):
        if _EVERY.match(token) and i + 1 < len(tokens) and \
                EDGES.match(tokens[i + 1]).group(2).lower() in _PERIODS:
            token = token[0] + "ằ" + token[2:]
        elif match := _PER_TIMES.match(token):
            token = match[1] + "lần" + match[2]
        out.append(token)
    return out


def _fix_counts(tokens: list[str]) -> list[str]:
    """ "02 đọưnăm" -> "02 đợt/năm" (after a count, a word of đ, o and t before a period is
    "đợt", its "t/" read as "ư"), "02lần/năm" -> "02 lần/năm"; before words are split, which
    would cut "đọưnăm" into syllables."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        if i and tokens[i - 1].isdigit() and (match := _ROUNDS.match(token)):
            token = token[0] + "ợt/" + match[1] + match[2]
        elif match := _COUNT_GLUED.match(token):  # the space after the count lost
            out.append(match[1])
            token = match[2]
        out.append(token)
    return out


def _fix_numbers(tokens: list[str]) -> list[str]:
    out = list(tokens)
    for i, token in enumerate(tokens):
        lead, core, trail = EDGES.match(token).groups()
        if i and QUARTER_WORD.match(EDGES.match(tokens[i - 1]).group(2)):
            out[i] = _quarter(token)
        elif _DATE.match(core):
            out[i] = lead + core.translate(str.maketrans("OolI", "0011")) + trail
        elif (number := _DOCUMENT_NUMBER.match(core)) and not number["rest"].isdigit():
            out[i] = lead + number["no"] + number["sep"] + _symbol_parts(number["rest"]) + trail
        elif (number := _SLASH_LOST_NUMBER.match(core)) and \
                fold(number["kind"]).upper() in _symbols():  # "05KH-UBND": "/" lost
            out[i] = lead + number["no"] + "/" + _symbol_parts(number["rest"]) + trail
    return out


def _quarter(token: str) -> str:
    """The quarter numeral after "Quý": "11/2024" -> "II/2024", "1V" -> "IV"; "1" stays. An
    "H" is two strokes read as one letter, or one stroke and a smudge: "IIH" can only be III,
    "H" alone (I or II) stays."""
    token = _SLASH_LOST.sub(r"\1/\2", token)  # "12024" -> "1/2024"
    match = _QUARTER.match(token)
    if not match:
        return token
    numeral = match["n"].translate(str.maketrans("1l|vY", "IIIVV"))
    readings = {numeral.replace("H", "I"), numeral.replace("H", "II")} & _ROMAN.keys()
    if len(readings) != 1 or readings == {"I"} and match["n"] != "I":
        return token
    return readings.pop() + match["rest"]


def _symbol_parts(rest: str) -> str:
    symbols = _symbols()
    parts = re.split(r"([/-])", rest)
    return "".join(symbols.get(fold(p).upper(), p) if p not in "/-" else p for p in parts)


def _changed_words(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """The words that changed, paired roughly (for a report, not for rewriting)."""
    from difflib import SequenceMatcher

    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op != "equal":
            out.append((" ".join(before[i1:i2]), " ".join(after[j1:j2])))
    return out


# -- list items ----------------------------------------------------------------------------

_ORDERS = ("abcdđeghiklmnopqrstuvxy", "abcdđefghijklmnopqrstuvwxyz")  # Vietnamese, Latin
_ITEM = re.compile(r"^(?:[-–]\s+)?([a-zđ])\)\s")  # "d) ", or "- d) " with a speck read "-"
# an item letter OCR could not read: "ø) ", "ï) ", "- 8) " ("g)", "i)", "g)"), or one capital
# alone before a capitalized word, its parenthesis lost: "Đ Thường xuyên" ("f)"), "Ù Triển
# khai" ("l)")
_ONE_LETTER_WORDS = {"Ở", "Y", "Ý", "À", "Á", "Ạ", "Ơ", "Ờ", "Ừ", "Ư"}  # "Ở cấp xã ..."
_UNREAD_ITEM = re.compile(r"^(?:[-–]\s+)?(?:[^\w\s(][)]|\d[)]|[^\W\d_a-zđ][)]?)\s+(?=[^\W\d_])")


def relabel_list_items(texts: list[str]) -> dict[int, str]:
    """Paragraphs (by index) whose item letter was misread, with the letter the lettered list
    around them leaves for it: "e) …", "ø) …", "h) …" gives "g) …" (Vietnamese order), when
    the letters before and after leave exactly that many places in one order, or both orders
    agree."""
    marks = []
    for i, text in enumerate(texts):
        if known := _ITEM.match(text):
            marks.append((i, known.group(1)))
        elif _UNREAD_ITEM.match(text) and text.split()[0] not in _ONE_LETTER_WORDS:
            marks.append((i, None))
    out: dict[int, str] = {}
    for k, (_, letter) in enumerate(marks):
        if letter is None:
            continue
        run = []
        for j in range(k + 1, len(marks)):
            if marks[j][1] is not None:
                break
            run.append(marks[j][0])
        if not run:
            continue
        after = marks[k + len(run) + 1][1] if k + len(run) + 1 < len(marks) else None
        read = [_UNREAD_ITEM.match(texts[index]).group().strip("-– ") for index in run]
        if (after is None or after == "a") and any(r[:1].isdigit() for r in read):
            continue  # "3) ..." after a list's last item may be a list of its own
        letters = _between(letter, None if after == "a" else after, len(run), read)
        for index, fill in zip(run, letters or []):
            rest = _UNREAD_ITEM.sub("", texts[index], count=1)
            out[index] = f"{fill}) {rest}"
    return out


def _between(before: str, after: str | None, count: int, read: list[str]) -> str | None:
    """The letters between `before` and `after` (None: the list ends) in the one order that
    leaves `count` places; when the orders differ, the one whose letters fold to what was read
    ("ï)" is "i)")."""
    options = set()
    for order in _ORDERS:
        if before not in order or after is not None and after not in order:
            continue
        start = order.index(before) + 1
        if after is None or order.index(after) - start == count:
            options.add(order[start:start + count])
    options = {o for o in options if len(o) == count}
    if len(options) > 1:
        options = {o for o in options
                   if all(fold(r)[:1] == letter for r, letter in zip(read, o))}
    return options.pop() if len(options) == 1 else None


_ROMAN_QUARTER = re.compile(r"\b[Qq]uý\s+(?:II|III|IV)\b")
_ARABIC_QUARTER = re.compile(r"\b[Qq]uý\s+[234]\b")
_QUARTER_ONE = re.compile(r"\b([Qq]uý\s+)1\b(?!\s*[,.]\d)")


def quarters_as_written(texts: list[str]) -> dict[int, str]:
    """Texts (by index) whose "Quý 1" OCR read for "Quý I", in a document that writes its other
    quarters in Roman numerals and none in Arabic ones (a plan numbers its quarters one way)."""
    if not any(map(_ROMAN_QUARTER.search, texts)) or any(map(_ARABIC_QUARTER.search, texts)):
        return {}
    return {i: _QUARTER_ONE.sub(r"\1I", text) for i, text in enumerate(texts)
            if _QUARTER_ONE.search(text)}

