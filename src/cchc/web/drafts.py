"""Import drafts (bản nháp nhập kế hoạch): an uploaded plan between upload and confirmation.

A draft is the uploaded file and a JSON file (the parsed plan, its lint findings, the unit
choices) in its own directory under the data directory; each edit re-runs the lint, so the
preview always shows what the plan would be imported with. `DraftFolder` keeps any kind of
draft so (dossier exports too: web/dossier_imports.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from cchc.domain.plan import Plan
from cchc.extract import parse_file
from cchc.extract.lint import lint
from cchc.extract.readers import read_document
from cchc.domain.plan_dict import plan_from_dict

MAX_AGE_SECONDS = 7 * 24 * 3600  # drafts older than this are removed
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_UNSAFE = re.compile(r"[^\w.\- ]+")
D = TypeVar("D")


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


class DraftFolder(Generic[D]):
    """Drafts of type `kind` (a dataclass with `token` and `user_id`) under `root`: each a
    directory holding the uploaded file and draft.json; old ones are removed."""

    def __init__(self, root: Path, kind: type[D], max_age: int = MAX_AGE_SECONDS) -> None:
        self.root, self.kind, self.max_age = root, kind, max_age

    @contextmanager
    def upload(self, name: str, content: bytes, default_name: str) -> Iterator[tuple[str, Path]]:
        """A new draft directory with the uploaded file: (token, file); removed again if the
        block raises."""
        self._remove_old()
        token = secrets.token_urlsafe(24)
        directory = self.root / token
        directory.mkdir(parents=True)
        source = directory / (_safe_name(name) or default_name)
        source.write_bytes(content)
        try:
            yield token, source
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise

    def load(self, token: str, user_id: int) -> D:
        path = self.root / token / "draft.json" if _TOKEN.match(token) else None
        if path is None or not path.exists():
            raise DraftNotFound(token)
        draft = self.kind(**json.loads(path.read_text("utf-8")))
        if draft.user_id != user_id:
            raise DraftNotFound(token)
        return draft

    def save(self, draft: D) -> None:
        path = self.root / draft.token / "draft.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(draft), ensure_ascii=False), "utf-8")
        tmp.replace(path)

    def source(self, draft: D) -> Path:
        """The uploaded file of the draft."""
        return next(p for p in (self.root / draft.token).iterdir()
                    if p.name not in ("draft.json", "draft.tmp"))

    def discard(self, draft: D) -> None:
        shutil.rmtree(self.root / draft.token, ignore_errors=True)

    def _remove_old(self) -> None:
        if not self.root.exists():
            return
        cutoff = time.time() - self.max_age
        for directory in self.root.iterdir():
            if directory.is_dir() and directory.stat().st_mtime < cutoff:
                shutil.rmtree(directory, ignore_errors=True)


class ImportDrafts(DraftFolder[Draft]):
    """The plan drafts under one directory."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, Draft)

    def create(self, user_id: int, org_id: int, name: str, content: bytes) -> Draft:
        """Parse the uploaded file into a new draft; the extractor's errors pass through."""
        with self.upload(name, content, "ke-hoach") as (token, source):
            result = parse_file(source)
            draft = Draft(token, user_id, org_id, name, hashlib.sha256(content).hexdigest(),
                          result.plan.to_dict(),
                          [f.to_dict() for f in lint(result.plan, result.document)])
            self.save(draft)
        return draft

    def relint(self, draft: Draft, plan: Plan) -> None:
        """Store `plan` in the draft with the findings of the original document."""
        document = read_document(self.source(draft))
        draft.plan = plan.to_dict()
        draft.findings = [f.to_dict() for f in lint(plan, document)]


def _safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE.sub("_", base).strip(" .")[:120]
