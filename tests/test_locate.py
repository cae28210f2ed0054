"""Tests for citecheck.locate: headings, headless runs, splitting, anomalies."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.locate import entry_score, furniture_lines, is_bibliography_heading, locate, sort_key
from citecheck.models import CleanText, Repair

SAMPLE = Path(__file__).resolve().parent.parent / "refs" / "russia-revolution-counter-revolution.txt"

PROSE = """\
The committees were set up in 1917 and spread quickly through the cities. By the
end of the year most of the large factories had one, and the workers who sat on
them were elected by assemblies that met in the workshops every week or so.
"""

ENTRIES = """\
Avrich, Paul, Kronstadt, 1921, W.W. Norton & Company, New York 1970.

Brovkin, Vladimir, "Politics, Not Economics Was the Key", Slavic Review, Vol.
44, Issue 2, 1985, 244-250.

Carr, E.H., The Bolshevik Revolution, Macmillan, London 1950.
"""


def doc(text: str) -> CleanText:
    return CleanText(lines=text.split("\n"))


def spans(text: str) -> list[tuple[int, int]]:
    return [(e.line, e.line_end) for e in locate(doc(text)).entries]


# --------------------------------------------------------------------------- headings


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Bibliography", True),
        ("Bibliography:", True),
        ("REFERENCES", True),
        ("# References", True),
        ("## 7 References", True),
        ("7 References", True),
        ("7.2. Works Cited", True),
        ("VII. Sources", True),
        ("Further Reading:", True),
        ("Literaturverzeichnis", True),
        ("Bibliographie", True),
        ("**References**", True),
        ("Appendix B: Bibliography", True),
        ("References to the soviets were frequent.", False),
        ("Sources of the revolution", False),
        ("Appendix D: Glossary", False),
        ("Notes", False),
    ],
)
def test_heading(line: str, expected: bool) -> None:
    assert is_bibliography_heading(line) is expected


@pytest.mark.parametrize(
    "heading", ["References", "# Bibliography", "7 References", "WORKS CITED:", "Literaturverzeichnis"]
)
def test_heading_section_found(heading: str) -> None:
    text = PROSE + "\n" + heading + "\n" + ENTRIES + "\n" + PROSE
    bib = locate(doc(text))
    assert [s.heading for s in bib.sections] == [heading]
    assert spans(text) == [(6, 6), (8, 9), (11, 11)]
    assert bib.sections[0].line == 5 and bib.sections[0].line_end == 11
    assert "Brovkin" in bib.entries[1].text and "Vol. 44" in bib.entries[1].text


def test_heading_without_entries_is_not_a_bibliography() -> None:
    text = "Sources\n" + PROSE + "\n" + PROSE
    assert locate(doc(text)).sections == []


# --------------------------------------------------------------------------- splitting


SPLIT_CASES = {
    "numbered brackets, no blank lines": (
        "References\n"
        "[1] Smith, J. (2001). A study of things. Journal of Stuff, 12(3), 45-67.\n"
        "[2] Jones, K. and Lee, M. (1999). Another study. Oxford University Press.\n"
        "    continued on an indented line.\n"
        "[3] Brown, A. (2010). Third. https://example.org/x\n",
        [(2, 2), (3, 4), (5, 5)],
    ),
    "numbered with dots": (
        "Bibliography\n"
        "1. Smith, John, The First Book, Penguin Books, London 1990.\n"
        "2. Jones, Kate, The Second Book, Verso, New York 1991.\n"
        "3. Lee, Min, The Third Book, Routledge, London 1992.\n",
        [(2, 2), (3, 3), (4, 4)],
    ),
    "hanging indent, no blank lines": (
        "Works Cited\n"
        "Adams, Ruth. The Long Title of a Book That Wraps Onto the Next\n"
        "    Line. Cambridge University Press, 2004.\n"
        "Baker, Tom. Short Book. Verso, 1999.\n"
        "Clark, Ann. Another Long Title That Needs Two Lines to Print\n"
        "    Completely. Penguin, 2011.\n",
        [(2, 3), (4, 4), (5, 6)],
    ),
    "compact author-year, each ends with a period": (
        "References\n"
        "Smith, J. (2001). A study of things. Journal of Stuff, 12(3),\n"
        "45-67.\n"
        "Jones, K. (1999). Another study. Oxford University Press.\n"
        "Brown, A., & Green, B. (2010). Third. Nature, 4, 1-2.\n",
        [(2, 3), (4, 4), (5, 5)],
    ),
    "comma-name continuation is not a new entry": (
        "Bibliography\n"
        "Coutois, Stephane, et al., The Black Book of Communism: Crimes, Terror,\n"
        "Repression, Harvard University Press, Cambridge 1999.\n"
        "Farber, Samuel, Before Stalinism, Verso, New York 1990.\n",
        [(2, 3), (4, 4)],
    ),
    "entries ending with a URL or DOI and no period": (
        "References\n"
        "Roe, Richard. Really Gone. 2003. http://example.org/page/410\n"
        "Poe, Edgar. Protected. 2004. https://doi.org/10.1000/xyz123\n"
        "Loe, Ann. Broken Server. 2005. doi:10.1000/abc\n"
        "Moe, Bob. Moved Page. 2006. www.example.com/moved\n"
        "Noe, Cat. Loop Page. 2007.\n",
        [(2, 2), (3, 3), (4, 4), (5, 5), (6, 6)],
    ),
}


@pytest.mark.parametrize("text, expected", SPLIT_CASES.values(), ids=SPLIT_CASES.keys())
def test_split(text: str, expected: list[tuple[int, int]]) -> None:
    assert spans(text) == expected


def test_volumes_of_one_work_in_a_row_are_all_entries() -> None:
    text = (
        "Bibliography\n"
        "Avrich, Paul. Kronstadt 1921. Princeton: Princeton University Press, 1970.\n"
        "Lenin, V. I. Collected Works, Vol. 26. Moscow: Progress Publishers, 1964.\n"
        "Lenin, V. I. Collected Works, Vol. 27. Moscow: Progress Publishers, 1965.\n"
        "Lenin, V. I. Collected Works, Vol. 28. Moscow: Progress Publishers, 1965.\n"
        "Trotsky, Leon. The Revolution Betrayed. New York: Doubleday, 1937.\n"
    )
    assert spans(text) == [(2, 2), (3, 3), (4, 4), (5, 5), (6, 6)]


def test_url_broken_across_lines_is_joined() -> None:
    text = (
        "References\n"
        "Brinton, Maurice, \u201cThe Bolsheviks and Workers\u2019 Control\u201d www.geocities.\n"
        "com/WestHollywood/2163/bolintro.html, 1975.\n"
        "\n"
        "Chomsky, Noam, \u201cThe Soviet Union Versus Socialism\u201d, www.zmag.org/\n"
        "chomsky/articles/86-soviet-socialism.html, 1986.\n"
        "\n"
        "Farber, Samuel, Before Stalinism, Verso, New York 1990.\n"
    )
    texts = [e.text for e in locate(doc(text)).entries]
    assert "www.geocities.com/WestHollywood/2163/bolintro.html, 1975." in texts[0]
    assert "www.zmag.org/chomsky/articles/86-soviet-socialism.html" in texts[1]


def test_repaired_text_with_emptied_line() -> None:
    """Repair moved line 3 onto line 2: the emptied line stays inside the entry."""
    lines = [
        "Bibliography",
        "Brinton, Maurice, Workers' Control www.geocities.com/West/bol.html, 1975.",
        "",
        "",
        "Chernov, Victor, The Great Russian Revolution, Yale University Press, New Haven 1936.",
        "",
        "Farber, Samuel, Before Stalinism, Verso, New York 1990.",
    ]
    repair = Repair(line=2, kind="url", before="www.geocities.\ncom/West/bol.html, 1975.",
                    after="www.geocities.com/West/bol.html, 1975.")
    bib = locate(CleanText(lines=lines, repairs=[repair]))
    assert [(e.line, e.line_end) for e in bib.entries] == [(2, 3), (5, 5), (7, 7)]


# --------------------------------------------------------------------------- interruptions


def test_page_furniture_does_not_end_section() -> None:
    text = (
        "References\n"
        "Adams, Ruth, A Book, Cambridge University Press, Cambridge 2004.\n"
        "\n"
        "Baker, Tom, Short Book, Verso, London 1999.\n"
        "\n"
        "14\n"
        "\n"
        "Clark, Ann, Another Book That Runs On to the Next Page of the\n"
        "\n"
        "My Thesis Title        15\n"
        "\n"
        "thesis, Penguin Books, London 2011.\n"
        "\n"
        "Davis, Lee, Last Book, Routledge, London 2012.\n"
        "\n"
        + PROSE
    )
    bib = locate(doc(text))
    assert [(e.line, e.line_end) for e in bib.entries] == [(2, 2), (4, 4), (8, 12), (14, 14)]
    assert "Next Page of the thesis, Penguin" in bib.entries[2].text
    assert len(bib.sections) == 1 and bib.sections[0].line_end == 14


def test_page_bottom_footnote_is_skipped() -> None:
    text = (
        "Bibliography\n"
        "Adams, Ruth, A Book, Cambridge University Press, Cambridge 2004.\n"
        "\n"
        "Baker, Tom, Short Book, Verso, London 1999.\n"
        "\n"
        "3 This list leaves out the archival material the author consulted in Moscow.\n"
        "\n"
        "Clark, Ann, Third Book, Penguin Books, London 2011.\n"
    )
    assert spans(text) == [(2, 2), (4, 4), (8, 8)]


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["text", "12", "more"], {1}),
        (["text", "- 12 -", "more"], {1}),
        (["Page 3 of 10"], {0}),
        (["xii"], {0}),
        (["12        Russia: Revolution, Counter-Revolution Joe-Licentia        101"], {0}),
        # a running head comes once a page (here every 25 lines)
        ((["A Running Head 1"] + ["body text"] * 24) * 2 + ["A Running Head 3"], {0, 25, 50}),
        # a link label that closes every entry recurs every few lines: text, not a running head
        ((["Smith J (2001) A title. J Neurosci 2:1-2.", "CrossRef Medline"] * 5), set()),
        # a page range alone on its line after a line that goes on is not a page number
        (["Elias J., Frogel J., 1982, AJ, 87,", "1029"], set()),
        (["1917 was a year of revolution."], set()),
        # one shape on consecutive lines (blank lines between or not) is a list, not a running head
        (["Lenin, V. I. Collected Works, Vol. 26. Moscow: Progress, 1964.",
          "Lenin, V. I. Collected Works, Vol. 27. Moscow: Progress, 1965.", "",
          "Lenin, V. I. Collected Works, Vol. 28. Moscow: Progress, 1965."], set()),
    ],
)
def test_furniture(lines: list[str], expected: set[int]) -> None:
    assert furniture_lines(lines) == expected


# --------------------------------------------------------------------------- not bibliographies

GLOSSARY = """\
Glossary

