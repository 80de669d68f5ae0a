"""Vietnamese dates in running text: "ngày 25/12/2023", "ngày 25 tháng 12 năm 2023"."""

from __future__ import annotations

import re
from datetime import date

DATE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})\s*(?:[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)


def to_date(match: re.Match[str]) -> date | None:
    """The date a DATE match names, or None when it is not a real calendar day."""
    month = match["m"] or match["m2"]
    year = match["y"] or match["y2"]
    try:
        return date(int(year), int(month), int(match["d"]))
    except ValueError:
        return None


def first_date(text: str) -> date | None:
    match = DATE.search(text)
    return to_date(match) if match else None
