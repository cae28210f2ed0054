"""Markdown markup stripped line by line; URLs and footnote syntax untouched."""

from __future__ import annotations

import pytest

from citecheck.markup import plain_line, plain_lines


@pytest.mark.parametrize(
    "line, plain",
    [
        ("- Avrich, Paul. 1970. *Kronstadt, 1921*. New York: Norton.",
         "- Avrich, Paul. 1970. Kronstadt, 1921. New York: Norton."),  # the bullet is locate's
        ("* **Bold** and _em_ but snake_case stays", "* Bold and em but snake_case stays"),
        ("Smith (2001). *J*, 4(2). https://doi.org/10.1000/a_b_c*x", "Smith (2001). J, 4(2). https://doi.org/10.1000/a_b_c*x"),
        ("See [the site](http://x.org/a_b) and <http://y.org>.", "See the site http://x.org/a_b and http://y.org."),
        ("Note.[^1] and [^2]: a note", "Note.[^1] and [^2]: a note"),
        ("1. Numbered entry", "1. Numbered entry"),
        ("5 * 3 = 15 and 2*x", "5 * 3 = 15 and 2*x"),
        ("`code` here", "code here"),
    ],
)
def test_plain_line(line: str, plain: str) -> None:
    assert plain_line(line) == plain


def test_line_count_is_kept() -> None:
    lines = ["# T", "", "- *a*", "- b"]
    assert len(plain_lines(lines)) == len(lines)


def test_plain_text_says_where_the_code_is() -> None:
    """Inline code spans (after emphasis is removed) and fenced blocks are recorded as code."""
    from citecheck.markup import plain_text
    from citecheck.models import CleanText

    lines = ["**Bold** then `a[2]` and *x* `b[3]`", "```", 'doc["items"][4]', "```", "after [5]"]
    out = plain_text(CleanText(lines=lines))
    assert out.lines[0] == "Bold then a[2] and x b[3]"
    spans = [(i, out.lines[i][a:b]) for i, a, b in out.code]
    assert spans == [(0, "a[2]"), (0, "b[3]"), (1, "```"), (2, 'doc["items"][4]'), (3, "```")]


def test_code_in_markdown_cites_nothing(tmp_path) -> None:
    """'`a[2]`' and a fenced block's '[4]' are not numbered citations; '[1]' in prose is."""
    from citecheck import pipeline
    from citecheck.config import RunOptions, Settings

    path = tmp_path / "doc.md"
    path.write_text(
        "# Fuzzing\n\nGrammar fuzzers [1] beat random ones [2]. An index `a[3]` is code:\n\n"
        "```\nvalue = doc[\"items\"][3]\n```\n\n## References\n\n"
        "[1] P. Godefroid, A. Kiezun, and M. Y. Levin, \"Grammar-based whitebox fuzzing,\" in Proc. PLDI, 2008, pp. 206-215.\n"
        "[2] M. Zalewski, \"American fuzzy lop,\" 2014.\n"
        "[3] K. Serebryany, \"Continuous fuzzing with libFuzzer,\" in Proc. IEEE SecDev, 2016, p. 157.\n",
        encoding="utf-8")
    report = pipeline.build_report(path, Settings(cache_dir=tmp_path / "c"),
                                   options=RunOptions(offline=True, links=False, resolve=False))
    fn = report.footnotes
    assert fn.style == "numbered"
    assert [(c.line, c.number) for c in fn.citations] == [(3, 1), (3, 2)]
    assert len(fn.uncited_entries) == 1


def test_private_use_characters_of_the_text_are_not_taken_for_code_placeholders() -> None:
    """The code-span placeholders are private-use characters; a text that has them is read as
    it is, never crashes (an index out of range) nor gets a code span put in their place."""
    from citecheck.markup import plain_line

    line = "a \ue0007\ue001 and `code` here, \ue0000\ue001"
    assert plain_line(line) == line
