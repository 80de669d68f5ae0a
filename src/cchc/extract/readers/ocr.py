"""OCR as a reader step: PDF pages that are only an image (a scan) and image files (.png,
.jpg, .tif) are read by Tesseract's Vietnamese model into the lines and tables the text PDF
reader lays out (readers/ocr_page.py does one page).

Pages are read in parallel, one engine process per core, and each result is kept in a cache
keyed by the file's content, the page, the engine's version and this pipeline's code, so a
plan read again (a draft re-checked after an edit, a second test run) costs nothing. Progress
is reported page by page (readers/progress.py). Without the engine a scanned PDF is refused
with one line naming the packages to install; a PDF with some text pages keeps them and
reports the image pages it could not read.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib.util import find_spec
from pathlib import Path

from cchc.domain.findings import Finding
from cchc.errors import InputError
from cchc.extract.document import Document
from cchc.extract.readers import progress

MIN_DPI, MAX_DPI = 200, 300  # pages are read at their scan resolution within these bounds
PYTHON_EXTRA = "cchc[ocr]"  # pip extra with the Python side (OpenCV)
A4_LONG_INCHES = 297 / 25.4  # an image file without a resolution is taken for an A4 page
_EXAMPLES = 5  # readings quoted in a finding


@dataclass
class ScannedPages:
    """The OCR reading of a file's image pages, by page number (1-based)."""

    source: str
    pages: dict = field(default_factory=dict)  # number -> ocr_page.OcrPage
    unread: list[int] = field(default_factory=list)  # image pages left unread: no engine
    missing: str = ""  # what to install to read them
    size: float | None = None  # body font size of the scanned pages, points
    corrections: list[tuple[int, str, str]] = field(default_factory=list)  # page, read, fixed
    doubts: dict[int, list[str]] = field(default_factory=dict)  # page -> doubtful numbers

    def content(self, number: int):
        """(lines, tables) of a page read by OCR, for PageLayout.add_content."""
        from cchc.extract.readers.ocr_page import body_size, page_content

        if self.size is None:
            self.size = body_size(list(self.pages.values()))
        lines, tables, notes = page_content(self.pages[number], number, self.size)
        self.corrections += [(number, *c) for c in notes.corrections]
        if notes.doubts:
            self.doubts[number] = notes.doubts
        return lines, tables

    def finish(self, layout) -> Document:
        """The document the PageLayout built, or an InputError when nothing could be read."""
        words = sum(len(p.words) for p in self.pages.values())
        if not layout.chars and not words:
            if self.unread:
                raise InputError(f"{self.source}: tệp PDF không có lớp chữ (ảnh quét) "
                                 f"và {self.missing}")
            if self.pages:
                raise InputError(f"{self.source}: nhận dạng chữ (OCR) không thấy chữ nào trên các trang quét")
            raise InputError(f"{self.source}: tệp PDF không có lớp chữ và không có ảnh trang")
        document = layout.document()
        self._relabel_list_items(document)
        self._quarters_as_written(document)
        if self.unread:
            document.findings.append(Finding(
                "warning", "ocr_pages_unread",
                f"Trang {_page_list(self.unread)} là ảnh quét nên chưa được đọc ({self.missing}).",
                self.source))
        document.findings += self._findings()
        document.scanned_pages = sorted(self.pages)
        return document

    def _relabel_list_items(self, document: Document) -> None:
        """Item letters OCR misread, restored from the lettered list around them."""
        from cchc.extract.readers.ocr_text import relabel_list_items

        read = [p for p in document.paragraphs() if p.loc.page in self.pages]
        for index, text in relabel_list_items([p.text for p in read]).items():
            self.corrections.append((read[index].loc.page, read[index].text.split()[0],
                                     text.split()[0]))
            read[index].text = text

    def _quarters_as_written(self, document: Document) -> None:
        """"Quý 1" read for "Quý I" in a document writing its quarters in Roman numerals."""
        from cchc.extract.readers.ocr_text import quarters_as_written

        places = [(p, None) for p in document.paragraphs() if p.loc.page in self.pages] + \
            [(row, i) for table in document.tables() for row in table.rows
             if row.loc.page in self.pages for i in range(len(row.cells))]
        texts = [holder.text if i is None else holder.cells[i] for holder, i in places]
        for index, text in quarters_as_written(texts).items():
            holder, i = places[index]
            self.corrections.append((holder.loc.page, "Quý 1", "Quý I"))
            if i is None:
                holder.text = text
            else:
                holder.cells[i] = text

    def _findings(self) -> list[Finding]:
        out = [Finding("warning", "ocr_doubtful_number",
                       f"Trang {page} (bản quét): OCR đọc không chắc chắn "
                       f"{', '.join(f'«{d}»' for d in doubts[:_EXAMPLES])}"
                       f"{'…' if len(doubts) > _EXAMPLES else ''}; hãy đối chiếu với bản gốc.",
                       f"trang {page}")
               for page, doubts in sorted(self.doubts.items())]
        if self.corrections:
            examples = ", ".join(f"«{read}» → «{fixed}» (trang {page})"
                                 for page, read, fixed in self.corrections[:_EXAMPLES])
            out.append(Finding("info", "ocr_corrected",
                               f"Đã sửa {len(self.corrections)} chỗ OCR đọc sai mà chính tả "
                               f"và từ điển của văn bản cho biết chắc cách đọc đúng: {examples}"
                               f"{'…' if len(self.corrections) > _EXAMPLES else ''}.",
                               self.source))
        return out


