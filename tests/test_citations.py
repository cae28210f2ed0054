"""Tests for citations in the running text: numbered, author–year, note repeats, Markdown footnotes, glued markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck import cli, pipeline
from citecheck.citations import (
    author_year_citations,
    flattened_citations,
    glued_number,
    cited_in_order,
    numbered_citations,
    parenthesised_citations,
)
from citecheck.config import RunOptions, Settings
from citecheck.footnotes import find_footnotes, find_markers, repeat_of, with_notes
from citecheck.locate import locate
from citecheck.models import Bibliography, Citation, CleanText, Fields, Name, Reference
from citecheck.render import markdown as render_md
from citecheck.render import text as render_text
from citecheck.render.summary import citation_problems, footnote_anomalies


def doc(text: str) -> CleanText:
    return CleanText(lines=text.split("\n"))


OFFLINE = RunOptions(offline=True, links=False, resolve=False)


def build(path: Path, tmp_path: Path):
    return pipeline.build_report(path, Settings(cache_dir=tmp_path / "cache"), options=OFFLINE)


def report_of(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return build(path, tmp_path)


# --------------------------------------------------------------------------- numbered

IEEE = """\
Deep networks overfit [1], [3]. Regularisation helps [2, 4–5] and [1] again.
Dropout [7] is older than batch norm [3], and [9] is out of range.

References

[1] J. Smith, "A study of things," Journal of Stuff, vol. 12, pp. 45-67, 2001.
[2] A. Brown, Another Book. New York: Wiley, 1999.
[3] M. Green, "Web page title," 2010.
[4] K. Lee, "Deep things," in Proc. CVPR, 2015, pp. 1-9.
[5] R. White, "Shallow things," IEEE Trans. PAMI, vol. 3, pp. 4-5, 2016.
[6] P. Never, "Never cited," IEEE Trans. PAMI, vol. 4, pp. 6-7, 2017.
[8] T. Last, "The last one," IEEE Trans. PAMI, vol. 5, pp. 8-9, 2018.
"""


def test_numbered_expansion_and_statuses() -> None:
    by_label = {1: "a", 2: "b", 3: "c", 5: "e"}
    cites = numbered_citations(
        ["See [1, 3–5] and [2]–[3], then [1] again.", "Also [12] and [4]."], set(), by_label, 5
    )
    assert [(c.number, c.status, c.line) for c in cites] == [
        (1, "linked", 1), (3, "linked", 1), (4, "not-listed", 1), (5, "linked", 1),
        (2, "linked", 1), (3, "linked", 1), (1, "linked", 1),
        (12, "out-of-range", 2), (4, "not-listed", 2),
    ]
    assert cites[0].text == "[1, 3–5]" and cites[4].text == "[2]–[3]"


def test_numbered_brackets_that_are_not_citations() -> None:
    lines = ["A range [1990–2020] and a footnote[^2] and a definition", "[3]: not a citation",
             "and a link [4](http://x.org)."]
    assert numbered_citations(lines, set(), {1: "a", 2: "b", 3: "c", 4: "d"}, 4) == []


def test_numbered_style_in_a_report(tmp_path: Path) -> None:
    report = report_of(tmp_path, "ieee.txt", IEEE)
    fn = report.footnotes
    assert fn.style == "numbered"
    # citing [1] and [3] again is normal: no footnote anomaly
    assert footnote_anomalies(report) == 0
    assert fn.sections[0].repeated == fn.sections[0].backward == fn.sections[0].missing == []
    statuses = {(c.number, c.status) for c in fn.citations}
    assert (7, "not-listed") in statuses  # a gap in the list's numbering
    assert (9, "out-of-range") in statuses  # above the last entry
    assert fn.uncited_entries == [report.entries[5].key, report.entries[6].key]  # [6], [8]
    assert [c.line for c in fn.citations if c.number in (7, 9)] == [2, 2]
    problems = citation_problems(report)
    assert len(problems) == 4 and any("[9]" in p and "out-of-range" in p for p in problems)
    text = render_text.render(report)
    assert "Citations in the text (numbered)" in text and "out-of-range" in text
    assert "| 2 | [9] | out-of-range |" in render_md.render(report)
    from citecheck.render import html as render_html

    page = render_html.render(report)
    assert "Citations in the text (numbered)" in page and "out-of-range" in page
    assert cli.problems(report, ["footnotes"]) == []


def test_superscripts_and_glued_markers_are_uncertain() -> None:
    text = (
        "Cardiac overload8 is common.¹⁻³ Beta blockers²,⁴ help.\n"
        "\n"
        "References\n"
        "\n"
        + "".join(f"{n}. Author{chr(64 + n)} X. Title {n}. Lancet. 201{n};12:4{n}-9.\n" for n in range(1, 9))
    )
    c = doc(text)
    bib = locate(c)
    refs = [Reference(raw=e.text, key=f"k{n}", line=e.line, line_end=e.line_end)
            for n, e in enumerate(bib.entries, 1)]
    r = find_footnotes(c, bib, refs)
    assert r.style == "numbered"
    assert [(x.number, x.status) for x in r.citations] == [
        (8, "uncertain"), (1, "linked"), (2, "linked"), (3, "linked"), (2, "linked"), (4, "linked"),
    ]
    # k8 is cited only by 'overload8': never reported as uncited with certainty
    assert "k8" not in r.uncited_entries
    assert any("k8" in u for u in r.uncertain) and any("overload8" in u for u in r.uncertain)
    assert set(r.uncited_entries) == {"k5", "k6", "k7"}
    assert r.sections[0].uncertain == [8]
    assert glued_number("overload8") == ("overload", 8) and glued_number("Overload") is None


def test_glued_footnote_marker_is_never_missing_with_certainty() -> None:
    text = (
        "Chapter 1: Loads\n"
        "The bridge failed.1 The load was high.2 It was an overload3 and then\n"
        "the river rose.4 The end.5\n"
    )
    (s,) = find_markers(doc(text), Bibliography())
    assert [m.number for m in s.markers] == [1, 2, 4, 5]
    assert s.missing == [] and s.uncertain == [3]
    # a glued number that does not fit the sequence is nothing at all
    (s,) = find_markers(doc("The bridge failed.1 A version99 is\nthe load.2\n"), Bibliography())
    assert [m.number for m in s.markers] == [1, 2] and s.uncertain == []


def test_a_really_missing_footnote_is_still_missing() -> None:
    (s,) = find_markers(doc("Chapter 1: A\nOne.1 Two.2 Four.4 Five.5\n"), Bibliography())
    assert s.missing == [3] and s.uncertain == []


# --------------------------------------------------------------------------- notes

def test_repeat_of() -> None:
    texts = [
        "Paul Avrich, Kronstadt 1921 (Princeton: Princeton University Press, 1970), 12.",
        "Ibid., 14.",
        "Orlando Figes, A People's Tragedy (New York: Viking, 1996), 760.",
        "Id. at 20.",
        "Avrich, op. cit., 22.",
        "Figes, loc. cit.",
        "Avrich, Kronstadt 1921, 30.",
        "Ibidem.",
        "Carr, The Bolshevik Revolution, 4.",  # a short form of nothing cited before
        "Smith, A New Book (London: Verso, 2001), 3.",
    ]
    assert repeat_of(texts) == [None, 0, None, 2, 0, 2, 0, 0, None, None]


CHICAGO = """\
Chapter 1: Kronstadt

