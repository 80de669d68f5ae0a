"""Column-mapping profiles (YAML in profiles/): which headers of an export mean which canonical
column. The profile matching most headers wins; headers match without case or accents."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import yaml

from cchc.domain.vntext import fold
from cchc.errors import InputError
from cchc.indicators.schema import BY_NAME, REQUIRED


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    aliases: dict[str, tuple[str, ...]]  # canonical column → headers

    def match(self, headers: list[str]) -> dict[str, str]:
        """canonical column → the header in the file that carries it."""
        by_folded = {fold(h): h for h in headers}
        found = {}
        for column, aliases in self.aliases.items():
            for alias in aliases:
                if fold(alias) in by_folded:
                    found[column] = by_folded[fold(alias)]
                    break
        return found


def load_profiles() -> list[Profile]:
    folder = resources.files("cchc.indicators").joinpath("profiles")
    profiles = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            unknown = set(data["columns"]) - set(BY_NAME)
            if unknown:
                raise ValueError(f"profile {entry.name}: unknown columns {sorted(unknown)}")
            profiles.append(Profile(data["name"], data.get("description", ""),
                                    {k: tuple(v) for k, v in data["columns"].items()}))
    return profiles


def detect(source: str, headers: list[str]) -> tuple[Profile, dict[str, str]]:
    """The profile that recognizes the most headers; an error naming what is missing."""
    scored = sorted(((len(p.match(headers)), p) for p in load_profiles()),
                    key=lambda item: -item[0])
    _, best = scored[0]
    mapping = best.match(headers)
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        wanted = ", ".join(f"{BY_NAME[c].portal} ({best.aliases[c][-1]})" for c in missing)
        raise InputError(f"{source}: row 1: no column for {wanted} "
                         f"(closest profile '{best.name}'; headers: {', '.join(headers)})")
    return best, mapping
