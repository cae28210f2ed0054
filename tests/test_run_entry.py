"""The `citecheck` program's entry point, cli.run(): same output and exit code as main().

run() only changes how the process manages memory (collector threshold during
the run, frozen objects at exit), so a report through it must be byte for
byte the one main() writes, with the same exit code. Each case runs in a
fresh process, offline.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck import cli

DOC = """Some text citing Smith (1999) and Jones.

References

Smith, John, A Book About Things, Example Press, London 1999.

Jones, Ann, “An Article”, Journal of Examples, vol. 3, no. 2, 2001, pp. 10-20.

Brown, Bob, Another Book, Sample Publishers, New York 1987.
"""


def _program(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys\nfrom citecheck.cli import run\nsys.argv[0] = 'citecheck'\nrun()"
    return subprocess.run(
        [sys.executable, "-c", code, *argv], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("source", "fmt", "fail_on", "code"),
    [
        ("small", "json", "none", 0),
        ("small", "markdown", "parse-errors", 0),
        ("sample", "text", "missing-fields", 1),  # the sample has entries missing fields
    ],
)
def test_run_writes_what_main_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_path: Path,
    source: str, fmt: str, fail_on: str, code: int,
) -> None:
    doc = sample_path
    if source == "small":
        doc = tmp_path / "paper.txt"
        doc.write_text(DOC, encoding="utf-8")
    argv = ["report", str(doc), "-f", fmt, "--fail-on", fail_on, "--offline", "--no-links",
            "--no-resolve", "--quiet", "--cache-dir", str(tmp_path / "cache")]
    done = _program(*argv, cwd=tmp_path)
    expected_code = cli.main(argv)
    expected_out, _ = capsys.readouterr()
    assert (done.returncode, done.stdout) == (expected_code, expected_out), done.stderr
    assert done.returncode == code


def test_run_passes_on_the_error_exit_code(tmp_path: Path) -> None:
    done = _program("report", str(tmp_path / "missing.txt"), cwd=tmp_path)
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_tune_gc_raises_only_the_first_threshold() -> None:
    before = gc.get_threshold()
    try:
        cli.tune_gc()
        assert gc.get_threshold() == (cli.GC_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)
