"""Pandoc citation keys ([@key], @key) in Markdown and text, linked to a .bib (--bib) or the document's list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck import pipeline
from citecheck.citations import encoded_author_year, find_key_cites, key_citations
from citecheck.config import RunOptions, Settings
from citecheck.models import Fields, Name, Reference

from cli_run import run

OFFLINE = RunOptions(offline=True, links=False, resolve=False)
FLAGS = ("--offline", "--no-links", "--no-resolve")


def keys(text: str) -> list[tuple[str, bool, bool]]:
    return [(c.key, c.bracketed, c.suppress_author) for c in find_key_cites(text)]


# --------------------------------------------------------------------------- recognition


def test_pandoc_forms() -> None:
    text = ("Rot is common [@klein2014; @zittrain2014, p. 3]. As @jones2019 shows,\n"
            "others disagree [see @nobody2020, chap. 2]. Only the year [-@smith2001], "
            "@lee2010 [p. 4] and @{weird key 2}.")
    assert keys(text) == [
        ("klein2014", True, False), ("zittrain2014", True, False), ("jones2019", False, False),
        ("nobody2020", True, False), ("smith2001", True, True), ("lee2010", False, False),
        ("weird key 2", False, False),
    ]
    cites = find_key_cites(text)
    assert cites[0].printed == cites[1].printed == "[@klein2014; @zittrain2014, p. 3]"
    assert cites[5].printed == "@lee2010 [p. 4]"


def test_key_characters_and_trailing_punctuation() -> None:
    # internal punctuation belongs to the key; a full stop or 's after it does not
    assert keys("As @doe:2020.a-b shows. See @jones2019. And @jones2019's view, @ab_c+d.") == [
        ("doe:2020.a-b", False, False), ("jones2019", False, False), ("jones2019", False, False),
        ("ab_c+d", False, False)]


def test_look_alikes_are_not_citations() -> None:
    text = ("Write to jane@example.org or <bob@uni.edu>, see https://medium.com/@user/post and\n"
            "www.x.org/@handle, mailto:a@b.org, TeX's \\@ifnextchar, 5 @ 3.\n"
            "@dataclass\n"
            "    @property\n"
            "@app.route(\"/x\")\n"
            "[contact jane@example.org] and [1] and [^2].")
    assert find_key_cites(text) == []


def test_a_group_with_a_part_without_key_is_read_as_narrative() -> None:
    # pandoc: '[foo; @bar]' is no citation group, '@bar' is an in-text citation
    assert keys("text [foo; @bar] more") == [("bar", False, False)]


def test_code_is_never_read(tmp_path: Path) -> None:
    md = tmp_path / "code.md"
    md.write_text("Cited [@klein2014]. In code `x = [@notakey]` and\n\n```python\n@decorator\n"
                  "y = [@alsonot]\n```\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{klein2014, author={Klein, M.}, title={T}, publisher={P}, year={2014}}\n",
                   encoding="utf-8")
    report = _report(md, tmp_path, bib)
    assert [c.key for c in report.footnotes.citations] == ["klein2014"]


# --------------------------------------------------------------------------- keys read as author and year


@pytest.mark.parametrize("key, name, year, letter, word", [
    ("klein2014", "klein", "2014", "", ""),
    ("Klein2014scholarly", "klein", "2014", "", "scholarly"),
    ("klein_2014", "klein", "2014", "", ""),
    ("Klein:2014a", "klein", "2014", "a", ""),
    ("kleinEtAl2014", "klein", "2014", "", ""),
    ("van-dijk2010", "vandijk", "2010", "", ""),
])
def test_encoded_author_year(key: str, name: str, year: str, letter: str, word: str) -> None:
    got = encoded_author_year(key)
    assert got is not None and name in got[0] and got[1:] == (year, letter, word)


@pytest.mark.parametrize("key", ["smith-book", "2014klein", "x2014", "bolshevism"])
def test_keys_that_do_not_say_author_and_year(key: str) -> None:
    assert encoded_author_year(key) is None


def ref(key: str, family: str, year: str, title: str) -> Reference:
    return Reference(raw=f"{family}, A. ({year}). {title}.", key=key,
                     fields=Fields(author=[Name(family=family, given="A.")], year=year, title=title))


LIST = [ref("klein2014scholarly", "Klein", "2014", "Scholarly context not found"),
        ref("lee2010a", "Lee", "2010", "Alpha"), ref("lee2010b", "Lee", "2010", "Beta"),
        ref("jones2019decay", "Jones", "2019", "Decay")]


def test_document_list_links_only_plain_author_year_keys() -> None:
    line = ("[@klein2014; @Klein:2014; @lee2010; @lee2010beta; @jones2018; @smith2001; "
            "@jones-book]")
    got = [(c.key, c.status, c.cites) for c in key_citations([line], set(), LIST)]
    assert got == [
        ("klein2014", "linked", "klein2014scholarly"),
        ("Klein:2014", "linked", "klein2014scholarly"),
        ("lee2010", "ambiguous", None),          # two entries fit
        ("lee2010beta", "linked", "lee2010b"),   # the title word decides
        ("jones2018", "uncertain", None),        # listed with 2019: the key may mean anything
        ("smith2001", "uncertain", None),        # never 'not-listed' without a .bib
        ("jones-book", "uncertain", None),       # no year in the key
    ]


def test_bib_links_by_exact_key_then_ignoring_case() -> None:
    bib = [ref("klein2014", "Klein", "2014", "S"), ref("Zittrain2014", "Zittrain", "2014", "P")]
    got = key_citations(["[@klein2014; @zittrain2014; @nobody2020; @Klein2014x]"], set(), bib,
                        bib="refs.bib")
    assert [(c.key, c.status, c.cites) for c in got] == [
        ("klein2014", "linked", "klein2014"), ("zittrain2014", "linked", "Zittrain2014"),
        ("nobody2020", "not-listed", None), ("Klein2014x", "not-listed", None)]
    assert got[0].detail is None and "biber" in (got[1].detail or "")
    assert all(c.kind == "key" for c in got)


# --------------------------------------------------------------------------- whole documents

PAPER = """\
# A short paper

