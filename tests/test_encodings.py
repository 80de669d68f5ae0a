"""Text in UTF-8, UTF-16 and the legacy Vietnamese encodings (Windows-1258, TCVN3, VNI) comes
back as the same Unicode text; anything else is refused with a clear message."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
import unicodedata

import pytest

from cchc.errors import InputError
from cchc.extract.readers import read_document
from cchc.extract.readers.encoding import TCVN3_TABLE, decode_text, from_legacy_font
from tests import legacy_encoders
from tests.helpers import SEEDS

UNRECOGNIZED = r"^{}: không nhận ra bảng mã \(không phải UTF-8, Windows-1258, TCVN3 hay VNI\)$"
# toned vowels TCVN3 has no capitals for: one code for both cases, so case is a guess
ONE_CASE_IN_TCVN3 = {c for c in TCVN3_TABLE[0xA0:] if c.islower()
                     and c.upper() not in TCVN3_TABLE}


def original(seed) -> str:
    return unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s.stem)
def test_it_reads_every_seed_saved_in_windows_1258(seed):
    assert decode_text(legacy_encoders.windows_1258(original(seed)), seed.name) == original(seed)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s.stem)
def test_it_reads_every_seed_saved_in_vni(seed):
    assert decode_text(legacy_encoders.vni(original(seed)), seed.name) == original(seed)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s.stem)
def test_it_reads_every_seed_saved_in_tcvn3_with_capitals_where_the_text_is_in_capitals(seed):
    text = original(seed)
    decoded = decode_text(legacy_encoders.tcvn3(text), seed.name)
    assert decoded.lower() == text.lower()
    assert all(d == t or t.lower() in ONE_CASE_IN_TCVN3 for d, t in zip(decoded, text))
    capital_lines = [(d, t) for d, t in zip(decoded.split("\n"), text.split("\n"))
                     if t.isupper() and any(c.lower() in ONE_CASE_IN_TCVN3 for c in t)]
    assert all(d == t for d, t in capital_lines)


def test_it_restores_capitals_between_words_in_capitals():
    line = "II. NHIỆM VỤ CỤ THỂ VÀ TRÁCH NHIỆM**1. Cải cách thể chế, Hà Nội, UBND Hà Tĩnh"
    assert decode_text(legacy_encoders.tcvn3(line), "x.txt") == line


def test_it_reads_a_text_seed_in_a_legacy_encoding_into_the_same_document(tmp_path):
    seed = SEEDS[3]
    legacy = tmp_path / "tcvn3.txt"
    legacy.write_bytes(legacy_encoders.vni(original(seed)))
    assert read_document(legacy).text_lines() == read_document(seed).text_lines()


def test_it_decodes_well_known_legacy_strings():
    expected = "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert decode_text(b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam", "a.txt") \
        == expected
    assert decode_text("Coäng hoaø xaõ hoäi chuû nghóa Vieät Nam".encode("cp1252"), "b.txt") \
        == expected


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv (glibc) is not installed")
def test_its_tcvn3_table_agrees_with_glibc_iconv():
    high = bytes(range(0xA0, 0x100))
    converted = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=high,
                               capture_output=True, check=True).stdout.decode()
    assert converted == TCVN3_TABLE[0xA0:]


def test_it_converts_text_typed_in_a_legacy_font_but_saved_as_utf8():
    tcvn3_as_latin1 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam"
    assert decode_text(tcvn3_as_latin1.encode("utf-8"), "a.txt") == \
        "Cộng hoà xã hội chủ nghĩa Việt Nam"
    for unicode_text in ("Cộng hòa", "Café à Paris, élève", "HÒA"):
        assert from_legacy_font(unicode_text) == unicode_text


def test_it_reads_utf8_with_and_without_bom_and_utf16_with_bom():
    text = original(SEEDS[0])
    assert decode_text(text.encode("utf-8"), "a.txt") == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.txt") == text
    assert decode_text(text.encode("utf-16"), "a.txt") == text  # Python writes the BOM


def test_it_forgives_a_utf8_file_cut_in_the_middle_of_a_letter():
    data = "Kế hoạch cải cách hành chí".encode("utf-8")
    assert decode_text(data[:-1], "cut.txt") == "Kế hoạch cải cách hành ch"


@pytest.mark.parametrize("name, data", [
    ("russian.txt", ("Административная реформа на 2024 год. " * 20).encode("koi8-r")),
    ("japanese.txt", ("行政改革計画 " * 50).encode("shift_jis")),
    ("french.txt", ("Réforme: les élèves étaient très contents à Noël. " * 20).encode("latin-1")),
    ("noise.txt", random.Random(7).randbytes(4000).replace(b"\0", b"\1")),
    ("binary.txt", b"PNG-like\x00\x00\x01 data"),
])
def test_it_refuses_text_in_another_encoding(name, data):
    with pytest.raises(InputError, match=UNRECOGNIZED.format(name.replace(".", r"\."))):
        decode_text(data, name)


def test_it_detects_an_encoding_quickly():
    data = legacy_encoders.tcvn3(original(SEEDS[2]))
    started = time.perf_counter()
    decode_text(data, "x.txt")
    assert time.perf_counter() - started < 1.0
