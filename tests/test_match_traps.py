"""match.py against look-alike records: a notice, dataset, thesis, another part of a
series, another edition or version offered for a cited work — never `verified` — and
the near-miss records that ARE the cited work, which must stay verified.

The records are written here (no network); each case names the rule it checks.
"""

from __future__ import annotations

import pytest

from citecheck.match import decide, notice_of, part_numbers
from citecheck.models import Candidate, Fields, Name, Reference

A = [Name(family="Hartmann", given="Lena"), Name(family="Okafor", given="Chidi")]
W = [Name(family="Whitfield", given="Margaret")]
T = "Soil carbon dynamics under rotational grazing"
ART = dict(author=A, title=T, journal="Journal of Applied Ecology", volume="58",
           pages="100--110", year="2021")
BOOK = dict(author=W, title="The Architecture of Memory", publisher="Oxford University Press",
            year="2015")


def ref(typ: str, **kw: object) -> Reference:
    kw.setdefault("years", [kw["year"]] if kw.get("year") else [])
    return Reference(raw="…", type=typ, fields=Fields(**kw))


def cand(title: str, authors: list[Name] = A, year: str = "2021", kind: str = "journal-article",
         container: str | None = "Journal of Applied Ecology", **kw: object) -> Candidate:
    return Candidate(source=kw.pop("source", "crossref"), id=kw.pop("id", "10.1234/x"),
                     title=title, authors=authors, year=year, kind=kind, container=container,
                     **kw)


NOT_THE_WORK = [
    ("correction", ref("article", **ART), cand(f"Correction to: {T}"), "notice"),
    ("erratum", ref("article", **ART), cand(f"Erratum: {T}"), "notice"),
    ("erratum record type", ref("article", **ART), cand(T, kind="erratum"), "notice"),
    ("corrigendum in quotes", ref("article", **ART),
     cand(f"Corrigendum to “{T}” [J. Appl. Ecol. 58 (2021) 100–110]", year="2022"), "notice"),
    ("retraction note", ref("article", **ART), cand(f"Retraction Note: {T}"), "notice"),
    ("comment by the authors", ref("article", **ART), cand(f"Comment on {T}"), "notice"),
    ("reply to a comment", ref("article", **ART), cand(f"Reply to: Comment on “{T}”",
                                                      year="2022"), "notice"),
    ("response", ref("article", **ART), cand(f"Response to “{T}”"), "notice"),
    ("conference abstract", ref("article", **ART), cand(f"Abstract: {T}"), "notice"),
    ("numbered meeting abstract", ref("article", **ART),
     cand(f"Abstract 2345: {T}", container="Cancer Research"), "notice"),
    ("erratum as a suffix", ref("article", **ART), cand(f"{T} (Erratum)"), "notice"),
    ("dataset record", ref("article", **ART), cand(T, kind="dataset", container="Dryad"),
     "dataset"),
    ("component record", ref("article", **ART), cand(T, kind="component", container=None),
     "dataset"),
    ("data from", ref("article", **ART), cand(f"Data from: {T}", kind="dataset"), "dataset"),
    ("thesis cited, the book offered", ref("phdthesis", author=W, title=BOOK["title"],
                                           school="University of Leeds", year="2011"),
     cand(BOOK["title"], W, "2015", "book", None, publisher="Oxford University Press"), "thesis"),
    ("book cited, the earlier thesis offered", ref("book", **BOOK),
     cand(BOOK["title"], W, "2011", "dissertation", None), "thesis"),
    ("part I cited, part II offered", ref("article", author=A, title=f"{T}, Part 1", year="2021"),
     cand(f"{T}, Part 2"), "other-part"),
    ("I. cited, II. offered", ref("article", author=A, title="Studies on soil carbon. I. Theory",
                                  year="2021"),
     cand("Studies on soil carbon. II. Theory"), "other-part"),
    ("roman numeral at the end", ref("article", author=A, title="Studies on soil carbon I",
                                     year="2021"), cand("Studies on soil carbon II"), "other-part"),
    ("part one / part two", ref("article", author=A, title="Soil carbon: part one", year="2021"),
     cand("Soil carbon: part two"), "other-part"),
    ("book I / book II", ref("book", author=W, title="A History of Memory, Book I", year="2015"),
     cand("A History of Memory, Book II", W, "2015", "book", None), "other-volume"),
]


@pytest.mark.parametrize(("ref_", "record", "relation"), [c[1:] for c in NOT_THE_WORK],
                         ids=[c[0] for c in NOT_THE_WORK])
def test_look_alike_record_is_not_the_work(ref_: Reference, record: Candidate,
                                           relation: str) -> None:
    m = decide(ref_, [record])
    assert m.verdict == "not-found", m
    assert m.relation == relation, m


