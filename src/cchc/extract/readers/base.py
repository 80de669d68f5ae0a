"""The one interface every format reader implements."""

from __future__ import annotations

from typing import Protocol

from cchc.extract.document import Document


class Reader(Protocol):
    """Turns the bytes of one file into the document model. Raises InputError on bad input."""

    extensions: tuple[str, ...]

    def read(self, data: bytes, source: str) -> Document: ...
