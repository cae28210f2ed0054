"""Tests for citecheck.footnotes: markers, sections, notes and links to the bibliography."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.footnotes import cited_keys, find_footnotes, find_markers, _works
from citecheck.locate import locate
from citecheck.models import Bibliography, CleanText, Fields, Name, Reference

SAMPLE = Path(__file__).resolve().parent.parent / "refs" / "russia-revolution-counter-revolution.txt"


def doc(text: str) -> CleanText:
    return CleanText(lines=text.split("\n"))


def ref(key: str, family: str, title: str, year: str) -> Reference:
    return Reference(
        raw=f"{family}, {title}, {year}", key=key, type="book",
        fields=Fields(author=[Name(family=family, given="A.")], title=title, year=year),
    )


REFS = [
    ref("avrich1970", "Avrich", "Kronstadt, 1921", "1970"),
    ref("avrich1967", "Avrich", "The Anarchists in the Russian Revolution", "1967"),
    ref("figes1996", "Figes", "A People's Tragedy", "1996"),
    ref("carr1950", "Carr", "The Bolshevik Revolution", "1950"),
]


def numbers(text: str) -> list[list[int]]:
    c = doc(text)
    return [[m.number for m in s.markers] for s in find_markers(c, locate(c))]


# --------------------------------------------------------------------------- markers

MARKER_CASES = {
    "after closing quote, glued and spaced": (
        "They hold meetings; then\u201d 1 demonstrations followed.\n"
        "The soviets were \u201corgans of popular\u201d 2\n"
        "self-management in this revolution.3 Then the Bolsheviks,4 as did 1920.5\n",
        [[1, 2, 3, 4, 5]],
    ),
    "superscripts, brackets, markdown": (
        "The first claim\u00b9 and the second\u00b2 are old.\n"
        "A third [3] and a fourth[^4] follow.\n",
        [[1, 2, 3, 4]],
    ),
    "end of a block quote": (
        "\u201cThe workers come to the factories in the morning.\u201d 1\n\n"
        "menaced the state system with death. 2\n",
        [[1, 2]],
    ),
    "years, counts, dates, lists are not markers": (
        "The February Revolution began on February 23rd, in 1917.\n"
        "There were 118 bands of partisans, and 6,300 executions; 75.5% were sailors.\n"
        "Socialism: 1. A classless society 2. In Marxist theory, a stage.\n"
        "In 1918 the war ended, see p. 12 and vol. 3 for details.\n",
        [],
    ),
    "a count right after a quote is too far off the sequence": (
        "\u201cThe soviets,\u201d 1 he said. \u201cAnd the committees\u201d 118 bands joined.\n",
        [[1]],
    ),
    "a doubtful number is taken when it is the next expected": (
        "as \u201cquoted\u201d 13 and in 1918 14 and 99 in the first seven months of 1919.15\n",
        [[13, 14, 15]],
    ),
}


@pytest.mark.parametrize("text, expected", MARKER_CASES.values(), ids=MARKER_CASES.keys())
def test_markers(text: str, expected: list[list[int]]) -> None:
    assert numbers(text) == expected


def test_sections_and_restart() -> None:
    text = (
        "Part 1: Cities\n"
        "First \u201cquote\u201d 1 and \u201csecond\u201d 2 and \u201cthird\u201d 3.\n"
        "Part 2: Villages\n"
        "Again \u201cquote\u201d 1 and \u201cquote\u201d 2.\n"
        "Then a page from another chapter: \u201cquote\u201d 1 and \u201cmore\u201d 2 and \u201cx\u201d 3.\n"
    )
    c = doc(text)
    sections = find_markers(c, Bibliography())
    assert [(s.title, s.line) for s in sections] == [
        ("Part 1: Cities", 1),
        ("Part 2: Villages", 3),
        ("Part 2: Villages (numbering restarts)", 5),
    ]
    assert [[m.number for m in s.markers] for s in sections] == [[1, 2, 3], [1, 2], [1, 2, 3]]


def test_missing_repeated_backward() -> None:
    text = (
        "Chapter 1\n"
        "a \u201cq\u201d 1 b \u201cq\u201d 2 c \u201cq\u201d 5\n"
        "d \u201cq\u201d 6 e \u201cq\u201d 3 f \u201cq\u201d 4 g \u201cq\u201d 6\n"
    )
    (s,) = find_markers(doc(text), Bibliography())
    assert s.missing == []
    assert s.repeated == [6]
    assert s.backward == [3]
    text2 = "Chapter 1\na \u201cq\u201d 1 b \u201cq\u201d 2 c \u201cq\u201d 4 \u201cq\u201d 5\n"
    assert find_markers(doc(text2), Bibliography())[0].missing == [3]


@pytest.mark.parametrize(
    "text, missing",
    [
        # notes numbered straight through the book: chapter 2 is complete from 4 on
        ("Chapter 1: A\na \u201cq\u201d 1 b \u201cq\u201d 2 c \u201cq\u201d 3\n"
         "Chapter 2: B\nd \u201cq\u201d 4 e \u201cq\u201d 5\n"
         "Chapter 3: C\nf \u201cq\u201d 6 g \u201cq\u201d 8\n", [[], [], [7]]),
        # the other chapters restart at 1: one that carries on is the anomaly
        ("Part 1: A\na \u201cq\u201d 1 b \u201cq\u201d 2\n"
         "Part 2: B\nd \u201cq\u201d 1 e \u201cq\u201d 2\n"
         "Part 3: C\nf \u201cq\u201d 3 g \u201cq\u201d 4\n", [[], [], [1, 2]]),
    ],
)
def test_continuous_numbering_through_chapters(text: str, missing: list[list[int]]) -> None:
    assert [s.missing for s in find_markers(doc(text), Bibliography())] == missing


def test_shuffled_page_continues_sequence() -> None:
    """A glossary page dropped into a chapter: its heading does not restart the count."""
    text = (
        "Chapter 3: Rise\n"
        "a \u201cq\u201d 1 b \u201cq\u201d 2 c \u201cq\u201d 3\n"
        "Appendix D: Glossary\n"
        "Mir: Peasant commune\n"
        "d \u201cq\u201d 4 e \u201cq\u201d 5\n"
    )
    sections = find_markers(doc(text), Bibliography())
    assert [(s.title, [m.number for m in s.markers]) for s in sections] == [
        ("Chapter 3: Rise", [1, 2, 3, 4, 5])
    ]


def test_bibliography_and_page_heads_are_not_scanned() -> None:
    text = (
        "Body \u201cquote\u201d 1 here.\n"
        "\n"
        "12        A Running Head        101\n"
        "\n"
        "Bibliography\n"
        "Avrich, Paul, \u201cThe Anarchists\u201d, Russian Review, Vol. 26, 1967, 341-350.\n"
        "\n"
        "Brovkin, Vladimir, \u201cWorkers\u201d 12, Slavic Review, 1990, 350-373.\n"
        "\n"
        "Carr, E.H., The Bolshevik Revolution, Macmillan, London 1950.\n"
    )
    assert numbers(text) == [[1]]


# --------------------------------------------------------------------------- notes

NOTES_DOC = """\
Chapter 1: Kronstadt
The sailors rose \u201cfor the soviets.\u201d 1 The party called it a plot.2 Lenin
agreed.3 Trotsky did too.4 The Cheka acted.5

