"""A parsed plan as JSON (validated against the shipped JSON Schema), YAML or Markdown."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from cchc.domain.areas import AREAS
from cchc.domain.findings import Finding
from cchc.domain.plan import Plan

FORMATS = ("json", "yaml", "md")
_BY_SUFFIX = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".md": "md", ".markdown": "md"}


@lru_cache(maxsize=1)
def plan_schema() -> dict[str, Any]:
    text = resources.files("cchc.extract").joinpath("schema/plan.schema.json").read_text("utf-8")
    return json.loads(text)


def plan_document(plan: Plan, findings: list[Finding]) -> dict[str, Any]:
    """The plan JSON object, findings included, checked against the schema."""
    data = plan.to_dict()
    data["findings"] = [f.to_dict() for f in findings]
    jsonschema.validate(data, plan_schema())
    return data


def format_of(path: Path) -> str | None:
    """The format a file name asks for ("plan.yaml" -> "yaml"), or None."""
    return _BY_SUFFIX.get(path.suffix.lower())


def render(plan: Plan, findings: list[Finding], fmt: str) -> str:
    data = plan_document(plan, findings)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if fmt == "md":
        return _markdown(data)
    raise ValueError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")


def _markdown(data: dict[str, Any]) -> str:
    meta = data["meta"]
    lines = [
        f"# {meta['title'] or data['source']}",
        "",
        f"- Cơ quan ban hành: {meta['issuer'] or '—'}",
        f"- Năm: {meta['year'] or '—'} · Số: {meta['number'] or '(để trống)'} · "
        f"Ngày: {meta['issued_on'] or '(để trống)'} · Người ký: {meta['signer'] or '—'}",
        "",
    ]
    if meta["legal_bases"]:
        lines += ["## Căn cứ", ""]
        lines += [
            f"- {b['type']} {b['number'] or ''} {b['date'] or ''} {b['issuer'] or ''}".rstrip()
            for b in meta["legal_bases"]
        ]
        lines.append("")
    if data["targets"]:
        lines += ["## Chỉ tiêu", "", "| Chỉ tiêu | Chỉ số | Giá trị |", "|---|---|---|"]
        lines += [
            f"| {_cell(t['text'])} | {t['indicator']} | {t['comparator']} {t['value']}{t['unit']} |"
            for t in data["targets"]
        ]
        lines.append("")
    lines += [
        "## Nhiệm vụ",
        "",
        "| TT | Lĩnh vực | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian |",
        "|---|---|---|---|---|---|",
    ]
    for t in data["tasks"]:
        lines.append(
            f"| {t['no'] or ''} | {AREAS.get(t['area'], t['area'])} | {_cell(t['text'])} | "
            f"{_cell('; '.join(t['lead']))} | {_cell('; '.join(t['coop']))} | "
            f"{_cell(t['deadline_text'] or '')} |"
        )
    if data["findings"]:
        lines += ["", "## Kiểm tra (lint)", ""]
        lines += [f"- **{f['severity']}** `{f['code']}` {f['message']}" for f in data["findings"]]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
