"""Days as officials type them in forms: dd/mm/yyyy (d/m/yyyy too), whatever the browser's
language; yyyy-mm-dd is accepted as well, for older links and programs."""

from __future__ import annotations

import re
from datetime import date

from cchc.store.errors import InvalidUpdateError

DATE_PATTERN = r"\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\s*"  # for <input pattern>
DATE_HINT = "Hãy gõ ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2024."
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def typed_day(text: str, label: str) -> date | None:
    """The day in `text`, None when blank; InvalidUpdateError naming `label` otherwise."""
    text = text.strip()
    if not text:
        return None
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise InvalidUpdateError(f"{label} «{text}» không đúng dạng. {DATE_HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidUpdateError(f"{label} «{text}» không có trên lịch. {DATE_HINT}") from None
