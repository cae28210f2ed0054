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


def test_entry_score_with_a_floor_is_exact_from_the_floor_up() -> None:
    """A floor only spares the scoring of texts that cannot reach it: from the floor up the
    score is the full one (to the last bit), below it the text stays below it."""
    from citecheck.locate import FULL_NOTE, STRONG, WEAK

    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    texts = [" ".join(lines[k:k + n]) for n in (1, 3, 8) for k in range(0, len(lines), 7)]
    texts += [GLOSSARY, CHRONOLOGY, PROSE, PROSE * 5, *COLON_ENTRIES]
    reached = 0
    for floor in (WEAK, STRONG, FULL_NOTE):
        for text in texts:
            full, floored = entry_score(text), entry_score(text, floor)
            if full >= floor:
                assert floored == full, text
                reached += 1
            else:
                assert floored < floor, text
    assert reached > 100  # (the sample's entries reach the floors)


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


# --------------------------------------------------------------------------- layouts (issue 9)

LAYOUTS = {
    "APA double-spaced, hanging indent, a blank line after every printed line": (
        "References\n\n"
        "Adams, R. (2004). The long title of a book that wraps onto the next\n\n"
        "     line. Cambridge University Press.\n\n"
        "Baker, T., & Clark, A. (1999). Short article. Journal of Things, 4(2),\n\n"
        "     1–10. https://doi.org/10.1000/xyz\n\n"
        "Clark, A. (2011). Another book. Penguin.\n\n"
        "Davis, L. (2012). A last article whose title is long enough to need\n\n"
        "     a second line. Review of Studies, 9, 3–4.\n",
        [(3, 5), (7, 9), (11, 11), (13, 15)],
    ),
    "double-spaced without indentation": (
        "Bibliography\n\n"
        "Adams, Ruth. The Long Title of a Book That Wraps Onto the Next\n\n"
        "Line. Cambridge: Cambridge University Press, 2004.\n\n"
        "Baker, Tom. Short Book. London: Verso, 1999.\n\n"
        "Clark, Ann. Another Long Title That Needs Two Lines to Print\n\n"
        "Completely. London: Penguin, 2011.\n",
        [(3, 5), (7, 7), (9, 11)],
    ),
    "numbered (1) with continuation lines": (
        "References\n"
        "(1) Zhang, Q.; Sun, Y.; Xu, W. Organic Thermoelectric Materials. Adv.\n"
        "Mater. 2014, 26, 6829−6851.\n"
        "(2) Boulanger, C. Thermoelectric Material Electroplating: A\n"
        "Historical Review. J. Electron. Mater. 2010, 39, 1818−1827.\n"
        "(3) Bubnova, O.; Berggren, M. Tuning the Thermo-\n"
        "electric Properties. Nat. Mater. 2011, 10, 429−433.\n",
        [(2, 3), (4, 5), (6, 7)],
    ),
    "bare numbers, initials first": (
        "References\n"
        "1 A. Altland and B. D. Simons, Condensed matter field theory\n"
        "(Cambridge University Press, 2010).\n"
        "2 P. Francesco, P. Mathieu, and D. Sénéchal, Conformal field theory\n"
        "(Springer, 2012).\n"
        "3 J. L. Cardy, Nucl. Phys. B 240, 514 (1984).\n"
        "4 I. Affleck and A. W. W. Ludwig, Phys. Rev. Lett. 67, 161 (1991).\n",
        [(2, 3), (4, 5), (6, 6), (7, 7)],
    ),
    "list number alone on its line": (
        "References\n"
        "1.\n"
        "J. E. O'Brien. Thèse, Harvard University, Cambridge, MA.\n"
        "1972.\n"
        "2.\n"
        "J. E. O'Brien, J. C. Morris and J. N. Butler. Chem. Water Supply 12,\n"
        "333-358 (1974).\n"
        "3.\n"
        "B. Solastiouk and X. Deglise. Can. J. Chem. 66, 2188 (1988).\n",
        [(2, 4), (5, 7), (8, 9)],
    ),
    "label keys followed by an indented block": (
        "References\n"
        "[KLM19]  Kowalski, A., Lee, B., and Moore, C. Graph sparsification in\n"
        "         linear time. In Proc. STOC, pages 1–12, 2019.\n"
        "[Lee 2015]  Lee, B. Spectral methods. J. ACM 62(3):1–20, 2015.\n"
        "[Smi+20]  Smith, J. et al. Faster algorithms for everything. In\n"
        "         Proc. FOCS, 2020.\n",
        [(2, 3), (4, 4), (5, 6)],
    ),
    "label keys alone on their lines": (
        "References\n"
        "[Ahl78]\n"
        "Lars V. Ahlfors, Complex analysis, third ed., McGraw-Hill Book Co., New York, 1978.\n"
        "[AKa]\n"
        "Jørgen E. Andersen and Rinat M. Kashaev, Complex Quantum Chern-Simons, arXiv:1409.1208,\n"
        "Preprint 2014.\n"
        "[Bur]\n"
        "Benjamin Burton, Regina, software for 3-manifold topology,\n"
        "http://regina.sourceforge.net (30/01/2015).\n",
        [(2, 3), (4, 6), (7, 9)],
    ),
    "initials first, indented continuation lines": (
        "References\n"
        "J. Smith, A. Kowalski, and R.T. Nguyen. Learning to rank with partial\n"
        "    labels. In Proceedings of ICML, pages 1–9, 2018.\n"
        "M. Farach, T. M. Przytycka, and M. Thorup. On the agreement of many\n"
        "    trees. Information Processing Letters, 55:297–301, 1995.\n"
        "O. Furuse and H. Iida. Constituent boundary parsing. In COLING94, 1994.\n",
        [(2, 3), (4, 5), (6, 6)],
    ),
    "astronomy author-year, no indent, numbers at line ends": (
        "REFERENCES\n"
        "Abel T., Bryan G. L., Norman M. L., 2000, ApJ, 540, 39\n"
        "—, 2002, Science, 295, 93\n"
        "Bromm V., Yoshida N., Hernquist L., McKee C. F., 2009,\n"
        "Nature, 459, 49\n"
        "Clark P. C., Glover S. C. O., Smith R. J., Greif T. H.,\n"
        "Klessen R. S., Bromm V., 2011, Science, 331, 1040\n"
        "Elias J., Frogel J., Matthews K., Neugebauer G., 1982, AJ, 87,\n"
        "1029\n"
        "Glatzel W., 1998, A&A, 339, L5\n",
        [(2, 2), (3, 3), (4, 5), (6, 7), (8, 9), (10, 10)],
    ),
    "Vancouver with link labels and years at line starts": (
        "References\n"
        "Davis S, Wang J, Zhu M, Stahmer K, Lakshminarayan R, Ferro-Novick S.\n"
        "2016. Sec24 phosphorylation regulates autophagosome abundance. eLife 5:e21167.\n"
        "Albers HE (2012) The regulation of social recognition, social com-\n"
        "munication and aggression. Horm Behav 61:283-292. CrossRef Medline\n"
        "Arakawa H, Arakawa K, Blanchard DC (2008a) A new test paradigm for\n"
        "social recognition. Behav Brain Res 190:97-104.\n"
        "CrossRef Medline\n"
        "Comstock,K.E., Widersten,M. and Mannervik,B.\n"
        "(1994) Arch. Biochem. Biophys., 311, 487–495.\n"
        "Eigen,M., McCaskill,J. and Schuster,P. (1988) J. Phys. Chem., 92,\n"
        "6881–6891.\n",
        [(2, 3), (4, 5), (6, 8), (9, 10), (11, 12)],
    ),
}


