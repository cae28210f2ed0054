"""Citation linking in layouts met trying citecheck on new documents (ACS, ABNT, Spanish,
Italian, alpha keys with a place in the work).

Every document here is made up for the test (invented text; the works are invented or
real works with invented text around them).
"""

from __future__ import annotations

from pathlib import Path

from citecheck import pipeline
from citecheck.citations import (
    author_year_citations,
    flattened_citations,
    label_citations,
    numbered_citations,
)
from citecheck.config import RunOptions, Settings
from citecheck.footnotes import is_repeat, repeat_of
from citecheck.models import Reference

OFFLINE = RunOptions(offline=True, links=False, resolve=False)


def report_of(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return pipeline.build_report(path, Settings(cache_dir=tmp_path / "cache"), options=OFFLINE)


# --------------------------------------------------------------------------- numbered


def test_a_range_printed_with_the_minus_sign_is_read_whole() -> None:
    # ACS PDFs print a superscript range with U+2212: "doping.3−5"
    lines = ["after secondary doping.3−5 Small dopants", "give control,6 see also ref.7−9 here."]
    cites = flattened_citations(lines, set(), {n: f"k{n}" for n in range(1, 10)}, 9)
    assert [(c.line, c.number) for c in cites] == [(1, 3), (1, 4), (1, 5), (2, 6)]


ACS = """\
Organic thermoelectrics are light and cheap to process.1,2 Polymer films
reach high power factors after doping,3 although stability remains a
concern.4 Recent reviews summarise the field.2

REFERENCES
(1) Abe, T.; Brandt, K. Polymer Thermoelectrics. Energy Mater. Lett. 2012, 5, 934−962.
(2) Caro, L.; Dunn, P. Organic Materials for Heat Harvesting. Mater. Rev. Lett. 2016, 1, 160.
(3) Evans, G.-H.; Fong, L. Doping of Organic Semiconductors. Nano Mater. Lett. 2013, 12, 719−723.
(4) Garcia, S. N.; Hall, A. M. Morphology and Power Factor. Sci. Mater. 2017, 3, 434.
(5) Ito, M.; Jones, A. Conductive Polymers for Power. Prog. Mater. Lett. 2018, 93, 270−310.
"""


def test_parenthesised_list_numbers_make_a_numbered_list(tmp_path: Path) -> None:
    # "(1) Abe, T.; ..." is list number 1: the flattened superscripts cite by it
    fn = report_of(tmp_path, "acs.txt", ACS).footnotes
    assert fn.style == "numbered"
    assert [(c.line, c.number, c.status) for c in fn.citations] == [
        (1, 1, "linked"), (1, 2, "linked"), (2, 3, "linked"), (3, 4, "linked"), (3, 2, "linked")]
    assert len(fn.uncited_entries) == 1  # (5)


def test_places_in_the_work_in_other_languages_and_inside_a_group() -> None:
    # Russian GOST: '[1, с. 45; 2]', '[4, т. 1, с. 12]'; German 'S. 7'; French 't. 2'
    lines = ["В литературе [1, с. 45; 2] и [3, с. 112–115], а также [4, т. 1, с. 12].",
             "Vgl. [5, S. 7], voir [6, t. 2, p. 45; 7, p. 3] and [2, pp. 4–6]."]
    cites = numbered_citations(lines, set(), {n: f"k{n}" for n in range(1, 8)}, 7)
    assert [(c.line, c.number, c.status) for c in cites] == [
        (1, 1, "linked"), (1, 2, "linked"), (1, 3, "linked"), (1, 4, "linked"),
        (2, 5, "linked"), (2, 6, "linked"), (2, 7, "linked"), (2, 2, "linked")]


def test_more_places_in_the_work_inside_the_bracket() -> None:
    # the issue of a dictionary '[9, вып. 45, с. 301]', 'кн.', lower-case 'fig.'/'chap.', 'Bd.', 'H.'
    lines = ["данные словаря [1, вып. 45, с. 301] и [2, кн. 2, л. 12].",
             "See [3, fig. 2], [4, chap. 3] and [5, Bd. 2, H. 3, S. 7]; but [0, T] is an interval."]
    cites = numbered_citations(lines, set(), {n: f"k{n}" for n in range(1, 6)}, 5)
    assert [(c.line, c.number, c.status) for c in cites] == [
        (1, 1, "linked"), (1, 2, "linked"), (2, 3, "linked"), (2, 4, "linked"), (2, 5, "linked")]


LANCET = """\
Hypertension affects a billion adults.1 Control rates remain low in poorer
countries,2,3 where medicines are scarce.4 Fixed-dose combinations improve
adherence5–7 and were recommended by WHO in 2019.8 The mean was 120.5 mm Hg.

References
1 Zhou B, Perel P. Worldwide trends in hypertension. Lancet 2021; 398: 957–80.
2 Mills KT, He J. The global epidemiology of hypertension. Nat Rev Nephrol 2020; 16: 223–37.
3 Geldsetzer P, Marcus ME. Hypertension care in 44 countries. Lancet 2019; 394: 652–62.
4 Attaei MW, Khatib R. Availability of blood pressure medicines. Lancet Public Health 2017; 2: e411–19.
5 Bangalore S, Parkar S. Fixed-dose combinations and compliance. Am J Med 2007; 120: 713–19.
6 Salam A, Atkins E. Dual combination therapy. J Hypertens 2019; 37: 1567–73.
7 Wang N, Rueter P. Low-dose triple and quadruple pills. Lancet 2023; 401: 1014–25.
8 Alvarez R. Guideline for treating hypertension in adults. Geneva: WHO Press, 2021.
9 Olsen MH, Angell SY. A call to action on raised blood pressure. Lancet 2016; 388: 2665–712.
"""


def test_a_flattened_range_glued_to_a_word_and_a_number_after_a_year(tmp_path: Path) -> None:
    # 'adherence5–7' is a range glued to a word and '2019.8' a number after a year: both
    # maybe citations (uncertain), so that 5–8 are not reported never cited; 9 is
    fn = report_of(tmp_path, "lancet.txt", LANCET).footnotes
    assert fn.style == "numbered"
    assert sorted((c.line, c.number) for c in fn.citations if c.status == "uncertain") == [
        (3, 5), (3, 6), (3, 7), (3, 8)]
    assert len(fn.uncited_entries) == 1 and fn.uncited_entries[0].startswith("olsen")


PER_CHAPTER = """\
Chapter 1. Sensors

Early capacitive sensors were bulky [1]. CMOS integration followed [2].

References

[1] A. Baxter, Capacitive Sensors. New York: IEEE Press, 1997.
[2] T. Fischer and R. Klein, "CMOS capacitive sensing," IEEE J. Solid-State Circuits, vol. 33, 1998.

Chapter 2. Readout Circuits

Switched-capacitor readout is usual [1], [2]; delta-sigma converters digitise directly [3],
and [5] is cited but not listed.

References

[1] B. Boser and R. Howe, "Surface micromachined accelerometers," IEEE JSSC, vol. 31, 1996.
[2] C. Enz and G. Temes, "Circuit techniques for op-amp imperfections," Proc. IEEE, vol. 84, 1996.
[3] R. Schreier and G. Temes, Understanding Delta-Sigma Data Converters. Hoboken, NJ: Wiley, 2005.
[4] J. Wu, "A readout for MEMS gyroscopes," M.S. thesis, MIT, 2002.
"""


def test_per_chapter_numbered_lists_each_cite_their_own(tmp_path: Path) -> None:
    # '[1]' in chapter 2 is chapter 2's [1]; [4] of chapter 2 is never cited, [5] is beyond it
    report = report_of(tmp_path, "chapters.txt", PER_CHAPTER)
    entry_line = {e.key: e.line for e in report.entries}
    fn = report.footnotes
    assert [(c.line, entry_line.get(c.cites), c.status) for c in fn.citations] == [
        (3, 7, "linked"), (3, 8, "linked"),
        (12, 17, "linked"), (12, 18, "linked"), (12, 19, "linked"), (13, None, "out-of-range")]
    assert [entry_line[k] for k in fn.uncited_entries] == [20]


# --------------------------------------------------------------------------- label keys


def test_a_label_key_with_a_place_in_the_work_cites() -> None:
    # '[KLM19, Theorem 3]', '[BK96, p. 12; ST11, Sec. 4]', '[Tre01, 7]': the key cites, the
    # place is no key; '[KLM19, Theorem 12]' has no key 'Theorem 12' missing from the list
    by_label = {"KLM19": "kapralov", "BK96": "benczur", "ST11": "spielman", "Tre01": "trevisan"}
    lines = ["as in [KLM19, Theorem 3] and [BK96, p. 12; ST11, Sec. 4], see [Tre01, 7]",
             "and [KLM19, Theorem 12]; but [x, 2] and [Smith, Lemma 2] are no keys."]
    cites = label_citations(lines, set(), by_label)
    assert [(c.line, c.label, c.status) for c in cites] == [
        (1, "KLM19", "linked"), (1, "BK96", "linked"), (1, "ST11", "linked"), (1, "Tre01", "linked"),
        (2, "KLM19", "linked")]


# --------------------------------------------------------------------------- author-year


def _parsed(*texts: str) -> list[Reference]:
    from citecheck.parse import parse_references

    return [r.model_copy(update={"key": f"k{i}"}) for i, r in enumerate(parse_references(list(texts)))]


def test_and_in_the_languages_a_list_is_written_in() -> None:
    # Italian/Portuguese 'e', Swedish 'och', Danish 'og', Dutch 'en' join two authors
    refs = _parsed("Cacciatore, Giuseppe, e Giuseppe Cantillo. 2008. Vico e la filosofia. Napoli: Guida.",
                   "Costa, Frederico; Lima, Luciana. Avaliação de políticas. Rio de Janeiro, 2018.",
                   "Holm, Anna, och Erik Berg. 2015. Skolans historia. Lund: Studentlitteratur.",
                   "Jansen, P., en M. de Vries. 2019. Stedelijk water. Delft: VSSD.")
    lines = ["La critica (Battistini 1995; Cacciatore e Cantillo 2008) e Costa e Lima (2018)",
             "hanno visto (Holm och Berg 2015; Jansen en De Vries 2019) come Nord e Sud (2020)."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites, c.status) for c in cites] == [
        (1, None, "not-listed"), (1, "k0", "linked"), (1, "k1", "linked"),
        (2, "k2", "linked"), (2, "k3", "linked"), (2, None, "not-listed")]
    assert [c.author for c in cites][-1] == "Nord"  # (both names read: 'Nord e Sud')