The sailors rose against the party.1 The Cheka acted quickly.2 Lenin
agreed with Trotsky.3 The revolt was crushed.4 Figes disagrees.5

Notes

1. Paul Avrich, Kronstadt 1921 (Princeton: Princeton University Press, 1970), 12.
2. Ibid., 14.
3. Orlando Figes, A People's Tragedy (New York: Viking, 1996), 760.
4. Avrich, Kronstadt 1921, 20.
5. Figes, op. cit., 761.

Bibliography

Avrich, Paul. Kronstadt 1921. Princeton: Princeton University Press, 1970.

Figes, Orlando. A People's Tragedy. New York: Viking, 1996.

Carr, E. H. The Bolshevik Revolution. London: Macmillan, 1950.
"""


def test_chicago_notes_resolve_to_the_bibliography(tmp_path: Path) -> None:
    report = report_of(tmp_path, "chicago.txt", CHICAGO)
    assert [e.line for e in report.entries] == [16, 18, 20]  # the notes are not entries
    assert not any(e.error for e in report.entries)
    assert cli.problems(report, ["parse-errors"]) == []
    avrich, figes, carr = (e.key for e in report.entries)
    fn = report.footnotes
    assert fn.style == "notes"
    notes = {n.number: n for s in fn.sections for n in s.notes}
    assert [(k, notes[k].cites, notes[k].repeats) for k in sorted(notes)] == [
        (1, [avrich], None), (2, [avrich], 1), (3, [figes], None), (4, [avrich], 1), (5, [figes], 3),
    ]
    assert [m.cites for s in fn.sections for m in s.markers] == [avrich, avrich, figes, avrich, figes]
    assert fn.uncited_entries == [carr]
    assert fn.missing_from_bibliography == []
    assert not any(a.kind == "split" for a in report.bibliography.anomalies)


ENDNOTES_ONLY = """\
The sailors rose against the party.1 The Cheka acted quickly.2 Lenin
agreed with Trotsky.3 The revolt was crushed.4

Notes

1. Paul Avrich, Kronstadt 1921 (Princeton: Princeton University Press, 1970), 12.
2. Ibid., 14.
3. Orlando Figes, A People's Tragedy (New York: Viking, 1996), 760.
4. Id. at 20.
"""


def test_ibid_is_never_a_parse_error(tmp_path: Path) -> None:
    report = report_of(tmp_path, "endnotes.txt", ENDNOTES_ONLY)
    assert [e.line for e in report.entries] == [6, 8]
    assert not any(e.error for e in report.entries)
    assert not any("Ibid" in e.raw or "Id." in e.raw for e in report.entries)
    notes = {n.number: n for s in report.footnotes.sections for n in s.notes}
    assert notes[2].repeats == 1 and notes[2].cites == notes[1].cites == [report.entries[0].key]
    assert notes[4].repeats == 3 and notes[4].cites == [report.entries[1].key]
    assert cli.problems(report, ["parse-errors", "footnotes"]) == []


def test_repeats_leave_the_list_whatever_the_section() -> None:
    c = doc("References\n\n1. Smith, J. A Book. London: Verso, 2001.\n2. Ibid., 4.\n"
            "3. Jones, K. Another Book. Oxford: OUP, 1999.\n")
    bib = with_notes(c, locate(c))
    assert [e.line for e in bib.entries] == [3, 5]


# --------------------------------------------------------------------------- Markdown

MARKDOWN = """\
# Essay

The sailors rose.[^1] They were crushed[^crushed]. Again, as before[^1].

[^1]: Paul Avrich, *Kronstadt 1921* (Princeton University Press, 1970), 12.
[^crushed]: Orlando Figes, *A People's Tragedy* (Viking, 1996), 760.
[^3]: Ibid., 761.
"""


def test_markdown_footnotes_are_the_references(tmp_path: Path) -> None:
    report = report_of(tmp_path, "essay.md", MARKDOWN)  # never "no bibliography found"
    assert [e.line for e in report.entries] == [5, 6]
    fn = report.footnotes
    assert fn.style == "notes" and fn.notes_found
    (s,) = fn.sections
    a, f = (e.key for e in report.entries)
    # footnotes numbered in the order of first use, as Markdown renders them
    assert [(m.number, m.note_line, m.cites) for m in s.markers] == [(1, 5, a), (2, 6, f), (1, 5, a)]
    # referring to [^1] again is no repeat and no backward jump
    assert s.repeated == s.backward == [] and footnote_anomalies(report) == 0
    assert s.notes_without_markers == [3]
    assert {n.number: n.repeats for n in s.notes}[3] == 2
    assert fn.uncited_entries == []  # [^3] repeats a cited note: not an entry of its own


def test_markdown_without_any_reference_still_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("# Title\n\nJust prose, no notes.\n", encoding="utf-8")
    from citecheck.errors import NoBibliographyError

    with pytest.raises(NoBibliographyError):
        build(path, tmp_path)


# --------------------------------------------------------------------------- author-year

APA = """\
Attention has been studied widely (Smith, 2020; Lee & Park, 2021a). Smith (2020, p. 4)
argues that memory is limited, while Jones et al. (2018) disagree (see Brown 2019, 12–14).
Later work (Lee & Park, 2021b) extended this, and Garcia (2017) replicated it. The
effect was first noted by Nguyen and Okafor (2015) and again in March (2016) by
van Dijk (2012). In 2019 nothing happened (Petrov, 2019; Garcia, 2017, 2018).

References

