"""Shared test fixtures.

Cassettes live in the project's top-level ``cassettes/`` folder (one
sub-folder per test module). The contact address and any API key are
filtered out of recorded requests so cassettes are safe to commit. Tests
never reach the internet: pytest runs with ``--block-network`` and only
loopback is allowed (see pyproject.toml).
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "refs" / "russia-revolution-counter-revolution.txt"

# Self-containment guard: the repository is all a user gets, so no test may open a
# file beside the checkout (where a development machine keeps its shared data). Every
# `open` is seen by an audit hook; the session fails if one left the repository.
# The Python installation (a venv may sit beside the checkout) and the temporary folder
# are not "outside": they are where code and tests' scratch files live.
_OUTSIDE: set[str] = set()
_PARENT = os.fspath(ROOT.parent) + os.sep
_ALLOWED = tuple(
    os.path.abspath(p) + os.sep
    for p in {os.fspath(ROOT), sys.prefix, sys.base_prefix, sys.exec_prefix, tempfile.gettempdir(),
              *sysconfig.get_paths().values(), *site.getsitepackages()}
)


def _audit(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path.startswith(_PARENT) and not path.startswith(_ALLOWED):
            _OUTSIDE.add(path)


sys.addaudithook(_audit)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _OUTSIDE:
        sys.stderr.write("\nFAILED self-containment: tests opened paths outside the repository: "
                         + ", ".join(sorted(_OUTSIDE)[:5]) + "\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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


@pytest.fixture
def offline(tmp_path: Path) -> list[str]:
    """Command-line flags for a run that makes no request, with a cache of its own."""
    return ["--offline", "--cache-dir", str(tmp_path / "cache"), "--quiet"]