Bakunin, Mikhail: Major 19th century Russian anarchist. Marx's nemesis in
the 1st international

Bolsheviks: Revolutionary Marxist party. Renamed the Communist Party in
March 1918

Stalin, Joseph: Bolshevik who became dictator over Russia in the late 20s

Trotsky, Leon: Major Marxist leader. Joined the Bolsheviks in 1917, helped
lead the October Revolution. Head of the military during the civil war.

Kropotkin, Peter: Major Russian anarchist theorist

Lenin, Vladmir: Russian Marxist, leader and founder of the Bolshevik party
"""

CHRONOLOGY = """\
1921
February: Large strikes in Moscow, Petrograd and many other cities.
March: Kronstadt rebellion, 1st-17th.
1923: Lenin retires from political activity after a series of strokes.
1924 January 24th: Lenin dies
1927: Expulsion of Trotsky, consolidation of Stalin's dictatorship
"""


@pytest.mark.parametrize("text", [GLOSSARY, CHRONOLOGY, PROSE * 5], ids=["glossary", "chronology", "prose"])
def test_not_a_bibliography(text: str) -> None:
    bib = locate(doc(text))
    assert bib.sections == [] and bib.entries == [] and bib.anomalies == []


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("Bradley, John, Allied Intervention in Russia, University Press of America, Lanham 1968.", 3, 99),
        ("Smith, J. (2001). A study. Journal of Stuff, 12(3), 45-67. doi:10.1000/xyz", 3, 99),
        ("Stalin, Joseph: Bolshevik who became dictator over Russia in the late 20s", -99, 1.5),
        ("The war ended in 1920 and the soldiers went back to their villages in the spring.", -99, 1.5),
    ],
)
def test_entry_score(text: str, low: float, high: float) -> None:
    assert low <= entry_score(text) < high


# --------------------------------------------------------------------------- anomalies


def test_numbering_gap_and_order() -> None:
    text = (
        "References\n"
        "[1] Smith, J. (2001). A study. Journal of Stuff, 12(3), 45-67.\n"
        "[2] Jones, K. (1999). Another study. Oxford University Press.\n"
        "[5] Brown, A. (2010). Third. Nature, 4, 1-2.\n"
        "[4] Green, B. (2011). Fourth. Nature, 5, 1-2.\n"
    )
    kinds = [(a.kind, a.line) for a in locate(doc(text)).anomalies]
    assert kinds == [("gap", 4), ("out-of-order", 5)]


def test_full_alphabet_has_no_anomaly() -> None:
    names = ["Adams", "Baker", "Clark", "Evans", "Hill", "King", "Moore", "Price", "Smith", "Young"]
    text = "Bibliography\n" + "\n".join(
        f"{n}, Ann, A Book About {n}, Verso, London {1990 + i}.\n" for i, n in enumerate(names)
    )
    bib = locate(doc(text))
    assert len(bib.entries) == 10 and bib.anomalies == []


def test_short_alphabet_stops_early() -> None:
    names = ["Adams", "Baker", "Bell", "Clark", "Cole", "Davis", "Evans", "Fox"]
    text = "Bibliography\n" + "\n".join(
        f"{n}, Ann, A Book About {n}, Verso, London {1990 + i}.\n" for i, n in enumerate(names)
    ) + "\n" + PROSE
    anomalies = locate(doc(text)).anomalies
    assert [a.kind for a in anomalies] == ["stops-early"]
    assert "Fox" in anomalies[0].message and anomalies[0].line == 16


@pytest.mark.parametrize(
    "text, key",
    [
        ("van Dijk, J. (2001). Title.", "vandijk"),
        ("[3] Émile, Zola, Germinal", "emile"),
        ("Smith and Jones (2001) Title", "smith"),
    ],
)
def test_sort_key(text: str, key: str) -> None:
    assert sort_key(text) == key


# --------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample_bib():
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    return locate(CleanText(lines=lines)), lines


def test_sample_sections(sample_bib) -> None:
    bib, _ = sample_bib
    assert [(s.heading, s.line, s.line_end) for s in bib.sections] == [
        (None, 352, 399),
        ("Bibliography:", 405, 447),
    ]


def test_sample_entries(sample_bib) -> None:
    bib, lines = sample_bib
    # every entry of both pages, A-F, read off the file: 16 on the B-F page, 15 on the A-B page
    expected = [
        (352, 353), (355, 356), (358, 359), (361, 363), (365, 366), (368, 369), (371, 372),
        (374, 375), (377, 378), (380, 381), (383, 384), (386, 387), (389, 390), (392, 393),
        (395, 396), (398, 399),
        (406, 407), (409, 410), (412, 413), (415, 416), (418, 419), (421, 422), (424, 425),
        (427, 428), (430, 431), (433, 433), (435, 436), (438, 439), (441, 441), (443, 444),
        (446, 447),
    ]
    assert [(e.line, e.line_end) for e in bib.entries] == expected
    assert [e.section for e in bib.entries] == [0] * 16 + [1] * 15
    for e in bib.entries:  # each entry starts with its first line's text
        assert e.text.startswith(lines[e.line - 1].strip())


def test_sample_glossary_excluded(sample_bib) -> None:
    bib, _ = sample_bib
    texts = " ".join(e.text for e in bib.entries)
    assert "Stalin, Joseph" not in texts and "Trotsky, Leon" not in texts
    assert all(not (530 <= e.line <= 900) for e in bib.entries)


def test_sample_anomalies(sample_bib) -> None:
    bib, _ = sample_bib
    by_kind = {a.kind: a for a in bib.anomalies}
    assert set(by_kind) == {"split", "out-of-order", "stops-early"}
    assert by_kind["out-of-order"].line == 406
    assert "Alexander" in by_kind["out-of-order"].message
    assert "Figes" in by_kind["out-of-order"].message
    assert by_kind["stops-early"].line == 399 and "Figes" in by_kind["stops-early"].message
    assert "missing" in by_kind["stops-early"].message


def test_sample_after_repair(sample_bib) -> None:
    """The repaired text (URLs joined, running heads blanked) gives the same entries."""
    repair_mod = pytest.importorskip("citecheck.repair")
    from citecheck.models import Document

    raw_bib, lines = sample_bib
    document = Document(path=str(SAMPLE), kind="text", encoding="utf-8", lines=lines)
    bib = locate(repair_mod.repair(document))
    assert [(e.line, e.line_end) for e in bib.entries] == [(e.line, e.line_end) for e in raw_bib.entries]
    assert [a.kind for a in bib.anomalies] == [a.kind for a in raw_bib.anomalies]
    brinton = next(e.text for e in bib.entries if e.text.startswith("Brinton"))
    assert brinton.endswith("www.geocities.com/WestHollywood/2163/bolintro.html, 1975.")


def test_bulleted_list_each_bullet_starts_an_entry() -> None:
    from citecheck.locate import locate
    from citecheck.models import CleanText

    lines = [
        "## References",
        "",
        "- Avrich, Paul. 1970. Kronstadt, 1921. New York: W. W. Norton.",
        "- Smith, J., & Doe, A. (2001). A title. Journal of Things, 4(2), 1–10. https://doi.org/10.1000/x",
        "- Brovkin, Vladimir. “Workers’ Unrest.” Slavic Review 49, no. 3 (1990): 350–73.",
        "  (a continuation line of the third entry)",
    ]
    bib = locate(CleanText(lines=lines))
    assert [(e.line, e.line_end) for e in bib.entries] == [(3, 3), (4, 4), (5, 6)]
    assert bib.entries[0].text.startswith("Avrich, Paul.")  # the bullet is not part of the entry


def test_repeated_author_dash_starts_a_new_entry() -> None:
    from citecheck.locate import locate
    from citecheck.models import CleanText

    lines = [
        "Bibliography",
        "Avrich, Paul. Kronstadt, 1921. Princeton: Princeton University Press,",
        "1970.",
        "———. The Russian Anarchists. Princeton: Princeton University Press, 1967.",
        "———, ed. The Anarchists in the Russian Revolution. London: Thames and",
        "Hudson, 1973.",
        "Berkman, Alexander. The Bolshevik Myth. New York: Boni and Liveright, 1925.",
    ]
    bib = locate(CleanText(lines=lines))
    assert [(e.line, e.line_end) for e in bib.entries] == [(2, 3), (4, 4), (5, 6), (7, 7)]