Brown, A. (2020). Memory and attention. Journal of Cognition, 3(2), 45–67.
Garcia, M. (2017). Replication in psychology. Psychological Science, 28(4), 1–10.
Jones, K., Smith, R., & Tan, L. (2018). Limits of memory. Cognition, 170, 12–30.
Lee, S., & Park, J. (2021a). Attention I. Vision Research, 180, 1–9.
Lee, S., & Park, J. (2021b). Attention II. Vision Research, 181, 10–19.
Nguyen, T., & Okafor, C. (2015). Early effects. Memory, 23(1), 1–12.
Smith, J. (2020). The attentive mind. Oxford University Press.
Unused, U. (2011). Never cited. Journal of Nothing, 1, 1–2.
van Dijk, T. A. (2012). Discourse and knowledge. Cambridge University Press.
"""


def test_author_year_in_a_report(tmp_path: Path) -> None:
    report = report_of(tmp_path, "apa.txt", APA)
    fn = report.footnotes
    assert fn.style == "author-year"
    key = {e.line: e.key for e in report.entries}
    got = [(c.line, c.author, c.year, c.status, c.cites) for c in fn.citations]
    assert got == [
        (1, "Smith", "2020", "linked", key[15]),
        (1, "Lee", "2021a", "linked", key[12]),
        (1, "Smith", "2020", "linked", key[15]),
        (2, "Jones", "2018", "linked", key[11]),
        (2, "Brown", "2019", "year-mismatch", key[9]),
        (3, "Lee", "2021b", "linked", key[13]),
        (3, "Garcia", "2017", "linked", key[10]),
        (4, "Nguyen", "2015", "linked", key[14]),
        (5, "van Dijk", "2012", "linked", key[17]),
        (5, "Petrov", "2019", "not-listed", None),
        (5, "Garcia", "2017", "linked", key[10]),
        (5, "Garcia", "2018", "year-mismatch", key[10]),
    ]
    assert fn.uncited_entries == [key[16]]
    assert fn.year_mismatches[0].startswith("(see Brown 2019, 12–14) (line 2)")
    assert "2020" in fn.year_mismatches[0]
    assert fn.missing_from_bibliography == ["Petrov, 2019 (line 5): no entry by Petrov"]
    assert "year-mismatch" in render_text.render(report)
    from citecheck.render import html as render_html

    assert "Year differs from the bibliography" in render_html.render(report)


def test_author_year_needs_evidence_of_the_style() -> None:
    """A stray '(Petrograd, 1917)' in a text that cites no one this way is not a citation."""
    c = doc("The city (Petrograd, 1917) rose.\n\nReferences\n\n"
            "Smith, J. (2020). The attentive mind. Oxford University Press.\n"
            "Lee, S. (2019). Attention. Vision Research, 1, 1–9.\n")
    bib = locate(c)
    refs = pipeline._finish([Reference(raw=e.text, line=e.line, line_end=e.line_end,
                                       fields=Fields(author=[Name(family=e.text.split(",")[0])],
                                                     year=e.text.split("(")[1][:4]))
                             for e in bib.entries], keep_keys=False)
    r = find_footnotes(c, bib, refs)
    assert r.style is None and r.citations == [] and r.uncited_entries == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(Smith 2020)", [("Smith", "2020")]),
        ("Smith (2020, p. 4)", [("Smith", "2020")]),
        ("(Smith & Jones, 2019; Lee, 2021a)", [("Smith", "2019"), ("Lee", "2021a")]),
        ("Smith et al. (2019)", [("Smith", "2019")]),
        ("(see Smith 2020, 12–14)", [("Smith", "2020")]),
        ("(e.g., O'Brien, 2001, 2003)", [("O'Brien", "2001"), ("O'Brien", "2003")]),
        ("Smith's (2020) view", [("Smith", "2020")]),
        ("in (February 1917) and (Table 2019) and (in 1918)", []),
        ("as (Smith\nand Jones 2019) said", [("Smith", "2019")]),
    ],
)
def test_author_year_forms(text: str, expected: list[tuple[str, str]]) -> None:
    cites = author_year_citations(text.split("\n"), set(), [])
    assert [(c.author, c.year) for c in cites] == expected
    assert all(c.status == "not-listed" for c in cites)


# --------------------------------------------------------------------------- the labelled set

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "citations"


def test_labelled_documents(tmp_path: Path) -> None:
    """The hand-labelled set of bench/citations_bench.py: links and problems, per document."""
    import importlib.util
    import json
    from collections import Counter

    spec = importlib.util.spec_from_file_location(
        "citations_bench", Path(__file__).resolve().parent.parent / "bench" / "citations_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    golds = sorted(FIXTURES.glob("*.gold.json"))
    assert len(golds) >= 6
    total = Counter()
    for gpath in golds:
        g = json.loads(gpath.read_text(encoding="utf-8"))
        if g.get("known_locate_failure") or g.get("known_failure"):
            continue  # a failure said in the gold file (the finder's, or one left): scored by the bench
        report = build(FIXTURES / g["document"], tmp_path)
        assert report.footnotes.style == g["style"], g["document"]
        links, problems = bench.predicted(report)
        for name, gold, pred in (("links", g["links"], links), ("problems", g["problems"], problems)):
            tp, fp, fn = bench.score(Counter(tuple(x) for x in gold), pred)
            total[name, "tp"] += tp
            total[name, "fp"] += fp
            total[name, "fn"] += fn
    for name in ("links", "problems"):
        tp, fp, fn = total[name, "tp"], total[name, "fp"], total[name, "fn"]
        assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95, (name, tp, fp, fn)


# --------------------------------------------------------------------------- label keys

ALPHA = """\
Model checking was introduced in [CE81] and extended to real time [ACD90].
Symbolic methods [BCM+92; McM93] scale further, see also [CE81, Lam94] and
the survey [Kle19]. Bounded checking [Lee 2015] is now common [sic].

References

