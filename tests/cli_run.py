"""Run the ``citecheck`` command line in this process and capture what it prints."""

from __future__ import annotations

import pytest

from citecheck.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``citecheck ARGV``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
