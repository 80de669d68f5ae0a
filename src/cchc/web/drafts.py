"""Import drafts (bản nháp nhập kế hoạch): an uploaded plan between upload and confirmation.

A draft is the uploaded file and a JSON file (the parsed plan, its lint findings, the unit
choices) in its own directory under the data directory; each edit re-runs the lint, so the
preview always shows what the plan would be imported with. `DraftFolder` keeps any kind of
draft so (dossier exports too: web/dossier_imports.py).

Reading a scanned plan (OCR) takes a while: `ImportDrafts.begin` reads in a background thread
and keeps its progress in reading.json (failed.json on an error) in the draft's directory,
where any server process can see it (`reading`).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from cchc.domain.plan import Plan
from cchc.extract import parse_file
from cchc.extract.lint import lint
from cchc.errors import CchcError
from cchc.extract.document import page_of_place
from cchc.extract.readers import read_document
from cchc.extract.readers.progress import reporting
from cchc.store.files import safe_name
from cchc.domain.plan_dict import plan_from_dict

MAX_AGE_SECONDS = 7 * 24 * 3600  # drafts older than this are removed
STALLED_SECONDS = 180  # a reading with no progress for this long was cut off (a restart)
_OWN_FILES = {"draft.json", "draft.tmp", "reading.json", "failed.json"}
_READERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cchc-import")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
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
    scanned_pages: list[int] = field(default_factory=list)  # pages read by OCR
    corrections: list[dict[str, Any]] = field(default_factory=list)  # `edited`, as Corrections

    def tasks_on_page(self, page: int) -> list[tuple[int, dict[str, Any]]]:
        """(index, task) of the tasks whose row starts on `page` of the source."""
        return [(i, t) for i, t in enumerate(self.plan["tasks"])
                if page_of_place(t.get("where")) == page]

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
        source = directory / (safe_name(name) or default_name)
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
                    if p.is_file() and p.name not in _OWN_FILES and p.suffix != ".part")

    def discard(self, draft: D) -> None:
        self.forget(draft.token)

    def forget(self, token: str) -> None:
        """Remove a draft's directory (one whose reading failed has no draft to pass)."""
        if _TOKEN.match(token):
            shutil.rmtree(self.root / token, ignore_errors=True)

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
        return self.begin(user_id, org_id, name, content).result()

    def begin(self, user_id: int, org_id: int, name: str, content: bytes) -> Future:
        """Start reading the uploaded file into a new draft, in the background; the future
        gives the draft or raises the extractor's error. Its `token` names the draft."""
        with self.upload(name, content, "ke-hoach") as (token, source):
            self._progress(token, {"user_id": user_id, "done": 0, "total": 0})
        future = _READERS.submit(self._read, token, user_id, org_id, name, source,
                                 hashlib.sha256(content).hexdigest())
        future.token = token  # type: ignore[attr-defined]
        return future

    def reading(self, token: str, user_id: int) -> dict[str, Any]:
        """How the reading of a draft goes: {"state": "reading", "done", "total"},
        {"state": "failed", "message"} or {"state": "ready"}."""
        folder = self.root / token if _TOKEN.match(token) else None
        if folder is None or not folder.is_dir():
            raise DraftNotFound(token)
        for name, state in (("draft.json", "ready"), ("failed.json", "failed"),
                            ("reading.json", "reading")):
            path = folder / name
            if path.exists():
                data = json.loads(path.read_text("utf-8"))
                if data.get("user_id") != user_id:
                    raise DraftNotFound(token)
                if state == "reading" and time.time() - path.stat().st_mtime > STALLED_SECONDS:
                    return {"state": "failed",
                            "message": "Việc đọc tệp bị gián đoạn; hãy tải tệp lên lại."}
                return {**data, "state": state}
        raise DraftNotFound(token)

    def page_image(self, draft: Draft, page: int) -> bytes:
        """A page of the uploaded file as a PNG (kept beside it once made)."""
        from cchc.extract.readers.page_images import page_png

        path = self.root / draft.token / "pages" / f"{page}.png"
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(page_png(self.source(draft), page))
            tmp.replace(path)
        return path.read_bytes()

    def _read(self, token: str, user_id: int, org_id: int, name: str, source: Path,
              sha256: str) -> Draft:
        def progress(done: int, total: int) -> None:
            self._progress(token, {"user_id": user_id, "done": done, "total": total})

        try:
            with reporting(progress):
                result = parse_file(source)
        except Exception as exc:
            message = str(exc) if isinstance(exc, CchcError) else "lỗi không xác định"
            self._progress(token, {"user_id": user_id, "message": message}, "failed.json")
            source.unlink(missing_ok=True)
            raise
        draft = Draft(token, user_id, org_id, name, sha256, result.plan.to_dict(),
                      [f.to_dict() for f in lint(result.plan, result.document)],
                      scanned_pages=result.document.scanned_pages)
        self.save(draft)
        (self.root / token / "reading.json").unlink(missing_ok=True)
        return draft

    def _progress(self, token: str, data: dict[str, Any], name: str = "reading.json") -> None:
        path = self.root / token / name
        tmp = path.with_suffix(".part")
        tmp.write_text(json.dumps(data), "utf-8")
        tmp.replace(path)

    def relint(self, draft: Draft, plan: Plan) -> None:
        """Store `plan` in the draft with the findings of the original document."""
        document = read_document(self.source(draft))
        draft.plan = plan.to_dict()
        draft.findings = [f.to_dict() for f in lint(plan, document)]


