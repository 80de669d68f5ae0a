"""Which service indicator a target sentence measures (targets[].indicator)."""

from __future__ import annotations

import re

from cchc.domain.vntext import fold

# indicator -> folded keyword patterns; first match wins (specific before generic).
_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("late_apology_rate", (r"xin loi",)),
    ("legal_doc_rate", (r"quy pham phap luat", r"\bqppl\b")),
    ("online_payment_rate", (r"thanh toan truc tuyen", r"thanh toan khong dung tien mat")),
    ("e_certification_rate", (r"chung thuc dien tu", r"chung thuc ban sao dien tu")),
    ("online_meeting_rate", (r"cuoc hop.*truc tuyen", r"hop truc tuyen")),
    ("e_document_rate", (r"ho so cong viec",)),
    ("digital_signature_rate", (r"chu ky so",)),
    ("e_report_rate", (r"he thong thong tin bao cao", r"bao cao.*(?:truc tuyen|dien tu)")),
    ("satisfaction_rate", (r"hai long",)),
    ("feedback_resolved_rate", (r"phan anh", r"kien nghi cua")),
    ("e_id_rate", (r"dinh danh",)),
    ("form_reduction_rate", (r"cat giam.*(?:thong tin|giay to|khai bao|thanh phan)",)),
    (
        "on_time_rate",
        (
            r"(?:giai quyet|ho so|tra ket qua|xu ly).*(?:dung han|truoc han|som han|tre han)",
            r"(?:dung han|truoc han|tre han).*(?:giai quyet|ho so)",
        ),
    ),
    ("tthc_published_rate", (r"(?:tthc|thu tuc).*(?:cong bo|cong khai)",)),
    ("online_rate", (r"ho so.*truc tuyen", r"truc tuyen.*ho so", r"nop.*truc tuyen")),
    ("online_full_service_rate", (r"(?:thu tuc|tthc|dich vu cong).*toan trinh.*",)),
    ("digitization_rate", (r"so hoa", r"\bquet\b", r"ban dien tu", r"ket qua dien tu")),
    ("review_rate", (r"ra soat",)),
    (
        "staff_rate",
        (r"(?:can bo|cong chuc|vien chuc).*(?:vi tri viec lam|dao tao|boi duong|chuc danh)",),
    ),
]


def indicators_of(text: str) -> list[str]:
    """The indicators a target clause measures: usually one; a clause joining two measures
    ("giải quyết trực tuyến và được số hóa kết quả") gives both."""
    folded = fold(text)
    parts = re.split(r"\s+va duoc\s+", folded)
    found: list[str] = []
    for part in parts:
        indicator = _first(part)
        if indicator and indicator not in found:
            found.append(indicator)
    return found or ["other"]


def _first(folded: str) -> str | None:
    return next((ind for ind, pats in _RULES if any(re.search(p, folded) for p in pats)), None)


AREA_OF_INDICATOR = {
    "legal_doc_rate": "the_che",
    "on_time_rate": "tthc",
    "late_apology_rate": "tthc",
    "online_rate": "tthc",
    "online_full_service_rate": "tthc",
    "digitization_rate": "tthc",
    "satisfaction_rate": "tthc",
    "feedback_resolved_rate": "tthc",
    "tthc_published_rate": "tthc",
    "review_rate": "tthc",
    "form_reduction_rate": "tthc",
    "online_payment_rate": "tthc",
    "e_certification_rate": "tthc",
    "e_document_rate": "so",
    "digital_signature_rate": "so",
    "e_report_rate": "so",
    "online_meeting_rate": "so",
    "e_id_rate": "so",
    "staff_rate": "cong_vu",
}
