"""What a new user tripped on (the user trial): outputs that would replace a user's own
files, and Ctrl-C while the program starts."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from cli_run import run

ROOT = Path(__file__).resolve().parent.parent

PAPER = """Reading Habits

We revisit reading online (Smith, 2019) and print (Baron, 2021).

References

Baron, N. S. (2021). How we read now. Oxford University Press.
Smith, J. (2019). The reading brain. Cambridge University Press.
"""

USER_BIB = "@book{mine, author = {Me, Myself}, title = {My Own Entry}, year = 2001}\n"


def _paper(tmp_path: Path) -> Path:
    src = tmp_path / "paper.txt"
    src.write_text(PAPER, "utf-8")
    return src


@pytest.mark.parametrize(("command", "name", "content"), [
    ("report", "refs.bib", USER_BIB),          # a text report over the user's bibliography
    ("report", "paper.pdf", "%PDF-1.4\n"),     # ... or over a PDF
    ("report", "refs.ris", "TY  - BOOK\nER  - \n"),
    ("export", "notes.md", "# My notes\n"),    # BibTeX over a Markdown file
    ("export", "draft.txt", "my draft\n"),
    ("export", "page.html", "<p>mine</p>\n"),
])
def test_an_output_named_as_another_kind_of_file_is_refused_and_left_alone(
        capsys, tmp_path: Path, offline: list[str], command: str, name: str, content: str) -> None:
    src = _paper(tmp_path)
    target = tmp_path / name
    target.write_text(content, "utf-8")
    code, out, err = run(capsys, command, str(src), "-o", str(target), *offline)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert target.suffix in err and f"citecheck {command}" in err
    assert target.read_text("utf-8") == content


@pytest.mark.parametrize(("command", "name"), [("report", "r.log"), ("report", "noext"),
                                               ("export", "refs.out"), ("report", "r.md"),
                                               ("export", "refs.ris")])
def test_an_output_with_an_extension_of_the_command_or_none_it_knows_is_written(
        capsys, tmp_path: Path, offline: list[str], command: str, name: str) -> None:
    src = _paper(tmp_path)
    extra = ["--fail-on", "none"] if command == "report" else []
    code, _, err = run(capsys, command, str(src), "-o", str(tmp_path / name), *extra, *offline)
    assert code == 0, err
    assert "the reading brain" in (tmp_path / name).read_text("utf-8").lower()


def test_fix_never_replaces_a_bib_of_the_users_own_beside_its_output(
        capsys, tmp_path: Path, offline: list[str]) -> None:
    """`fix paper.txt -o refs.txt` writes refs.bib beside it: the user's refs.bib is kept."""
    src = _paper(tmp_path)
    mine = tmp_path / "refs.bib"
    mine.write_text(USER_BIB, "utf-8")
    code, _, err = run(capsys, "fix", str(src), "-o", str(tmp_path / "refs.txt"), *offline)
    assert code == 2 and err.count("\n") == 1 and "refs.bib" in err and "Traceback" not in err
    assert mine.read_text("utf-8") == USER_BIB
    assert not (tmp_path / "refs.txt").exists()  # refused before anything was written


def test_fix_never_replaces_an_old_file_where_its_changes_list_goes(
        capsys, tmp_path: Path, offline: list[str]) -> None:
    src = _paper(tmp_path)
    out = tmp_path / "fixed.bib"
    out.write_text(USER_BIB, "utf-8")  # named with -o: the user asked for it to be replaced
    changes = tmp_path / "fixed.bib.changes.json"
    changes.write_text("my notes\n", "utf-8")
    os.utime(changes, (1_000_000_000, 1_000_000_000))  # not written with fixed.bib
    code, _, err = run(capsys, "fix", str(src), "-o", str(out), *offline)
    assert code == 2 and "--changes" in err and changes.read_text("utf-8") == "my notes\n"
    assert out.read_text("utf-8") == USER_BIB
    # naming the changes list elsewhere is the way out
    code, _, err = run(capsys, "fix", str(src), "-o", str(out), "--changes",
                       str(tmp_path / "c.json"), *offline)
    assert code == 0, err
    assert changes.read_text("utf-8") == "my notes\n" and "Smith" in out.read_text("utf-8")


