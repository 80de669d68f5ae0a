"""The canonical dossier record (hồ sơ TTHC), built on the national portal's sync record
(HoSoDongBoDVC). Every import is mapped onto these columns; see docs/indicators.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyarrow as pa

Kind = Literal["text", "timestamp", "int", "bool"]

CHANNELS = {1: "trực tiếp", 2: "trực tuyến", 3: "bưu chính công ích"}  # KenhThucHien
ONLINE_CHANNEL = 2
STATUSES = {  # TrangThaiHoSo
    1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
    5: "Yêu cầu bổ sung", 6: "Yêu cầu nghĩa vụ tài chính", 7: "Công dân rút",
    8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}
FINISHED_STATUSES = (9, 10)
# Not counted in service indicators: never received (1, 3), withdrawn (7), stopped (8).
EXCLUDED_STATUSES = (1, 3, 7, 8)


@dataclass(frozen=True)
class Column:
    name: str  # canonical English name
    portal: str  # field of the national portal's sync record
    kind: Kind
    required: bool = False
    doc: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("dossier_code", "MaHoSo", "text", True, "dossier code, unique key"),
    Column("procedure_code", "MaTTHC", "text", True, "administrative procedure code"),
    Column("procedure_name", "TenTTHC", "text", False, "procedure name"),
    Column("field_code", "MaLinhVuc", "text", False, "field (lĩnh vực) code"),
    Column("field_name", "TenLinhVuc", "text", False, "field name"),
    Column("org_code", "DonViXuLy", "text", True, "handling unit, dotted tree code (TH.TPTH)"),
    Column("submitted_at", "NgayNopHoSo", "timestamp", False, "submitted by the citizen"),
    Column("received_at", "NgayTiepNhan", "timestamp", True, "received by the unit"),
    Column("due_at", "NgayHenTra", "timestamp", True, "appointment to return the result"),
    Column("finished_at", "NgayKetThucXuLy", "timestamp", False, "processing finished"),
    Column("returned_at", "NgayTra", "timestamp", False, "result returned"),
    Column("rejected_at", "NgayTuChoi", "timestamp", False, "refused"),
    Column("channel", "KenhThucHien", "int", True, "1 trực tiếp, 2 trực tuyến, 3 bưu chính"),
    Column("status", "TrangThaiHoSo", "int", True, "1..10, see STATUSES"),
    Column("supplement_requests", "SoLanYeuCauBoSung", "int", False,
           "number of supplementation requests (yêu cầu bổ sung)"),
    Column("supplement_days", "SoNgayBoSung", "int", False,
           "working days waiting for the citizen's supplement, added back to the due date"),
    Column("digitized_components", "SoThanhPhanDuocSoHoa", "int", False,
           "dossier components digitized (DuocSoHoa)"),
    Column("total_components", "TongSoThanhPhan", "int", False, "dossier components"),
    Column("reused", "DuocTaiSuDung", "bool", False, "digitized data reused"),
    Column("e_result", "KetQuaDienTu", "bool", False, "electronic result issued"),
    Column("fee", "PhiLePhi", "int", False, "fees and charges in đồng"),
    Column("paid_online", "DuocThanhToanTrucTuyen", "bool", False, "fee paid online"),
    Column("apology_issued", "CoPhieuXinLoi", "bool", False, "late apology letter issued"),
    Column("new_due_at", "NgayHenTraMoi", "timestamp", False, "new appointment in the apology"),
    Column("rating", "MucDoHaiLong", "int", False, "satisfaction 1..5, empty when not rated"),
)

BY_NAME = {c.name: c for c in COLUMNS}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
# Supplementation counters read as 0 when the export leaves them out or blank.
ZERO_DEFAULTS = ("supplement_requests", "supplement_days")
# The sources of the digitization, payment and apology indicators. A column the export leaves
# out, or leaves blank for every dossier of a unit, is "not recorded" for that unit (NULL: its
# indicators have no data); a blank beside recorded values of the unit reads as 0 / no
# (exports often mark only the yes: "x").
RECORDED = ("digitized_components", "total_components", "reused", "e_result", "fee",
            "paid_online", "apology_issued")
# Columns whose values are words or codes mapped through the vocabulary (vocabulary.yaml and
# the profile's `values`): codes, yes/no flags, and unit names → unit codes.
CODED = ("channel", "status", "rating")
FLAGS = tuple(c.name for c in COLUMNS if c.kind == "bool")
CODE_RANGES = {"channel": (1, 3), "status": (1, 10), "rating": (1, 5)}

_ARROW = {"text": pa.string(), "timestamp": pa.timestamp("s"), "int": pa.int64(),
          "bool": pa.bool_()}
ARROW_SCHEMA = pa.schema([pa.field(c.name, _ARROW[c.kind], nullable=not c.required)
                          for c in COLUMNS])
SQL_TYPES = {"text": "VARCHAR", "timestamp": "TIMESTAMP", "int": "BIGINT", "bool": "BOOLEAN"}