def test_et_al_and_places_in_other_languages() -> None:
    # Turkish 've' and 'vd.', German 'u. a.', Dutch 'e.a.'; 's. 42', 'pág. 12', 'str. 9'
    refs = _parsed("Kuyucu, T. ve Ünsal, Ö. (2010). Urban transformation. Urban Studies, 47(7), 1479-1499.",
                   "Öztürk, M., Kaya, S. ve Arslan, H. (2019). Dönüşüm alanlarında sosyal etki. Planlama, 29, 12-27.",
                   "Müller, K., Braun, E. und Roth, T. (2017): Stadtumbau. Berlin: Springer.",
                   "Jansen, P., Bakker, M. en Visser, L. (2020). Stedelijk water. Delft: VSSD.",
                   "Çelik, A. (2015). Kentsel dönüşüm ve hak sahipliği. İstanbul: İletişim.")
    lines = ["(Kuyucu ve Ünsal, 2010; Öztürk vd., 2019) ve (Müller u. a. 2017, S. 4), (Jansen",
             "e.a. 2020), (Çelik, 2015, s. 42) (Çelik, 2015, pág. 12) (Çelik, 2015, str. 9)."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites, c.status) for c in cites] == [
        (1, "k0", "linked"), (1, "k1", "linked"), (1, "k2", "linked"), (1, "k3", "linked"),
        (2, "k4", "linked"), (2, "k4", "linked"), (2, "k4", "linked")]


