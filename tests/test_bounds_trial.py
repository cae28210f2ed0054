"""Bounds on any input (the boundstrial round): inputs that made a stage super-linear or crash.

Each case is an input that used to take minutes (a regex that backtracked over a
run of blanks, dashes or dotted labels) or end in an internal error (a line of
'²' or of 5,000 digits), checked by its result. Each runs under a generous wall
limit (``within``) so a regression fails here instead of holding the suite; the
scaling figures themselves (n against 4n) are bench/bounds_bench.py's
(``--hostile``), not asserted here.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from citecheck.cli import main
from citecheck.config import RunOptions, Settings
from citecheck.ingest import document_from_bytes
from citecheck.pipeline import check_sync

T = TypeVar("T")
OFFLINE = RunOptions(offline=True)
# Generous: each input below takes well under a second now and took minutes (or hours)
# before; a slow machine never comes near this, a quadratic regex always passes it.
LIMIT = 60
# the regexes are tried on runs ten to twenty times the line limit (max_line_chars, 20,000):
# linear, that is well under a second (a few seconds for the URL rule); quadratic, minutes
BIG = 400_000
REFS = ("References\n\nSmith, John. A Book about Things. London: Penguin, 1990.\n"
        "Doe, Jane. Another Book. Oxford: Oxford University Press, 2001.\n")


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail (not hang) when the block runs longer than *seconds* (main thread, Unix)."""
    def late(signum, frame):  # noqa: ANN001
        raise AssertionError(f"took longer than {seconds} s: super-linear on this input")

    old = signal.signal(signal.SIGALRM, late)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def timed(fn: Callable[[], T]) -> T:
    with within(LIMIT):
        return fn()


def report(text: str, name: str = "d.txt"):
    return timed(lambda: check_sync(document_from_bytes(text.encode(), name), OFFLINE,
                                    settings=Settings()).report)


# --------------------------------------------------------------------------- regexes


def test_notes_heading_followed_by_a_run_of_blanks() -> None:
    """'Notes' + 20,000 blanks + a stray character: was cubic (three runs of \\s that share
    the blanks), hours at the line limit; still no notes heading."""
    from citecheck.footnotes import _NOTES_HEADING_RE
    from citecheck.locate import _HEADING_RE

    line = "Notes" + " " * 20_000 + "0"
    assert timed(lambda: _NOTES_HEADING_RE.match("Notes" + " " * BIG + "0")) is None
    assert timed(lambda: _HEADING_RE.match("References" + " " * BIG + "0")) is None
    # the headings themselves still read as before
    for heading in ("Notes", "## Notes ##", "NOTES:", "3. Notes :  #", "Notes and references"):
        assert _NOTES_HEADING_RE.match(heading), heading
    assert not _NOTES_HEADING_RE.match("Notes : x")
    r = report("Some text.1\n\n" + line + "\n\n" + REFS)
    assert len(r.entries) == 2


def test_page_number_regex_on_a_line_of_blanks() -> None:
    """A line 'x' + blanks + 'x' (x reads as a roman numeral): quadratic in the repairs' page
    number test; no page number."""
    from citecheck.repair.headers import PAGE_NUMBER

    assert timed(lambda: PAGE_NUMBER.match("x" + " " * BIG + "x")) is None
    assert timed(lambda: PAGE_NUMBER.match(" " * BIG + "-")) is None
    for line in ("12", "  - 12 -  ", "Page 7", "page - 7", "xiv", "— 3 —"):
        assert PAGE_NUMBER.match(line), line
    for line in ("12a", "page", "- -", "Page 7 of"):
        assert not PAGE_NUMBER.match(line), line


def test_deeply_indented_lines() -> None:
    """A Markdown list indented deeper on each line (or any line with a long indent): the
    finder's columned running-head test was quadratic in the indent, 170 s for a 4 MB list."""
    from citecheck.locate import _SPACED_HEAD_RE

    assert timed(lambda: _SPACED_HEAD_RE.match(" " * BIG + "- item")) is None
    for line in ("12        Title of the Book   Author        101", "  Title     12  ", "3   Title"):
        assert _SPACED_HEAD_RE.match(line), line
    assert not _SPACED_HEAD_RE.match("   Title 12")
    nested = "".join("  " * i + "- item\n" for i in range(300))
    r = report("# Essay\n\n" + nested + "\n## " + REFS, "d.md")
    assert len(r.entries) == 2


def test_ditto_rule_of_many_dashes() -> None:
    """'——— (2016).' takes the author of the entry above; a line of 20,000 dashes was
    quadratic in that test."""
    from citecheck.citations import _DITTO_RE

    for raw in ("——— (2016). Title.", "---. Title", "___, ed. Title", "— , Title", "  ——.",
                "–(2001) x", "'——. x"):
        assert _DITTO_RE.match(raw), raw
    for raw in ("Smith — (2016)", "-. Title", "_. x", "—x.", "'——'. x"):
        assert not _DITTO_RE.match(raw), raw
    assert timed(lambda: _DITTO_RE.match("—" * BIG + "x")) is None
    assert timed(lambda: _DITTO_RE.match("–" * BIG)) is None


