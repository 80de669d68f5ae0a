"""How a unit names itself in an official document (Decree 30/2020/NĐ-CP, Appendix I): the
issuing-body block, the place of the date line and the signature block."""

from __future__ import annotations

import re
from dataclasses import dataclass

COMMITTEES = frozenset({"tinh", "huyen", "xa", "phuong", "thi_tran", "dac_khu"})
_COMMITTEE_PREFIX = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)
_LEVEL_WORDS = re.compile(
    r"^(?:tỉnh|thành phố|huyện|thị xã|thị trấn|quận|xã|phường|đặc khu)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class UnitNames:
    """A unit as an official document prints it."""

    upper_body: str | None  # cơ quan chủ quản, regular upper case ("UBND TỈNH THANH HÓA")
    issuer: list[str]  # the issuer, bold upper case, one line each
    full_name: str  # "Ủy ban nhân dân xã Hương Trà"
    short_name: str  # "UBND xã Hương Trà"
    place: str  # "Hương Trà", for "Hương Trà, ngày ... tháng ... năm ..."
    is_committee: bool

    @property
    def body_word(self) -> str:
        """What the unit calls itself in running text ("UBND xã", "Sở Nội vụ")."""
        if not self.is_committee:
            return self.short_name
        return self.short_name.removesuffix(f" {self.place}")


def unit_names(name: str, kind: str, parent_name: str | None = None,
               parent_kind: str | None = None) -> UnitNames:
    """The printed names of a unit called `name` (as stored) of `kind`, under `parent_name`."""
    if kind in COMMITTEES:
        rest = _COMMITTEE_PREFIX.sub("", name).strip()
        place = _LEVEL_WORDS.sub("", rest).strip() or rest
        return UnitNames(None, ["ỦY BAN NHÂN DÂN", rest.upper()], f"Ủy ban nhân dân {rest}",
                         f"UBND {rest}", place, True)
    upper = None
    place = name
    if parent_name:
        upper = parent_name.upper()
        if parent_kind in COMMITTEES:
            parent_rest = _COMMITTEE_PREFIX.sub("", parent_name).strip()
            upper = f"UBND {parent_rest.upper()}"
            place = _LEVEL_WORDS.sub("", parent_rest).strip() or parent_rest
    return UnitNames(upper, [name.upper()], name, name, place, False)


def signature_titles(is_committee: bool, deputy: bool) -> list[str]:
    """The signature block's title lines: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" (or the deputy's
    "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"); a department's "GIÁM ĐỐC" / "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"."""
    if is_committee:
        return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if deputy else ["TM. ỦY BAN NHÂN DÂN",
                                                                "CHỦ TỊCH"]
    return ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] if deputy else ["GIÁM ĐỐC"]


def date_line(place: str, day: int | None, month: int | None, year: int) -> str:
    """"Hương Trà, ngày 05 tháng 01 năm 2024": as Decree 30/2020 (Appendix I, II.4) writes it,
    a day below 10 and the months 1 and 2 take a leading 0 ("ngày 09 tháng 3"); a date not yet
    known leaves blanks for the document office."""
    day_text = f"{day:02d}" if day else "     "
    month_text = (f"{month:02d}" if month <= 2 else str(month)) if month else "     "
    return f"{place}, ngày {day_text} tháng {month_text} năm {year}"