def read_scanned_pdf_pages(data: bytes, source: str) -> ScannedPages:
    """OCR of the PDF's pages that have no text but an image."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        scans = {i: dpi for i, page in enumerate(pdf, start=1)
                 if (dpi := _scan_resolution(page)) is not None}
        if not scans:
            return ScannedPages(source)
        try:
            engine = available_engine()
        except InputError as exc:
            return ScannedPages(source, unread=sorted(scans), missing=str(exc))

        def images() -> Iterator[tuple[int, object, int]]:
            for number, dpi in scans.items():
                bitmap = pdf[number - 1].render(scale=dpi / 72, grayscale=True)
                yield number, bitmap.to_numpy().squeeze(), dpi

        return ScannedPages(source, _read_all(engine, images(), len(scans),
                                              hashlib.sha256(data).hexdigest(), source))
    finally:
        pdf.close()


def read_image_file(data: bytes, source: str) -> Document:
    """A .png, .jpg or .tif file (a multi-page TIFF is a multi-page plan) read by OCR."""
    import numpy as np
    from PIL import Image, ImageSequence

    from cchc.extract.readers.pdf import PageLayout

    engine = available_engine(source)
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except Exception as exc:  # Pillow raises many types on damaged files
        raise InputError(f"{source}: ảnh bị hỏng hoặc không đọc được ({exc})") from None
    dpi = [_image_resolution(frame, image.info.get("dpi")) for frame in frames]
    pages = _read_all(engine, ((n, np.asarray(f), d) for n, (f, d) in
                               enumerate(zip(frames, dpi), start=1)),
                      len(frames), hashlib.sha256(data).hexdigest(), source)
    scans = ScannedPages(source, pages)
    layout = PageLayout(source)
    for number in sorted(pages):
        layout.add_content(number, *scans.content(number))
    return scans.finish(layout)


def available_engine(source: str | None = None):
    """The OCR engine when it and OpenCV are installed, else an InputError naming them."""
    from cchc.extract.readers.tesseract import engine

    prefix = f"{source}: " if source else ""
    if find_spec("cv2") is None:
        raise InputError(f"{prefix}nhận dạng chữ (OCR) cần OpenCV: cài phần bổ sung Python "
                         f"{PYTHON_EXTRA} (opencv-python-headless)")  # checked first: it is what pip installs
    try:
        return engine()
    except InputError as exc:
        raise InputError(f"{prefix}{exc}") from None


def _scan_resolution(page) -> int | None:
    """The resolution to read an image-only page at, None for a page with text or no image."""
    import pypdfium2.raw as pdfium_c

    if page.get_textpage().count_chars() > 0:
        return None
    width = page.get_width()
    best = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, _, right, _ = obj.get_bounds()
        pixels, _ = obj.get_px_size()
        if right - left >= width / 2:  # a page-size image, not a logo
            dpi = pixels / ((right - left) / 72)
            best = max(best or 0, dpi)
    return None if best is None else round(min(max(best, MIN_DPI), MAX_DPI))


def _image_resolution(frame, dpi) -> int:
    if dpi and dpi[0] and dpi[0] > 50:
        found = float(dpi[0])
    else:
        found = max(frame.size) / A4_LONG_INCHES
    return round(min(max(found, MIN_DPI), MAX_DPI))


def _read_all(engine, images, total: int, digest: str, source: str) -> dict:
    """OCR of (number, grayscale page, dpi), pages in parallel, each cached."""
    import numpy as np

    from cchc.extract.readers.ocr_page import read_page

    cache = _Cache(engine.version)
    out: dict = {}
    pending: dict[int, Future] = {}
    workers = max(1, min(os.cpu_count() or 1, 4))
    progress.report(0, total)

    def collect(block: bool) -> None:
        for number, future in list(pending.items()):
            if block or future.done():
                try:
                    out[number] = future.result()
                except InputError as exc:
                    raise InputError(f"{source}, trang {number}: {exc}") from None
                cache.store(digest, number, out[number])
                del pending[number]
                progress.report(len(out), total)
                block = False

    with ThreadPoolExecutor(workers) as pool:
        for number, gray, dpi in images:
            page = cache.load(digest, number)
            if page is not None:
                out[number] = page
                progress.report(len(out), total)
                continue
            while len(pending) >= 2 * workers:
                collect(block=True)
            pending[number] = pool.submit(read_page, np.ascontiguousarray(gray, np.uint8), dpi,
                                          engine)
            collect(block=False)
        while pending:
            collect(block=True)
    return out


class _Cache:
    """OCR pages on disk under $CCHC_OCR_CACHE (default: the user's cache directory);
    CCHC_OCR_CACHE=off turns it off."""

    def __init__(self, engine_version: str) -> None:
        setting = os.environ.get("CCHC_OCR_CACHE", "")
        if setting.lower() in ("off", "0", "no"):
            self.folder = None
            return
        root = Path(setting) if setting else \
            Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cchc" / "ocr"
        self.folder = root / _pipeline_version(engine_version)

    def load(self, digest: str, number: int):
        from cchc.extract.readers.ocr_page import OcrPage

        if self.folder is None:
            return None
        path = self.folder / f"{digest}-{number}.json"
        try:
            return OcrPage.from_dict(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, digest: str, number: int, page) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{digest}-{number}.json"
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(asdict(page), ensure_ascii=False), "utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _pipeline_version(engine_version: str) -> str:
    """Changes whenever the engine or the code that reads a page does."""
    from cchc.extract.readers import (
        deskew,
        image_tables,
        numeral_strokes,
        ocr_page,
        ocr_text,
        tesseract,
    )

    digest = hashlib.sha256(engine_version.encode())  # ocr_text: the words numerals follow
    for module in (deskew, image_tables, numeral_strokes, ocr_page, ocr_text, tesseract):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(f"{MIN_DPI}-{MAX_DPI}".encode())
    return digest.hexdigest()[:16]


def _page_list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)
