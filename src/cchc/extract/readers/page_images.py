"""A page of a plan file as a picture, for showing beside what was read from it (the import
preview of a scanned plan): PDF pages rendered with PDFium, image files scaled."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageSequence

from cchc.errors import InputError

WIDTH = 900  # pixels: legible on a desktop beside the rows, light on a phone


def page_png(path: str | Path, page: int, width: int = WIDTH) -> bytes:
    """Page `page` (1-based) of a PDF or image file as PNG bytes, `width` pixels wide."""
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        image = _pdf_page(path, page, width)
    else:
        with Image.open(path) as opened:
            frames = list(ImageSequence.Iterator(opened))
            if not 1 <= page <= len(frames):
                raise InputError(f"{path.name}: không có trang {page}")
            image = frames[page - 1].convert("L")
            image = image.resize((width, round(image.height * width / image.width)))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _pdf_page(path: Path, page: int, width: int) -> Image.Image:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        if not 1 <= page <= len(pdf):
            raise InputError(f"{path.name}: không có trang {page}")
        pdf_page = pdf[page - 1]
        return pdf_page.render(scale=width / pdf_page.get_width(), grayscale=True).to_pil()
    finally:
        pdf.close()
