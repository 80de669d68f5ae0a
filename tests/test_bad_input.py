"""Hostile and broken files: each is refused with a one-line message naming the file and the
reason, in bounded time, and (through the CLI, in a process with capped memory) in bounded
memory."""

from __future__ import annotations

import io
import re
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from cchc.errors import InputError
from cchc.extract.fixtures import build_docx
from cchc.extract.readers import read_document
from tests.helpers import SEEDS

SECONDS = 2.0
MEMORY_CAP = 1536 * 2**20  # address space of the CLI process reading a hostile file
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def refused(path: Path) -> str:
    """The message read_document refuses `path` with, checking it came within SECONDS."""
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert time.perf_counter() - started < SECONDS
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path.name}: ")
    return message


def cli_refusal(path: Path) -> str:
    """`cchc parse path` in a process with capped memory: exit code 2 and a one-line error."""
    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    done = subprocess.run([sys.executable, "-c", "from cchc.cli import app; app()", "parse",
                           str(path)], capture_output=True, text=True, timeout=60,
                          preexec_fn=cap_memory)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    return done.stderr.strip()


def docx_bytes(document_xml: bytes | None, **more: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org'
                                                '/package/2006/content-types"/>')
        if document_xml is not None:
            package.writestr("word/document.xml", document_xml)
        for name, data in more.items():
            package.writestr(name, data)
    return buffer.getvalue()


