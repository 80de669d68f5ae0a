"""Scanned copies of printed plans, for tests and benchmarks: what a commune office sends after
signing and stamping the plan and feeding it through a scanner.

`scan_pages` rasterizes a PDF with poppler's pdftoppm at the scanner's resolution and spoils
each page the way a scanner does: a small skew (alternating direction, as sheets go in), grey
noise, JPEG compression, and optionally a quarter turn (a landscape page fed the other way).
`build_scan` writes the pages as a PDF of images with no text layer; `write_images` as PNG,
JPEG or (multi-page) TIFF files.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from cchc.errors import InputError

_EPOCH = time.gmtime(1_704_067_200)  # 2024-01-01, fixed: the same scan gives the same bytes


def scan_pages(pdf: str | Path, *, dpi: int = 200, skew: float = 0.8, noise: float = 8.0,
               quality: int = 60, turns: dict[int, int] | None = None,
               pages: Iterable[int] | None = None, seed: int = 0) -> list[np.ndarray]:
    """Grayscale page images of `pdf` as a scanner gives them. `turns` maps a page number
    (1-based) to a clockwise quarter turn (90, 180, 270); `pages` picks pages."""
    rng = np.random.default_rng(seed)
    out = []
    for number, page in enumerate(_rasterize(pdf, dpi), start=1):
        if pages is not None and number not in pages:
            continue
        angle = skew * (1 if number % 2 else -0.6) * rng.uniform(0.5, 1.0)
        h, w = page.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        page = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_CUBIC,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=255)
        page = np.clip(page + rng.normal(0, noise, page.shape), 0, 255).astype(np.uint8)
        turn = (turns or {}).get(number)
        if turn:
            page = cv2.rotate(page, {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
                                     270: cv2.ROTATE_90_COUNTERCLOCKWISE}[turn])
        _, jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, quality])
        out.append(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE))
    return out


def build_scan(pdf: str | Path, out_path: str | Path, *, dpi: int = 200, **spoil) -> Path:
    """A PDF of JPEG page images (no text layer) scanned from `pdf` (see `scan_pages`)."""
    images = [Image.fromarray(page) for page in scan_pages(pdf, dpi=dpi, **spoil)]
    out_path = Path(out_path)
    images[0].save(out_path, "PDF", save_all=True, append_images=images[1:], resolution=dpi,
                   quality=spoil.get("quality", 60), title="scan", creationDate=_EPOCH,
                   modDate=_EPOCH)
    return out_path


def write_images(pages: list[np.ndarray], out_path: str | Path, dpi: int = 200) -> Path:
    """The pages as one image file: a multi-page TIFF for .tif/.tiff, else the first page."""
    out_path = Path(out_path)
    images = [Image.fromarray(page) for page in pages]
    if out_path.suffix.lower() in (".tif", ".tiff"):
        images[0].save(out_path, save_all=True, append_images=images[1:], dpi=(dpi, dpi),
                       compression="tiff_deflate")
    else:
        images[0].save(out_path, dpi=(dpi, dpi))
    return out_path


def _rasterize(pdf: str | Path, dpi: int) -> list[np.ndarray]:
    with tempfile.TemporaryDirectory(prefix="cchc-scan-") as folder:
        try:
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf),
                            f"{folder}/page"], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise InputError(f"{Path(pdf).name}: pdftoppm (Debian poppler-utils) could not "
                             f"rasterize it ({exc})") from None
        return [cv2.imread(str(p), cv2.IMREAD_GRAYSCALE)
                for p in sorted(Path(folder).glob("page*.png"))]