Reference rot is common [@klein2014; @zittrain2014, p. 3]. As @jones2019 shows,
links decay quickly. Others disagree [see @nobody2020]. Write to jane@example.org.
"""

BIB = """\
@article{klein2014,
  author = {Klein, Martin and Van de Sompel, Herbert},
  title = {Scholarly Context Not Found},
  journal = {PLOS ONE},
  year = {2014},
  volume = {9},
  pages = {e115253},
}

@article{Zittrain2014,
  author = {Zittrain, Jonathan},
  title = {Perma},
  journal = {Harvard Law Review Forum},
  year = {2014},
  volume = {127},
  pages = {176--199},
}

@book{jones2019,
  author = {Jones, Ann},
  title = {Decay},
  publisher = {OUP},
  address = {Oxford},
  year = {2019},
}

@book{unused2000,
  author = {Unused, Uma},
  title = {Never},
  publisher = {OUP},
  year = {2000},
}
"""

RENDERED = PAPER + """
## References

Klein, M., & Van de Sompel, H. (2014). Scholarly context not found. *PLOS ONE*, 9, e115253.

Zittrain, J. (2014). Perma: Scoping the problem. *Harvard Law Review Forum*, 127(4), 176–199.

Jones, A. (2019). *Decay*. Oxford: Oxford University Press.

