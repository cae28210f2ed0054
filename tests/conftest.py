"""Shared test fixtures.

Cassettes live in the project's top-level ``cassettes/`` folder (one
sub-folder per test module). The contact address and any API key are
filtered out of recorded requests so cassettes are safe to commit. Tests
never reach the internet: pytest runs with ``--block-network`` and only
loopback is allowed (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "refs" / "russia-revolution-counter-revolution.txt"


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.split(".")[-1])


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return {
        "filter_headers": [("user-agent", "citecheck-test"), ("authorization", None)],
        "filter_query_parameters": [("mailto", "test@example.org"), ("api_key", None)],
        # no "record_mode" here: it would override --record-mode, and pytest-recording's
        # default without the flag is already "none" (replay only)
    }


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE
