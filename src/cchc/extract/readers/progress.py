"""Progress of a long read (OCR of a scanned plan), for whoever is waiting: the CLI prints it,
the web import shows it. A caller installs a callback for the duration of a `with reporting(...)`
block; readers call `report(done, total)`; without a callback, nothing happens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Callback = Callable[[int, int], None]  # (pages done, pages in all)

_callback: ContextVar[Callback | None] = ContextVar("progress_callback", default=None)


@contextmanager
def reporting(callback: Callback) -> Iterator[None]:
    token = _callback.set(callback)
    try:
        yield
    finally:
        _callback.reset(token)


def report(done: int, total: int) -> None:
    callback = _callback.get()
    if callback is not None:
        callback(done, total)