[ACD90] R. Alur, C. Courcoubetis, and D. Dill. Model-checking for real-time systems. In LICS, 1990.
[BCM+92] J. R. Burch et al. Symbolic model checking: 10^20 states and beyond. Inf. Comput., 1992.
[CE81] E. M. Clarke and E. A. Emerson. Design and synthesis of synchronization skeletons. 1981.
[Lam94] L. Lamport. The temporal logic of actions. ACM TOPLAS, 16(3):872-923, 1994.
[Lee 2015] K. Lee. Bounded model checking in practice. Springer, 2015.
[McM93] K. L. McMillan. Symbolic Model Checking. Kluwer, 1993.
[Pnu77] A. Pnueli. The temporal logic of programs. In FOCS, pages 46-57, 1977.
"""


def test_label_key_citations() -> None:
    """[KLM19]-style keys cite the entry printed with them (the list given as found)."""
    from citecheck.models import BibliographySection, RawReference

    lines = ALPHA.split("\n")
    entries = [RawReference(text=t, line=i, line_end=i) for i, t in enumerate(lines, 1) if t.startswith("[")]
    bib = Bibliography(sections=[BibliographySection(heading="References", line=5, line_end=13)],
                       entries=entries)
    refs = [Reference(raw=e.text, key=e.text[1:e.text.index("]")].lower(), line=e.line) for e in entries]
    r = find_footnotes(CleanText(lines=lines), bib, refs)
    assert r.style == "label"
    assert [(c.line, c.label, c.status) for c in r.citations] == [
        (1, "CE81", "linked"), (1, "ACD90", "linked"), (2, "BCM+92", "linked"), (2, "McM93", "linked"),
        (2, "CE81", "linked"), (2, "Lam94", "linked"), (3, "Kle19", "not-listed"), (3, "Lee 2015", "linked"),
    ]  # [sic] is no citation
    assert r.uncited_entries == ["pnu77"]
    assert r.missing_from_bibliography == ["[Kle19]: no entry is labelled [Kle19] (line 3)"]


# --------------------------------------------------------------------------- found on real papers

def _refs(*rows: tuple[str, str, str | None, str]) -> list[Reference]:
    return [Reference(raw=raw, key=key, line=i, fields=Fields(author=[Name(family=fam)], year=year))
            for i, (key, fam, year, raw) in enumerate(rows, 100)]


def test_author_year_against_what_the_entry_prints() -> None:
    refs = _refs(
        ("choi", "Choi", None, "Choi, M.: An intercomparison, Agr. Forest Meteorol., 149, 2082–2097, 2009."),
        ("lee", "Lee", None, "Lee, K.: A title, J. X., 12, 1999–2003,"),  # split entry: its year is elsewhere
        ("moran", "Moran", "1994", "Moran, M. S. (1994). Estimating crop water deficit. RSE, 49, 246."),
        ("dillon", "Dillon", "1994", "Dillon, A. (1994). Designing usable electronic text."),
    )
    lines = ["As Choi et al. (2009) and Lee (2005) show. Similarly, Moran et al. (1994) and",
             "Dillon (1992) agree."]
    got = [(c.author, c.year, c.status, c.cites) for c in author_year_citations(lines, set(), refs)]
    assert got == [
        ("Choi", "2009", "linked", "choi"),  # 2009 is printed in the entry; 2082 is a page
        ("Lee", "2005", "linked", "lee"),  # no year to compare: linked, never a mismatch
        ("Moran", "1994", "linked", "moran"),  # 'Similarly' is no author
        ("Dillon", "1992", "year-mismatch", "dillon"),
    ]


def test_rows_of_figures_at_a_page_foot_are_not_notes() -> None:
    text = (
        "Results are shown below.\n"
        "\n"
        "1 919 (24%) 235 28.6 (4.7) 25 (11%)\n"
        "2 952 (74%) 632 29.3 (4.3) 190 (30%)\n"
        "\n"
        "12\n"
        "\n"
        "More text.\n"
        "\n"
        "13\n"
    )
    groups, _ = __import__("citecheck.footnotes", fromlist=["parse_notes"]).parse_notes(text.split("\n"))
    assert not any(g.notes for g in groups)


def test_numbered_list_cited_by_plain_numbers() -> None:
    """No [3] nor ³ in the text: numbers printed like footnote markers cite the numbered entries."""
    text = (
        "The effect was first seen in mice.1 It was confirmed later.2 A third study\n"
        "disagreed.4\n"
        "\n"
        "References\n"
        "\n"
        "1. Smith J. Mice. Lancet. 2001;1:1-2.\n"
        "2. Brown A. Rats. Lancet. 2002;2:3-4.\n"
        "3. Green M. Cats. Lancet. 2003;3:5-6.\n"
    )
    c = doc(text)
    bib = locate(c)
    refs = [Reference(raw=e.text, key=k, line=e.line) for e, k in zip(bib.entries, ["s", "b", "g"])]
    r = find_footnotes(c, bib, refs)
    assert r.style == "numbered"
    assert [(x.number, x.status) for x in r.citations] == [(1, "linked"), (2, "linked"), (4, "out-of-range")]


def test_sample_document_is_unchanged(tmp_path: Path) -> None:
    """The sample's footnote map (190 markers in 9 Parts, note texts absent) is not read as citations."""
    sample = Path(__file__).resolve().parent.parent / "refs" / "russia-revolution-counter-revolution.txt"
    fn = build(sample, tmp_path).footnotes
    assert fn.style is None and fn.citations == [] and fn.uncited_entries == []
    assert sum(len(s.markers) for s in fn.sections) == 190 and len(fn.sections) == 9
    assert not any(s.uncertain for s in fn.sections)
    assert fn.message == "No note texts found: 190 markers in 9 sections cannot be linked to sources."


def test_author_year_citations_in_a_text_with_notes(tmp_path: Path) -> None:
    text = (
        "Chapter 1: Reading\n\n"
        "Readers skim on screens (Liu, 2005), and Baron (2015) agrees.1 Others doubt it\n"
        "(Clinton, 2018).2\n\n"
        "Notes\n\n"
        "1. On method see Mangen, Reading linear texts, 61.\n"
        "2. A point made in class.\n\n"
        "References\n\n"
        "Baron, N. S. (2015). Words onscreen. Oxford University Press.\n"
        "Clinton, V. (2019). Reading from paper compared to screens. Journal of Research in Reading, 42(2), 288–325.\n"
        "Liu, Z. (2005). Reading behavior in the digital environment. Journal of Documentation, 61(6), 700–712.\n"
        "Mangen, A. (2013). Reading linear texts on paper versus computer screen. IJER, 58, 61–68.\n"
        "Sellen, A. J. (2002). The myth of the paperless office. MIT Press.\n"
    )
    report = report_of(tmp_path, "notes-apa.txt", text)
    fn = report.footnotes
    key = {e.raw.split(",")[0]: e.key for e in report.entries}
    assert fn.style == "notes"
    assert [(c.author, c.status) for c in fn.citations] == [
        ("Liu", "linked"), ("Baron", "linked"), ("Clinton", "year-mismatch")]
    assert fn.uncited_entries == [key["Sellen"]]  # Mangen is cited by note 1
    assert fn.year_mismatches and "Clinton" in fn.year_mismatches[0]


def test_notes_no_marker_points_to_do_not_hide_numbered_citations(tmp_path: Path) -> None:
    text = IEEE.replace("References\n", "Notes\n\n1. Funding: none.\n2. Data on request.\n\nReferences\n")
    fn = report_of(tmp_path, "ieee-notes.txt", text).footnotes
    assert fn.style == "numbered"
    assert (9, "out-of-range") in {(c.number, c.status) for c in fn.citations}


# --------------------------------------------------------------------------- found trying new documents

ENDNOTES_BY_CHAPTER = """\
Chapter 1
Plantin set up his press in 1555.1 His shop grew fast.2 The Bible took years.3
The letters show the cost,4 and the risk.5

Chapter 2
Correctors read proofs aloud.1 Their marks survive,2 in the same hands.3 Not
only in Antwerp.4

Notes

Chapter 1
1. Leon Voet, The Golden Compasses, vol. 1 (Amsterdam: Vangendt, 1969), 21.
2. Ibid., 36.
3. Colin Clair, Christopher Plantin (London: Cassell, 1960), 62–70.
4. Voet, Golden Compasses, 1:74.
5. Clair, op. cit., 88.

Chapter 2
1. Anthony Grafton, The Culture of Correction in Renaissance Europe (London: British Library, 2011), 15.
2. Ibid., 42–44.
3. Percy Simpson, Proof-Reading in the Sixteenth, Seventeenth and Eighteenth Centuries (London: Oxford University Press, 1935), 120.
4. Grafton, Culture of Correction, 51.
"""


