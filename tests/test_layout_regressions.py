"""False positives of the layout rules, found by review: each document is ordinary."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.config import RunOptions, Settings
from citecheck.ingest import read_document
from citecheck.pipeline import offline_stages

DOCS = Path(__file__).resolve().parent / "fixtures" / "citations" / "regressions"


def _run(name: str, tmp_path: Path):
    doc = read_document(DOCS / name)
    return offline_stages(doc, RunOptions(offline=True), Settings(cache_dir=tmp_path / "c"))


@pytest.mark.parametrize("name", ["num2.txt", "num3.txt"])
def test_a_numbered_list_in_the_body_does_not_take_the_citations(name: str, tmp_path: Path) -> None:
    _, _, refs, footnotes, _ = _run(name, tmp_path)
    statuses = {(c.number, c.status) for c in footnotes.citations}
    assert not {s for _, s in statuses} & {"out-of-range", "not-listed"}
    assert footnotes.uncited_entries == []  # [1]-[5] of the References are all cited


@pytest.mark.parametrize(("name", "heading"), [("es1.txt", "Referencias"),
                                               ("de1.txt", "Literaturverzeichnis")])
def test_a_tables_sources_are_no_bibliography(name: str, heading: str, tmp_path: Path) -> None:
    _, bibliography, refs, footnotes, _ = _run(name, tmp_path)
    assert [s.heading for s in bibliography.sections] == [heading]
    assert not any(r.error for r in refs)
    assert footnotes.uncited_entries == []


def test_a_quantity_range_glued_to_a_word_hides_no_uncited_entry(tmp_path: Path) -> None:
    _, _, _, footnotes, _ = _run("num1.txt", tmp_path)
    assert footnotes.uncited_entries == ["extra2019"]  # 'aged5-12' does not cite 5-12


def test_a_colon_keeps_a_sources_word_from_heading_a_list() -> None:
    from citecheck.locate import is_bibliography_heading

    assert not is_bibliography_heading("Quellen:")
    assert not is_bibliography_heading("Fuentes:")
    assert is_bibliography_heading("Quellen")
    assert is_bibliography_heading("Sources:")  # English: as before
    assert is_bibliography_heading("Bibliography:")


def test_a_sources_subsection_in_the_methods_is_no_bibliography(tmp_path: Path) -> None:
    # 'Primary sources' in the Methods: a numbered list describing the data, then '4. Results'
    # (numbered on from the list) and its text, then '5 Discussion', with no blank line between
    _, bibliography, _, footnotes, _ = _run("sources1.txt", tmp_path)
    assert [s.heading for s in bibliography.sections] == ["References"]
    assert all(e.line >= 24 for e in bibliography.entries)
    statuses = {c.status for c in footnotes.citations}
    assert statuses == {"linked"}  # the Results' and Discussion's citations are read as text
    assert len(footnotes.citations) == 8
    assert footnotes.uncited_entries == []


def test_a_sources_list_in_the_methods_ends_at_the_next_numbered_heading(tmp_path: Path) -> None:
    # 'Data sources' whose lines are references (an organisation and its year): a list of its
    # own, but '3 Results' and the text after it are the body's, not the last entry's
    _, bibliography, _, footnotes, _ = _run("sources2.txt", tmp_path)
    assert [(s.heading, s.line, s.line_end) for s in bibliography.sections] == [
        ("2.1 Data sources", 11, 14), ("References", 21, 25)]
    assert [(e.line, e.line_end) for e in bibliography.entries[:2]] == [(13, 13), (14, 14)]
    assert {c.status for c in footnotes.citations} == {"linked"}
    assert len(footnotes.citations) == 6  # Mian and Sufi, Jappelli and Pistaferri, Karlan et al.


def test_primary_and_secondary_sources_of_a_bibliography_are_both_lists(tmp_path: Path) -> None:
    _, bibliography, _, footnotes, _ = _run("sources3.txt", tmp_path)
    assert [s.heading for s in bibliography.sections] == ["Primary sources", "Secondary sources"]
    # the archive named again on the next line starts a new entry
    assert (bibliography.entries[0].line, bibliography.entries[0].line_end) == (10, 10)
    assert bibliography.entries[1].line == 11
    assert bibliography.entries[-1].line == 18
    assert {c.status for c in footnotes.citations} == {"linked"}


@pytest.mark.parametrize(("line", "heading"), [
    ("3. Results", True), ("4 Discussion", True), ("IV. CONCLUSIONS", True), ("2.2 Sample selection", True),
    ("## 3 Results", True), ("Заключение", True), ("1.2. Данные и методы", True),
    ("7 References", False), ("3. Results in Physics 12, 345 (2019).", False),
    ("3. World Health Organization", False), ("2019.1 Software", False), ("12.5 Nature 2019", False),
    ("analysis", False),  # a word of a title, one a line as PDF extraction leaves it
    ("9.1. Normative References", False), ("10.2. Informational References", False),  # the list's parts
])
def test_a_body_heading_is_told_from_an_entry_line(line: str, heading: bool) -> None:
    from citecheck.locate import _body_heading

    assert _body_heading(line) is heading


def test_a_work_two_chapters_list_is_cited_by_each_chapters_entry(tmp_path: Path) -> None:
    # per-chapter author-year lists that both list Aleem (1990): each chapter's citation names
    # its own chapter's entry, neither is 'ambiguous' nor left uncited
    _, bibliography, refs, footnotes, _ = _run("chapters1.txt", tmp_path)
    assert len(bibliography.sections) == 2
    aleem = [r.key for r in refs if r.raw.startswith("Aleem")]
    assert len(aleem) == 2
    got = [(c.line, c.status, c.cites) for c in footnotes.citations if c.author == "Aleem"]
    assert got == [(5, "linked", aleem[0]), (16, "linked", aleem[1])]
    assert {c.status for c in footnotes.citations} == {"linked"}
    assert footnotes.uncited_entries == []


def test_a_books_endnotes_go_on_under_chapter_names() -> None:
    # 'Introduction', 'Conclusion' inside the endnotes name the chapters the notes belong to:
    # no heading of the body that would end the list
    from citecheck.locate import locate
    from citecheck.models import CleanText

    lines = ["The Rise of the Novel", "", "Some text here.", "", "Notes", "", "Introduction",
             "1. Ian Watt, The Rise of the Novel (London: Chatto and Windus, 1957), 12.",
             "2. Ian Watt, The Rise of the Novel (London: Chatto and Windus, 1957), 35.", "",
             "Conclusion",
             "1. Michael McKeon, The Origins of the English Novel (Baltimore: Johns Hopkins "
             "University Press, 1987), 20.",
             "2. Nancy Armstrong, Desire and Domestic Fiction (New York: Oxford University Press, 1987), 8."]
    bib = locate(CleanText(lines=lines))
    assert [e.line for e in bib.entries] == [8, 9, 12, 13]


def test_the_text_report_names_a_markdown_footnote_with_no_definition(tmp_path: Path) -> None:
    # '[^4]' in the text and no '[^4]:' anywhere: pandoc prints it as it stands
    from citecheck import pipeline
    from citecheck.render import text as render_text

    path = tmp_path / "notes.md"
    path.write_text(
        "# Bibles in Antwerp\n\nPlantin printed most Bibles.[^1] Proofs were read twice.[^2]\n\n"
        "## Workshops\n\nThe shop kept a register.[^2] Prices fell after 1590.[^4]\n\n"
        "[^1]: Colin Clair, *Christopher Plantin* (London: Cassell, 1960), 62-70.\n"
        "[^2]: Anthony Grafton, *The Culture of Correction* (London: British Library, 2011), 15.\n\n"
        "## Bibliography\n\nClair, Colin. *Christopher Plantin*. London: Cassell, 1960.\n\n"
        "Grafton, Anthony. *The Culture of Correction*. London: British Library, 2011.\n",
        encoding="utf-8")
    report = pipeline.build_report(path, Settings(cache_dir=tmp_path / "c"),
                                   options=RunOptions(offline=True, links=False, resolve=False))
    assert "    markers without notes: 4" in render_text.render(report)


def test_a_chapters_list_ends_at_the_next_chapters_numbered_title(tmp_path: Path) -> None:
    # per-chapter '[n]' lists with no blank lines: '3 Soil Moisture Retrieval from SMAP' and
    # '4 Validation' (titles, not the list's labels) end the last entries, and chapter 3's
    # citations are read, each naming chapter 3's entry
    _, bibliography, refs, footnotes, _ = _run("chapters2.txt", tmp_path)
    assert [(s.line, s.line_end) for s in bibliography.sections] == [(4, 10), (14, 20)]
    line = {r.key: r.line for r in refs}
    assert [(c.line, c.number, line.get(c.cites)) for c in footnotes.citations] == [
        (2, 1, 5), (2, 2, 7), (3, 3, 9), (12, 1, 15), (12, 2, 17), (13, 3, 19), (13, 1, 15)]
    assert {c.status for c in footnotes.citations} == {"linked"}


@pytest.mark.parametrize(("line", "title"), [
    ("3 Soil Moisture Retrieval from SMAP", True), ("4. Validation", True),
    ("## 5 Conclusions and Outlook", True), ("7 References", False), ("2019 Annual Report", False),
    ("3 Smith J, Jones K. Title.", False), ("12. Normative References", False),
])
def test_a_numbered_title_is_told_from_an_entry_line(line: str, title: bool) -> None:
    from citecheck.locate import _numbered_title

    assert _numbered_title(line) is title
