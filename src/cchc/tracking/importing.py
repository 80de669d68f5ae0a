"""Importing a plan document into the database (`cchc plan import FILE --org CODE`).

Parse and lint the file, map each printed unit to a unit of the organization tree (suggestions
scoring at least the threshold are confirmed and remembered for next year's plan; the others are
reported), then store the plan as a new version — all in one transaction. A file that cannot be
read raises InputError before anything is written; one without tasks is refused; replacing the
current version of a plan needs `replace=True` (`--replace`), and says what it changes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from cchc.domain.findings import Finding
from cchc.domain.vntext import fold
from cchc.extract import ParseResult, parse_file
from cchc.extract.lint import lint
from cchc.store import open_database
from cchc.store.errors import InvalidUpdateError
from cchc.store.files import SourceDocuments
from cchc.store.lookups import org_by_code, user_by_name
from cchc.store.models import Organization, PlanVersion, User
from cchc.store.services import import_plan, remember_unit_mapping
from cchc.store.services.plans import VersionChanges, version_changes
from cchc.tracking.unit_matching import AUTO_ACCEPT, UnitSuggestion, suggest_units

_SHOWN_UNMATCHED = 8


@dataclass(frozen=True)
class ImportOutcome:
    """What an import stored, which printed units it mapped and which it could not."""

    org: Organization
    version: PlanVersion
    findings: Sequence[Finding]
    mapped: Sequence[UnitSuggestion]  # remembered before, or confirmed by this import
    unmatched: Sequence[UnitSuggestion]  # no suggestion, or one scoring below the threshold
    confirmed: int  # mappings confirmed by this import
    changes: VersionChanges | None = None  # what it did to the version it replaced

    def summary(self) -> str:
        """One line in Vietnamese for the officer who ran the import."""
        version = self.version
        severity = Counter(f.severity for f in self.findings)
        milestones = sum(len(task.milestones) for task in version.tasks)
        printed = len(self.mapped) + len(self.unmatched)
        line = (f"Đã nhập kế hoạch năm {version.plan.year} của {self.org.name} "
                f"(phiên bản {version.number}): {len(version.tasks)} nhiệm vụ, {milestones} mốc, "
                f"{len(version.targets)} chỉ tiêu; kiểm tra: {severity['error']} lỗi, "
                f"{severity['warning']} cảnh báo, {severity['info']} ghi chú; đơn vị: "
                f"{len(self.mapped)}/{printed} đã gắn ({self.confirmed} mới xác nhận)")
        if self.unmatched:
            shown = ", ".join(f"«{u.text}»" for u in self.unmatched[:_SHOWN_UNMATCHED])
            more = len(self.unmatched) - _SHOWN_UNMATCHED
            line += f"; chưa gắn: {shown}" + (f" và {more} đơn vị khác" if more > 0 else "")
        line += "."
        if self.changes and self.changes.current_id is not None:
            line += " " + self.changes.summary(done=True)
        return line


def read_plan_file(path: Path) -> tuple[ParseResult, str]:
    """The parsed plan and the file's sha256; InputError when the file cannot be read."""
    return parse_file(path), hashlib.sha256(Path(path).read_bytes()).hexdigest()


def import_parsed(session: Session, org: Organization, parsed: ParseResult, user: User | None,
                  source_name: str, source_sha256: str, threshold: float = AUTO_ACCEPT,
                  replace: bool = True) -> ImportOutcome:
    """Confirm the unit suggestions scoring `threshold` or more, then store the plan; unless
    `replace`, refuse (InvalidUpdateError, saying what would change) to replace a version."""
    changes = version_changes(session, org, parsed.plan)
    if changes.current_id is not None and not replace:
        raise InvalidUpdateError(f"Kế hoạch năm {parsed.plan.meta.year} của {org.name} đã có "
                                 f"phiên bản {changes.current_number}. {changes.summary()} "
                                 "Chạy lại với --replace để xác nhận thay phiên bản.")
    findings = lint(parsed.plan, parsed.document)
    mapped, unmatched, confirmed = [], [], 0
    for suggestion in suggest_units(session, org, parsed.plan):
        if suggestion.source == "remembered":
            mapped.append(suggestion)
        elif suggestion.matched and suggestion.score >= threshold:
            remember_unit_mapping(session, user, org, suggestion.text, suggestion.org,
                                  suggestion.unit_class)
            mapped.append(suggestion)
            confirmed += 1
        else:
            unmatched.append(suggestion)
    version = import_plan(session, org, parsed.plan, user, source_name, source_sha256,
                          [f.to_dict() for f in findings], replacing=changes.current_id)
    return ImportOutcome(org, version, findings, mapped, unmatched, confirmed, changes)


def import_file(session: Session, org: Organization, path: Path, user: User | None,
                threshold: float = AUTO_ACCEPT,
                sources: SourceDocuments | None = None) -> ImportOutcome:
    """Parse `path` (InputError when unreadable, before any write) and import it; keep the
    document among `sources`, when given, for measuring later corrections."""
    parsed, sha256 = read_plan_file(path)
    if sources is not None:
        sources.put(Path(path).read_bytes())
    return import_parsed(session, org, parsed, user, Path(path).name, sha256, threshold)


def import_file_cli(file: Path, org_code: str, username: str | None,
                    replace: bool = False) -> str:
    """`cchc plan import`: import into the configured database; the summary line. Replacing
    the plan's current version needs `replace` (`--replace`)."""
    parsed, sha256 = read_plan_file(file)  # fails before the database is touched
    with open_database() as factory, factory.begin() as session:
        org = org_by_code(session, org_code)
        user = user_by_name(session, username) if username else None
        outcome = import_parsed(session, org, parsed, user, Path(file).name, sha256,
                                replace=replace)
        SourceDocuments().put(Path(file).read_bytes())
        lines = [outcome.summary()]
        locality = parsed.plan.meta.locality
        if locality and fold(locality) not in fold(org.name):
            lines.append(f"Lưu ý: văn bản ghi địa danh «{locality}», khác {org.name} "
                         f"({org.code}).")
    return "\n".join(lines)