def test_endnotes_restarting_per_chapter_are_the_list(tmp_path: Path) -> None:
    """Notes restarting at 1 under 'Chapter 2' of one Notes section: each chapter's markers
    link to its own run of notes; a short title with a volume ('1:74') is a repeat, not an entry."""
    report = report_of(tmp_path, "endnotes.txt", ENDNOTES_BY_CHAPTER)
    fn = report.footnotes
    assert fn.style == "notes"
    assert [e.line for e in report.entries] == [12, 14, 19, 21]
    assert fn.uncited_entries == []
    by_line = {e.key: e.line for e in report.entries}
    cited = [(m.line, m.number, by_line.get(m.cites)) for s in fn.sections for m in s.markers]
    assert cited == [(2, 1, 12), (2, 2, 12), (2, 3, 14), (3, 4, 12), (3, 5, 14),
                     (6, 1, 19), (6, 2, 19), (6, 3, 21), (7, 4, 19)]
    assert all(s.heading == "Notes" for s in report.bibliography.sections)


def test_flattened_superscripts_after_punctuation() -> None:
    """Vancouver superscripts flattened by a PDF: lists and ranges after punctuation are read
    whole; locators ('p.4', 'Fig.2'), decimals and counts are not citations."""
    lines = ["seen in intensive care units,2,3 and in primary care.4–6 Override rates",
             "reached 96%.7,9 as in late;5 see p.4 and Fig.2 of version 2.1, 1,482 records.",
             "Then 37.99 and review.40"]
    cites = flattened_citations(lines, set(), {n: f"k{n}" for n in range(1, 10)}, 9)
    assert [(c.line, c.number, c.status) for c in cites] == [
        (1, 2, "linked"), (1, 3, "linked"), (1, 4, "linked"), (1, 5, "linked"), (1, 6, "linked"),
        (2, 7, "linked"), (2, 9, "linked"), (2, 5, "linked"),
    ]


VANCOUVER_FLAT = """\
Alert fatigue has been described in intensive care units,2,3 and in primary
care.4–6 Alerts are overridden in up to 90% of cases,7 and information overload1
is common. Override rates ranged from 49% to 96%.7,9

References
1. Ash JS, Berg M, Coiera E. Some unintended consequences of information technology in health care. J Am Med Inform Assoc. 2004;11(2):104-12.
2. Khalid AR, Osei-Bonsu P. Alert fatigue in the intensive care unit. Crit Care Nurse. 2019;39(5):40-8.
3. Lindahl M, Sorensen KB. Alarm burden in the ICU. Acta Anaesthesiol Scand. 2020;64(7):912-20.
4. Patel R, Gomez L. Drug-interaction alerts in primary care. Br J Gen Pract. 2018;68(672):e480-7.
5. Nakashima T, Abe H. Timing of prescribing alerts. Int J Med Inform. 2021;150:104465.
6. Fournier C, Lambert E. Decision support in general practice. Eur J Gen Pract. 2017;23(1):190-6.
7. van der Sijs H, Aarts J. Overriding of drug safety alerts. J Am Med Inform Assoc. 2006;13(2):138-47.
8. Okonkwo B. Secure messaging on the ward. BMJ Health Care Inform. 2022;29(1):e100501.
9. Dimitriou G, Hale P. Override rates of medication alerts. Drug Saf. 2023;46(3):221-35.
"""


def test_flattened_vancouver_in_a_report(tmp_path: Path) -> None:
    report = report_of(tmp_path, "vancouver.txt", VANCOUVER_FLAT)
    fn = report.footnotes
    assert fn.style == "numbered"
    linked = sorted((c.line, c.number) for c in fn.citations if c.status == "linked")
    assert linked == [(1, 2), (1, 3), (2, 4), (2, 5), (2, 6), (2, 7), (3, 7), (3, 9)]
    # 'overload1' is uncertain; 8 is never cited, with certainty
    assert [(c.line, c.number) for c in fn.citations if c.status == "uncertain"] == [(2, 1)]
    keys = {e.line: e.key for e in report.entries}
    assert fn.uncited_entries == [keys[13]]


def _parsed(*texts: str) -> list[Reference]:
    from citecheck.parse import parse_references

    return [r.model_copy(update={"key": f"k{i}"}) for i, r in enumerate(parse_references(list(texts)))]


def test_author_year_german_and_french_prefixes_and_places() -> None:
    """'vgl.', 's. auch', 'voir' before the name and 'S. 7 f.', 'Kap. 3', 't. 2, p. 45' after
    the year: the citation is read, not dropped."""
    refs = _parsed("Schulz, Karl / Wagner, Eva (2018): Legitimität und Vertrauen. In: PVS 59 (2), S. 301–320.",
                 "Hoffmann, Petra (2019b): Vertrauen in Ostdeutschland. In: BJS 29 (1), S. 1–24.",
                 "Nora, P. (dir.) (1984). Les lieux de mémoire. Paris : Gallimard.")
    lines = ["Die Forschung knüpft daran an (vgl. Schulz und Wagner 2018; s. auch Hoffmann",
             "2019b, S. 7 f.) und (Hoffmann 2019b, Kap. 3). Voir (voir Nora, 1984, t. 2, p. 45)."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites, c.status) for c in cites] == [
        (1, "k0", "linked"), (1, "k1", "linked"), (2, "k1", "linked"), (2, "k2", "linked")]


def test_author_year_group_names() -> None:
    """A group as author: '(World Health Organization, 2020)' and 'the Ministry of\\nEducation
    (2019)' cite the listed group, on the line the name starts; an unlisted '(New York, 2020)'
    is no citation, and 'International Labour Organization' is not 'World Health Organization'."""
    refs = _parsed("World Health Organization. (2020). Global tuberculosis report 2020. Geneva: WHO.",
                 "Ministry of Education. (2019). National literacy strategy. Wellington: Author.",
                 "Smith, J. (2020). Literacy in the digital age. London: Routledge.")
    lines = ["Rates fell (World Health Organization, 2020; Smith, 2020), and the Ministry of",
             "Education (2019) adopted it. In (New York, 2020) and (International Labour",
             "Organization, 2020) nothing is cited."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites, c.author) for c in cites] == [
        (1, "k0", "World Health Organization"), (1, "k2", "Smith"), (1, "k1", "Ministry of Education")]


def test_author_year_preposition_before_a_name() -> None:
    """'Die Befunde von Weber (1921)': 'von' is the sentence's when the list has a plain Weber."""
    refs = _parsed("Weber, Max (1922): Wirtschaft und Gesellschaft. Tübingen: Mohr.")
    cites = author_year_citations(["Die Befunde von Weber (1921) werden selten zitiert."], set(), refs)
    assert [(c.status, c.author) for c in cites] == [("year-mismatch", "Weber")]
    assert cites[0].detail == "Weber is listed with 1922, not 1921"


