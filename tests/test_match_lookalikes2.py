"""match.decide against a second trial of catalogue look-alikes (the first is
tests/test_match_lookalikes.py, whose record builders this file reuses: each record is
shaped as the catalogue sends it and passed through the real mapper).

New traps: numbers written as words or digits, German and Scandinavian spellings of
names and titles, a conference paper and its journal version, a second edition and the
first, a translation, a thesis and the article drawn from it, a namesake one letter
off, a corporate author and a person of that name, titles in another script cited
transliterated, Greek letters that name different molecules, one-word and common-phrase
titles, records without authors, a title the cited one is the start of.

Each case: (id, entry, records offered — the look-alike FIRST, the right record after it
where a catalogue would offer both —, verdict, relation or None, source or None).
No network.
"""

from __future__ import annotations

import pytest
from test_match_lookalikes import (ART, BOOK, BT, HO, PAPER, T, assert_decided, gbook, names, oalex,
                                   olib, ref, xref)

from citecheck.models import Candidate, Name, Reference

# a conference paper and a journal (an extended version of it)
PROC = "Proceedings of the 12th Workshop on Soil Informatics"
CONF = dict(author=names(*HO), title=T, booktitle=PROC, year="2019", pages="10--18")
CONF_REC = xref(T, year=2019, type="proceedings-article", container=PROC, doi="10.1145/c",
                publisher="ACM", page="10-18")
JOURNAL_EXT = xref(T, [*HO, ("Brandt", "Sofia")], year=2020, doi="10.1111/ext", volume="57",
                   page="200-230")

TEN = "Ten years of soil carbon monitoring under rotational grazing"
GERMAN = "Die Architektur des Gedächtnisses"
RU_TITLE = "Война и мир"

