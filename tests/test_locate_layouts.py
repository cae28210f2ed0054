"""Tests for citecheck.locate: entry boundaries in more list layouts (issue 9, finding and splitting).

Each document is made up for the test, shaped like the layouts PDF extraction
leaves (no text is copied from the finding-dev data).
"""

from __future__ import annotations

from citecheck.locate import furniture_lines, locate
from citecheck.models import CleanText


def spans(lines: list[str]) -> list[tuple[int, int]]:
    return [(e.line, e.line_end) for e in locate(CleanText(lines=lines)).entries]


def test_same_author_years_with_letters_start_entries() -> None:
    # the same author's works by year, the dash before each lost: "1988b." opens an entry
    # once the entry above has its year, and "1988a" is a year
    lines = [
        "Literature Cited",
        "Ashford, P. R. 1988a. Systematics of lowland forest trees. Taxon 37: 612-620.",
        "1988b. Tree biology as a window on the structure of tropical forests. Ann.",
        "Rev. Ecol. Syst. 19: 331-352.",
        "1990c. Breeding systems in tropical trees. Biotropica 22: 12-19.",
        "Baxter, S. 1980. Elements of genetic regulation. Hereditas 93: 270-281.",
    ]
    assert spans(lines) == [(2, 2), (3, 4), (5, 5), (6, 6)]


def test_numbered_entry_with_one_word_per_line_is_not_cut() -> None:
    # PDF extraction can put each word of a line on its own line; the next number closes
    # the entry however many lines it took
    words = ("Kowalczyk M, Nakamura S, Ortega L, et al. Diet alters gut flora in mice."
             " Obesity (Silver Spring). United States; 2016;24: 2140-2149.").split()
    lines = ["References", "1.", "Adams R, Brown T. A short paper. J Things. 2015;3: 1-9.", "2."]
    lines += words
    lines += ["3.", "Clark A. Another paper on gut flora. Nutr Res. 2018;50: 25-36."]
    n = len(lines)
    assert spans(lines) == [(2, 3), (4, n - 2), (n - 1, n)]


def test_a_repeated_continuation_line_is_not_a_running_head() -> None:
    # "for Computational Linguistics." recurs a page apart, but it goes on the line before
    given = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"]
    family = ["Abbott", "Brandt", "Castillo", "Dorsey", "Eklund", "Fischer", "Garnier", "Hobbs",
              "Ivanova", "Jensen", "Kaplan", "Lindqvist"]
    lines = ["References"]
    n = 0
    for k in range(3):
        lines += [f"{given[k]} {family[k]}. {1990 + k}. A study of parsing, part {k}. In Proceedings",
                  "of the Annual Meeting of the Association",
                  "for Computational Linguistics."]
        for j in range(12):
            n += 1
            lines += [f"{given[n % 10]} {family[n % 12]}. {1995 + j}. Filler paper {n} on tagging.",
                      f"Journal of Things, {n}:1-{n + 9}."]
    recurring = [i for i, line in enumerate(lines) if line == "for Computational Linguistics."]
    assert not furniture_lines(lines) & set(recurring)
    assert (2, 4) in spans(lines)  # the first entry whole


def test_reference_lines_of_one_shape_are_not_a_running_head() -> None:
    # the shape "Phys. Rev. B, vol. #, no. #, p. #, #." recurs, but its numbers all change;
    # a running head keeps all its numbers but the page number
    body = [f"Prose line number {k} of the paper, about spin chains and their models." for k in range(25)]
    tails = ["Phys. Rev. B, vol. 26, no. 8, p. 4269, 1982.", "Phys. Rev. B, vol. 56, no. 20, p. 12847, 1997.",
             "Phys. Rev. B, vol. 88, no. 11, p. 115137, 2013."]
    heads = [f"J. Spin Phys. 12 (2003) {100 + k} Kowalski and Lee" for k in range(3)]
    lines: list[str] = []
    for k in range(3):
        lines += [heads[k], *body, f"[{k + 1}] A. Author and B. Writer, Spin chains and ladders", tails[k]]
    found = furniture_lines(lines)
    assert {lines.index(h) for h in heads} <= found
    assert not {lines.index(t) for t in tails} & found