def test_author_year_letter_missing_names_the_work_by_its_authors() -> None:
    """2021a (alone) and 2021b (with co-authors): '(Krayenhoff 2021)' is the one written alone,
    'Krayenhoff et al. (2021)' the other; with two sole-authored works it stays ambiguous."""
    refs = _parsed("Krayenhoff, E.S. (2021a) Modelling the urban canopy. Vancouver: UBC Press.",
                 "Krayenhoff, E.S., Broadbent, A.M. and Zhao, L. (2021b) 'Cooling hot cities', "
                 "Environmental Research Letters, 16(5), 053007.")
    cites = author_year_citations(["Models are rarer (Krayenhoff 2021), and Krayenhoff et al. (2021)"
                                   " couple them."], set(), refs)
    assert [(c.cites, c.status) for c in cites] == [("k0", "linked"), ("k1", "linked")]
    assert "gives no letter" in cites[0].detail
    two = _parsed("Lee, H. (2021a). Vocabulary growth. Child Language Review, 9(1), 1–19.",
                "Lee, H. (2021b). Morphological awareness. Reading Psychology, 42(4), 300–322.")
    assert [c.status for c in author_year_citations(["(Lee, 2021)"], set(), two)] == ["ambiguous"]


NOTES_NOT_LISTED = """\
The harvest failed in 1891.1 Tolstoy fed the hungry.2 The ban came late.3

Notes
1. Richard G. Robbins, Famine in Russia, 1891–1892 (New York: Columbia University Press, 1975), 10.
2. Leo Tolstoy, The Famine, trans. Aylmer Maude (London: Walter Scott, 1894), 33.
3. Ibid., 40.

Bibliography
Robbins, Richard G. Famine in Russia, 1891–1892. New York: Columbia University Press, 1975.
Simms, James Y. "The Crop Failure of 1891." Slavic Review 41, no. 2 (1982): 236–50.
"""


def test_a_work_a_note_cites_that_the_list_lacks_is_a_citation_problem(tmp_path: Path) -> None:
    """Tolstoy is cited in note 2 and not listed: 'Fix these first' names it with the note's
    line, '--fail-on citations' counts it, and the Markdown report says it (as the text one does)."""
    from citecheck.cli import problem_counts
    from citecheck.render.summary import priorities

    report = report_of(tmp_path, "notes.txt", NOTES_NOT_LISTED)
    assert report.footnotes.style == "notes"
    cites = [p for p in priorities(report) if p.kind == "citations"]
    assert [(p.line, "Tolstoy" in p.text) for p in cites] == [(5, True)]
    assert problem_counts(report)["citations"] == 1
    assert citation_problems(report) == [
        f"line 5: {report.footnotes.missing_from_bibliography[0]} — not-listed"]
    md = render_md.render(report)
    assert "| 5 | cited in a note, not in the bibliography |" in md
    assert "never cited" in md and report.footnotes.uncited_entries == [report.entries[1].key]


def test_numbered_with_a_place_in_the_work() -> None:
    """IEEE's '[4, p. 212]', '[5, Sec. III]', '[7, Table 2]', '[see 11]' cite 4, 5, 7, 11;
    intervals and year ranges stay no citations."""
    lines = ["range [4, p. 212] and [5, Sec. III], [7, Table 2], [10, Fig. 4] [see 11]",
             "[4, pp. 3–5] but not [0.5, 1.0], [2015–2023] nor [1, two]"]
    cites = numbered_citations(lines, set(), {i: f"k{i}" for i in range(1, 14)}, 13)
    assert [(c.line, c.number) for c in cites] == [(1, 4), (1, 5), (1, 7), (1, 10), (1, 11), (2, 4)]


def test_vancouver_numbers_in_parentheses_not_enumerations() -> None:
    """'(1)', '(2,3)', '(4-6)' after a word cite; '(1) does ..., (2) at what dose, and (3)'
    enumerates, 'Eq. (3)' and 'step (2)' name the text's own things, '71 (8) years' is a mean
    and its deviation."""
    lines = ["Falls injure people over 65 (1). Deficiency is common in this group (2,3) and",
             "weakens muscle (4-6). We asked: (1) does it help, (2) at what dose, and",
             "(3) in whom? Eq. (3) and step (2) follow; mean age 71 (8) years. Risk (12)."]
    cites = parenthesised_citations(lines, set(), {i: f"k{i}" for i in range(1, 12)}, 11)
    assert [(c.line, c.number, c.status) for c in cites] == [
        (1, 1, "linked"), (1, 2, "linked"), (1, 3, "linked"), (2, 4, "linked"), (2, 5, "linked"),
        (2, 6, "linked"), (3, 12, "out-of-range")]


def test_author_year_no_date_and_in_press() -> None:
    """'Chen (n.d.)' and '(Baptiste, in press)' cite the entries printed so; 'S. D.' initials
    are no 's. d.' (sans date), and 'Chen (n.d.)' against a dated Chen is a year mismatch."""
    refs = _parsed("Chen, L. (n.d.). Teacher stress survey codebook. Retrieved from https://example.org/c",
                   "Baptiste, R. (in press). Teaching through disruption. Teaching and Teacher Education.",
                   "Smith, S. D. (2019). Another book. London: Routledge.")
    lines = ["See Chen (n.d.) and a study in press (Baptiste, in press); (Smith, n.d.) differs."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.cites, c.status, c.year) for c in cites] == [
        ("k0", "linked", "n.d."), ("k1", "linked", "in press"), ("k2", "year-mismatch", "n.d.")]


def test_author_year_group_abbreviation() -> None:
    """'The American Psychological Association [APA] (2020)' spells out APA: '(APA, 2021)' then
    cites the group's 2021 entry; an abbreviation never spelt out is no citation."""
    refs = _parsed("American Psychological Association. (2020). Stress in America 2020. Washington, DC.",
                   "American Psychological Association. (2021). Stress in America: One year later.",
                   "Kim, L. E., & Asbury, K. (2020). Like a rug had been pulled. BJEP, 90(4), 1062-1083.")
    lines = ["The American Psychological Association [APA] (2020) survey agrees, as does its",
             "follow-up (APA, 2021) and (Kim & Asbury, 2020); the (OECD, 2019) figures are older."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites) for c in cites] == [(1, "k0"), (2, "k1"), (2, "k2")]
    assert cites[1].author == "American Psychological Association"


MD_NOTES_TWO_WORKS = """\
# The telegraph

Rates fell within a decade.[^1] Provincial papers gained most.[^2]

[^1]: See Roger Hicks, *Wires and Words* (Oxford: Clarendon Press, 1998), 60; and Dorothy Prentice, "Press Rates and the Post Office," *Victorian Periodicals Review* 22, no. 1 (1989): 3–12.
[^2]: Prentice, "Press Rates," 7.

## Bibliography

Hicks, Roger. *Wires and Words: The Victorian Press and the Telegraph*. Oxford: Clarendon Press, 1998.

Prentice, Dorothy. "Press Rates and the Post Office, 1870–1880." *Victorian Periodicals Review* 22, no. 1 (1989): 3–12.
"""


