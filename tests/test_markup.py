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