def test_a_two_word_surname_with_et_al_in_a_group() -> None:
    # '(...; Rodrigues⏎Alves et al., 2018)': the list prints 'Danny Rodrigues Alves, ...'
    refs = _parsed("Animesh Prasad, Manpreet Kaur, and Min-Yen Kan. 2018. Neural ParsCit. IJDL, 19(4):323–337.",
                   "Danny Rodrigues Alves, Giovanni Colavizza, and Frédéric Kaplan. 2018. Deep reference "
                   "mining from scholarly literature. Frontiers in Research Metrics and Analytics, 3:21.")
    lines = ["Neural models now dominate (Prasad et al., 2018; Rodrigues", "Alves et al., 2018), but not "
             "(Santos Alves et al., 2018)."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites) for c in cites] == [(1, "k0"), (1, "k1")]


def test_a_double_surname_after_and_or_in_a_list_of_names() -> None:
    # Spanish 'y', Portuguese 'e', German 'und', French 'et', Russian 'и' before a surname of two
    # words; a list of names in brackets broken over a line; a body's name over two lines
    refs = _parsed(
        "Navarro, F., y Revel Chion, A. (2013). Escribir para aprender. Paidós.",
        "Álvarez Angulo, T., y García Parejo, I. (2015). La revisión entre pares. Revista de Educación, 368, 33–58.",
        "Silva, M., e Souza Lima, R. (2010). Educação e trabalho. São Paulo: Cortez.",
        "Müller, K., und Schmidt Weber, H. (2015). Schulreform. Berlin: Springer.",
        "Dupont, J., et Martin Roux, C. (2001). L'école. Paris: PUF.",
        "Иванов, И. И., и Петров Водкин, К. С. (2010). Школа. Москва: Наука.",
        "Ministerio de Educación. (2019). Marco de competencias. Secretaría General de Universidades.",
    )
    lines = ["Según Navarro y Revel Chion (2013) y Silva e Souza Lima (2010), como Müller und Schmidt",
             "Weber (2015), Dupont et Martin Roux (2001) e Иванов и Петров Водкин (2010); también (Álvarez",
             "Angulo y García Parejo, 2015, pp. 45-47). El Ministerio de",
             "Educación (2019) y (Navarro y Revel Chion, 2013)."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites, c.status) for c in cites] == [
        (1, "k0", "linked"), (1, "k2", "linked"), (1, "k3", "linked"), (2, "k4", "linked"),
        (2, "k5", "linked"), (2, "k1", "linked"), (3, "k6", "linked"), (4, "k0", "linked")]