def test_short_title_repeating_a_note_of_two_works_cites_one(tmp_path: Path) -> None:
    """A short-title note repeating a note that cites Hicks and Prentice cites Prentice only."""
    report = report_of(tmp_path, "notes.md", MD_NOTES_TWO_WORKS)
    fn = report.footnotes
    assert fn.style == "notes"
    notes = {n.number: n for s in fn.sections for n in s.notes}
    keys = {e.line: e.key for e in report.entries}
    assert notes[1].cites == [keys[10], keys[12]]
    assert notes[2].repeats == 1 and notes[2].cites == [keys[12]]


def test_an_interval_with_a_unit_is_no_citation() -> None:
    """'[50, 60] Hz' and '[2–5] ms' measure; '[3, 5] show' and '[17]' (out of range) cite."""
    lines = ["A rate of [50, 60] Hz and [2–5] ms windows; [3, 5] show it and [17] too."]
    cites = numbered_citations(lines, set(), {i: f"k{i}" for i in range(1, 17)}, 16)
    assert [(c.number, c.status) for c in cites] == [(3, "linked"), (5, "linked"), (17, "out-of-range")]


def test_markdown_html_and_pandoc_superscripts_cite(tmp_path: Path) -> None:
    """'<sup>2,3</sup>', '<sup>4–6</sup>' and Pandoc's '^7^' are superscript citations; an
    ordinal '1<sup>st</sup>' and a footnote '[^3]' are not touched."""
    from citecheck.markup import plain_line

    assert plain_line("later.<sup>2,3</sup> deficit,<sup>4–6</sup> too.^7^") == "later.²,³ deficit,⁴⁻⁶ too.⁷"
    assert plain_line("the 1<sup>st</sup> edition [^3]") == "the 1<sup>st</sup> edition [^3]"
    text = ("# Sleep\n\nShort sleep is common<sup>1</sup> and predicts low mood.<sup>2,3</sup>\n"
            "Start times matter,<sup>2–3</sup> screens too.^1^ Melatonin is unclear.<sup>5</sup>\n\n"
            "## References\n\n"
            "1. Gradisar M, Gardner G, Dohnt H. Recent worldwide sleep patterns. Sleep Med. 2011;12(2):110-8.\n"
            "2. Roberts RE, Duong HT. Depression and insomnia among adolescents. J Affect Disord. 2013;148(1):66-71.\n"
            "3. Lovato N, Gradisar M. Sleep and depression in adolescence. Sleep Med Rev. 2014;18(6):521-9.\n"
            "4. Hale L, Guan S. Screen time and sleep. Sleep Med Rev. 2015;21:50-8.\n")
    report = report_of(tmp_path, "sleep.md", text)
    fn = report.footnotes
    assert fn.style == "numbered"
    assert [(c.line, c.number, c.status) for c in fn.citations] == [
        (3, 1, "linked"), (3, 2, "linked"), (3, 3, "linked"), (4, 2, "linked"), (4, 3, "linked"),
        (4, 1, "linked"), (4, 5, "out-of-range")]
    assert fn.uncited_entries == [report.entries[3].key]


def test_parenthesised_forms_seen_in_real_papers() -> None:
    """From GROBID's real papers: 'Sheppard et al. (31)', 'a recommended step (23,24)',
    'Hagege 2007 (64) and', '(19-20; but see 21)' cite; 'step (2) then' and 'Eq. (3)' do not."""
    lines = ["of Sheppard et al. (31)). A recommended step (23,24). Hagege 2007", "(64) and the",
             "parents (19-20; but see", "21). In step (2) then Eq. (3) holds."]
    cites = parenthesised_citations(lines, set(), {i: f"k{i}" for i in range(1, 70)}, 69)
    assert [(c.line, c.number) for c in cites] == [
        (1, 31), (1, 23), (1, 24), (2, 64), (3, 19), (3, 20), (3, 21)]


def test_parentheses_are_citations_only_in_citation_order() -> None:
    """Equations and compounds numbered in parentheses ('(2)' before '(1)', few of the list)
    are not a Vancouver text; numbers first cited in order, most of the list, are."""
    def cites(*numbers: int):
        return [Citation(kind="numbered", line=1, text="(x)", number=n, cites=f"k{n}", status="linked")
                for n in numbers]
    assert cited_in_order(cites(1, 2, 3, 2, 4, 5, 6, 1, 7), 8)
    assert not cited_in_order(cites(2, 1, 2, 4, 1), 30)  # a few of a long list
    assert not cited_in_order(cites(5, 1, 9, 2, 7, 3, 8, 4), 9)  # in no order


WIKI_NOTES = """\
The first lighthouse on the cape was lit in 1798.[1] Its keeper was paid
by the Treasury,[2] and the light burned whale oil until 1850.[3] A Fresnel
lens arrived in 1857.[2] The tower was moved inland in 1999.[4]

Notes
[1] Holland 1972, p. 33.
[2] Holland 1972, p. 41.
[3] Noble 1997, 112–14.
[4] Noble 1997, 200.

References
Holland, Francis Ross (1972). America's Lighthouses: Their Illustrated History Since 1716. Brattleboro: Stephen Greene Press.
Noble, Dennis L. (1997). Lighthouses & Keepers: The U.S. Lighthouse Service and Its Legacy. Annapolis: Naval Institute Press.
"""


def test_bracketed_notes_may_be_cited_again(tmp_path: Path) -> None:
    """'[2]' cited again against notes printed '[2] ...' (a wiki's reused note) is no repeat nor
    a jump back; superscript or plain-number notes keep their sequence checks."""
    report = report_of(tmp_path, "wiki.txt", WIKI_NOTES)
    fn = report.footnotes
    assert fn.style == "notes"
    s = fn.sections[0]
    assert [m.number for m in s.markers] == [1, 2, 3, 2, 4]
    assert s.repeated == [] and s.backward == [] and footnote_anomalies(report) == 0
    plain = report_of(tmp_path, "plain.txt", WIKI_NOTES.replace("[1] Holland", "1. Holland")
                      .replace("[2] Holland", "2. Holland").replace("[3] Noble", "3. Noble")
                      .replace("[4] Noble", "4. Noble"))
    assert plain.footnotes.sections[0].repeated == [2]


def test_author_year_names_with_capitalised_particles_and_prefixes() -> None:
    """'De Vries and Boyle', 'Van Loo et al.', 'Ó Gráda', 'St. John', "d'Alembert", 'al-Farabi'
    (seen unlinked in real papers, or never found); 'von' before a plain 'Weber' stays the
    sentence's."""
    refs = _parsed("De Vries, G. J., & Boyle, P. A. (1998). Double duty for sex differences. Brain Res, 1, 1-10.",
                   "Van Loo, K., Smith, A., & Jones, B. (2001). Lice on hens. Vet Parasitol, 2, 3-4.",
                   "Ó Gráda, C. (1999). Black '47 and beyond. Princeton: Princeton University Press.",
                   "d'Alembert, J. (1751). Discours préliminaire. Paris: Briasson.",
                   "al-Farabi, M. (2005). The virtuous city. Cairo: Dar.")
    lines = ["As De Vries and Boyle (1998) and (Van Loo et al., 2001) show, famine (Ó Gráda, 1999)",
             "matters; d'Alembert (1751) and al-Farabi (2005) agree."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites, c.author) for c in cites] == [
        (1, "k0", "De Vries"), (1, "k1", "Van Loo"), (1, "k2", "Ó Gráda"), (2, "k3", "d'Alembert"),
        (2, "k4", "al-Farabi")]


