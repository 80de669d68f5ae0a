"""Reader for page images (.png, .jpg, .tif; a multi-page TIFF is a whole plan): OCR."""

from __future__ import annotations

from cchc.extract.document import Document
from cchc.extract.readers.ocr import read_image_file


class ImageReader:
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def read(self, data: bytes, source: str) -> Document:
        return read_image_file(data, source)


READER = ImageReader()