VERSIONS = [
    ("later edition of a book", ref("book", **BOOK),
     cand(BOOK["title"], W, "2021", "book", None, publisher="Oxford University Press"),
     "other-edition"),
    ("reprint of a 1950 book", ref("book", author=W, title=BOOK["title"], year="1950"),
     cand(BOOK["title"], W, "2005", "book", None), "other-edition"),
    ("2nd edition cited, the record says third", ref("book", **BOOK, edition="2nd"),
     cand(BOOK["title"], W, "2015", "book", None, subtitle="Third Edition"), "other-edition"),
    ("article cited, only its preprint", ref("article", author=A, title=T, year="2021"),
     cand(T, year="2020", kind="posted-content", container=None), "preprint"),
    ("article cited, an arXiv record typed article", ref("article", author=A, title=T,
                                                          year="2021"),
     cand(T, year="2021", kind="article", container="arXiv (Cornell University)",
          source="openalex", id="W1"), "preprint"),
    ("a book cited, a thesis of that year (cited as a book?)", ref("book", **BOOK),
     cand(BOOK["title"], W, "2015", "dissertation", None), "thesis"),
    ("arXiv preprint cited, only the article", ref("misc", author=A, title=T, year="2020",
                                                   eprint="2001.01234", eprinttype="arxiv"),
     cand(T), "published"),
]


@pytest.mark.parametrize(("ref_", "record", "relation"), [c[1:] for c in VERSIONS],
                         ids=[c[0] for c in VERSIONS])
def test_another_version_is_suggested_not_verified(ref_: Reference, record: Candidate,
                                                   relation: str) -> None:
    m = decide(ref_, [record])
    assert m.verdict == "probable", m
    assert m.relation == relation, m


SAME_WORK = [
    ("a title that starts like a notice", ref("article", author=A,
                                              title="Response to drought in grazed soils",
                                              year="2021"),
     cand("Response to drought in grazed soils")),
    ("the retracted article itself", ref("article", **ART), cand(f"RETRACTED: {T}",
                                                                 volume="58")),
    ("an erratum cited as such", ref("article", author=A, title=f"Erratum: {T}", year="2021"),
     cand(f"Erratum: {T}", kind="erratum")),
    ("part II cited, part II found", ref("article", author=A, title=f"{T}. Part II: Field data",
                                         year="2021"),
     cand(f"{T}. Part II: Field data")),
    ("a letter in the title is not a part number", ref("book", author=W, title="Generation X",
                                                       year="1991"),
     cand("Generation X", W, "1991", "book", None, subtitle="Tales for an Accelerated Culture")),
    ("a thesis in a library catalogue typed book", ref("phdthesis", author=W,
                                                       title=BOOK["title"], year="2011"),
     cand(BOOK["title"], W, "2011", "", None, source="openlibrary", id="OL1W")),
    ("the edition cited is the record's", ref("book", **BOOK, edition="Second"),
     cand(BOOK["title"], W, "2015", "book", None, subtitle="2nd edition")),
    ("the preprint cited, the preprint found", ref("misc", author=A, title=T, year="2020",
                                                   eprint="2001.01234", eprinttype="arxiv"),
     cand(T, year="2020", kind="posted-content", container=None)),
    ("a journal article that also gives its arXiv id (INSPIRE, ADS)",
     ref("article", **ART, eprint="2101.01234", archiveprefix="arXiv"), cand(T, volume="58")),
    ("an ordinal opening the title is no edition", ref("book", author=W, title="First Things First",
                                                      publisher="Oxford University Press",
                                                      year="2015", edition="3"),
     cand("First Things First", W, "2015", "book", None,
          publisher="Oxford University Press")),
]


@pytest.mark.parametrize(("ref_", "record"), [c[1:] for c in SAME_WORK],
                         ids=[c[0] for c in SAME_WORK])
def test_near_miss_of_the_same_work_stays_verified(ref_: Reference, record: Candidate) -> None:
    m = decide(ref_, [record])
    assert m.verdict == "verified", m


def test_the_article_wins_over_its_notice_among_candidates() -> None:
    m = decide(ref("article", **ART), [cand(f"Correction to: {T}", id="10.1234/c"),
                                       cand(T, id="10.1234/a", volume="58")])
    assert (m.verdict, m.source) == ("verified", "Crossref 10.1234/a")


@pytest.mark.parametrize(("title", "expected"), [
    ("Correction to: X y", ("notice", "X y")),
    ("Reply to: Comment on “X y”", ("notice", "X y")),
    ("Data from: X y", ("dataset", "X y")),
    ("Data science for all", None),
    ("X y", None),
])
def test_notice_of(title: str, expected: tuple[str, str] | None) -> None:
    assert notice_of(title) == expected


