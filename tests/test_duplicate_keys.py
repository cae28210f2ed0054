"""Repeated keys in a .bib input are something to fix first, with both lines, as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.cli import main
from citecheck.models import DuplicateKey, Entry, Notice, Report
from citecheck.render import render
from citecheck.render.summary import priorities

BIB = """@book{smith1990,
  title = {One},
  author = {Smith, John},
  year = 1990,
  publisher = {P}
}

@book{Smith1990,
  title = {Two},
  author = {Doe, Jane},
  year = 1991,
  publisher = {Q}
}
@book{other,
  title = {Three},
  author = {Roe, Rick},
  year = 1992,
  publisher = {R}
}
@book{smith1990,
  title = {Four},
  author = {Poe, Pat},
  year = 1993,
  publisher = {S}
}
"""


def test_a_bib_with_repeated_keys_puts_them_first_with_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, "utf-8")
    monkeypatch.setenv("CITECHECK_OFFLINE", "1")
    main(["report", str(bib), "--no-resolve", "--no-links", "--format", "json",
          "--cache-dir", str(tmp_path / "c")])
    report = Report.model_validate_json(capsys.readouterr().out)
    todo = [(p.kind, p.line, p.text) for p in priorities(report)]
    assert [t for t in todo if t[0] == "duplicate-key"] == [
        ("duplicate-key", 8, "Smith1990: key already used on line 1; rename one "
                             "(this entry is Smith1990-2 in this report)"),
        ("duplicate-key", 20, "smith1990: key already used on line 1; rename one "
                              "(this entry is smith1990-3 in this report)"),
    ]
    dup = [n for n in report.notices if n.code == "bib-duplicate-key"]
    assert [n.line for n in dup] == [8, 20]
    assert not [n for n in report.notices if n.code == "bib-parse-error"]
    assert not [e for e in report.entries if e.error]  # readable entries, not parse errors
    for fmt in ("text", "markdown", "html"):
        shown = render(report, fmt)  # type: ignore[arg-type]
        assert shown.count("key already used on line 1") == 2, fmt


def test_priorities_read_the_data_not_the_wording() -> None:
    """A notice worded like a duplicate is not one; an entry carrying the data is."""
    report = Report(
        document="r.bib", kind="bib", lines=9,
        notices=[Notice(code="bib-parse-error", text="BibTeX: line 3: duplicate key 'x'")],
        entries=[Entry(raw="@misc{x-2,}", line=7, line_end=7, type="misc", key="x-2", fields={},
                       duplicate=DuplicateKey(key="x", first_line=None, renamed="x-2"))],
    )
    assert [(p.kind, p.line) for p in priorities(report)] == [("duplicate-key", 7)]
    assert json.loads(report.model_dump_json())["entries"][0]["duplicate"]["renamed"] == "x-2"
