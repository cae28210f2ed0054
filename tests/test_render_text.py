"""Text and Markdown renderers on a Report built from constants."""

from __future__ import annotations

import json

from html_reports import ARCHIVE_URL, DEAD_URL, small_report

from citecheck.render import render


def test_text_report_shows_findings_with_lines() -> None:
    report = small_report()
    text = render(report, "text")
    assert text.startswith(f"citecheck report: {report.document}")
    for entry in report.entries:
        assert entry.key in text
    assert DEAD_URL in text and ARCHIVE_URL in text
    dead = next(c for c in report.links if c.url == DEAD_URL)
    assert f"line {dead.line}" in text
    for suggestion in (s for e in report.entries if e.match for s in e.match.suggestions):
        assert f"suggest {suggestion.field}:" in text
    assert "[unchecked 0.00]" not in text  # no score for what was never looked up
    assert "|" not in "".join(line for line in text.splitlines() if "missing:" in line)


def test_markdown_escapes_table_cells() -> None:
    report = small_report()
    md = render(report, "markdown")
    assert md.startswith("# citecheck report:")
    assert "<script>" not in md  # text from the document is never markup
    assert "| line | key | type |" in md


def test_json_is_the_model() -> None:
    report = small_report()
    data = json.loads(render(report, "json"))
    assert data["entries"][0]["key"] == report.entries[0].key
    assert data["links"][0]["status"] == report.links[0].status