def test_fields_after_a_bib_entry_then_a_run_of_blanks(tmp_path: Path) -> None:
    """A .bib whose entry is followed by 200,000 blanks (lines of a .bib are not cut): was
    quadratic (minutes); the file reads, and text that reads as a field is still said."""
    from citecheck.bibtex import _FIELDS_AFTER

    entry = "@book{a, author={Avrich, Paul}, title={Kronstadt}, year=1970}"
    doc = timed(lambda: document_from_bytes((entry + " " * 200_000 + "x\n").encode(), "x.bib"))
    assert [r.key for r in doc.bib_entries] == ["a"] and not doc.bib_entries[0].notice
    assert timed(lambda: _FIELDS_AFTER.match(" \n" * 100_000 + "!")) is None
    for after, name in ((", year = 2000}", "year"), ("\n  note={x}", "note"), (" ,\n\tyear=1", "year")):
        m = _FIELDS_AFTER.match(after)
        assert m and m.group(1) == name, after
    # '}}' closes the entry early, and the text after it reads as a field: still said
    said = timed(lambda: document_from_bytes(
        b"@article{a, title={A}}" + b" " * 100_000 + b", year=2000}\n@article{b, title={B}}\n",
        "y.bib"))
    assert "'year'" in (said.bib_entries[0].notice or "")


