"""Citation linking and note finding in layouts met trying citecheck as a new user
(doctrial branch): numbers glued to words as a document's way of citing, ...

Every document here is made up for the test (invented text; the works are real or
invented).
"""

from __future__ import annotations

from pathlib import Path

from citecheck import pipeline
from citecheck.citations import cites_by_glued_numbers, numbered_citations
from citecheck.config import RunOptions, Settings
from citecheck.footnotes import find_markers, repeat_of
from citecheck.models import Bibliography, CleanText

OFFLINE = RunOptions(offline=True, links=False, resolve=False)


def report_of(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return pipeline.build_report(path, Settings(cache_dir=tmp_path / "cache"), options=OFFLINE)


# --------------------------------------------------------------------------- glued numbers

GLUED = [
    "Resistance was first seen in western Cambodia1,2, then across the",
    "subregion3 and in Rwanda4–6. The Pfkelch13 gene7 carries it, in Asia8 too.",
    "Clearance was slower in earlier cohorts2,9 and the estimator10 was used,",
    "as was the pipeline11 and kelch13 again.",
]


def test_a_text_citing_only_by_glued_numbers_cites_by_them() -> None:
    by_label = {n: f"k{n}" for n in range(1, 11)}
    doubtful = numbered_citations(GLUED, set(), by_label, 10)
    assert doubtful and all(c.status == "uncertain" for c in doubtful)
    assert cites_by_glued_numbers(doubtful, 10)
    cites = numbered_citations(GLUED, set(), by_label, 10, glued_cite=True)
    got = [(c.line, c.number, c.status) for c in cites]
    # capitalised words take them too; 'Pfkelch13' (ahead of the order) and 'kelch13' are names;
    # 'pipeline11', the next new number past the list, is out of range
    assert got == [
        (1, 1, "linked"), (1, 2, "linked"), (2, 3, "linked"), (2, 4, "linked"), (2, 5, "linked"),
        (2, 6, "linked"), (2, 7, "linked"), (2, 8, "linked"), (3, 2, "linked"), (3, 9, "linked"),
        (3, 10, "linked"), (4, 11, "out-of-range"),
    ]


def test_glued_numbers_out_of_order_or_beside_other_citations_stay_doubts() -> None:
    by_label = {n: f"k{n}" for n in range(1, 11)}
    shuffled = ["the model7 and the data2 and a run9 then the phase4 again."]
    assert not cites_by_glued_numbers(numbered_citations(shuffled, set(), by_label, 10), 10)
    mixed = ["intensive care units,2,3 and information overload1 and care.4 as shown [5]."]
    assert not cites_by_glued_numbers(numbered_citations(mixed, set(), by_label, 10), 10)


def test_glued_note_markers_in_sequence_are_the_markers() -> None:
    # French and Italian set the superscript before the punctuation: 'populaires1.'
    lines = [
        "Les archives de police sont une source majeure pour les classes populaires1.",
        "Farge y voyait « un goût » que l'historien doit apprendre à maîtriser2.",
        "Roche y lisait surtout une culture matérielle3, et d'autres la parole4.",
    ]
    clean = CleanText(lines=lines, text="\n".join(lines), removed=[])
    sections = find_markers(clean, Bibliography(), set())
    assert [(m.number, m.line) for s in sections for m in s.markers] == [(1, 1), (2, 2), (3, 3), (4, 3)]
    # one glued number is still only a doubt
    one = ["information overload1 is common.", "Alerts multiply.2 And more.3"]
    sections = find_markers(CleanText(lines=one, text="\n".join(one), removed=[]), Bibliography(), set())
    assert [m.number for s in sections for m in s.markers] == [2, 3]
    assert sections[0].uncertain == [1]


# --------------------------------------------------------------------------- notes at a page's foot

FOOTNOTES_BEFORE_LITERATUR = """\
Die Städteordnung gilt als Gründungsakt der Selbstverwaltung.1 Heffter betonte
die ständischen Züge der Ordnung.2 Die Magistrate blieben Organe des Staates.3

1 Vgl. Ernst Rudolf Huber, Deutsche Verfassungsgeschichte seit 1789, Bd. 1,
2. Aufl., Stuttgart 1967, S. 172.
2 Heinrich Heffter, Die deutsche Selbstverwaltung im 19. Jahrhundert, Stuttgart
1950, S. 95 f.
3 Huber, a. a. O., S. 180.

                                      14
\fDie Reform der kommunalen Selbstverwaltung                                15

Erst 1831 änderte sich das Bild.4 Koselleck sah darin einen Rückschritt.5

4 Ebd., S. 181.
5 Reinhart Koselleck, Preußen zwischen Reform und Revolution, 3. Aufl.,
Stuttgart 1981, S. 560.

Literaturverzeichnis

Heffter, Heinrich: Die deutsche Selbstverwaltung im 19. Jahrhundert, Stuttgart 1950.
Huber, Ernst Rudolf: Deutsche Verfassungsgeschichte seit 1789, Bd. 1, Stuttgart 1967.
Koselleck, Reinhart: Preußen zwischen Reform und Revolution, Stuttgart 1981.
Nipperdey, Thomas: Deutsche Geschichte 1800–1866, München 1983.
"""


def test_footnotes_at_page_feet_before_a_bibliography_are_notes(tmp_path: Path) -> None:
    report = report_of(tmp_path, "fussnoten.txt", FOOTNOTES_BEFORE_LITERATUR)
    fn = report.footnotes
    assert fn.style == "notes"
    # the notes leave the list: only the Literaturverzeichnis is the bibliography, not split
    assert [e.line for e in report.entries] == [21, 22, 23, 24]
    assert not [a for a in report.bibliography.anomalies if a.kind == "split"]
    key = {e.line: e.key for e in report.entries}
    notes = {n.number: n for s in fn.sections for n in s.notes}
    # '2. Aufl.' continues note 1 (note 2 is the next line numbered 2); the last page's notes
    # sit above the bibliography's heading, the first page's above a page number
    assert {k: n.line for k, n in notes.items()} == {1: 4, 2: 6, 3: 8, 4: 15, 5: 16}
    linked = [(m.number, m.cites) for s in fn.sections for m in s.markers]
    assert linked == [(1, key[22]), (2, key[21]), (3, key[22]), (4, key[22]), (5, key[23])]
    assert fn.uncited_entries == [key[24]]


def test_italian_short_title_cit_is_a_repeat() -> None:
    from citecheck.footnotes import is_repeat

    assert is_repeat("Eco, Lector in fabula cit., p. 60.")
    assert not is_repeat("U. Eco, Lector in fabula, Bompiani, Milano 1979, p. 50.")


def test_a_numbered_section_above_the_bibliography_is_not_a_note(tmp_path: Path) -> None:
    text = """\
Parsing follows [1] and matching follows [2], as in [1].

2. Method
We parse each entry with a random field [1] and match with a
fuzzy score [2].

References

[1] J. Lafferty, A. McCallum and F. Pereira, "Conditional random fields," in Proc. ICML, 2001.
[2] M. Klein et al., "Scholarly context not found," PLoS ONE, vol. 9, no. 12, 2014.
"""
    fn = report_of(tmp_path, "ieee.txt", text).footnotes
    assert fn.style == "numbered"
    assert [(c.line, c.number) for c in fn.citations] == [(1, 1), (1, 2), (1, 1), (4, 1), (5, 2)]


# --------------------------------------------------------------------------- doctrial2: notes

LAW_REVIEW = """\
I. THE PUBLIC FORUM

Streets and parks have been held in trust for public use.1 The doctrine
grew out of a single dictum,2 which later cases read broadly.3 Scholars have
since asked whether the internet is such a forum,4 and the answer is unsettled.5

1 Hague v. CIO, 307 U.S. 496, 515 (1939).
2 Id. at 515-16.
3 Harry Kalven, Jr., The Concept of the Public Forum, 1965 SUP. CT. REV. 1, 12; see
Hague, 307 U.S. at 515.
4 Dawn C. Nunziato, The Death of the Public Forum in Cyberspace, 20 BERKELEY TECH.
L.J. 1115, 1120 (2005); Kalven, supra note 3, at 14.
5 Nunziato, supra note 4, at 1130.

2021]                    THE FORUM AFTER HAGUE                         411
412                      JOURNAL OF SPEECH LAW                 [Vol. 9:401

Later courts narrowed the forum to places opened by tradition.6 The test has
been criticised ever since.7

6 Perry Educ. Ass'n v. Perry Local Educators' Ass'n, 460 U.S. 37, 45 (1983).
7 Id.; see also Kalven, supra note 3, at 20.
"""


def test_law_review_notes_at_page_feet_resolve_id_and_supra(tmp_path: Path) -> None:
    # notes after flattened '.1' markers at each page's foot (the last page's foot is the
    # text's end) are notes, not a numbered list; 'Id.' repeats the note before, 'supra note 3'
    # the note numbered 3, also as the second citation of a note
    report = report_of(tmp_path, "law.txt", LAW_REVIEW)
    fn = report.footnotes
    assert fn.style == "notes"
    key = {e.line: e.key for e in report.entries}
    assert sorted(key) == [7, 9, 11, 21]  # the notes citing a work in full; Id./supra are not entries
    cites = {n.number: n.cites for s in fn.sections for n in s.notes}
    hague, kalven, nunziato, perry = key[7], key[9], key[11], key[21]
    assert cites[2] == [hague]
    assert cites[4] == [nunziato, kalven]
    assert cites[5] == [nunziato]  # supra note 4 names Nunziato, not Kalven (also in note 4)
    assert cites[7] == [perry, kalven]
    markers = [(m.line, m.number, m.note_line) for s in fn.sections for m in s.markers]
    assert markers == [(3, 1, 7), (4, 2, 8), (4, 3, 9), (5, 4, 11), (5, 5, 13), (18, 6, 21), (19, 7, 22)]


def test_op_cit_and_supra_pick_the_work_readers_would() -> None:
    texts = [
        "Arlette Farge, La Vie fragile, Paris, Hachette, 1986, p. 9.",
        "Arlette Farge, Le Goût de l'archive, Paris, Seuil, 1989, p. 14.",
        "Daniel Roche, Le Peuple de Paris, Paris, Aubier, 1981, p. 35.",
        "A. Farge, La Vie fragile, op. cit., p. 22.",  # the title names the earlier work
        "Farge, op. cit., p. 30.",  # no title: the most recent note citing Farge (note 4: La Vie)
        "D. Roche, op. cit., p. 60.",
        "Roche, supra note 3, at 61.",
        "Farge, supra, at 12.",
        "As argued supra, the archive is a place of power.",  # names no author: no repeat
    ]
    assert repeat_of(texts, [1, 2, 3, 4, 5, 6, 7, 8, 9]) == [None, None, None, 0, 0, 2, 2, 0, None]


def test_a_note_of_two_short_citations_cites_both(tmp_path: Path) -> None:
    text = """\
Die Reform blieb begrenzt.1 Koselleck sah darin einen Rückschritt.2 Dagegen
spricht vieles.3 Die Magistrate zögerten.4

1 Vgl. Ernst Rudolf Huber, Deutsche Verfassungsgeschichte seit 1789, Bd. 1,
Stuttgart 1967, S. 172.
2 Reinhart Koselleck, Preußen zwischen Reform und Revolution, Stuttgart 1981, S. 560.
3 Vgl. Huber, Verfassungsgeschichte, S. 185; Koselleck, a. a. O., S. 570.
4 Ebd., S. 571.

Literaturverzeichnis

Huber, Ernst Rudolf: Deutsche Verfassungsgeschichte seit 1789, Bd. 1, Stuttgart 1967.
Koselleck, Reinhart: Preußen zwischen Reform und Revolution, Stuttgart 1981.
Wehler, Hans-Ulrich: Deutsche Gesellschaftsgeschichte, Bd. 2, München 1987.
"""
    # (note 4, 'Ebd.', makes the numbered run notes: a bibliography never prints one)
    report = report_of(tmp_path, "de.txt", text)
    key = {e.key.split("1")[0][:4]: e.key for e in report.entries}
    cites = {n.number: n.cites for s in report.footnotes.sections for n in s.notes}
    assert cites[3] == [key["hube"], key["kose"]]


def test_idem_as_the_author_of_another_work_and_editors_named_with_a_title(tmp_path: Path) -> None:
    # 'Id., Title, Place 1990' is the author of the note before with another work, not a
    # repeat; a note citing a volume by its title names its editors, not their own works
    text = """\
La nozione fu introdotta da Eco1, poi precisata2. La questione tornò in un
volume collettivo3 e altrove4.

1 U. Eco, Lector in fabula, Bompiani, Milano 1979, p. 50.
2 Id., I limiti dell'interpretazione, Bompiani, Milano 1990, p. 32.
3 I metodi attuali della critica in Italia, a cura di M. Corti e C. Segre, ERI,
Torino 1970, p. 7.
4 Id., p. 9.

BIBLIOGRAFIA

Corti M., Principi della comunicazione letteraria, Bompiani, Milano 1976.
Eco U., Lector in fabula, Bompiani, Milano 1979.
Eco U., I limiti dell'interpretazione, Bompiani, Milano 1990.
I metodi attuali della critica in Italia, a cura di M. Corti e C. Segre, ERI,
Torino 1970.
Segre C., Avviamento all'analisi del testo letterario, Einaudi, Torino 1985.
"""
    report = report_of(tmp_path, "it.txt", text)
    key = {e.line: e.key for e in report.entries}
    cites = {n.number: n.cites for s in report.footnotes.sections for n in s.notes}
    assert cites[1] == [key[13]]
    assert cites[2] == [key[14]]  # Eco's other work, not a repeat of note 1
    assert cites[3] == [key[15]]  # not Segre's or Corti's own books
    assert cites[4] == [key[15]]  # 'Id., p. 9' repeats note 3


def test_a_marker_glued_to_a_closing_guillemet_before_a_sentence() -> None:
    # 'infâmes »7. Il faut' is note 7's marker, not a list item '7. Il faut'
    lines = [
        "les sources populaires.1 Ils mettent en forme la plainte,2 ce que",
        "Foucault appelait « la vie des hommes infâmes »3. Il faut donc lire",
        "un texte selon « trois règles » 4. Il reste",  # spaced: maybe a list item
    ]
    sections = find_markers(CleanText(lines=lines), Bibliography())
    assert [m.number for s in sections for m in s.markers] == [1, 2, 3]


ABNT = """\
A reforma foi aprovada em 2017 (BRASIL, 2017), e os docentes resistiram (SOUZA; LIMA,
2019; KRAWCZYK, 2014). A formação de professores é frágil (GATTI, 2009) e a escola
tornou-se uma escola do acolhimento (MOURA, 2013), segundo dados da OCDE (OECD, 2019).

REFERÊNCIAS

BRASIL. Lei nº 13.415, de 16 de fevereiro de 2017. Altera as Leis nºs 9.394, de 20 de
dezembro de 1996. Diário Oficial da União: seção 1, Brasília, DF, p. 1, 17 fev. 2017.

GATTI, B. A. Formação de professores no Brasil: características e problemas.
Educação & Sociedade, Campinas, v. 31, n. 113, p. 1355-1379, out./dez. 2009.

KRAWCZYK, N. Ensino médio: empasses e dilemas. Educação em Revista, Belo
Horizonte, v. 30, n. 2, p. 21-36, 2014.

SOUZA, J. P.; LIMA, F. A. O novo ensino médio na voz dos professores. Cadernos de
Pesquisa, São Paulo, v. 49, n. 174, p. 88-109, 2019.
"""


def test_abnt_country_author_entry_and_unlisted_names_in_capitals(tmp_path: Path) -> None:
    report = report_of(tmp_path, "abnt.txt", ABNT)
    assert [(e.line, e.line_end) for e in report.entries] == [(7, 8), (10, 11), (13, 14), (16, 17)]
    got = {(c.line, c.text, c.status) for c in report.footnotes.citations}
    assert (1, "(BRASIL, 2017)", "linked") in got
    # a text citing persons in capitals: MOURA and OECD, no entry's, are citations naming nothing
    assert (3, "(MOURA, 2013)", "not-listed") in got and (3, "(OECD, 2019)", "not-listed") in got
    # without persons cited so, a name in capitals that no entry has may be no author at all
    other = ABNT.replace("(SOUZA; LIMA,\n2019; KRAWCZYK, 2014)", "(Souza; Lima,\n2019)").replace(
        "(GATTI, 2009)", "(Gatti, 2009)")
    report = report_of(tmp_path, "abnt2.txt", other)
    assert not any("MOURA" in c.text or "OECD" in c.text for c in report.footnotes.citations)


def test_a_short_title_of_a_work_the_list_lacks_by_a_listed_author(tmp_path: Path) -> None:
    # 'Cowan, "What Was Masculine," 140' names another work than the listed Cowan: not listed;
    # 'Cowan, Social Life, 12' and 'Huber, Verfassungsgeschichte' (a word the entry prints, though
    # the parser may take the subtitle for its title) name the listed ones
    text = """\
Chapter 3

The coffeehouse stood for a critical public.1 Cowan traced its origins to Oxford.2
The argument is not settled.3

NOTES

1. Cowan, Social Life of Coffee, 90-97.
2. See Cowan, "What Was Masculine," 140; and Pincus, "Coffee Politicians," 811.
3. Cowan, Social Life, 12.

BIBLIOGRAPHY

Cowan, Brian. The Social Life of Coffee: The Emergence of the British Coffeehouse. New Haven:
Yale University Press, 2005.
Pincus, Steve. "'Coffee Politicians Does Create': Coffeehouses and Restoration Political Culture."
Journal of Modern History 67, no. 4 (1995): 807-34.
"""
    report = report_of(tmp_path, "short.txt", text)
    key = {e.line: e.key for e in report.entries}
    cites = {n.number: n.cites for s in report.footnotes.sections for n in s.notes}
    assert cites[1] == [key[14]] and cites[3] == [key[14]]
    assert cites[2] == [key[16]]
    assert [u.startswith('See Cowan, "What Was Masculine," 140') for u in
            report.footnotes.missing_from_bibliography] == [True]
