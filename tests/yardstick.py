"""The yardstick's documents (tests/fixtures/yardstick): plans written in shapes the seeds lack,
with gold, in a development half and a held-back half."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from cchc.extract import ParseResult, parse_file

YARDSTICK = Path(__file__).parent / "fixtures" / "yardstick"
DEV, HELDOUT = YARDSTICK / "dev", YARDSTICK / "heldout"


def dev(prefix: str) -> Path:
    """The development document whose name starts with prefix ("d1", "d6")."""
    return next(p for p in sorted(DEV.iterdir()) if p.name.split("_")[0] == prefix
                and p.suffix != ".json")


@cache
def parsed(path: Path) -> ParseResult:
    return parse_file(path)


def gold(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
