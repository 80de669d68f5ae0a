"""The OCR engine: Tesseract with its Vietnamese model, run as a program on one page image.

Its hOCR output gives every word with its box and confidence, and every line with its
baseline and font size. One process per page, limited to one thread (OpenMP threads cost
more than they give on a page; pages run in parallel instead).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from lxml import etree

from cchc.errors import InputError

LANGUAGE = "vie"
PACKAGES = "tesseract-ocr và tesseract-ocr-vie"  # Debian package names
TIMEOUT_SECONDS = 120  # one page; a hung engine must not hang an import
_TITLE = re.compile(r"(\w+) ([^;]+)")


class OcrUnavailable(InputError):
    """The OCR engine or its Vietnamese model is not installed."""


class OcrFailed(InputError):
    """The OCR engine stopped with an error on a page."""


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels
    confidence: float  # 0-100
    baseline: float  # y of the line's baseline under this word
    size: float  # the line's font size in pixels (ascender to descender)


@dataclass(frozen=True)
class Engine:
    program: str
    version: str

    def words(self, gray: np.ndarray, dpi: int, psm: int = 3) -> list[Word]:
        """Every word Tesseract reads on a grayscale page image."""
        return _hocr_pages(self._run(["stdin"], _pgm(gray), dpi, psm, "hocr"))[0]

    def words_of_images(self, images: list[np.ndarray], dpi: int, psm: int,
                        language: str = LANGUAGE) -> list[list[Word]]:
        """The words of several small images (cells cut out of a page), in one run."""
        with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as folder:
            paths = []
            for i, image in enumerate(images):
                path = Path(folder) / f"{i}.pgm"
                path.write_bytes(_pgm(image))
                paths.append(str(path))
            listing = Path(folder) / "images.txt"
            listing.write_text("\n".join(paths) + "\n")
            pages = _hocr_pages(self._run([str(listing)], b"", dpi, psm, "hocr",
                                          language=language))
        return pages + [[] for _ in range(len(images) - len(pages))]

    def orientation(self, gray: np.ndarray, dpi: int) -> tuple[int, float]:
        """Tesseract's guess of how far the page is turned (0, 90, 180, 270 clockwise) and
        its confidence."""
        try:
            out = self._run(["stdin"], _pgm(gray), dpi, 0, language="osd").decode()
        except OcrFailed:
            return 0, 0.0  # too little text to tell: leave the page as it is
        found = dict(re.findall(r"^([A-Za-z ]+): ([\d.]+)$", out, re.M))
        return int(float(found.get("Rotate", 0))), float(found.get("Orientation confidence", 0))

    def _run(self, image: list[str], data: bytes, dpi: int, psm: int, *configs: str,
             language: str = LANGUAGE) -> bytes:
        result = subprocess.run(
            [self.program, *image, "stdout", "-l", language, "--dpi", str(dpi), "--psm",
             str(psm), *configs],
            input=data, capture_output=True, timeout=TIMEOUT_SECONDS,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=False)
        if result.returncode != 0:
            lines = result.stderr.decode(errors="replace").strip().splitlines()
            raise OcrFailed(f"bộ nhận dạng chữ (OCR) bị lỗi ({lines[-1] if lines else result.returncode})")
        return result.stdout


def _pgm(gray: np.ndarray) -> bytes:
    """A grayscale image as a binary PGM file, which Tesseract reads without a decoder."""
    return f"P5\n{gray.shape[1]} {gray.shape[0]}\n255\n".encode() + \
        np.ascontiguousarray(gray, np.uint8).tobytes()


def engine() -> Engine:
    """The installed engine, or OcrUnavailable naming the packages to install."""
    return _engine(shutil.which("tesseract"))


@cache
def _engine(program: str | None) -> Engine:
    if program is None:
        raise OcrUnavailable(f"chưa cài nhận dạng chữ (OCR): hãy cài các gói Debian {PACKAGES}")
    languages = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                               check=False).stdout.split()
    if LANGUAGE not in languages:
        raise OcrUnavailable(f"nhận dạng chữ (OCR) chưa có mô hình tiếng Việt: hãy cài gói "
                             f"Debian tesseract-ocr-{LANGUAGE}")
    version = subprocess.run([program, "--version"], capture_output=True, text=True,
                             check=False).stdout.split("\n")[0]
    return Engine(program, version)


def _title(node) -> dict[str, str]:
    return dict(_TITLE.findall(node.get("title", "")))


def _box(value: str) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = (int(v) for v in value.split())
    return x0, y0, x1, y1


def _hocr_pages(hocr: bytes) -> list[list[Word]]:
    """The words of each page of Tesseract's hOCR output."""
    root = etree.fromstring(hocr, etree.XMLParser(recover=True, resolve_entities=False))
    return [_hocr_words(page) for page in root.iter()
            if page.get("class") == "ocr_page"]


def _hocr_words(page) -> list[Word]:
    words = []
    for line in page.iter():
        if not str(line.get("class", "")).startswith("ocr_") or "x_size" not in \
                line.get("title", ""):
            continue
        title = _title(line)
        x0, _, _, y1 = _box(title["bbox"])
        slope, offset = (float(v) for v in title.get("baseline", "0 0").split())
        size = float(title["x_size"])
        for word in line:
            text = unicodedata.normalize("NFC", "".join(word.itertext()).strip())
            if word.get("class") != "ocrx_word" or not text:
                continue
            w_title = _title(word)
            box = _box(w_title["bbox"])
            middle = (box[0] + box[2]) / 2
            words.append(Word(text, box, float(w_title.get("x_wconf", 0)),
                              y1 + offset + slope * (middle - x0), size))
    return words