CASES: list[tuple[str, Reference, list[Candidate], str, str | None, str | None]] = [
    # --- numbers written as words or digits
    ("'Ten years' cited, '10 years' recorded: one title",
     ref("article", **{**ART, "title": TEN}),
     [xref("10 years of soil carbon monitoring under rotational grazing", volume="58",
           page="100-110")], "verified", None, None),
    ("'10 years' cited, 'Ten Years' recorded",
     ref("article", **{**ART, "title": "10 years of soil carbon monitoring under rotational "
                                        "grazing"}),
     [xref(TEN.title(), volume="58", page="100-110")], "verified", None, None),
    ("'Twentieth-century' cited, '20th-century' recorded",
     ref("book", **{**BOOK, "title": "Twentieth-century architecture of memory"}),
     [gbook("20th-century architecture of memory", ["Margaret Whitfield"], "2015",
            "Oxford University Press")], "verified", None, None),
    ("'Two decades' cited, 'Three decades' offered (same people, journal)",
     ref("article", **{**ART, "title": "Two decades of soil carbon under rotational grazing"}),
     [xref("Three decades of soil carbon under rotational grazing", volume="58",
           page="100-110")], "not-found", "other-part", None),
    ("'Two decades' cited, '3 decades' offered",
     ref("article", **{**ART, "title": "Two decades of soil carbon under rotational grazing"}),
     [xref("3 decades of soil carbon under rotational grazing", volume="58",
           page="100-110")], "not-found", "other-part", None),
    ("'Three decades' ranked above the cited 'Two decades'",
     ref("article", **{**ART, "title": "Two decades of soil carbon under rotational grazing"}),
     [xref("Three decades of soil carbon under rotational grazing", doi="10.1234/three",
           volume="58", page="100-110"),
      xref("Two decades of soil carbon under rotational grazing", doi="10.1234/two",
           volume="58", page="100-110")], "verified", None, "Crossref 10.1234/two"),
    ("'The second report' cited, 'The third report' offered",
     ref("book", author=[Name(family="World Health Organization")],
         title="The second report on soil carbon", year="2019",
         publisher="World Health Organization"),
     [gbook("The third report on soil carbon", ["World Health Organization"], "2019",
            "World Health Organization")], "not-found", "other-part", None),
    ("'The second report' cited, 'The 2nd report' recorded",
     ref("book", author=[Name(family="World Health Organization")],
         title="The second report on soil carbon", year="2019",
         publisher="World Health Organization"),
     [gbook("The 2nd report on soil carbon", ["World Health Organization"], "2019",
            "World Health Organization")], "verified", None, None),
    # --- German and Scandinavian spellings (names and titles)
    ("Straße / Strasse in the title, ö / oe in the name",
     ref("book", author=names(("Schroeder", "Karl")), title="Die Strasse als Gedächtnisraum",
         year="2015", publisher="Suhrkamp"),
     [gbook("Die Straße als Gedächtnisraum", ["Karl Schröder"], "2015", "Suhrkamp")],
     "verified", None, None),
    ("ü written ue in the title, Müller written Muller",
     ref("book", author=names(("Muller", "Jurgen")), title="Ueber die Architektur des "
         "Gedaechtnisses", year="2015", publisher="Suhrkamp"),
     [gbook("Über die Architektur des Gedächtnisses", ["Jürgen Müller"], "2015", "Suhrkamp")],
     "verified", None, None),
    ("Øster written Oester", ref("article", **{**ART, "author": names(("Oestergaard", "Mette"))}),
     [xref(T, [("Østergaard", "Mette")], volume="58", page="100-110")], "verified", None, None),
    ("Å written Aa", ref("article", **{**ART, "author": names(("Aastrom", "Karin"))}),
     [xref(T, [("Åström", "Karin")], volume="58", page="100-110")], "verified", None, None),
    ("Jørgensen written Joergensen", ref("article", **{**ART, "author": names(
        ("Joergensen", "Lars"))}),
     [xref(T, [("Jørgensen", "Lars")], volume="58", page="100-110")], "verified", None, None),
    ("Müller is not Möller when the given names differ",
     ref("article", **{**ART, "author": names(("Müller", "Jürgen"))}),
     [xref(T, [("Möller", "Anneliese")], volume="58", page="100-110")],
     "not-found", "other-authors", None),
    # --- the kind of work
    ("@book with a publisher, the journal article of that title",
     ref("book", author=names(*HO), title=T, publisher="Springer", year="2021"),
     [PAPER], "not-found", "review", None),
    ("conference paper cited, its extended journal version a year on (more authors)",
     ref("inproceedings", **CONF), [JOURNAL_EXT], "probable", None, None),
    ("conference paper cited, journal version first, the paper after",
     ref("inproceedings", **CONF), [JOURNAL_EXT, CONF_REC], "verified", None,
     "Crossref 10.1145/c"),
    ("journal version cited (three authors), the conference paper first",
     ref("article", author=names(*HO, ("Brandt", "Sofia")), title=T,
         journal="Journal of Applied Ecology", volume="57", pages="200--230", year="2020"),
     [CONF_REC, JOURNAL_EXT], "verified", None, "Crossref 10.1111/ext"),
    ("edited volume cited, a chapter of that title by an editor first",
     ref("book", editor=names(("Whitfield", "Margaret"), ("Okafor", "Chidi")), title=BT,
         publisher="Oxford University Press", year="2015"),
     [xref(BT, [("Whitfield", "Margaret")], 2015, type="book-chapter", container=BT,
           doi="10.1093/c1", publisher="Oxford University Press"),
      xref(BT, [], 2015, type="edited-book", container=None, doi="10.1093/b",
           publisher="Oxford University Press",
           editor=[{"family": "Whitfield", "given": "Margaret"},
                   {"family": "Okafor", "given": "Chidi"}])],
     "verified", None, "Crossref 10.1093/b"),
    ("second edition cited, the first edition first, the second after",
     ref("book", **{**BOOK, "year": "2021"}, edition="2"),
     [gbook(BT, ["Margaret Whitfield"], "2015", "Oxford University Press", vid="ed1"),
      gbook(f"{BT}, 2nd edition", ["Margaret Whitfield"], "2021", "Oxford University Press",
            vid="ed2")], "verified", None, "Google Books ed2"),
    ("the German translation cited, the English original first",
     ref("book", author=names(("Whitfield", "Margaret")), title=GERMAN,
         translator=names(("Schmidt", "Heike")), publisher="Suhrkamp", year="2018"),
     [olib(BT, ["Margaret Whitfield"], 2015, publishers=["Oxford University Press"]),
      gbook(GERMAN, ["Margaret Whitfield"], "2018", "Suhrkamp", language="de")],
     "verified", None, "Google Books gb1"),
    ("a review titled as the book, signed by the book's author, a year on",
     ref("book", **BOOK),
     [xref(BT, [("Whitfield", "Margaret")], 2016, container="The American Historical Review",
           doi="10.1093/ahr/1")], "not-found", "review", None),
    ("PhD thesis cited, the article drawn from it the same year",
     ref("phdthesis", author=names(("Hartmann", "Lena")), title=T,
         school="University of Göttingen", year="2021"),
     [xref(T, [("Hartmann", "Lena"), ("Okafor", "Chidi")], volume="58", page="100-110")],
     "not-found", "thesis", None),
    ("article cited, the thesis it was drawn from the same year",
     ref("article", **{**ART, "author": names(("Hartmann", "Lena"))}),
     [oalex(T, ["Lena Hartmann"], type="dissertation", source="University of Göttingen",
            wid="W77")], "not-found", "thesis", None),
    ("article cited, the thesis first and the article after",
     ref("article", **{**ART, "author": names(("Hartmann", "Lena"))}),
     [oalex(T, ["Lena Hartmann"], type="dissertation", source="University of Göttingen",
            wid="W77"), PAPER], "verified", None, f"Crossref {PAPER.doi}"),
    ("paper cited, a Figshare record of it (typed other)",
     ref("article", **ART),
     [oalex(T, type="other", source="Figshare", wid="W55", doi="10.6084/m9.figshare.1")],
     "not-found", "dataset", None),
    # --- years
    ("same title and first author, a book four years earlier (single edition)",
     ref("book", **{**BOOK, "year": "2019"}),
     [gbook(BT, ["Margaret Whitfield"], "2015", "Oxford University Press")],
     "probable", "other-edition", None),
    ("same title and authors, an article four years earlier, another journal",
     ref("article", **ART),
     [xref(T, year=2017, container="Geoderma", doi="10.1016/g", volume="300",
           page="1-9")], "not-found", None, None),
    ("the article four years earlier first, the cited one after",
     ref("article", **ART),
     [xref(T, year=2017, container="Geoderma", doi="10.1016/g", volume="300", page="1-9"),
      PAPER], "verified", None, f"Crossref {PAPER.doi}"),
    # --- people
    ("Smyth for Smith, other given names, same title and year",
     ref("article", **{**ART, "author": names(("Smith", "John"))}),
     [xref(T, [("Smyth", "Robert")], volume="58", page="100-110")],
     "not-found", "other-authors", None),
    ("Smyth first, the cited Smith after",
     ref("article", **{**ART, "author": names(("Smith", "John"))}),
     [xref(T, [("Smyth", "Robert")], doi="10.1234/smyth", volume="58", page="100-110"),
      xref(T, [("Smith", "John")], volume="58", page="100-110")],
     "verified", None, f"Crossref {PAPER.doi}"),
    ("author order swapped in the entry", ref("article", **{**ART, "author": names(
        ("Okafor", "Chidi"), ("Hartmann", "Lena"))}), [PAPER], "verified", None, None),
    ("corporate author cited, a person whose family name is one of its words",
     ref("book", author=[Name(family="World Bank")], title="Soil carbon and rural poverty",
         year="2019", publisher="World Bank"),
     [gbook("Soil carbon and rural poverty", ["Jonathan Bank"], "2019", "Routledge")],
     "not-found", "other-authors", None),
    ("a person cited, an organisation named with that word",
     ref("book", author=names(("Bank", "Jonathan")), title="Soil carbon and rural poverty",
         year="2019", publisher="Routledge"),
     [gbook("Soil carbon and rural poverty", ["World Bank"], "2019", "World Bank")],
     "not-found", "other-authors", None),
    ("the organisation cited, the organisation recorded",
     ref("book", author=[Name(family="World Bank")], title="Soil carbon and rural poverty",
         year="2019", publisher="World Bank"),
     [gbook("Soil carbon and rural poverty", ["Jonathan Bank"], "2019", "Routledge"),
      gbook("Soil carbon and rural poverty", ["World Bank"], "2019", "World Bank",
            vid="gb2")], "verified", None, "Google Books gb2"),
    # --- titles: short, common, a prefix, subtitles
    ("'Memory' by another author", ref("book", author=names(("Whitfield", "Margaret")),
                                       title="Memory", publisher="Polity", year="2015"),
     [olib("Memory", ["Alan Baddeley"], 1999, key="OL9W")], "not-found", "other-authors",
     None),
    ("'Memory', a record without authors", ref("book", author=names(("Whitfield", "Margaret")),
                                               title="Memory", publisher="Polity",
                                               year="2015"),
     [olib("Memory", [], 1987, publishers=["Time-Life Books"], key="OL9W")],
     "not-found", None, None),
    ("'Memory' by others first, the cited one after",
     ref("book", author=names(("Whitfield", "Margaret")), title="Memory", publisher="Polity",
         year="2015"),
     [olib("Memory", ["Alan Baddeley"], 1999, key="OL9W"),
      gbook("Memory", ["Margaret Whitfield"], "2015", "Polity")], "verified", None,
     "Google Books gb1"),
    ("'Trust', the same family name with another given name",
     ref("book", author=names(("Hartmann", "Lena")), title="Trust", publisher="Polity",
         year="2010"),
     [gbook("Trust", ["Peter Hartmann"], "2010", "Polity")], "not-found", "other-authors",
     None),
    ("'Deep learning' cited, a longer title starting with it",
     ref("article", author=names(("LeCun", "Yann"), ("Bengio", "Yoshua"), ("Hinton", "Geoffrey")),
         title="Deep learning", journal="Nature", volume="521", pages="436--444", year="2015"),
     [xref("Deep learning for soil carbon mapping", [("LeCun", "Yann"), ("Bengio", "Yoshua"),
                                                    ("Hinton", "Geoffrey")], 2015,
           container="Nature", doi="10.1234/dl2")], "not-found", None, None),
    ("'Deep learning' (the article), the book sharing one author",
     ref("article", author=names(("LeCun", "Yann"), ("Bengio", "Yoshua"), ("Hinton", "Geoffrey")),
         title="Deep learning", journal="Nature", volume="521", pages="436--444", year="2015"),
     [gbook("Deep Learning", ["Ian Goodfellow", "Yoshua Bengio", "Aaron Courville"], "2016",
            "MIT Press")], "not-found", None, None),
    ("the subtitle of another work of that main title, no authors",
     ref("article", **{**ART, "title": f"{T}: a field experiment"}),
     [xref(f"{T}: a global meta-analysis", [], volume="12", page="1-20",
           container="Global Change Biology", doi="10.1111/gcb")], "not-found", None, None),
    ("a common-phrase title by nobody, another journal (an invented entry)",
     ref("article", author=names(("Okafor", "Chidi")), title="Climate change and health",
         journal="Journal of Applied Ecology", volume="58", pages="1--9", year="2021"),
     [xref("Climate change and health", [], 2021, container="The Lancet", doi="10.1016/l",
           volume="397", page="1-2"),
      xref("Climate change and health", [("Haines", "Andy")], 2021, container="BMJ",
           doi="10.1136/h"),
      xref("Climate change and health", [("Patz", "Jonathan")], 2020, container="Science",
           doi="10.1126/p")], "not-found", None, None),
    # --- scripts and letters
    ("a Russian title cited transliterated",
     ref("book", author=names(("Tolstoy", "Lev")), title="Voina i mir", year="1869"),
     [olib(RU_TITLE, ["Лев Толстой"], 1869, key="OL5W")], "verified", None, None),
    ("a Russian title cited in Cyrillic, the record transliterated",
     ref("book", author=names(("Толстой", "Лев")), title=RU_TITLE, year="1869"),
     [olib("Voĭna i mir", ["Lev Tolstoy"], 1869, key="OL5W")], "verified", None, None),
    ("a transliterated title is not another Cyrillic title",
     ref("book", author=names(("Tolstoy", "Lev")), title="Voina i mir", year="1869"),
     [olib("Анна Каренина", ["Лев Толстой"], 1878, key="OL6W")], "not-found", None, None),
    ("α-synuclein cited, β-synuclein by the same people offered: a lead at most",
     ref("article", author=names(("Okafor", "Chidi")),
         title="α-Synuclein aggregation in dopaminergic neurons",
         journal="Journal of Neurochemistry", year="2021"),
     [xref("β-Synuclein aggregation in dopaminergic neurons", [("Okafor", "Chidi")], 2021,
           container="Journal of Neurochemistry", doi="10.1111/b")], "probable", None, None),
    ("β-synuclein first, the cited α-synuclein after",
     ref("article", author=names(("Okafor", "Chidi")),
         title="α-Synuclein aggregation in dopaminergic neurons",
         journal="Journal of Neurochemistry", year="2021"),
     [xref("β-Synuclein aggregation in dopaminergic neurons", [("Okafor", "Chidi")], 2021,
           container="Journal of Neurochemistry", doi="10.1111/b"),
      xref("α-Synuclein aggregation in dopaminergic neurons", [("Okafor", "Chidi")], 2021,
           container="Journal of Neurochemistry", doi="10.1111/a")],
     "verified", None, "Crossref 10.1111/a"),
    ("α-synuclein cited, the record spells alpha-synuclein",
     ref("article", author=names(("Okafor", "Chidi")),
         title="α-Synuclein aggregation in dopaminergic neurons",
         journal="Journal of Neurochemistry", year="2021"),
     [xref("alpha-Synuclein aggregation in dopaminergic neurons", [("Okafor", "Chidi")], 2021,
           container="Journal of Neurochemistry", doi="10.1111/a")], "verified", None, None),
    # --- short versions and digests of a paper: another record of it
    *[(f"a digest of the paper: {head}{tail}", ref("inproceedings", **CONF),
       [xref(f"{head}{T}{tail}", year=2019, type="proceedings-article", container=PROC,
             doi="10.1145/p", page="50-51")], "not-found", "notice", None)
      for head, tail in [("Poster: ", ""), ("Extended Abstract: ", ""), ("Demo: ", ""),
                         ("", " (poster)"), ("Keynote: ", ""), ("", " [extended abstract]")]],
    *[(f"a digest of the article in another journal: {head}", ref("article", **ART),
       [xref(f"{head}{T}”", year=2021, doi="10.1234/sum",
             container="Nature Reviews Earth & Environment")], "not-found", "notice", None)
      for head in ["Summary of “", "In brief: “", "Research highlight: “",
                   "Plain language summary: “"]],
    ("the poster first, the paper after", ref("inproceedings", **CONF),
     [xref(f"Poster: {T}", year=2019, type="proceedings-article", container=PROC,
           doi="10.1145/p", page="50-51"), CONF_REC], "verified", None, "Crossref 10.1145/c"),
    ("an LNCS paper, typed book-chapter by Crossref", ref("inproceedings", **CONF),
     [xref(T, year=2019, type="book-chapter", container=PROC, doi="10.1007/c", page="10-18",
           publisher="Springer")], "verified", None, None),
    ("cited with its data set's DOI: the data found by the DOI, the paper by the search",
     ref("article", **ART, doi="10.5061/dryad.abc"),
     [oalex(T, type="dataset", source="Dryad", wid="W8", doi="10.5061/dryad.abc").model_copy(
         update={"found_by": "doi"}), PAPER], "verified", None, f"Crossref {PAPER.doi}"),
    ("the Preface of another edition of the book",
     ref("incollection", author=names(("Whitfield", "Margaret")), title="Preface",
         booktitle=BT, year="2015", publisher="Oxford University Press"),
     [xref("Preface", [("Whitfield", "Margaret")], 2021, type="book-chapter", container=BT,
           doi="10.1093/pref2", publisher="Oxford University Press")], "not-found", None,
     None),
    ("'One Hundred Years' cited, '100 Years' recorded",
     ref("book", **{**BOOK, "title": "One Hundred Years of Memory"}),
     [gbook("100 Years of Memory", ["Margaret Whitfield"], "2015", "Oxford University Press")],
     "verified", None, None),
    ("'A Hundred Years' cited, 'A Thousand Years' offered",
     ref("book", **{**BOOK, "title": "A Hundred Years of Memory"}),
     [gbook("A Thousand Years of Memory", ["Margaret Whitfield"], "2015",
            "Oxford University Press")], "not-found", "other-part", None),
    ("'Part One' cited, 'Part 1' recorded",
     ref("article", **{**ART, "title": f"{T}. Part One: Theory"}),
     [xref(f"{T}. Part 1: Theory", volume="58", page="100-110")], "verified", None, None),
    ("a Serbian Cyrillic title cited in Latin script",
     ref("book", author=names(("Andrić", "Ivo")), title="Na Drini ćuprija", year="1945"),
     [olib("На Дрини ћуприја", ["Иво Андрић"], 1945, key="OL8W")], "verified", None, None),
    ("a Greek title cited in another romanisation (Zorba / Ζορμπά): a lead",
     ref("book", author=names(("Kazantzakis", "Nikos")),
         title="Vios kai politeia tou Alexi Zorba", year="1946"),
     [olib("Βίος και πολιτεία του Αλέξη Ζορμπά", ["Νίκος Καζαντζάκης"], 1946, key="OL8W")],
     "probable", None, None),
    ("a Cyrillic record of the title by another author",
     ref("book", author=names(("Tolstoy", "Lev")), title="Voina i mir", year="1869"),
     [olib(RU_TITLE, ["Пётр Иванов"], 1990, key="OL5W")], "not-found", "other-authors", None),
    # --- a numbered kind, a companion work
    ("'Type I' cited, 'Type II' offered",
     ref("article", **{**ART, "title": "Type I collagen in soil fauna"}),
     [xref("Type II collagen in soil fauna", volume="58", page="100-110")],
     "not-found", "other-part", None),
    ("'Type II' cited, 'Type 2' recorded",
     ref("article", **{**ART, "title": "Type II diabetes among farm workers"}),
     [xref("Type 2 diabetes among farm workers", volume="58", page="100-110")],
     "verified", None, None),
    ("'Stage III' cited, 'Stage IV' offered",
     ref("article", **{**ART, "title": "Stage III soil degradation under grazing"}),
     [xref("Stage IV soil degradation under grazing", volume="58", page="100-110")],
     "not-found", "other-part", None),
    ("the author's companion book of another year (Pure / Practical Reason)",
     ref("book", author=names(("Kant", "Immanuel")), title="Critique of Pure Reason",
         year="1781"),
     [olib("Critique of Practical Reason", ["Immanuel Kant"], 1788, key="OL2W")],
     "not-found", None, None),
    ("the companion book first, the cited one after",
     ref("book", author=names(("Kant", "Immanuel")), title="Critique of Pure Reason",
         year="1781"),
     [olib("Critique of Practical Reason", ["Immanuel Kant"], 1788, key="OL2W"),
      olib("Critique of Pure Reason", ["Immanuel Kant"], 1781, [1781, 1787, 1998],
           key="OL1W")], "verified", None, "Open Library OL1W"),
    ("British and American spelling", ref("article", **{**ART, "title": "Behaviour of soil "
                                                          "organisms under rotational grazing"}),
     [xref("Behavior of soil organisms under rotational grazing", volume="58",
           page="100-110")], "verified", None, None),
]