@pytest.mark.parametrize(("title", "numbers"), [
    ("Soil. Part I: Theory", {1}), ("Soil, Part 2", {2}), ("Studies. II. Theory", {2}),
    ("Soil: part one", {1}), ("COVID-19 and me", set()), ("What I learned", set()),
])
def test_part_numbers(title: str, numbers: set[int]) -> None:
    assert part_numbers(title) == numbers


PEOPLE = [
    ("a namesake: J. Smith is not Anna Smith", [Name(family="Smith", given="J.")],
     [Name(family="Smith", given="Anna")], "not-found"),
    ("an initial of a full name", [Name(family="Smith", given="A.")],
     [Name(family="Smith", given="Anna")], "verified"),
    ("cited by the middle name", [Name(family="Maugham", given="Somerset")],
     [Name(family="Maugham", given="William Somerset")], "verified"),
    ("Yu. and Iu. are one initial", [Name(family="Lotman", given="Iu. M.")],
     [Name(family="Lotman", given="Yuri")], "verified"),
    ("no given name cited", [Name(family="Smith")], [Name(family="Smith", given="Anna")],
     "verified"),
    ("Evgeny and Yevgeny", [Name(family="Zamyatin", given="Evgeny")],
     [Name(family="Zamyatin", given="Yevgeny")], "verified"),
    ("Konstantin and Constantin", [Name(family="Paustovsky", given="K.")],
     [Name(family="Paustovsky", given="Constantin")], "verified"),
    ("Ievgenii and Evgenii", [Name(family="Zamiatin", given="Ievgenii")],
     [Name(family="Zamiatin", given="Evgenii")], "verified"),
]


@pytest.mark.parametrize(("cited", "found", "verdict"), [c[1:] for c in PEOPLE],
                         ids=[c[0] for c in PEOPLE])
def test_a_family_name_shared_by_another_person(cited: list[Name], found: list[Name],
                                                verdict: str) -> None:
    r = ref("incollection", author=cited, title="Introduction", booktitle="Handbook of Soils",
            year="2019")
    m = decide(r, [cand("Introduction", found, "2019", "book-chapter", "Handbook of Soils")])
    assert m.verdict == verdict, m


LONG = "Soil organic carbon dynamics under rotational grazing in semi-arid rangelands"
TITLES = [
    ("one word swapped", "A History of Memory: The Early Years",
     "A History of Memory: The Late Years", False),
    ("another element", "Soil organic nitrogen dynamics under rotational grazing in semi-arid "
     "rangelands", LONG, False),
    ("a word of the title repeated instead", "Soil organic carbon dynamics under rotational "
     "carbon in semi-arid rangelands", LONG, False),
    ("a compound split", "Soil organic carbon dynamics under rotational grazing in semiarid "
     "rangelands", LONG, True),
    ("a longer word that starts alike", "Health Informatics: The Foundations of Publications "
     "Health Practice", "Health Informatics: The Foundations of Public Health Practice", False),
    ("singular and plural", "Soil organic carbon dynamic under rotational grazing in semi-arid "
     "rangeland", LONG, True),
    ("a dropped word", "Soil organic carbon dynamics under grazing in semi-arid rangelands", LONG,
     True),
]


@pytest.mark.parametrize(("cited", "found", "verified"), [c[1:] for c in TITLES],
                         ids=[c[0] for c in TITLES])
def test_a_swapped_title_word_is_a_lead_not_a_confirmation(cited: str, found: str,
                                                           verified: bool) -> None:
    m = decide(ref("article", author=A, title=cited, year="2021"), [cand(found)])
    assert (m.verdict == "verified") is verified, m


def test_a_yearless_record_cannot_verify_a_year_the_works_records_reject() -> None:
    """Two records of one book: one dated 2015, one without a year. Cited 2021 (a later
    edition): the yearless one must not verify the year silently."""
    dated = cand(BOOK["title"], W, "2015", "", None, source="openlibrary", id="OL1W",
                 publisher="Oxford University Press")
    bare = cand(BOOK["title"], W, None, "", None, source="openlibrary", id="OL2W")
    m = decide(ref("book", **{**BOOK, "year": "2021"}), [bare, dated])
    assert (m.verdict, m.relation, m.source) == ("probable", "other-edition", "Open Library OL1W")
    m = decide(ref("book", **BOOK), [bare, dated])
    assert m.verdict == "verified"


