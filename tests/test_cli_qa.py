"""What an editor, an author or an archivist meets on the command line: findings from using it."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.cli import main

BIB = """@book{proc2019,
  title = {Proceedings of the Reading Conference},
  editor = {M\u00fcller, Hans},
  publisher = {Academic Press},
  year = {2019},
}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def offline(tmp_path: Path) -> list[str]:
    return ["--offline", "--cache-dir", str(tmp_path / "cache"), "--quiet"]


@pytest.mark.parametrize("command", ["export", "fix"])
def test_ascii_on_a_bib_says_what_it_left_in_utf8(capsys, tmp_path: Path, offline: list[str],
                                                   command: str) -> None:
    """--ascii on a .bib rewrites only changed entries: the user is told, not left to find out."""
    src = tmp_path / "refs.bib"
    src.write_text(BIB, "utf-8")
    out = tmp_path / "out.bib"
    code, _, err = run(capsys, command, str(src), "-o", str(out), "--ascii", *offline)
    assert code == 0, err
    assert "M\u00fcller" in out.read_text("utf-8")  # the .bib comes back as it was
    assert "--ascii" in err and "line 3" in err
    code, _, err = run(capsys, command, str(src), "-o", str(tmp_path / "plain.bib"), *offline)
    assert "--ascii" not in err


@pytest.mark.parametrize("ext", ["ris", "json"])
def test_an_unreadable_entry_is_left_out_of_ris_and_csl_json_and_named(
        capsys, tmp_path: Path, offline: list[str], ext: str) -> None:
    src = tmp_path / "refs.bib"
    src.write_text(BIB + "\n@article{broken,\n  title = {Unclosed {brace,\n  year = {2000},\n}\n", "utf-8")
    out = tmp_path / f"out.{ext}"
    code, _, err = run(capsys, "export", str(src), "-o", str(out), *offline)
    assert code == 0, err
    written = out.read_text("utf-8")
    assert "broken" not in written and "Proceedings of the Reading Conference" in written
    assert written.count("TY  - ") == 1 if ext == "ris" else written.count('"id"') == 1
    assert "left out" in err and "line 8 (broken)" in err


def test_parse_takes_its_file_like_every_other_command(capsys, tmp_path: Path, monkeypatch) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text("Smith, J. (2019). The decline of deep reading. Educ. Psych. Rev., 31, 1-20.\n", "utf-8")
    code, positional, err = run(capsys, "parse", str(refs))
    assert code == 0, err
    code, flagged, _ = run(capsys, "parse", "--file", str(refs))
    assert positional == flagged and "deep reading" in positional
    assert positional.count("\n") == 1
    code, _, err = run(capsys, "parse", str(refs), "--file", str(refs))
    assert code == 2 and "not both" in err
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(refs.read_bytes())))
    code, dash, _ = run(capsys, "parse", "-")
    assert code == 0 and dash == flagged