def test_a_volume_and_page_after_the_year() -> None:
    # Chicago author-date: '(Ascher 1988, 2:14)', 'Ascher (1988, 1:203–5)'
    refs = _parsed("Ascher, Abraham. 1988. The Revolution of 1905. 2 vols. Stanford: Stanford University Press.")
    cites = author_year_citations(["as (Ascher 1988, 2:14) and Ascher (1988, 1:203–5) show"], set(), refs)
    assert [(c.cites, c.status) for c in cites] == [("k0", "linked"), ("k0", "linked")]


def test_author_year_in_cyrillic() -> None:
    # '(Земская, 1981; Крысин, 2004)', '(Крысин, 2004, с. 45)', 'Китайгородская и Розанова (1999)',
    # 'Смирнов и др. (2010)'
    refs = _parsed("Земская Е. А. Русская разговорная речь. М.: Русский язык, 1981. 136 с.",
                   "Китайгородская М. В., Розанова Н. Н. Речь москвичей. М.: Азбуковник, 1999. 396 с.",
                   "Крысин Л. П. Русское слово, своё и чужое. М.: Языки славянской культуры, 2004. 888 с.",
                   "Смирнов А. Б., Волков В. Г., Орлов Д. Е. Городская речь. СПб.: Наука, 2010. 200 с.")
    lines = ["обсуждается давно (Земская, 1981; Крысин, 2004) и (Крысин, 2004, с. 45).",
             "Китайгородская и Розанова (1999) показали, как и Смирнов и др. (2010), а Петров (2003) нет."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites, c.status) for c in cites] == [
        (1, "k0", "linked"), (1, "k2", "linked"), (1, "k2", "linked"),
        (2, "k1", "linked"), (2, "k3", "linked"), (2, None, "not-listed")]


def test_later_works_of_a_year_by_their_letter_alone() -> None:
    # '(Lee 2021a, b)', 'Lee (2021a,b)': the letter alone is the same year's next work
    refs = _parsed("Lee, H. (2021a). Vocabulary growth. Child Language Review, 9(1), 1–19.",
                   "Lee, H. (2021b). Morphological awareness. Reading Psychology, 42(4), 300–322.")
    lines = ["as shown (Lee 2021a, b) and by Lee (2021a,b, p. 4), (Lee 2021, a finding)."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.cites, c.year) for c in cites] == [("k0", "2021a"), ("k1", "2021b"), ("k0", "2021a"),
                                                 ("k1", "2021b")]


def test_a_preposition_at_a_line_end_is_not_the_cited_name() -> None:
    # Italian 'di' (of) ends the line before 'Croce (1911)': the citation is Croce's, on his line
    refs = _parsed("Croce, Benedetto. 1911. La filosofia di Giambattista Vico. Bari: Laterza.")
    cites = author_year_citations(["alla lettura di", "Croce (1911), poi discussa."], set(), refs)
    assert [(c.line, c.author, c.cites) for c in cites] == [(2, "Croce", "k0")]


def test_abnt_names_in_capitals_and_authors_joined_by_semicolons() -> None:
    # ABNT (Brazil): '(SILVA, 2010)', '(ARRETCHE, 2012; COSTA; LIMA, 2018)': a work's authors are
    # separated by ';' too. A text citing listed persons in capitals cites so: '(NASA, 2019)' and
    # '(LIMA, 2018)' (Lima is no first author) name no entry (doctrial2: they were left unread;
    # a text not citing persons in capitals still leaves them, test_citations_doctrial)
    refs = _parsed("ARRETCHE, Marta. Democracia e federalismo. Rio de Janeiro: FGV, 2012.",
                   "COSTA, Frederico; LIMA, Luciana. Avaliação de políticas. Revista, v. 52, 2018.",
                   "SILVA, João. Avaliação de programas sociais. São Paulo: Atlas, 2010.")
    lines = ["Consolidou-se (SILVA, 2010) e foi estudada (ARRETCHE, 2012; COSTA; LIMA,",
             "2018), mas não (NASA, 2019) nem (LIMA, 2018)."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.line, c.cites, c.status) for c in cites] == [
        (1, "k2", "linked"), (1, "k0", "linked"), (1, "k1", "linked"),
        (2, None, "not-listed"), (2, None, "not-listed")]


