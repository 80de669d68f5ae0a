"""docs/deploy.md and deploy/: the settings they name are the ones cchc reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTING = re.compile(r"\bCCHC_[A-Z][A-Z_]*[A-Z]\b")


def read_by_cchc() -> set[str]:
    code = "\n".join(p.read_text("utf-8") for p in (ROOT / "src" / "cchc").rglob("*.py"))
    return set(SETTING.findall(code))


def test_every_setting_the_deployment_names_is_read_by_cchc():
    named = {name for path in [ROOT / "docs" / "deploy.md", *(ROOT / "deploy").rglob("*")]
             if path.is_file() for name in SETTING.findall(path.read_text("utf-8"))}

    assert {"CCHC_DATABASE_URL", "CCHC_WEB_WORKERS", "CCHC_TRUSTED_PROXIES"} <= named
    assert named - {"CCHC_SMTP", "CCHC_REMIND"} <= read_by_cchc()


def test_the_example_settings_file_sets_only_known_settings():
    example = (ROOT / "deploy" / "cchc.env.example").read_text("utf-8")
    keys = {line.split("=", 1)[0] for line in example.splitlines()
            if line and not line.startswith("#")}

    assert keys <= read_by_cchc()