def test_fix_run_again_replaces_what_it_wrote_itself(capsys, tmp_path: Path, offline: list[str]) -> None:
    src = _paper(tmp_path)
    out = tmp_path / "fixed.txt"
    for _ in range(2):
        code, _, err = run(capsys, "fix", str(src), "-o", str(out), *offline)
        assert code == 0, err
    assert "Smith" in (tmp_path / "fixed.bib").read_text("utf-8")


def test_fix_as_a_library_call_keeps_the_users_file_too(tmp_path: Path) -> None:
    from citecheck import RunOptions, check_sync, read_document
    from citecheck.errors import OutputError
    from citecheck.fix import fix

    src = _paper(tmp_path)
    mine = tmp_path / "out.bib"
    mine.write_text(USER_BIB, "utf-8")
    result = check_sync(read_document(src), RunOptions(offline=True, links=False, resolve=False))
    with pytest.raises(OutputError):
        fix(result, src, tmp_path / "out.txt", quiet=True)
    assert mine.read_text("utf-8") == USER_BIB


# SIGINT is sent from inside the child the moment citecheck.cli starts to be imported (the
# slow part of starting): deterministic, whatever the machine's load
_INTERRUPT_WHILE_STARTING = textwrap.dedent("""
    import importlib, importlib.abc, os, runpy, signal, sys

    class Interrupt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name == "citecheck.cli":
                os.kill(os.getpid(), signal.SIGINT)
            return None

    entry, doc = sys.argv[1], sys.argv[2]
    sys.argv = ["citecheck", "report", doc, "--offline", "--quiet"]
    sys.meta_path.insert(0, Interrupt())
    if entry == "-m":
        runpy.run_module("citecheck", run_name="__main__", alter_sys=True)
    else:
        module, _, function = entry.partition(":")
        getattr(importlib.import_module(module), function)()
""")


def _script_entry() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]["citecheck"]


@pytest.mark.parametrize("entry", ["-m", "script"])
def test_ctrl_c_while_starting_is_one_line_and_exit_130(tmp_path: Path, entry: str) -> None:
    src = _paper(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITECHECK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CITECHECK_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_WHILE_STARTING, _script_entry() if entry == "script" else "-m",
         str(src)], env=env, capture_output=True, text=True, timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == "citecheck: interrupted\n" and proc.stdout == ""


BIB = ("% my references\n\n"
       "@book{avrich1970,\n  author = {Avrich, Paul},\n  title = {Kronstadt, 1921},\n"
       "  publisher = {Princeton University Press},\n  address = {Princeton},\n  year = 1970\n}\n")


def test_a_bib_on_stdin_is_read_as_bibtex(capsys, monkeypatch, offline: list[str]) -> None:
    """`cat refs.bib | citecheck report -`: the entries are read, not "no bibliography found"."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BIB.encode("utf-8"))))
    code, out, err = run(capsys, "report", "-", "--format", "json", *offline)
    assert code == 0, err
    report = json.loads(out)
    assert report["kind"] == "bib" and [e["key"] for e in report["entries"]] == ["avrich1970"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BIB.encode("utf-8"))))
    code, out, err = run(capsys, "export", "-", *offline)
    assert code == 0 and out == BIB  # a .bib comes back as it was


def test_text_on_stdin_that_mentions_an_at_sign_is_still_text(capsys, monkeypatch,
                                                              offline: list[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        ("Write to @editor{at} the journal.\n" + PAPER).encode("utf-8"))))
    code, out, err = run(capsys, "report", "-", "--format", "json", "--fail-on", "none", *offline)
    assert code == 0, err
    assert json.loads(out)["kind"] == "text"