@pytest.mark.parametrize(("entry", "records", "verdict", "relation", "source"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_look_alike(entry: Reference, records: list[Candidate], verdict: str,
                    relation: str | None, source: str | None) -> None:
    assert_decided(entry, records, verdict, relation, source)


# ------------------------------------------------------------------ the pieces

@pytest.mark.parametrize(("text", "digits"), [
    ("ten years of x", "10 years of x"), ("twenty-first century", "21 century"),
    ("twentieth century", "20 century"), ("20th century", "20 century"),
    ("one hundred and twenty days", "120 days"), ("a thousand and one nights", "a 1001 nights"),
    ("two thousand and nineteen", "2019"), ("the first ten years", "the 1 10 years"),
    ("one two three", "1 2 3"), ("someone gone", "someone gone"), ("often", "often"),
])
def test_numbers_written_as_words(text: str, digits: str) -> None:
    from citecheck.match import words_as_digits

    assert words_as_digits(text) == digits


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Ten Years of Soil Carbon", "10 years of soil carbon", True),
    ("α-Synuclein in neurons", "alpha-Synuclein in neurons", True),
    ("α-Synuclein in neurons", "β-Synuclein in neurons", False),
    ("NF-κB signalling", "NF-kappaB signalling", True),
    ("Война и мир", "Voĭna i mir", True),
    ("Война и мир", "Анна Каренина", False),
    ("Soil carbon, 2nd edition", "Soil carbon", True),
    ("Two decades of grazing", "Three decades of grazing", False),
])
def test_title_key(a: str, b: str, same: bool) -> None:
    from citecheck.match import title_key

    assert (title_key(a) == title_key(b)) is same


