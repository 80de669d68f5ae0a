"""Small hand-made dossiers for indicator tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cchc.indicators.schema import ARROW_SCHEMA


def dossier(code: str, received: str, due: str, finished: str | None = None, **fields) -> dict:
    """A finished or open dossier; times as 'YYYY-MM-DD HH:MM'."""
    row = {c: None for c in ARROW_SCHEMA.names}
    row.update(dossier_code=code, procedure_code="HT.001", procedure_name="Đăng ký khai sinh",
               field_code="HT", field_name="Hộ tịch", org_code="TH.TPTH.THIEUVAN",
               received_at=_ts(received), due_at=_ts(due), finished_at=_ts(finished),
               channel=1, status=10 if finished else 4, supplement_requests=0,
               supplement_days=0, digitized_components=0, total_components=0, reused=False,
               e_result=False, fee=0, paid_online=False, apology_issued=False)
    row.update({k: _ts(v) if k.endswith("_at") else v for k, v in fields.items()})
    return row


def _ts(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


@pytest.fixture
def parquet_of(tmp_path: Path):
    """Write dossiers to a Parquet file and return a DuckDB FROM item reading it."""
    def write(rows: list[dict]) -> str:
        path = tmp_path / "dossiers.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=ARROW_SCHEMA), path)
        return f"read_parquet('{path}')"
    return write
