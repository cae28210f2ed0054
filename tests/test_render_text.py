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


def test_text_says_when_every_citation_is_linked_like_markdown() -> None:
    """A citations heading with nothing under it reads as a rendering fault."""
    from citecheck.models import Citation, FootnoteReport

    report = small_report()
    key = report.entries[0].key
    fn = FootnoteReport(style="numbered",
                        citations=[Citation(kind="numbered", line=3, text="[1]", number=1, cites=key)])
    report = report.model_copy(update={"footnotes": fn})
    said = "Every citation names a bibliography entry, and every entry is cited."
    assert said in render(report, "markdown")
    assert said in render(report, "text")
    uncited = report.model_copy(update={"footnotes": fn.model_copy(update={"uncited_entries": ["x"]})})
    assert said not in render(uncited, "text")


def test_a_suggestion_for_an_absent_field_never_shows_python_none() -> None:
    report = small_report()  # suggests number '4' for an entry that has none
    for fmt in ("text", "markdown"):
        out = render(report, fmt)
        assert "None" not in out, fmt
        assert "number: (none)" in out or "number (none)" in out, fmt


def test_may_not_exist_is_said_once_in_fix_these_first() -> None:
    from citecheck.models import Match

    report = small_report()
    reason = "No catalogue knows this work: it may not exist. Searched: Crossref."
    entry = report.entries[0].model_copy(update={"match": Match(verdict="not-found", reason=reason,
                                                                 may_not_exist=True)})
    report = report.model_copy(update={"entries": [entry, *report.entries[1:]]})
    first = render(report, "text").split("Fix these first")[1].split("\n\n")[0]
    line = next(ln for ln in first.splitlines() if "not-found" in ln and f" {entry.key}:" in ln)
    assert reason in line and line.lower().count("no catalogue knows this work") == 1


def test_one_marker_is_singular() -> None:
    from citecheck.models import FootnoteReport, FootnoteSection, Marker

    report = small_report()
    fn = FootnoteReport(sections=[FootnoteSection(title="Notes", line=2, markers=[Marker(number=1, line=2)])])
    text = render(report.model_copy(update={"footnotes": fn}), "text")
    assert "1 marker: 1" in text and "1 markers" not in text
