"""Import drafts (bản nháp nhập kế hoạch): an uploaded plan between upload and confirmation.

A draft is the uploaded file and a JSON file (the parsed plan, its lint findings, the unit
choices) in its own directory under the data directory; each edit re-runs the lint, so the
preview always shows what the plan would be imported with.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cchc.domain.plan import Plan
from cchc.extract import parse_file
from cchc.extract.lint import lint
from cchc.extract.readers import read_document
from cchc.domain.plan_dict import plan_from_dict

MAX_AGE_SECONDS = 7 * 24 * 3600  # drafts older than this are removed
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_UNSAFE = re.compile(r"[^\w.\- ]+")


class DraftNotFound(Exception):
    """No such draft for this user (or it was confirmed, discarded or removed)."""


@dataclass
class Draft:
    token: str
    user_id: int
    org_id: int
    source_name: str
    source_sha256: str
    plan: dict[str, Any]  # cchc.plan/1
    findings: list[dict[str, Any]]
    units: dict[str, str] = field(default_factory=dict)  # printed unit -> "org:ID" | "class:ID"
    edited: list[str] = field(default_factory=list)  # what was changed by hand, for the audit

    @property
    def domain_plan(self) -> Plan:
        return plan_from_dict(self.plan)

    def printed_units(self) -> dict[str, int]:
        """Every unit name printed as lead or partner, with how many tasks name it."""
        counts: dict[str, int] = {}
        for task in self.plan["tasks"]:
            for name in {*(task.get("lead") or []), *(task.get("coop") or [])}:
                counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


class ImportDrafts:
    """The drafts under one directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def create(self, user_id: int, org_id: int, name: str, content: bytes) -> Draft:
        """Parse the uploaded file into a new draft; the extractor's errors pass through."""
        self._remove_old()
        token = secrets.token_urlsafe(24)
        directory = self.root / token
        directory.mkdir(parents=True)
        source = directory / (_safe_name(name) or "ke-hoach")
        source.write_bytes(content)
        try:
            result = parse_file(source)
        except Exception:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        draft = Draft(token, user_id, org_id, name, hashlib.sha256(content).hexdigest(),
                      result.plan.to_dict(),
                      [f.to_dict() for f in lint(result.plan, result.document)])
        self.save(draft)
        return draft

    def load(self, token: str, user_id: int) -> Draft:
        path = self.root / token / "draft.json" if _TOKEN.match(token) else None
        if path is None or not path.exists():
            raise DraftNotFound(token)
        draft = Draft(**json.loads(path.read_text("utf-8")))
        if draft.user_id != user_id:
            raise DraftNotFound(token)
        return draft

    def save(self, draft: Draft) -> None:
        path = self.root / draft.token / "draft.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(draft), ensure_ascii=False), "utf-8")
        tmp.replace(path)

    def discard(self, draft: Draft) -> None:
        shutil.rmtree(self.root / draft.token, ignore_errors=True)

    def relint(self, draft: Draft, plan: Plan) -> None:
        """Store `plan` in the draft with the findings of the original document."""
        sources = [p for p in (self.root / draft.token).iterdir()
                   if p.name not in ("draft.json", "draft.tmp")]
        document = read_document(sources[0])
        draft.plan = plan.to_dict()
        draft.findings = [f.to_dict() for f in lint(plan, document)]

    def _remove_old(self) -> None:
        if not self.root.exists():
            return
        cutoff = time.time() - MAX_AGE_SECONDS
        for directory in self.root.iterdir():
            if directory.is_dir() and directory.stat().st_mtime < cutoff:
                shutil.rmtree(directory, ignore_errors=True)


def _safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE.sub("_", base).strip(" .")[:120]