Notes
1. Avrich, Kronstadt, p. 12.
2. Ibid., p. 14.
3. Figes, A People's Tragedy, 1996,
   p. 760.
4. Smith, John, A History of Nothing, p. 3.
6. Carr, Bolshevik Revolution, vol. 1.

Bibliography
Avrich, Paul, Kronstadt, 1921, W.W. Norton & Company, New York 1970.

Avrich, Paul, \u201cThe Anarchists in the Russian Revolution\u201d, Russian Review, 1967.

Carr, E.H., The Bolshevik Revolution, Macmillan, London 1950.

Figes, Orlando, A People's Tragedy, Penguin Books, New York 1996.
"""


@pytest.fixture(scope="module")
def notes_report():
    c = doc(NOTES_DOC)
    return find_footnotes(c, locate(c), REFS)


def test_notes_found_and_linked(notes_report) -> None:
    r = notes_report
    assert r.notes_found
    (s,) = r.sections
    assert [m.number for m in s.markers] == [1, 2, 3, 4, 5]
    assert [(m.number, m.note_line, m.cites) for m in s.markers] == [
        (1, 6, "avrich1970"),
        (2, 7, "avrich1970"),  # Ibid. = the previous note's work
        (3, 8, "figes1996"),
        (4, 10, None),
        (5, None, None),
    ]
    assert s.markers_without_notes == [5]
    assert s.notes_without_markers == [6]
    assert [n.number for n in s.notes] == [1, 2, 3, 4, 6]
    assert s.notes[2].text == "Figes, A People's Tragedy, 1996, p. 760."


def test_notes_missing_and_uncited(notes_report) -> None:
    r = notes_report
    assert len(r.missing_from_bibliography) == 1
    assert r.missing_from_bibliography[0].startswith("Smith, John, A History of Nothing")
    assert r.uncited_entries == ["avrich1967"]  # carr1950 is cited by the orphan note 6
    assert "5 markers" in r.message or "of 5 markers" in r.message


def test_markdown_footnotes() -> None:
    text = (
        "# Kronstadt\n"
        "The sailors rose.[^1] They were crushed[^2].\n"
        "\n"
        "[^1]: Avrich, Kronstadt, p. 12.\n"
        "[^2]: Figes, Tragedy, 1996.\n"
        "    A second paragraph of the note.\n"
    )
    c = doc(text)
    r = find_footnotes(c, locate(c), REFS)
    assert r.notes_found
    (s,) = r.sections
    assert [(m.number, m.note_line, m.cites) for m in s.markers] == [
        (1, 4, "avrich1970"), (2, 5, "figes1996"),
    ]
    assert s.notes[1].text.endswith("A second paragraph of the note.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Avrich, Kronstadt, p. 12", ["avrich1970"]),
        ("Avrich, Anarchists in the Russian Revolution", ["avrich1967"]),
        ("Avrich 1967, 345", ["avrich1967"]),
        ("Avrich, p. 3", []),  # two works by Avrich, nothing to choose by: no guess
        ("Carr, vol. 2; Figes, Tragedy", ["carr1950", "figes1996"]),
        ("Smith, Nothing, p. 4", []),
    ],
)
def test_cited_keys(text: str, expected: list[str]) -> None:
    assert sorted(cited_keys(text, _works(REFS))) == sorted(expected)


def test_no_notes_message() -> None:
    c = doc("Part 1: X\nA \u201cq\u201d 1 and \u201cq\u201d 2.\nPart 2: Y\nB \u201cq\u201d 1.\n")
    r = find_footnotes(c, Bibliography(), REFS)
    assert not r.notes_found
    assert r.message == "No note texts found: 3 markers in 2 sections cannot be linked to sources."
    assert r.uncited_entries == [] and all(m.cites is None for s in r.sections for m in s.markers)


NUMBERED_DOC = """\
Results vary [1], [3], as [1] and [4] show.

