"""Review 7 findings: each test shows one bug of the changes of 2026-12-03 (73a19d3..main)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from citecheck.cli import main
from citecheck.ingest import _kind

SAMPLE = Path(__file__).resolve().parents[1] / "refs" / "russia-revolution-counter-revolution.txt"


def test_stdin_bib_detection_is_linear_on_crlf_comment_lines() -> None:
    """Bug: ingest._BIB_START read a CRLF '%' line two ways ('%[^\\n]*' took the '\\r' or left it
    to '\\r?'), so input without an extension opening with n such lines and no entry cost 2^n
    tries: 26 lines of a LaTeX file piped to `citecheck report -` took 25 s, 40 would take days."""
    data = b"% a LaTeX comment\r\n" * 24 + b"Some text, not BibTeX\r\n"
    started = time.perf_counter()
    assert _kind(Path("-"), data) == "text"
    assert time.perf_counter() - started < 0.5
    # what it must still take for BibTeX
    assert _kind(Path("-"), b"% from Zotero\r\n\r\n  \r\n@book{a,\r\n") == "bib"
    assert _kind(Path("-"), b"%a\rb\n @ misc(x,") == "bib"


def test_mixed_encoding_bib_round_trip_keeps_a_utf8_line_that_reads_like_an_8bit_one(
        tmp_path: Path) -> None:
    """Bug: encode_bib wrote every line whose text equals one of the 8-bit lines in the 8-bit
    encoding, so a UTF-8 'address = {München},' in one entry became Latin-1 because the pasted
    Latin-1 entry has the same line: a no-op export was not byte-identical (and broke the file)."""
    utf8 = "@book{a,\n  author = {Müller, K.},\n  address = {München},\n  year = {2001}\n}\n\n"
    latin = "@book{b,\n  author = {Schmidt, J.},\n  address = {München},\n  year = {2002}\n}\n"
    data = utf8.encode("utf-8") + latin.encode("latin-1")
    src, out = tmp_path / "in.bib", tmp_path / "out.bib"
    src.write_bytes(data)
    assert main(["export", str(src), "--offline", "-q", "-o", str(out)]) == 0
    assert out.read_bytes() == data
    fixed = tmp_path / "fixed.bib"
    assert main(["fix", str(src), "--offline", "-q", "-o", str(fixed)]) == 0
    assert fixed.read_bytes() == data


def test_fix_does_not_replace_a_users_bib_that_shares_the_outputs_mtime(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = tmp_path / "paper.txt"
    paper.write_bytes(SAMPLE.read_bytes())
    mine = tmp_path / "refs.bib"
    mine.write_text("@book{mine, title = {My own list}, author = {Me}, year = {2020}}\n")
    notes = tmp_path / "refs.txt"
    notes.write_text("my notes\n")
    stamp = time.time() - 86400  # both from one `git checkout`, `unzip` or `cp -p` a day ago
    os.utime(mine, (stamp, stamp))
    os.utime(notes, (stamp, stamp))
    before = mine.read_bytes()
    code = main(["fix", str(paper), "--offline", "-q", "-o", str(notes)])
    assert mine.read_bytes() == before
    assert code == 2


def test_prose_after_an_entry_is_no_field_left_outside() -> None:
    from citecheck.bibtex import read_bib

    prose, _ = read_bib("@book{a, title = {A}, year = 2000}\nNote = see below for the rest.\n")
    stray, _ = read_bib("@book{b, title = {B}}, year = 2000}\n")
    assert not (prose[0].notice or "")
    assert "too many" in (stray[0].notice or "")
