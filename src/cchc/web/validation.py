"""Why a request does not validate, in Vietnamese, field by field (the API's 422 details)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


_REASONS = {  # pydantic error type -> Vietnamese reason; {…} from the error's context
    "missing": "thiếu",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "enum": "phải là một trong {expected}",
    "less_than_equal": "không được lớn hơn {le}",
    "greater_than_equal": "không được nhỏ hơn {ge}",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_type": "phải là chuỗi ký tự",
    "json_invalid": "không phải JSON hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
}


def _where(loc: Sequence[Any]) -> str:
    names = [str(part) for part in loc[1:]] or [str(part) for part in loc]
    return ".".join(names)


def reason(error: dict[str, Any]) -> str:
    """`field: reason` for one validation error."""
    template = _REASONS.get(error["type"], "không hợp lệ")
    return f"{_where(error['loc'])}: {template.format(**error.get('ctx', {}))}"