def zip_of_zeros(name: str, declared: int, inflates_to: int) -> bytes:
    """A zip whose one member inflates to `inflates_to` zero bytes, declaring `declared`.

    The deflate stream repeats one independently compressed block of 1 MiB of zeros, so
    gigabytes take a few kilobytes and no time to build."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(2**20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = block * (inflates_to // 2**20) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc, encoded = 0, name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data),
                        declared, len(encoded), 0) + encoded
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data),
                          declared, len(encoded), 0, 0, 0, 0, 0, 0) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central),
                      len(local) + len(data), 0)
    return local + data + central + end


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["plan.docx", "plan.pdf", "plan.txt", "plan.doc"])
def test_it_refuses_an_empty_file(tmp_path, name):
    assert refused(write(tmp_path, name, b"")) == f"{name}: tệp rỗng"


def test_it_refuses_a_truncated_docx(tmp_path):
    whole = build_docx(SEEDS[0], tmp_path / "whole.docx").read_bytes()
    cut = write(tmp_path, "cut.docx", whole[: len(whole) // 2])
    assert refused(cut) == "cut.docx: tệp .docx bị hỏng (không phải tệp nén zip đầy đủ)"


@pytest.mark.parametrize("name, reason", [
    ("plan.docx", "tệp không phải văn bản Word .docx (bị hỏng, hoặc là loại tệp khác mang "
                  "đuôi '.docx')"),
    ("plan.doc", "tệp không phải văn bản Word .doc (bị hỏng, hoặc là loại tệp khác mang "
                 "đuôi '.doc')"),
    ("plan.txt", "không nhận ra bảng mã (không phải UTF-8, Windows-1258, TCVN3 hay VNI)"),
])
def test_it_refuses_garbage_bytes(tmp_path, name, reason):
    garbage = bytes(range(1, 256)) * 40
    assert refused(write(tmp_path, name, garbage)) == f"{name}: {reason}"


def test_it_refuses_a_garbage_pdf(tmp_path):
    for name, data in [("noise.pdf", bytes(range(1, 256)) * 40),
                       ("broken.pdf", b"%PDF-1.7\n" + bytes(range(1, 256)) * 40)]:
        assert refused(write(tmp_path, name, data)).startswith(
            f"{name}: tệp PDF bị hỏng hoặc không phải PDF (")


def test_it_refuses_a_txt_in_a_foreign_encoding(tmp_path):
    russian = ("Административная реформа на 2024 год. " * 30).encode("koi8-r")
    assert refused(write(tmp_path, "plan.txt", russian)) == \
        "plan.txt: không nhận ra bảng mã (không phải UTF-8, Windows-1258, TCVN3 hay VNI)"


@pytest.mark.parametrize("name, content, what, expected", [
    ("plan.txt", b"PK\x03\x04rest", "tệp nén zip (.docx, .xlsx hoặc .zip)", "tệp văn bản thuần"),
    ("plan.pdf", b"PK\x03\x04rest", "tệp nén zip (.docx, .xlsx hoặc .zip)", "văn bản PDF"),
    ("plan.docx", b"%PDF-1.7\nrest", "văn bản PDF", "văn bản Word .docx"),
    ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
     "tệp Office cũ (.doc, .xls) hoặc tệp .docx có mật khẩu", "văn bản Word .docx"),
    ("plan.html", b"%PDF-1.4\nrest", "văn bản PDF", "trang HTML"),
])
def test_it_says_what_a_misnamed_file_really_is(tmp_path, name, content, what, expected):
    ext = name[name.index("."):]
    assert refused(write(tmp_path, name, content)) == \
        f"{name}: tệp là {what}, không phải {expected} như đuôi '{ext}' cho biết"


def test_it_refuses_a_50_mb_file_without_reading_it(tmp_path):
    huge = tmp_path / "huge.docx"
    with huge.open("wb") as handle:
        handle.truncate(50 * 2**20)  # sparse: nothing to read would be fast either way
    assert refused(huge) == "huge.docx: tệp nặng 50 MB, quá giới hạn 25 MB của một văn bản " \
                            "kế hoạch"


def test_it_refuses_a_zip_bomb(tmp_path):
    bomb = write(tmp_path, "bomb.docx", zip_of_zeros("word/document.xml", declared=3 * 2**30,
                                                     inflates_to=3 * 2**30))
    assert bomb.stat().st_size < 5 * 2**20
    expected = "bomb.docx: tệp .docx giãn nở quá 256 MB (bom zip?)"
    assert refused(bomb) == expected
    assert cli_refusal(bomb) == f"lỗi: {expected}"


def test_it_stops_inflating_a_part_that_lies_about_its_size(tmp_path):
    liar = write(tmp_path, "liar.docx", zip_of_zeros("word/document.xml", declared=1000,
                                                     inflates_to=2 * 2**30))
    message = refused(liar)
    assert message.startswith("liar.docx: tệp .docx bị hỏng (word/document.xml: ")
    assert cli_refusal(liar) == f"lỗi: {message}"


def test_it_refuses_a_part_compressed_beyond_what_xml_allows(tmp_path):
    dense = write(tmp_path, "dense.docx", zip_of_zeros("word/document.xml", declared=40 * 2**20,
                                                       inflates_to=40 * 2**20))
    assert re.fullmatch(r"dense\.docx: word/document\.xml giãn nở \d+ lần từ \d+ byte "
                        r"\(bom zip\?\)", refused(dense))


def test_it_refuses_a_docx_without_a_document(tmp_path):
    empty = write(tmp_path, "empty.docx", docx_bytes(None, **{"word/styles.xml": b"<x/>"}))
    assert refused(empty) == "empty.docx: không phải văn bản Word (tệp .docx không có " \
                             "word/document.xml)"


@pytest.mark.parametrize("name, prolog, entity", [
    ("laughs.docx", '<!DOCTYPE d [<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>",
     "&j;"),
    ("xxe.docx", '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
])
def test_it_refuses_xml_with_entity_declarations(tmp_path, name, prolog, entity):
    xml = (f'<?xml version="1.0"?>{prolog}<w:document xmlns:w="{W}"><w:body><w:p><w:r>'
           f"<w:t>{entity}</w:t></w:r></w:p></w:body></w:document>").encode()
    hostile = write(tmp_path, name, docx_bytes(xml))
    expected = f"{name}: word/document.xml khai báo DTD, điều Word không bao giờ làm " \
               "(tấn công mở rộng thực thể?)"
    assert refused(hostile) == expected
    assert cli_refusal(hostile) == f"lỗi: {expected}"


def test_it_refuses_malformed_xml(tmp_path):
    broken = write(tmp_path, "broken.docx", docx_bytes(f'<w:document xmlns:w="{W}"><w:body>'
                                                       "<w:p>".encode()))
    assert refused(broken).startswith("broken.docx: tệp .docx bị hỏng (word/document.xml: ")


def test_it_bounds_a_cell_claiming_to_span_a_billion_columns(tmp_path):
    xml = (f'<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr><w:tc><w:tcPr>'
           '<w:gridSpan w:val="999999"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
           "</w:tr></w:tbl></w:body></w:document>").encode()
    (table,) = read_document(write(tmp_path, "wide.docx", docx_bytes(xml))).tables()
    assert table.rows[0].cells == ["1"] + [""] * 63