@pytest.mark.parametrize("text, expected", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layouts(text: str, expected: list[tuple[int, int]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "heading",
    ["Literature Cited", "Sources", "Literatur", "Bibliographie", "Références", "Bibliografía",
     "Bibliografia", "Список литературы", "Chapter 9. Bibliography", "R E F E R E N C E S",
     "Works Cited", "REFERÊNCIAS", "Referências bibliográficas", "Literatuur", "Kaynakça",
     "Litteratur", "参考文献"],
)
def test_headings_in_the_usual_languages(heading: str) -> None:
    assert is_bibliography_heading(heading)
    text = PROSE + "\n" + heading + "\n" + ENTRIES
    assert [s.heading for s in locate(doc(text)).sections] == [heading]


def test_numbered_heading_after_a_page_number() -> None:
    text = PROSE + "\n14\n7 References\n" + ENTRIES
    bib = locate(doc(text))
    assert [s.heading for s in bib.sections] == ["7 References"] and len(bib.entries) == 3


def test_list_split_over_pages_with_running_head_and_footnote() -> None:
    page = "body text of the chapter goes on here and on, line after line.\n" * 22
    text = (
        "A Thesis About Revolutions\n" + page + "\nReferences\n"
        "[1] Smith, J. (2001). A study of things. Journal of Stuff, 12(3), 45-67.\n"
        "[2] Jones, K. (1999). Another study of the same things, with a title\n"
        "17\n"
        "A Thesis About Revolutions\n"
        "that runs on. Oxford University Press.\n"
        "[3] Brown, A. (2010). Third. Nature, 4, 1-2.\n"
        "18\n"
        "A Thesis About Revolutions\n"
        "[4] Green, B. (2011). Fourth. Nature, 5, 1-2.\n"
    )
    bib = locate(doc(text))
    n = 25  # the heading's line
    assert [(e.line, e.line_end) for e in bib.entries] == [
        (n + 1, n + 1), (n + 2, n + 5), (n + 6, n + 6), (n + 9, n + 9)]
    assert "title that runs on" in bib.entries[1].text
    assert len(bib.sections) == 1


def test_per_chapter_lists() -> None:
    text = (
        "Chapter 1\n" + PROSE + "\nReferences\n" + ENTRIES + "\nChapter 2\n" + PROSE
        + "\nReferences\n" + ENTRIES
    )
    bib = locate(doc(text))
    assert len(bib.sections) == 2 and len(bib.entries) == 6
    assert [e.section for e in bib.entries] == [0, 0, 0, 1, 1, 1]


FULL_NOTES = (
    "Notes\n"
    "1. Paul Avrich, Kronstadt 1921 (Princeton: Princeton University Press, 1970), 12.\n"
    "2. Ibid., 14.\n"
    "3. Orlando Figes, A People's Tragedy (New York: Penguin Books, 1996), 760.\n"
    "4. Vladimir Brovkin, \u201cPolitics, Not Economics,\u201d Slavic Review 44, no. 2 (1985): 244\u201350.\n"
)
SHORT_NOTES = (
    "Notes\n"
    "1. Avrich, Kronstadt, p. 12.\n"
    "2. Ibid., p. 14.\n"
    "3. See the discussion in chapter two above.\n"
    "4. Figes, Tragedy, p. 760.\n"
)


def test_endnotes_with_full_citations_are_entries() -> None:
    bib = locate(doc(PROSE + "\n" + FULL_NOTES))
    assert [s.heading for s in bib.sections] == ["Notes"]
    assert [e.line for e in bib.entries] == [6, 8, 9]  # "Ibid." is not an entry


def test_endnotes_with_short_citations_are_not_a_bibliography() -> None:
    assert locate(doc(PROSE + "\n" + SHORT_NOTES)).entries == []


def test_prose_with_sentence_numbers_is_not_split_at_years() -> None:
    text = (
        "References\n"
        "Smith, J. 2001. A study of things that took place in\n"
        "1917. The events. Journal of Stuff 12: 45-67.\n"
        "Jones, K. 1999. Another study. Oxford: Oxford University Press.\n"
    )
    assert spans(text) == [(2, 3), (4, 4)]


# --------------------------------------------------------------------------- real sections

REAL = Path(__file__).resolve().parent / "fixtures" / "finding" / "sections.json"


def _real_sections() -> list[dict]:
    import json

    return json.loads(REAL.read_text(encoding="utf-8"))


def _folded(entries: list) -> set[tuple[int, int]]:
    """(first, last line) per list number: a compound reference's works folded into one."""
    out: list[tuple[int, int]] = []
    for e in entries:
        if (e.part or 1) > 1 and out:
            out[-1] = (out[-1][0], max(out[-1][1], e.line_end))
        else:
            out.append((e.line, e.line_end))
    return set(out)


@pytest.mark.parametrize("section", _real_sections(), ids=lambda s: s["source"].rsplit("/", 1)[-1][:24])
def test_real_sections_split(section: dict) -> None:
    """Real reference sections (GROBID training data, CC BY 4.0): entry boundaries F1 >= 0.9.

    Both views: one entry per work (GROBID's <bibl>, a compound reference's
    works apart), and one per list number (its works folded).
    """
    entries = locate(CleanText(lines=section["lines"])).entries
    for gold, pred in (({tuple(e) for e in section["entries"]}, {(e.line, e.line_end) for e in entries}),
                       ({tuple(e) for e in section["entries_merged"]}, _folded(entries))):
        right = len(gold & pred)
        assert right and 2 * right / (len(gold) + len(pred)) >= 0.9, sorted(pred - gold)


def test_hyphen_numbers_and_a_list_resumed_after_page_stamps() -> None:
    stamp = ["Norton et al.", "Page {}", "Processes (Basel). Author manuscript; available in PMC 2019.",
             "Author Manuscript", "Author Manuscript", "Author Manuscript"]
    body = ["body text of the article, line after line, goes on here."] * 25
    lines = body[:]
    for page in (14, 15):
        lines += [s.format(page) for s in stamp] + body
    lines += ["REFERENCES",
              "1-Aldred MJ, Cooke BED. Paget's disease of bone with involvement of",
              "the dental pulp. J Oral Pathol Med. 1989;18:184-5.",
              "2-Azaz B, Ulmansky M, Moshev R. Correlation between age and thickness",
              "of cementum in impacted teeth. Oral Surg Oral Med. 1974;38:691-4."]
    lines += ["", "This copy is for the personal use of the reader and may not be passed on to others."]
    lines += [s.format(16) for s in stamp]
    lines += ["3-Brown A, Green B. Third study of things. Nature. 2010;4:1-2.",
              "4-Grey C. Fourth study. Science. 2011;5:3-4."]
    n = lines.index("REFERENCES") + 1
    bib = locate(CleanText(lines=lines))
    assert [(e.line - n, e.line_end - n) for e in bib.entries] == [(1, 2), (3, 4), (13, 13), (14, 14)]
    assert len(bib.sections) == 1


# --------------------------------------------------------------------------- "Surname, Given: Title. Place: Publisher Year."

# German humanities style: a colon after the author list, the year at the end without brackets
COLON_ENTRIES = [
    "Isenmann, Eberhard: Die deutsche Stadt im Mittelalter 1150–1550. Stadtgestalt, Recht, "
    "Verfassung, Stadtregiment, Kirche, Gesellschaft, Wirtschaft. Wien/Köln/Weimar: Böhlau 2012.",
    "Ennen, Edith: Die europäische Stadt des Mittelalters. 4. Aufl. Göttingen: Vandenhoeck & Ruprecht 1987.",
    "Schubert, Ernst: Einführung in die deutsche Geschichte im Spätmittelalter. Darmstadt: WBG 1992.",
    "Moraw, Peter: Von offener Verfassung zu gestalteter Verdichtung. Das Reich im späten Mittelalter "
    "1250 bis 1490. Berlin: Propyläen 1985.",
    "Meier, Ulrich: Mensch und Bürger. Die Stadt im Denken spätmittelalterlicher Theologen, Philosophen "
    "und Juristen. München: Oldenbourg 1994.",
    "Dilcher, Gerhard: Bürgerrecht und Stadtverfassung im europäischen Mittelalter. Köln/Weimar/Wien: Böhlau 1996.",
    "Schmieder, Felicitas: Die mittelalterliche Stadt. 3., überarb. Aufl. Darmstadt: Wissenschaftliche "
    "Buchgesellschaft 2012.",
    "Hirschmann, Frank G.: Die Stadt im Mittelalter. München: Oldenbourg 2009.",
    "Fouquet, Gerhard/Dirlmeier, Ulf: Bauen für die Stadt. Finanzen, Organisation und Arbeit in kommunalen "
    "Baubetrieben des Spätmittelalters. Köln/Weimar/Wien: Böhlau 1999.",
    "Ders.: Die Stadt und ihre Finanzen. In: Schmidt, Hans (Hrsg.): Städtische Haushalte. "
    "Stuttgart: Steiner 2001, S. 12–34.",
]
COLON_BEFORE = (
    "Die Stadt im Mittelalter\n\nDie Forschung zur mittelalterlichen Stadt ist umfangreich; wir "
    "folgen hier den Standardwerken und ergänzen sie,\nwo es nötig ist, um neuere Arbeiten.\n\n"
)
COLON_AFTER = "\n\nAnhang\n\nDie Karten zeigen die Städte um 1400.\n"


def colon_document(entries: list[str], heading: str | None, width: int, hang: bool,
                   double: bool) -> str:
    import textwrap

    spacing = "\n\n" if double else "\n"
    printed = []
    for e in entries:
        wrapped = textwrap.wrap(e, width) if width else [e]
        printed.append(spacing.join([wrapped[0]] + [("    " if hang else "") + w for w in wrapped[1:]]))
    return COLON_BEFORE + (f"{heading}\n\n" if heading else "") + spacing.join(printed) + COLON_AFTER


@pytest.mark.parametrize("n", [5, 7, 10])
@pytest.mark.parametrize("heading", ["Literatur", "References", "Literaturverzeichnis", None])
@pytest.mark.parametrize("width, hang", [(0, False), (72, False), (72, True), (55, False)],
                         ids=["one-line", "wrapped", "hanging", "narrow"])
@pytest.mark.parametrize("double", [False, True], ids=["single", "double"])
def test_colon_style_lists_found_whole(n: int, heading: str | None, width: int, hang: bool,
                                       double: bool) -> None:
    text = colon_document(COLON_ENTRIES[:n], heading, width, hang, double)
    bib = locate(doc(text))
    # every entry, the first one too, each whole, and nothing of the text around the list
    assert [e.text for e in bib.entries] == COLON_ENTRIES[:n]


def test_colon_imprint_scores_as_entry_and_glossary_does_not() -> None:
    assert entry_score(COLON_ENTRIES[2]) >= 2.5  # before: 0.5 ("Darmstadt: WBG 1992." not seen)
    assert entry_score(COLON_ENTRIES[1]) >= 2.5
    # a glossary of people keeps its "Term: definition" penalty
    assert entry_score("Trotsky, Leon: Major Marxist leader. Joined the Bolsheviks in 1917, helped") < 1.5


def test_weak_first_entry_under_heading_is_kept() -> None:
    # no year in the imprint ("o. J.": undated): it scores under WEAK, the rest well above
    weak = "Abel, Wilhelm: Agrarkrisen und Agrarkonjunktur seit 1500. Berlin: Parey o. J."
    assert entry_score(weak) < 1.5
    text = "Literatur\n\n" + "\n".join([weak] + COLON_ENTRIES[:4]) + "\n"
    assert [e.text for e in locate(doc(text)).entries] == [weak] + COLON_ENTRIES[:4]
    # an introductory sentence under the heading is still not an entry
    intro = "Die folgende Liste nennt die wichtigsten Titel zur Stadtgeschichte."
    text = "Literatur\n\n" + intro + "\n\n" + "\n".join(COLON_ENTRIES[:4]) + "\n"
    assert [e.text for e in locate(doc(text)).entries] == COLON_ENTRIES[:4]


@pytest.mark.parametrize("heading", ["Literatur", "References"])
def test_colon_style_document_end_to_end(capsys, tmp_path: Path, heading: str) -> None:
    """The whole report on such a document: every entry found, the edition in its field."""
    import json

    from citecheck.cli import main

    src = tmp_path / "stadt.txt"
    src.write_text(colon_document(COLON_ENTRIES[:3], heading, 0, False, False), encoding="utf-8")
    code = main(["report", str(src), "-f", "json", "--fail-on", "none", "--offline",
                 "--cache-dir", str(tmp_path / "cache"), "--quiet"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0  # before: "no bibliography found" (exit 2) under "References"
    assert [e["raw"] for e in out["entries"]] == COLON_ENTRIES[:3]
    ennen = out["entries"][1]["fields"]
    assert (ennen["title"], ennen["edition"], ennen["address"], ennen["publisher"], ennen["year"]) == (
        "Die europäische Stadt des Mittelalters", "4", "Göttingen", "Vandenhoeck & Ruprecht", "1987")