References

[1] J. Smith, "A study of things," Journal of Stuff, vol. 12, pp. 45-67, 2001.
[2] A. Brown, Another Book. New York: Wiley, 1999.
[3] M. Green, "Web page title," 2010. https://example.org/page
"""


def test_numbered_style_markers_cite_the_entry_with_their_number() -> None:
    c = doc(NUMBERED_DOC)
    bib = locate(c)
    refs = [Reference(raw=e.text, key=k) for e, k in zip(bib.entries, ["smith", "brown", "green"])]
    r = find_footnotes(c, bib, refs)
    assert [(m.number, m.cites) for s in r.sections for m in s.markers] == [
        (1, "smith"), (3, "green"), (1, "smith"), (4, None)]
    assert r.uncited_entries == ["brown"]
    assert r.missing_from_bibliography == ["[4]: the list is numbered up to 3 (line 1)"]
    assert r.message.startswith("Numbered citations: 3 of 4 cited numbers")
    assert [(c.number, c.status) for c in r.citations] == [
        (1, "linked"), (3, "linked"), (1, "linked"), (4, "out-of-range")]
    # citing [1] again is normal in a numbered style
    assert all(not (s.repeated or s.backward or s.missing) for s in r.sections)


# --------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample_report():
    c = CleanText(lines=SAMPLE.read_text(encoding="utf-8").split("\n"))
    return find_footnotes(c, locate(c), [])


def test_sample_sections(sample_report) -> None:
    titles = [s.title for s in sample_report.sections]
    assert titles == [
        "Part 1: Revolution in the Cities",
        "Part 2: Agrarian Revolution",
        "Part 3: Rise of the Bolsheviks",
        "Part 4: Counter-Revolution",
        "Part 9: Lessons of the Revolution",
        "Part 5: Civil War",
        "Part 8: Kissinger-esque Excuses",
        "Part 6: Revolutionary Ukraine",
        "Part 7: Red Fascism Ascendant",
    ]


def test_sample_markers(sample_report) -> None:
    by_title = {s.title.split(":")[0]: s for s in sample_report.sections}
    part1 = by_title["Part 1"]
    assert [(m.number, m.line) for m in part1.markers] == [
        (1, 49), (2, 74), (3, 122), (4, 150), (5, 151), (6, 179), (7, 208), (8, 213)
    ]
    assert part1.missing == part1.repeated == part1.backward == []
    assert [m.number for m in by_title["Part 7"].markers] == list(range(1, 10))
    # shuffled pages leave traces
    assert by_title["Part 4"].backward == [1989]
    assert by_title["Part 9"].missing[:3] == [2, 3, 4]
    assert by_title["Part 6"].backward
    lines = {m.line for s in sample_report.sections for m in s.markers}
    assert not lines & set(range(352, 448))  # nothing from the bibliography
    assert 401 not in lines and 1553 not in lines  # nor the running heads


def test_sample_no_false_markers(sample_report) -> None:
    found = {(m.line, m.number) for s in sample_report.sections for m in s.markers}
    for line, number in [(43, 23), (2589, 754), (2203, 300), (3082, 5), (562, 1), (901, 1)]:
        assert (line, number) not in found


def test_sample_notes_absent(sample_report) -> None:
    r = sample_report
    assert r.notes_found is False
    n = sum(len(s.markers) for s in r.sections)
    assert r.message == (
        f"No note texts found: {n} markers in {len(r.sections)} sections cannot be linked to sources."
    )
    assert all(m.note_line is None and m.cites is None for s in r.sections for m in s.markers)


def test_page_bottom_notes() -> None:
    text = (
        "Chapter 1: Kronstadt\n"
        "The sailors rose.\u00b9 The party called it a plot.\u00b2\n"
        "\n"
        "\u00b9 Avrich, Kronstadt, p. 12.\n"
        "\u00b2 Carr, Bolshevik Revolution, vol. 1,\n"
        "p. 4.\n"
        "\n"
        "12\n"
        "\n"
        "Lenin agreed.\u00b3\n"
        "\n"
        "\u00b3 Ibid., p. 20.\n"
        "\n"
        "13\n"
    )
    c = doc(text)
    r = find_footnotes(c, Bibliography(), REFS)
    assert r.notes_found
    (s,) = r.sections
    assert [(m.number, m.note_line, m.cites) for m in s.markers] == [
        (1, 4, "avrich1970"), (2, 5, "carr1950"), (3, 12, "carr1950"),
    ]
    assert s.markers_without_notes == [] and s.notes_without_markers == []