Never, N. (2001). *Uncited*. London: Verso.
"""


def _report(path: Path, tmp_path: Path, bib: Path | None = None):
    from citecheck.cli import with_bib
    from citecheck.ingest import read_document

    settings = Settings(cache_dir=tmp_path / "cache")
    doc = read_document(path)
    if bib is not None:
        doc = with_bib(doc, bib, settings)
    return pipeline.check_sync(doc, OFFLINE, settings=settings).report


@pytest.fixture
def paper(tmp_path: Path) -> tuple[Path, Path]:
    md, bib = tmp_path / "paper.md", tmp_path / "refs.bib"
    md.write_text(PAPER, encoding="utf-8")
    bib.write_text(BIB, encoding="utf-8")
    return md, bib


def test_bib_is_the_reference_list(paper: tuple[Path, Path], tmp_path: Path) -> None:
    md, bib = paper
    report = _report(md, tmp_path, bib)
    fn = report.footnotes
    assert fn.style == "key"
    assert [e.key for e in report.entries] == ["klein2014", "Zittrain2014", "jones2019", "unused2000"]
    assert [e.line for e in report.entries] == [1, 10, 19, 27]  # the .bib's lines
    assert report.entries_source == str(bib)
    assert [(c.key, c.line, c.status, c.cites) for c in fn.citations] == [
        ("klein2014", 3, "linked", "klein2014"), ("zittrain2014", 3, "linked", "Zittrain2014"),
        ("jones2019", 3, "linked", "jones2019"), ("nobody2020", 4, "not-listed", None)]
    assert fn.uncited_entries == ["unused2000"]
    assert "ignoring case" in (fn.message or "") and "@nobody2020" in (fn.message or "")
    # the .bib's entries are checked as any .bib's: unused2000 lacks an address
    assert [e.key for e in report.entries if e.missing] == ["unused2000"]


def test_document_list_without_bib(tmp_path: Path) -> None:
    md = tmp_path / "rendered.md"
    md.write_text(RENDERED, encoding="utf-8")
    report = _report(md, tmp_path)
    got = [(c.key, c.status) for c in report.footnotes.citations]
    assert got == [("klein2014", "linked"), ("zittrain2014", "linked"), ("jones2019", "linked"),
                   ("nobody2020", "uncertain")]
    assert not any(c.status == "not-listed" for c in report.footnotes.citations)
    # '@nobody2020' reads as an author and year the list does not have: it names none of
    # the list's entries, so the one no key cites is never cited
    assert report.footnotes.uncited_entries == ["never2001uncited"]
    assert not any("maybe never cited" in u for u in report.footnotes.uncertain)


@pytest.mark.parametrize(("key", "hedged"), [
    ("ref7", True),  # does not read as author and year: it may name any entry
    ("never1999", True),  # the list has Never with 2001: it may be that entry, misdated
    ("nobody2020", False),  # no entry by that author: it names none of them
])
def test_an_unmatched_key_hedges_only_the_entries_it_may_name(tmp_path: Path, key: str,
                                                               hedged: bool) -> None:
    md = tmp_path / "rendered.md"
    md.write_text(RENDERED.replace("@nobody2020", "@" + key), encoding="utf-8")
    fn = _report(md, tmp_path).footnotes
    assert (fn.uncited_entries == []) is hedged
    assert any("never2001uncited: maybe never cited" in u for u in fn.uncertain) is hedged
    if not hedged:
        assert fn.uncited_entries == ["never2001uncited"]


def test_document_list_all_keys_read_reports_uncited(tmp_path: Path) -> None:
    md = tmp_path / "rendered.md"
    md.write_text(RENDERED.replace(" Others disagree [see @nobody2020].", ""), encoding="utf-8")
    fn = _report(md, tmp_path).footnotes
    assert {c.status for c in fn.citations} == {"linked"}
    assert fn.uncited_entries == ["never2001uncited"]


def test_keys_and_no_list_is_one_notice_not_an_error(tmp_path: Path, capsys) -> None:
    md = tmp_path / "nolist.txt"
    md.write_text("Rot is common [@klein2014; @jones2019].\n", encoding="utf-8")
    code, out, err = run(capsys, "report", str(md), *FLAGS)
    assert code == 0, err
    notes = [line for line in out.splitlines() if "note:" in line and "Citation keys" in line]
    assert len(notes) == 1 and "no reference list" in notes[0] and "--bib" in notes[0]


def test_no_keys_no_list_is_still_an_error(tmp_path: Path, capsys) -> None:
    md = tmp_path / "plain.md"
    md.write_text("Nothing cited here; mail jane@example.org.\n", encoding="utf-8")
    code, _, err = run(capsys, "report", str(md), *FLAGS)
    assert code == 2 and "no bibliography found" in err


# --------------------------------------------------------------------------- command line


def test_cli_bib_text_and_json(paper: tuple[Path, Path], capsys) -> None:
    md, bib = paper
    code, out, err = run(capsys, "report", str(md), "--bib", str(bib), *FLAGS, "--fail-on", "citations")
    assert code == 1  # @nobody2020 is not in the .bib
    assert f"Entries (from {bib}: lines are that file's)" in out
    assert f"{bib} line 27" in out and "missing-fields unused2000" in out
    assert "[see @nobody2020]  not-listed" in out and "never cited: unused2000" in out
    code, out, _ = run(capsys, "report", str(md), "--bib", str(bib), *FLAGS, "-f", "json")
    data = json.loads(out)
    assert data["entries_source"] == str(bib)
    assert {c["kind"] for c in data["footnotes"]["citations"]} == {"key"}
    assert data["footnotes"]["style"] == "key"
    assert [c["key"] for c in data["footnotes"]["citations"]][:2] == ["klein2014", "zittrain2014"]


@pytest.mark.parametrize("fmt, says", [("markdown", "(--bib): the lines are that file's"),
                                       ("html", "(--bib): the lines are that file&#x27;s")])
def test_other_formats_name_the_bib(paper: tuple[Path, Path], capsys, fmt: str, says: str) -> None:
    md, bib = paper
    code, out, _ = run(capsys, "report", str(md), "--bib", str(bib), *FLAGS, "-f", fmt)
    assert says.replace("&#x27;", "'") in out or says in out


def test_cli_bib_errors(paper: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    md, bib = paper
    other = tmp_path / "refs.txt"
    other.write_text("not bibtex\n", encoding="utf-8")
    bad = tmp_path / "bad.bib"
    bad.write_text("just words\n", encoding="utf-8")
    cases = [
        ((str(md), "--bib", str(tmp_path / "none.bib")), "no such file"),
        ((str(md), "--bib", str(other)), "not a .bib file"),
        ((str(md), "--bib", str(bad)), "--bib: "),
        ((str(bib), "--bib", str(bib)), "is a .bib itself"),
    ]
    for argv, says in cases:
        code, out, err = run(capsys, "report", *argv, *FLAGS)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and says in err and "Traceback" not in err


def test_a_handle_alone_does_not_make_the_style(tmp_path: Path) -> None:
    # '@nytimes' in an author–year text: no bracketed key, no .bib -- still author–year
    txt = tmp_path / "apa.txt"
    txt.write_text(
        "As the press (@nytimes) noted, rot is common (Klein et al., 2014). Jones (2019) agrees.\n\n"
        "References\n\n"
        "Klein, M., & Van de Sompel, H. (2014). Scholarly context not found. PLOS ONE, 9, e115253.\n\n"
        "Jones, A. (2019). Decay. Oxford: Oxford University Press.\n", encoding="utf-8")
    fn = _report(txt, tmp_path).footnotes
    assert fn.style == "author-year"
    assert [c.status for c in fn.citations] == ["linked", "linked"]


def test_many_keys_are_read_in_linear_time() -> None:
    import time

    text = "x [see @a; @b, p. 3] https://x.org/@c jane@d.org @e\n" * 4000
    start = time.perf_counter()
    found = find_key_cites(text)
    assert len(found) == 3 * 4000
    assert time.perf_counter() - start < 5.0


# --------------------------------------------------------------------------- keys in notes, stray keys

AY_LIST = ("\n# References\n\nKlein, J. (2014). A book. Oxford University Press.\n\n"
           "Jones, K. (2019). Another book. Routledge.\n")


def test_keys_in_markdown_footnote_definitions_are_read(tmp_path: Path) -> None:
    md = tmp_path / "fn.md"
    md.write_text("Rot is common.[^1] It grows [@jones2019].\n\n[^1]: See [@klein2014, p. 3] for the numbers.\n"
                  + AY_LIST, encoding="utf-8")
    fn = _report(md, tmp_path).footnotes
    assert fn.style == "key"
    assert [(c.key, c.line, c.status) for c in fn.citations] == [
        ("jones2019", 1, "linked"), ("klein2014", 3, "linked")]
    assert fn.uncited_entries == []
    # no list: the note citing by key is no entry of its own
    alone = tmp_path / "alone.md"
    alone.write_text("Rot is common.[^1] It grows [@jones2019].\n\n[^1]: See [@klein2014, p. 3].\n",
                     encoding="utf-8")
    report = _report(alone, tmp_path)
    assert report.entries == []
    assert "no reference list" in (report.footnotes.message or "")


def test_a_stray_key_leaves_an_author_year_text_so(tmp_path: Path) -> None:
    md = tmp_path / "ay.md"
    md.write_text("Rot is common (Klein, 2014), and grows (Jones, 2019). News on Twitter [@citecheck_dev].\n"
                  + AY_LIST, encoding="utf-8")
    fn = _report(md, tmp_path).footnotes
    assert fn.style == "author-year"
    assert [(c.text, c.status) for c in fn.citations] == [
        ("(Klein, 2014)", "linked"), ("(Jones, 2019)", "linked"), ("[@citecheck_dev]", "uncertain")]
    assert fn.uncited_entries == []


def test_keys_in_comments_and_indented_code_are_never_read(tmp_path: Path) -> None:
    md = tmp_path / "code.md"
    md.write_text("Rot is common (Klein, 2014), and grows (Jones, 2019).\n\nTo cite, write:\n\n"
                  "    Blah [@smith2020; @doe2021].\n\n<!-- TODO cite\n[@klein2014] -->\n\n"
                  "- a list item\n\n    continued [@jones2019] in the item\n" + AY_LIST, encoding="utf-8")
    fn = _report(md, tmp_path).footnotes
    assert fn.style == "author-year"
    # (the list item's continuation is prose, not code: its key is read, as a stray)
    assert [(c.text, c.status) for c in fn.citations] == [
        ("(Klein, 2014)", "linked"), ("(Jones, 2019)", "linked"), ("[@jones2019]", "uncertain")]


def test_a_renamed_duplicate_in_the_bib_is_no_uncited_entry(tmp_path: Path) -> None:
    md, bib = tmp_path / "d.md", tmp_path / "d.bib"
    md.write_text("Rot is common [@smith2020] and [@doe2021]. Nobody cites [@roe2022].\n", encoding="utf-8")
    bib.write_text(
        "@book{smith2020, title={One}, author={Smith, John}, year=2020, publisher={P}, address={L}}\n"
        "@book{doe2021, title={Two}, author={Doe, Jane}, year=2021, publisher={P}, address={L}}\n"
        "@book{smith2020, title={Three}, author={Smith, Ann}, year=2020, publisher={P}, address={L}}\n"
        "@book{never2000, title={Four}, author={Never, N.}, year=2000, publisher={P}, address={L}}\n",
        encoding="utf-8")
    report = _report(md, tmp_path, bib)
    assert [e.key for e in report.entries] == ["smith2020", "doe2021", "smith2020-2", "never2000"]
    assert report.footnotes.uncited_entries == ["never2000"]  # the duplicate is reported as one
    assert any(n.code == "bib-duplicate-key" for n in report.notices)