def test_a_double_surname_and_the_same_authors_dash() -> None:
    # '(Beltrán Soler, 2016, pp. 12-14)' names the entry printed '——— (2016)' under
    # 'Beltrán Soler, M. (2011)': the double surname whole, the dash for the same author
    refs = _parsed("Beltrán Soler, M. (2011). Instituciones de riego. Valencia: PUV.",
                   "——— (2016). Reglas y cooperación en las huertas. Revista de Historia Agraria, 68, 9-38.",
                   "Ostrom, E. (1990). Governing the commons. Cambridge: Cambridge University Press.")
    lines = ["Según Beltrán Soler (2011), y también (Beltrán Soler, 2016, pp. 12-14; Ostrom, 1990)."]
    cites = author_year_citations(lines, set(), refs)
    assert [(c.cites, c.status) for c in cites] == [("k0", "linked"), ("k1", "linked"), ("k2", "linked")]


# --------------------------------------------------------------------------- notes

BOOK = """\
CHAPTER ONE
The Harbour Town

The port grew quickly after the railway arrived in 1871.1 Its merchants spoke
of nothing but freight.2

Notes

1. Helena Marsh, Rails to the Sea (Bristol: Harbourside Press, 1998), 41.
2. Ibid., 57.

CHAPTER TWO
Strikes and Settlements

The dock strike of 1889 spread to the town within weeks.1 Historians disagree
about its causes.2

Notes

1. Edward Pryce, The Great Dock Strike (London: Fenwick, 1979), 102.
2. Marsh, Rails to the Sea, 143.

Bibliography

Marsh, Helena. Rails to the Sea. Bristol: Harbourside Press, 1998.
Pryce, Edward. The Great Dock Strike. London: Fenwick, 1979.
"""


def test_the_next_chapter_after_a_chapters_notes_is_text(tmp_path: Path) -> None:
    # 'CHAPTER TWO' after chapter one's notes, with prose under it, is the text's next
    # chapter (not a heading inside the notes): its markers get their own section
    fn = report_of(tmp_path, "book.txt", BOOK).footnotes
    assert [(s.title, s.line) for s in fn.sections] == [("CHAPTER ONE", 1), ("CHAPTER TWO", 12)]
    cited = [(m.line, m.note_line, m.cites) for s in fn.sections for m in s.markers]
    assert [c[:2] for c in cited] == [(4, 9), (5, 10), (15, 20), (16, 21)]
    assert all(c[2] for c in cited)


def test_note_repeats_in_more_languages() -> None:
    # French 'art. cit.', Italian 'Ivi' and ', cit.', Polish 'Tamże' and 'dz. cyt.', Russian
    # 'Там же' and 'указ. соч.', Turkish 'a.g.e.': each points back to the note it repeats
    texts = ["Jean Dupont, « Les villes », Revue urbaine, 12, 1990, p. 4.",
             "Marie Curie, Radioactivité, Paris, Hermann, 1935, p. 2.",
             "Dupont, art. cit., p. 45.", "Ivi, p. 46.",
             "Benedetto Croce, La filosofia di Giambattista Vico, Bari, Laterza, 1911, p. 7.",
             "Croce, La filosofia, cit., p. 9.", "Tamże, s. 4.", "Curie, dz. cyt., s. 12.",
             "Иванов И. И. Городская жизнь. М., 2001. С. 4.", "Там же. С. 5.",
             "Петров П. П. Город. М., 1999. С. 1.", "Иванов, указ. соч., с. 7.",
             "Curie, a.g.e., s. 3."]
    assert repeat_of(texts) == [None, None, 0, 0, None, 4, 4, 1, None, 8, None, 8, 1]
    # initials are no Turkish 'a.g.m.', a name is no 'Ivi'
    assert not is_repeat("G. Goll, A.G.M. Jansen, and J. Marcus, Czechoslovak J. Phys. B 46 (1996).")
    assert not is_repeat("Ivić, Pavle. Srpski narod i njegov jezik. Beograd: SKZ, 1971.")