def test_german_and_spanish_note_repeats() -> None:
    """'Ebd., S. 27.', 'Ebenda.', 'Íbid.' repeat the note before; 'Siemann, a. a. O., S. 30'
    the latest full note by Siemann; a short title with 'S. 41' too."""
    texts = ["Vgl. Wolfram Siemann, Die deutsche Revolution von 1848/49, Frankfurt am Main 1985, S. 24.",
             "Ebd., S. 27.", "Vgl. Jan-Christoph Hauschild, Heinrich Heine, Köln 1997, S. 112.",
             "Siemann, a. a. O., S. 30.", "Ebenda.", "Íbid., 4.", "Hauschild, Heinrich Heine, S. 41."]
    assert repeat_of(texts) == [None, 0, None, 0, 0, 0, 2]


def test_glued_names_are_not_uncertain_citations() -> None:
    """'lme4', 'sul1' (no common word) and 'dae8' written twice are names; 'overload8' once is
    a number glued to a word: uncertain (87 such names were listed in 120 real papers)."""
    lines = ["We fitted models with lme4 and found sul1 and dae8 genes; dae8 again. Long lists",
             "overload8 a checker [1]. The rest is plain English prose written for this test."] * 1
    cites = numbered_citations(lines, set(), {i: f"k{i}" for i in range(1, 10)}, 9)
    assert [(c.text, c.status) for c in cites] == [("overload8", "uncertain"), ("[1]", "linked")]


def test_a_place_before_a_year_is_at_most_uncertain_english() -> None:
    """'in London (2019)', 'at Cambridge (2015)': no entry has that author, and a word that puts a
    place before the name (or a known town) makes it an uncertain candidate, not a work missing
    from the list. 'in Smith (2019)', 'London (2018)' with London listed, are citations: the
    list is consulted first; an unlisted 'Brown (2017)' with nothing before it is still not listed."""
    refs = _parsed("Smith, J. (2019). Lanes and riders. Journal of Transport Geography, 80, 102-110.",
                   "Jones, K. (2020). Bicycle lanes and safety. Transport Policy, 12, 1-10.")
    lines = ["Surveys in London (2019) and at Cambridge (2015) found more trips; Oxford (2017) did not.",
             "As shown in Smith (2019), lanes matter, and data from Jones (2020) agree.",
             "Brown (2017) disagrees, as do the findings in Green (2016)."]
    got = [(c.line, c.author, c.status, c.cites)
           for c in author_year_citations(lines, set(), refs)]
    assert got == [
        (1, "London", "uncertain", None), (1, "Cambridge", "uncertain", None),
        (1, "Oxford", "uncertain", None),  # a known town
        (2, "Smith", "linked", "k0"), (2, "Jones", "linked", "k1"),
        (3, "Brown", "not-listed", None), (3, "Green", "uncertain", None)]
    # a listed London is an author wherever the name stands
    refs = _parsed("London, J. (2018). Cities on foot. London: Verso.")
    lines = ["As London (2018) argued, and as shown in London (2018), walking matters."]
    assert [(c.status, c.cites) for c in author_year_citations(lines, set(), refs)] == [
        ("linked", "k0"), ("linked", "k0")]


def test_a_place_before_a_year_is_at_most_uncertain_russian() -> None:
    """'в Москве (2019)', 'во Владивостоке (2021)', 'на Сахалине (2017)': uncertain, not
    'not-listed'; a listed author is still cited after 'в', and in another case ('в работе
    Иванова (2018)', 'по данным Петровой (2020)', 'Выготского (1934)') names the listed
    Иванов, Петрова, Выготский -- except 'в Иванове (2019)', the town of Ivanovo."""
    refs = _parsed("Иванов И. И. Велосипедные дорожки // Городское хозяйство. 2018. № 4. С. 12–19.",
                   "Петрова А. С. Велосипед в городе. М.: Наука, 2020. 240 с.",
                   "Выготский Л. С. Мышление и речь. М.: Соцэкгиз, 1934. 324 с.")
    lines = ["Опросы в Москве (2019) и в Санкт-Петербурге (2015) показали рост поездок. В работе",
             "Иванова (2018) описаны дорожки, по данным Петровой (2020) их стало вдвое больше.",
             "Выводы Выготского (1934) неприменимы. Данные собраны во Владивостоке (2021),",
             "в Иванове (2019) и на Сахалине (2017); Сидоров (2016) их не учёл. Как показано",
             "в Иванов (2018), дорожки нужны."]
    got = [(c.line, c.author, c.status, c.cites)
           for c in author_year_citations(lines, set(), refs)]
    assert got == [
        (1, "Москве", "uncertain", None), (1, "Санкт-Петербурге", "uncertain", None),
        (2, "Иванова", "linked", "k0"), (2, "Петровой", "linked", "k1"),
        (3, "Выготского", "linked", "k2"), (3, "Владивостоке", "uncertain", None),
        (4, "Иванове", "uncertain", None), (4, "Сахалине", "uncertain", None),
        (4, "Сидоров", "not-listed", None), (5, "Иванов", "linked", "k0")]


@pytest.mark.parametrize(("cited", "listed", "same"), [
    ("иванова", "иванов", True), ("ивановым", "иванов", True), ("выготского", "выготскии", True),
    ("петровои", "петрова", True), ("лурии", "лурия", True), ("лотманом", "лотман", True),
    ("петровскои", "петровская", True), ("иванов", "иванов", False), ("ивановский", "иванов", False),
    ("сидорова", "иванов", False),
])
def test_a_russian_name_in_another_case(cited: str, listed: str, same: bool) -> None:
    from citecheck.citations import _inflected_of

    assert _inflected_of(cited, listed) is same


def test_a_russian_name_in_the_nominative_unlisted_is_still_not_listed() -> None:
    """Only a name not in the nominative is doubtful: 'Успенский (1970)', 'Толстой (1869)' and
    'Бах (1750)' are authors the list lacks; 'Казани (2016)' is a case form."""
    refs = _parsed("Иванов И. И. Велосипедные дорожки // Городское хозяйство. 2018. № 4. С. 12–19.")
    lines = ["Иванов (2018) спорит с тем, что писали Успенский (1970), Толстой (1869) и Бах (1750);",
             "данные Казани (2016) не учтены."]
    got = [(c.author, c.status) for c in author_year_citations(lines, set(), refs)]
    assert got == [("Иванов", "linked"), ("Успенский", "not-listed"), ("Толстой", "not-listed"),
                   ("Бах", "not-listed"), ("Казани", "uncertain")]