def test_an_apostrophe_does_not_end_a_quoted_title() -> None:
    t = "The role of AI in ecology’s carbon footprint"
    assert notice_of(f"Comment on “{t}”") == ("notice", t)
    m = decide(ref("article", author=A, title=t, year="2021"), [cand(f"Comment on “{t}”")])
    assert (m.verdict, m.relation) == ("not-found", "notice")


S = [Name(family="Smith", given="Anna")]
GENERIC = [
    ("an editorial with no authors recorded",
     ref("article", author=S, title="Editorial", journal="Nature", year="2019"),
     cand("Editorial", [], "2019", container="Nature"), "not-found"),
    ("front matter of the cited journal",
     ref("article", author=A, title="Front Matter", journal="Journal of Applied Ecology",
         year="2021"), cand("Front matter", []), "not-found"),
    ("a preface by the same name in another journal",
     ref("article", author=S, title="Preface", journal="Physics Letters", year="2019"),
     cand("Preface", S, "2019", container="Annals of Physics"), "not-found"),
    ("the introduction of the cited book, by the cited author",
     ref("incollection", author=S, title="Introduction", booktitle="Handbook of Soils",
         year="2019"), cand("Introduction", S, "2019", "book-chapter", "Handbook of Soils"),
     "verified"),
    ("the introduction with no book cited",
     ref("incollection", author=S, title="Introduction", year="2019"),
     cand("Introduction", S, "2019", "book-chapter", "Handbook of Soils"), "not-found"),
]


@pytest.mark.parametrize(("ref_", "record", "verdict"), [c[1:] for c in GENERIC],
                         ids=[c[0] for c in GENERIC])
def test_a_generic_title_needs_the_people_and_the_place(ref_: Reference, record: Candidate,
                                                        verdict: str) -> None:
    assert decide(ref_, [record]).verdict == verdict


def test_a_data_repository_record_is_the_data() -> None:
    m = decide(ref("article", **ART), [cand(T, kind="other", container="figshare")])
    assert (m.verdict, m.relation) == ("not-found", "dataset")


def test_an_unsigned_editorial_pinned_by_journal_year_and_volume_is_a_lead() -> None:
    r = ref("article", author=S, title="Editorial", journal="Nature", volume="570",
            pages="7--8", year="2019")
    pinned = cand("Editorial", [], "2019", container="Nature", volume="570", pages="7-8")
    assert decide(r, [pinned]).verdict == "probable"
    other_volume = pinned.model_copy(update={"volume": "571"})
    assert decide(r, [other_volume]).verdict == "not-found"


def test_the_series_cited_without_its_part_number_is_ambiguous() -> None:
    r = ref("article", author=A, title="Studies on soil carbon dynamics under grazing",
            year="2021")
    one = cand("Studies on soil carbon dynamics under grazing. I.", id="10.1234/1")
    two = cand("Studies on soil carbon dynamics under grazing. II.", id="10.1234/2")
    assert decide(r, [one, two]).verdict == "ambiguous"
    cited_two = ref("article", author=A, title="Studies on soil carbon dynamics under grazing. II.",
                    year="2021")
    assert decide(cited_two, [one, two]).source == "Crossref 10.1234/2"


@pytest.mark.parametrize("title", [
    "The Architecture of Memory, by Margaret Whitfield",
    "The Architecture of Memory. (Oxford University Press, 2015), pp. 320",
])
def test_a_review_titled_with_the_books_author_or_imprint_is_named(title: str) -> None:
    m = decide(ref("book", **BOOK), [cand(title, [Name(family="Jones", given="Peter")], "2016")])
    assert (m.verdict, m.relation) == ("not-found", "review")
    assert not m.may_not_exist  # a review of it was found: the book exists


@pytest.mark.parametrize(("kind", "relation"), [
    ("retraction", "notice"), ("paratext", "notice"), ("supplementary-materials", "dataset"),
    ("software", "dataset"), ("grant", "other-work"),
])
def test_openalex_types_that_are_not_the_paper(kind: str, relation: str) -> None:
    record = cand(T, kind=kind, source="openalex", id="W9")
    m = decide(ref("article", **ART), [record])
    assert (m.verdict, m.relation) == ("not-found", relation)


@pytest.mark.parametrize("typ", ["book", "misc"])
def test_a_review_journal_record_with_the_books_title_and_author_is_a_review(typ: str) -> None:
    """Choice Reviews records carry the reviewed book's title and author."""
    record = cand(BOOK["title"], W, "2015", container="Choice Reviews Online")
    m = decide(ref(typ, author=W, title=BOOK["title"], year="2015"), [record])
    assert (m.verdict, m.relation) == ("not-found", "review")
    cited_there = ref("article", author=W, title=BOOK["title"], year="2015",
                      journal="Choice Reviews Online")
    assert decide(cited_there, [record]).verdict == "verified"
