"""The API against its own OpenAPI document: schemathesis, every check, at least 100 examples
per operation, for a token with full scope and one with a narrow scope — and no failure.

The app is served by uvicorn on a free port over the small province of web_world; the run is
seeded (the same requests every time) and does not shrink failures (faster; a failure prints
the request that failed, and `st run … --seed` with the same seed reproduces it). The stateful
phase (sequences of calls) runs for the full token only; one worker, as Python 3.11.7's
compiler is not thread-safe under hypothesis (SystemError: AST constructor recursion depth
mismatch). tests/web/schemathesis.toml says what a schema cannot: which answers a valid
request may still get.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from api_helpers import bearer

from cchc.web.app import create_app
from cchc.web.server import background_server

EXAMPLES = 100
CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = 20261206
TOKENS = {  # organization, permissions (none: all), phases (stateful: sequences of calls)
    "full": ("qng", (), "coverage,fuzzing,stateful"),
    "narrow": ("qng.tb.ht", ("read_plans",), "coverage,fuzzing"),
}


@pytest.fixture
def served(factory, settings, world) -> Iterator[str]:
    app = create_app(factory, replace(settings, api_requests_per_minute=10**9))
    with background_server(app) as url:
        yield url


def schemathesis(url: str, headers: dict[str, str], phases: str,
                 report: Path) -> subprocess.CompletedProcess:
    (name, value), = headers.items()
    return subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run",
         f"{url}/api/openapi.json",
         "--checks", "all", "--max-examples", str(EXAMPLES), "--seed", str(SEED), "--no-shrink",
         "--phases", phases, "--workers", "1", "--header", f"{name}: {value}",
         "--report", "ndjson", "--report-ndjson-path", str(report),
         "--suppress-health-check", "all"],
        capture_output=True, text=True, timeout=600, cwd=report.parent)  # its cache there


def requests_per_operation(report: Path) -> Counter[str]:
    """How many requests schemathesis sent to each operation (its NDJSON report)."""
    sent: Counter[str] = Counter()
    for line in report.read_text().splitlines():
        event = json.loads(line)
        if "ScenarioFinished" in event:
            recorder = event["ScenarioFinished"]["recorder"]
            sent[recorder["label"]] += len(recorder.get("interactions", {}))
    return sent


@pytest.mark.parametrize("token", list(TOKENS))
def test_the_api_conforms_to_its_openapi_document(served, factory, tmp_path, token):
    org, permissions, phases = TOKENS[token]
    report = tmp_path / "events.ndjson"
    run = schemathesis(served, bearer(factory, org, *permissions), phases, report)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "failures" not in run.stdout.rsplit("Test cases:", 1)[-1], run.stdout[-3000:]
    sent = requests_per_operation(report)
    paths = httpx.get(f"{served}/api/openapi.json").json()["paths"]
    documented = {f"{method.upper()} {path}": bool(op.get("parameters") or op.get("requestBody"))
                  for path, item in paths.items() for method, op in item.items()}
    short = {label: sent[label] for label, inputs in documented.items()
             if sent[label] < (EXAMPLES if inputs else 1)}
    assert not short, short  # every operation taking input got its 100 examples at least
    print(f"schemathesis, {token} token: {sum(sent.values())} requests over "
          f"{len(documented)} operations, 0 failures; {dict(sent)}")
