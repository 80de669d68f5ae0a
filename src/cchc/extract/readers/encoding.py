"""Decoding text files: UTF-8 (with or without BOM), UTF-16 with BOM, and the legacy Vietnamese
encodings old plans still come in:

- Windows-1258: Vietnamese Windows' code page; tone marks are combining characters.
- TCVN3 (TCVN 5712:1993 VN3, "ABC", the .VnTime fonts): one byte per letter, lower case
  only for toned vowels (capitals were drawn with the .VnTimeH fonts).
- VNI-Windows (the VNI-Times fonts): a base letter followed by a byte for its marks.

A file that is not UTF-8 is decoded every legacy way and the decoding whose words are most
often valid Vietnamese syllables wins. Text typed in a legacy font but saved as UTF-8 (Word
keeps .VnTime text as the Latin-1 characters of its bytes) is converted the same way.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from cchc.domain.vntext import nfc
from cchc.errors import InputError

SAMPLE_CHARS = 50_000  # decodings are scored on this much text
MIN_SCORE = 0.75  # share of non-ASCII words that must be Vietnamese syllables

# -- TCVN3 ---------------------------------------------------------------------------------
# bytes 0xA0-0xFF (TCVN 5712:1993; 0x80-0x9F are Windows-1252 punctuation, as Word writes)
_TCVN3_HIGH = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
_CP1252_LOW = bytes(range(0x80, 0xA0)).decode("cp1252", errors="replace")
TCVN3_TABLE = "".join(map(chr, range(0x80))) + _CP1252_LOW + _TCVN3_HIGH

# -- VNI ------------------------------------------------------------------------------------
# letters that are one byte in VNI, and mark bytes following a vowel (as combining marks)
_VNI_LETTERS = str.maketrans("ôÔöÖñÑæÆóÓòÒ", "ơƠưƯđĐỉỈĩĨịỊ")
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT, "â": _CIRCUMFLEX,
    "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE, "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT, "ê": _BREVE,
    "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}
VNI_MARKS |= {mark.upper(): combining for mark, combining in VNI_MARKS.items()}
_VNI_MARKED = re.compile("([aeiouyơưAEIOUYƠƯ])([" + "".join(VNI_MARKS) + "])")

# -- scoring ---------------------------------------------------------------------------------
_TONES = frozenset((_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT))
_SYLLABLE = re.compile(
    "(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    "(iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iu|iê|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|"
    "ya|yê|[aăâeêioôơuưy])"
    "(ch|ng|nh|[cmnpt])?")
_WORD = re.compile(r"[^\W\d_]+")
_PUNCTUATION = frozenset("\u00a0“”‘’–—…•·°§«»€₫×±")
_LEGACY_HINT = re.compile("[µ¸¶¹¨»¾¼½Æ©ÇÈËªÌÐÎÏÑÒÓÖ×ØÜÞßåæçëîïñöøûüþ]")


def decode_text(data: bytes, source: str) -> str:
    """Bytes of a text export -> NFC Unicode text, or InputError naming the problem."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return nfc(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise _unrecognized(source) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise _unrecognized(source)
    try:
        return from_legacy_font(nfc(_utf8(data)))
    except UnicodeDecodeError:
        pass
    decodings = [nfc(data.decode("cp1258", errors="replace")), tcvn3(data), vni(data)]
    score, text = max(((_score(text), text) for text in decodings), key=lambda st: st[0])
    if score < MIN_SCORE:
        raise _unrecognized(source)
    return text


def tcvn3(data: bytes) -> str:
    """TCVN3 bytes -> NFC text; capitals of toned vowels restored in upper-case words."""
    return _restore_capitals(nfc(codecs.charmap_decode(data, "replace", TCVN3_TABLE)[0]))


def vni(data: bytes) -> str:
    """VNI-Windows bytes -> NFC text."""
    text = data.decode("cp1252", errors="replace").translate(_VNI_LETTERS)
    return nfc(_VNI_MARKED.sub(lambda m: m[1] + VNI_MARKS[m[2]], text))


def from_legacy_font(text: str) -> str:
    """Text typed in a TCVN3 or VNI font but stored as the Latin-1 characters of its bytes,
    converted to Vietnamese; any other text is returned unchanged."""
    if not _LEGACY_HINT.search(text):
        return text
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:  # real Vietnamese letters (ạ, ơ, đ...): already Unicode
        return text
    best = max((tcvn3(raw), vni(raw)), key=_score)
    return best if _score(best) > max(_score(text), MIN_SCORE) else text


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether `word` is spelled like a Vietnamese syllable (one tone mark at most)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    base = nfc("".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None


def _score(text: str) -> float:
    """Share of non-ASCII words that are Vietnamese syllables, counting stray symbols and
    control characters as failures; 1.0 when there is nothing to judge."""
    sample = text[:SAMPLE_CHARS]
    words = [w for w in _WORD.findall(sample) if not w.isascii()]
    stray = sum(1 for c in sample if (c >= "\x80" and not c.isalpha() and not c.isspace()
                                      and c not in _PUNCTUATION)
                or (c < " " and c not in "\t\n\r\f\v"))
    judged = len(words) + stray
    return sum(map(is_syllable, words)) / judged if judged else 1.0


def _utf8(data: bytes) -> str:
    """UTF-8, forgiving only a character cut off at the very end (a truncated file)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[:exc.start].decode("utf-8")
        raise


_NO_CAPITAL = frozenset(c for c in _TCVN3_HIGH if c.islower() and c.upper() not in _TCVN3_HIGH)


def _restore_capitals(text: str) -> str:
    """Upper-case the toned vowels TCVN3 has no capitals for, where the text around them is
    in capitals: a whole line whose other letters are, a word whose other letters are (two
    at least), or a word between two such words ("NHIỆM Vụ Cụ THỂ" -> "NHIỆM VỤ CỤ THỂ")."""
    if not any(c in _NO_CAPITAL for c in text):
        return text
    return "\n".join(_restore_line(line) for line in text.split("\n"))


def _restore_line(line: str) -> str:
    if _case(line) == "caps":
        return line.upper()
    words = list(_WORD.finditer(line))
    cases = [_case(m[0]) for m in words]

    def neighbour(i: int, step: int) -> str | None:
        i += step
        while 0 <= i < len(cases) and cases[i] == "maybe":
            i += step
        return cases[i] if 0 <= i < len(cases) else None

    out, end = [], 0
    for i, (match, case) in enumerate(zip(words, cases)):
        if case == "caps" or (case == "maybe" and neighbour(i, -1) == neighbour(i, 1) == "caps"):
            out += [line[end:match.start()], match[0].upper()]
            end = match.end()
    return "".join(out) + line[end:]


def _case(text: str) -> str:
    """"caps": its letters TCVN3 can write in both cases are capitals, two at least; "maybe":
    they are capitals but fewer than two; else "other"."""
    sure = [c for c in text if c.isalpha() and c not in _NO_CAPITAL]
    if not all(c.isupper() for c in sure):
        return "other"
    return "caps" if len(sure) >= 2 else "maybe"


def _unrecognized(source: str) -> InputError:
    return InputError(f"{source}: không nhận ra bảng mã "
                      "(không phải UTF-8, Windows-1258, TCVN3 hay VNI)")