@pytest.mark.parametrize(("title", "common"), [
    ("Memory", True), ("Trust", True), ("Climate change and health", True),
    ("Sabriel", False), ("Soil carbon dynamics under rotational grazing", False),
    ("Voina i mir", False), (None, False),
])
def test_common_title(title: str | None, common: bool) -> None:
    from citecheck.match import common_title

    assert common_title(title) is common


@pytest.mark.parametrize(("cited", "found", "same"), [
    (("World Bank", ""), ("Bank", "Jonathan"), False),
    (("World Bank", ""), ("Bank", "World"), True),  # the organisation as a catalogue splits it
    (("Smith Foundation", ""), ("Smith", "Anna"), False),
    (("Bank", "Jonathan"), ("World Bank", ""), False),
    (("Perkins", "Alex"), ("Alex Perkins", ""), True),  # a person's whole name in one field
])
def test_an_organisation_is_not_a_person_of_one_of_its_words(
        cited: tuple[str, str], found: tuple[str, str], same: bool) -> None:
    from citecheck.match import FAMILY_OK, person_similarity

    sim = person_similarity("", cited[0], "", found[0], found[1], cited[1])
    assert (sim >= FAMILY_OK) is same


@pytest.mark.parametrize(("title", "numbers"), [
    ("Type I collagen", {"1"}), ("MHC class II", {"2"}), ("A phase I/II trial", {"1"}),
    ("Stage IV and stage V", {"4", "5"}), ("Generation X", set()), ("Type X collagen", set()),
    ("Two decades of grazing", {"2"}), ("The twentieth century", {"20"}),
])
def test_numbers_a_title_names_its_work_by(title: str, numbers: set[str]) -> None:
    from citecheck.match import title_numbers

    assert title_numbers(title) == numbers