@pytest.mark.parametrize("unit", ["1.", "1-1.", "a-", "a.", "a+"])
def test_url_regex_on_runs_of_labels(unit: str) -> None:
    """'1.1.1.1…' was quadratic in the URL rejoining (each start scanned to the line's end
    for a TLD or an '@'): ~20 s for a line of 20,000 characters, minutes for these 100,000."""
    from citecheck.repair.urls import URL

    run = unit * (100_000 // len(unit))
    assert timed(lambda: [m.group(0) for m in URL.finditer(run + ".")]) == []


def test_url_regex_still_finds_what_it_found() -> None:
    from citecheck.repair.urls import URL

    text = ("see www.struggle.ws/russia/a.html, mail jane.doe+x@mail.example.org or "
            "10.1234/abc.5 and http://x.org/a_b and en.wikipedia.org/wiki/X today")
    assert [m.group(0) for m in URL.finditer(text)] == [
        "www.struggle.ws/russia/a.html,", "jane.doe+x@mail.example.org", "10.1234/abc.5",
        "http://x.org/a_b", "en.wikipedia.org/wiki/X"]


# --------------------------------------------------------------------------- crashes


@pytest.mark.parametrize("line", ["²", "¹²³", "①", "1" * 5_000], ids=["sup", "sups", "circled", "5000"])
def test_a_line_of_odd_digits_is_text_not_an_internal_error(line: str) -> None:
    """str.isdigit holds for '²' and '①' (int refuses them) and int refuses 5,000 digits:
    the finder's and the repairs' number tests crashed (exit 3) on such a line alone."""
    r = report(f"An essay.\n\n{line}\n\n{REFS}")
    assert len(r.entries) == 2


def test_odd_digits_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITECHECK_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "d.txt"
    src.write_text(f"An essay.\n\n²\n\n{'9' * 5_000}\n\n{REFS}", "utf-8")
    code = timed(lambda: main(["report", str(src), "--offline", "--format", "json",
                               "-o", str(tmp_path / "r.json")]))
    assert code == 0, capsys.readouterr().err


def test_as_int() -> None:
    from citecheck.text import as_int

    assert as_int("12") == 12 and as_int("٣") == 3
    assert as_int("²") is None and as_int("1" * 19) is None and as_int("") is None
    assert as_int(" 1") is None and as_int("-1") is None


def test_bib_month_of_superscript_digits_exports() -> None:
    """A .bib month '²' (isdigit, not int) crashed the CSL-JSON and RIS export."""
    from citecheck.formats import _month_day

    assert _month_day("²") == (None, None) and _month_day("3") == (3, None)


# --------------------------------------------------------------------------- regex2 round
# Regexes searched (not anchored) from every position of a run they repeat: a run of blanks
# before a separator that never comes, a long word with no URL in it, a run of opening quotes
# or of '(erratum'. Each was quadratic in the run (seconds for a line of 20,000 characters,
# minutes for these); each still finds what it found (tests below, and 0 differences between
# old and new on 320,000 random strings each: see bench/results/bounds_hostile.md).


def test_numbered_citation_range_with_a_run_of_blanks() -> None:
    """'[1 <blanks> –2]' is a bracket citation; its numbers were split on '\\s*[,;]\\s*'."""
    from citecheck.citations import _expand

    assert timed(lambda: _expand("1" + " " * BIG + "–2")) == [1, 2]
    assert timed(lambda: _expand("1" + " " * BIG + "x")) is None
    assert timed(lambda: _expand("1" + " " * BIG + ", 2")) == [1, 2]
    assert _expand("3, 5–7") == [3, 5, 6, 7] and _expand("1 ;2") == [1, 2] and _expand("1,") is None


def test_key_citations_beside_a_long_word_without_a_url() -> None:
    """A Markdown text with an '@', a URL and a long word (no URL in it): the URL spans were
    found by trying every start in the word, each to its end."""
    from citecheck.citations import find_key_cites

    text = "See [@doe99, p. 3], http://x.org/@a and " + "1:" * (BIG // 2) + " [@roe01]."
    assert [c.key for c in timed(lambda: find_key_cites(text))] == ["doe99", "roe01"]
    assert [c.key for c in find_key_cites("mail me@x.org, WWW.x.org/@k or [@k2]")] == ["k2"]


def test_page_range_with_a_run_of_blanks() -> None:
    """A .bib 'pages' value (a .bib's lines are not cut) of a number, blanks and no dash."""
    from citecheck.formats import _page_range

    pages = "1" + " " * BIG + "x"
    assert timed(lambda: _page_range(pages)) == (pages, None)
    assert timed(lambda: _page_range("1" + " " * BIG + "-- 9")) == ("1", "9")
    assert _page_range("341--350") == ("341", "350") and _page_range("12 – 14") == ("12", "14")
    assert _page_range("296") == ("296", None)


def test_quoted_title_test_on_a_run_of_opening_quotes() -> None:
    from citecheck.locate import _QUOTED_RE

    assert not timed(lambda: _QUOTED_RE.search("‘" * BIG))
    assert timed(lambda: _QUOTED_RE.search("‘" * BIG + "’"))
    for text, quoted in (("He wrote “A Title” then", True), ("‘abc’", False), ("‘abcd’", True),
                         ('x "y', True), ("no quotes", False), ("“abcd", True), ("‘ab’ ‘cd’", False),
                         ("‘a “bcde’", True), ("’abcd”", False)):
        assert bool(_QUOTED_RE.search(text)) is quoted, text


def test_container_cuts_on_a_run_of_blanks() -> None:
    """A journal's name (a document's, or a catalogue's answer) with a run of blanks."""
    from citecheck.match import _container_stems

    assert timed(lambda: _container_stems("Annals" + " " * BIG + "x")) == ()
    assert timed(lambda: _container_stems("Annals" + " " * BIG + ": x")) == ("annals",)
    assert _container_stems("BMJ (Clinical research ed.)") == ("bmj",)
    assert _container_stems("Lancet. - London") == ("lancet",)
    assert _container_stems("Proceedings of the National Academy of Sciences of the USA") == (
        "proceedings of the national academy", "proceedings of the national academy of sciences")


@pytest.mark.parametrize("tail", [" " * BIG + "!", "(erratum" * (BIG // 8), "(erratum" * (BIG // 8) + ")x"],
                         ids=["blanks", "brackets", "brackets-closed"])
def test_notice_tail_on_hostile_titles(tail: str) -> None:
    """A title (a document's, or a catalogue's answer) ending in a run of blanks or of
    '(erratum' without its bracket closed: each '(' was tried, each to the end."""
    from citecheck.match import notice_of

    assert timed(lambda: notice_of("A study" + tail)) is None


def test_notice_tail_still_read() -> None:
    from citecheck.match import notice_of

    assert notice_of("A study of things (Erratum)") == ("notice", "A study of things")
    assert notice_of("Things - Corrigendum") == ("notice", "Things")
    assert notice_of("Things (2019) [Poster]") == ("notice", "Things (2019)")
    assert notice_of("Things (Erratum) (2019)") is None
    assert timed(lambda: notice_of("A" + "(erratum" * (BIG // 8) + ")")) == ("notice", "A")


def test_loc_query_and_names_with_runs_of_blanks() -> None:
    """The Library of Congress client: a title's subtitle cut for the query, a name's dates
    cut from a server's answer (a hostile server's too)."""
    from citecheck.catalogues.loc import _name, search_params
    from citecheck.models import Fields, Reference

    title = "Sabriel" + " " * BIG + "x"
    q = timed(lambda: search_params(Reference(raw="x", fields=Fields(title=title))))
    assert q is not None and q["q"] == "Sabriel x"
    assert search_params(Reference(raw="x", fields=Fields(title="Sabriel : a novel")))["q"] == "Sabriel"
    name = timed(lambda: _name("Nix," + " " * BIG + "Garth"))
    assert (name.family, name.given) == ("Nix", "Garth")
    for raw, given in (("Nix, Garth, 1963-", "Garth"), ("Smith, John,   b. 1900.", "John"),
                       ("Doe, Jane, active 18th century", "Jane")):
        assert _name(raw).given == given, raw
