"""Tests for citecheck.locate: entry boundaries in more list layouts (issue 9).

Each document is made up for the test, shaped like the layouts PDF extraction
leaves (no text is copied from the finding-dev data).
"""

from __future__ import annotations

from citecheck.locate import entry_score, furniture_lines, locate
from citecheck.models import CleanText


def spans(lines: list[str]) -> list[tuple[int, int]]:
    return [(e.line, e.line_end) for e in locate(CleanText(lines=lines)).entries]


def test_same_author_years_with_letters_start_entries() -> None:
    # the same author's works by year, the dash before each lost: "1988b." opens an entry
    # once the entry above has its year, and "1988a" is a year
    lines = [
        "Literature Cited",
        "Ashford, P. R. 1988a. Systematics of lowland forest trees. Taxon 37: 612-620.",
        "1988b. Tree biology as a window on the structure of tropical forests. Ann.",
        "Rev. Ecol. Syst. 19: 331-352.",
        "1990c. Breeding systems in tropical trees. Biotropica 22: 12-19.",
        "Baxter, S. 1980. Elements of genetic regulation. Hereditas 93: 270-281.",
    ]
    assert spans(lines) == [(2, 2), (3, 4), (5, 5), (6, 6)]


def test_numbered_entry_with_one_word_per_line_is_not_cut() -> None:
    # PDF extraction can put each word of a line on its own line; the next number closes
    # the entry however many lines it took
    words = ("Kowalczyk M, Nakamura S, Ortega L, et al. Diet alters gut flora in mice."
             " Obesity (Silver Spring). United States; 2016;24: 2140-2149.").split()
    lines = ["References", "1.", "Adams R, Brown T. A short paper. J Things. 2015;3: 1-9.", "2."]
    lines += words
    lines += ["3.", "Clark A. Another paper on gut flora. Nutr Res. 2018;50: 25-36."]
    n = len(lines)
    assert spans(lines) == [(2, 3), (4, n - 2), (n - 1, n)]


def test_a_repeated_continuation_line_is_not_a_running_head() -> None:
    # "for Computational Linguistics." recurs a page apart, but it goes on the line before
    given = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"]
    family = ["Abbott", "Brandt", "Castillo", "Dorsey", "Eklund", "Fischer", "Garnier", "Hobbs",
              "Ivanova", "Jensen", "Kaplan", "Lindqvist"]
    lines = ["References"]
    n = 0
    for k in range(3):
        lines += [f"{given[k]} {family[k]}. {1990 + k}. A study of parsing, part {k}. In Proceedings",
                  "of the Annual Meeting of the Association",
                  "for Computational Linguistics."]
        for j in range(12):
            n += 1
            lines += [f"{given[n % 10]} {family[n % 12]}. {1995 + j}. Filler paper {n} on tagging.",
                      f"Journal of Things, {n}:1-{n + 9}."]
    recurring = [i for i, line in enumerate(lines) if line == "for Computational Linguistics."]
    assert not furniture_lines(lines) & set(recurring)
    assert (2, 4) in spans(lines)  # the first entry whole


def test_reference_lines_of_one_shape_are_not_a_running_head() -> None:
    # the shape "Phys. Rev. B, vol. #, no. #, p. #, #." recurs, but its numbers all change;
    # a running head keeps all its numbers but the page number
    body = [f"Prose line number {k} of the paper, about spin chains and their models." for k in range(25)]
    tails = ["Phys. Rev. B, vol. 26, no. 8, p. 4269, 1982.", "Phys. Rev. B, vol. 56, no. 20, p. 12847, 1997.",
             "Phys. Rev. B, vol. 88, no. 11, p. 115137, 2013."]
    heads = [f"J. Spin Phys. 12 (2003) {100 + k} Kowalski and Lee" for k in range(3)]
    lines: list[str] = []
    for k in range(3):
        lines += [heads[k], *body, f"[{k + 1}] A. Author and B. Writer, Spin chains and ladders", tails[k]]
    found = furniture_lines(lines)
    assert {lines.index(h) for h in heads} <= found
    assert not {lines.index(t) for t in tails} & found


def test_trailing_initial_does_not_end_an_entry() -> None:
    # the author list wraps after an initial ("… M. NIETO, I. R. C." / "BICK, W. SINCHAI, …")
    lines = [
        "References",
        "A. CAVALLI, M. LEBRUN, H. MOSS, A. RANALDI, I. R. C.",
        "BICK, W. SINGH, M. NIETO et P. CABALLERO. Aust. J. Chem. 41, 205 (1988).",
        "T. KAMINSKI, A. UJIIE et K. TAKAHASHI. J. Chem. Soc. (C), 2208 (1967).",
        "F. BENNETT et R. D. MORIN. J. Org. Chem. 32, 1050 (1967).",
    ]
    assert spans(lines) == [(2, 3), (4, 4), (5, 5)]


def test_journal_line_after_an_entry_is_its_continuation() -> None:
    # "J. Mol. Biol., 287, …" opens like initials and a name, but a volume follows
    lines = [
        "References",
        "Halvorsen,T.A. (1999) J. Comput. Chem., 20, 730-748.",
        "Hansen,L.O., Bolton,R., Massey,T. and Mannheim,B. (1999a)",
        "J. Mol. Biol., 287, 265-276.",
        "Hansen,L.O., Bolton,R., Weston,M. and Mannheim,B. (1999b)",
        "Protein Sci., 8, 2742-2750.",
    ]
    assert spans(lines) == [(2, 2), (3, 4), (5, 6)]


def test_a_surname_alone_on_its_line_starts_an_entry() -> None:
    # the extraction broke the first line after the surname: "Barlow," / "H.."
    lines = [
        "References",
        "Bandler, S., Shaw, S., Kanner, P.. Dichotomy of functional organization in the",
        "mouse auditory cortex. Nature Neuroscience 2010;13(3):361-368.",
        "Barlow,",
        "H..",
        "Redundancy reduction revisited.",
        "Network 2001;12(3):241-253.",
        "Callan, E., Yoshida, Y.. Fine-scale specificity of cortical networks. Nature",
        "Neuroscience 2005;8(11):1552-1559.",
    ]
    assert spans(lines) == [(2, 3), (4, 7), (8, 9)]


def test_heading_after_a_mark() -> None:
    from citecheck.locate import is_bibliography_heading

    assert is_bibliography_heading("■ REFERENCES")
    assert is_bibliography_heading("● Bibliography")


def test_compound_numbered_entries_make_a_headless_list() -> None:
    # no heading the finder knows; most entries open with a sub-label "(a)"
    body = ["The results agree with the model described above and with earlier work on",
            "the same system, which we discuss at length in the text that follows here."] * 6
    refs = []
    for k in range(1, 7):
        refs += [f"({k}) (a) Nowak, A.; Berg, T.; Lind, P. Title of the work number {k}. J. Org.",
                 f"Chem. 20{10 + k}, {k}1, 10{k}-11{k}. (b) Ortiz, R.; Pahl, S. Another study. Org. Lett.",
                 f"20{k:02d}, {k}, 20{k}-21{k}."]
    lines = body + refs
    entries = locate(CleanText(lines=lines)).entries
    # six numbers, each a compound reference of two lettered works (one entry each)
    assert [(e.label, e.part) for e in entries] == [(f"({k})", p) for k in range(1, 7) for p in (1, 2)]
    assert [(e.line, e.line_end) for e in entries[:2]] == [(13, 14), (14, 15)]


def test_authors_addresses_close_the_list() -> None:
    lines = [
        "7. References",
        "[RFC2119] Bradner, S., \"Key words for use in RFCs to Indicate",
        "Requirement Levels\", BCP 14, RFC 2119, March 1997.",
        "[RFC8174] Leiba, B., \"Ambiguity of Uppercase vs Lowercase in RFC",
        "2119 Key Words\", BCP 14, RFC 8174, May 2017.",
        "Authors' Addresses",
        "Nadia Kumari Narang",
        "Example Systems, Inc.",
        "7200-12 Creek Road",
        "Email: nadia@example.com",
    ]
    assert spans(lines) == [(2, 3), (4, 5)]


def test_footnotes_with_body_text_between_are_cut_at_the_prose() -> None:
    # page-bottom footnotes "1", "2", then the next page's body text, then "3": the body
    # text is not part of footnote 2, though the next number closes it
    prose = ("the workstations could be reading the data from the tapes and thereby acting as "
             "producers, while other workstations would be used to process the events that")
    lines = ["1 F. J. Rinaldi and M. R. Faust, \"Event Reconstruction in Physics,\" Computer, 1993, p. 68.",
             "2 Rinaldi and Faust, p. 68."]
    lines += ["In parallel, " + prose, "Several of " + prose, "As it turns out, " + prose] * 4
    lines += ["3 P. Avery et al., \"A New Approach to Distributed Computing,\" Comp. Phys. 7 (1993), p. 12.",
              "4 G. R. Andrews, \"Paradigms for Process Interaction,\" ACM Surveys 23 (1991), p. 49."]
    found = spans(lines)
    assert (2, 2) in found
    assert not any(a <= 5 <= b for a, b in found)


def test_bracket_label_glued_to_the_name() -> None:
    # "[37]Lefèvre, M." -- the extraction lost the space after the label
    lines = [
        "References",
        "[36] Kuiper, K., Gilmour, G., 1991, ApJL, 367, L9-L13",
        "[37]Lefèvre, M., Roy, J.-R., 2000 (a), AJ, 120, 1306",
        "[38]Lefèvre, M., Roy, J.-R., 2000 (b), ASP Conference Series, Vol 221, 129",
        "[39] Leroy, A.K., et al., 2008, AJ, 136, 2782",
    ]
    assert spans(lines) == [(2, 2), (3, 3), (4, 4), (5, 5)]


def test_author_year_start_after_a_line_ending_in_a_comma() -> None:
    # the entry above ends in a stray comma; "Surname, Given (1985)." still opens the next one
    lines = [
        "References",
        "Achterberg, Peter (2001). \"Who discovered the electron?\" In Histories of the Electron,",
        "eds. J. Buchwald and A. Warwick, pp. 403-424. Cambridge, MA: MIT Press.",
        "Anon. (1950). \"Names of chemical elements.\" Nature 166 (1950): 717-718,",
        "Armstrong, Peter (1985). \"On the production of heavy elements by cold fusion.\"",
        "Annual Review of Nuclear and Particle Science 35: 135-194.",
    ]
    assert spans(lines) == [(2, 3), (4, 4), (5, 6)]


def test_an_initial_alone_on_its_line_does_not_end_an_entry() -> None:
    # a word a line: "D." / "Pérez-García," / "M." / "Sanz," ... all one entry
    words = "D. Pérez-García, M. Sanz, C. E. González, M. M. Wolf, J. I. Cirac,".split()
    lines = ["References", "[9] F. Verstraete, V. Murg, J. I. Cirac, Adv. Phys. 57 (2) 143-224.",
             "[10]", *words, "A canonical form for tensor network states, New J. Phys. 12 025010.",
             "[11] M. Bañuls, K. Cichy, J. Cirac, JHEP 2013 (11) (2013) 158."]
    n = len(lines)
    assert spans(lines) == [(2, 2), (3, n - 1), (n, n)]


def test_entries_ending_in_a_comma_still_make_a_headless_list() -> None:
    # a misspelt heading, and every entry ends "Journal Name," (volume and pages lost)
    lines = ["The body of the paper ends here, and what follows is the list of works cited.",
             "REFERERENCES"]
    names = ["Albers", "Baxter", "Castell", "Dorner", "Ellis", "Fromm"]
    for k, name in enumerate(names):
        lines += [f"{name}, J.S., & Crane, W.G.R. ({2001 + k}) Diversity and phylogeny of electric",
                  "fishes of the Neotropics. Molecular Biology and Evolution,"]
    assert spans(lines) == [(3 + 2 * k, 4 + 2 * k) for k in range(6)]


def test_a_table_column_headed_literature_is_not_a_bibliography() -> None:
    # "Literatur" heads a table's column of sources: numbers cited, no entries
    lines = ["Tabelle 2: Parameter der Erdalkalichloride", "Salz", "Literatur", "b 1", "b 3",
             "MgCl 2", "[10]", "0,510165", "0,488499", "0,892997", "CaCl 2", "[10]", "0,521529",
             "0,344230", "0,877378", "SrCl 2", "[10]", "0,530042", "0,208269", "0,858045"]
    assert spans(lines) == []


def test_parenthesised_label_glued_to_the_name() -> None:
    lines = [
        "6. REFERENCES",
        "(1)Solvay, N. C. Fine and specialty chemicals. Chem. Rev. 2015, 12, 33-40.",
        "(2)Garcia, A.; Lee, B. Enzymes for synthesis. J. Org. Chem. 2016, 81,",
        "1201-1210.",
        "(3)Huang, Y. A third work. Org. Lett. 2017, 19, 55-60.",
    ]
    assert spans(lines) == [(2, 2), (3, 4), (5, 5)]


def test_collaboration_author_list_after_the_references_is_not_an_entry() -> None:
    lines = [
        "References",
        "[1] A. Author, B. Writer, Phys. Rev. D 81 (2010) 074001.",
        "[2] C. Person, D. Other, Nucl. Phys. B 871 (2013) 145.",
        "[3] E. Someone et al., Phys. Rev. D 82 (2010) 076006.",
        "XYZ Collaboration",
        "R. Abel 23 , B. Adler 36 , M. Adams 42 , C. Adrian 6 , A. Affleck 48 , Z. Ajani 5 , J. Albers 37 ,",
        "F. Alesi 6,37 , M. Alexis 47 , P. Alvarez 36 , A.A. Alves 22 , S. Amado 2 , Y. Amir 38 ,",
        "J. Amoros 23 , J. Andersson 39 , R.B. Appel 50 , O. Aquino 10 , L. Arrabal 53 , M. Artus 52 ,",
        "E. Aslan 6 , G. Auriol 22,m , S. Bach 11 , D.S. Bailey 50 , V. Balogh 30,37 , W. Baldi 16 ,",
        "R.J. Barlow 50 , C. Barsch 37 , S. Barsuk 7 , A. Bates 47 , C. Bauer 10 , A. Bay 38 ,",
        "K. Belous 34 , I. Belyaev 30,37 , E. Ben-Haim 8 , M. Benayoun 8 , G. Bencivenni 18 ,",
        "M.-O. Bettler 17,37 , M. van Beuzekom 23 , S. Bifani 12 , A. Bizzeti 17,h , T. Blake 49 ,",
        "F. Blanc 38 , C. Blanks 49 , J. Blouw 11 , S. Blusk 52 , A. Bobrov 33 , V. Bocci 22 ,",
    ]
    assert spans(lines) == [(2, 2), (3, 3), (4, 4)]
    # (the next page's head above the list's continuation: a journal and year, still not an entry)
    page = "XYZ Collaboration / Physics Letters B 698 (2011) 115-122 " + " ".join(lines[5:13])
    assert entry_score(page) < 1.5


def test_list_whose_numbers_the_font_lost() -> None:
    # the PDF's font had no digits: "12. Smith" came out ". Smith", years and pages gone too
    lines = [
        "The authors declare no competing interests.",
        "Bibliography",
        ". V. S. Garfield and M. L. Shore. The Control of Posture, pages -. Springer US, Boston, MA, .",
        ". Sten Granberg. Locomotion in vertebrates: central mechanisms. Physiological Reviews, ():-, .",
        ". William B Kristof Jr. and Ronald L Calder. Rhythmic swimming activity in neurones of the",
        "leech. Journal of Experimental Biology, ():-, .",
        ". D. A. Winters. Human balance and posture control during standing. Gait & Posture, ():-, .",
    ]
    assert spans(lines) == [(3, 3), (4, 4), (5, 6), (7, 7)]


def test_a_literature_review_citing_works_is_not_a_headless_list() -> None:
    # paragraphs that cite works in running text ("Okafor (2011) argued", "(Lindgren, 2009;
    # cf. Baptiste & Moreau, 2015)") have names and years where entries do; the list is under
    # the heading that follows them
    lines = [
        "Previous work",
        "Okafor (2011) argued that tenants organise around repairs first; later studies confirm",
        "this for the 1990s (Lindgren, 2009, pp. 3-9). Baptiste and Moreau (2015) traced the same",
        "pattern in Lyon, while the rural case stays open (Haddad 2017).",
        "",
        "Van den Heuvel (2013) describes the legal side, and Ferreira et al. (2019) surveyed",
        "housing boards in Porto. Rent strikes are rare (Lindgren, 2009; cf. Baptiste & Moreau,",
        "2015), and O'Brien (2008) found none in Cork before the crisis.",
        "",
        "Sato (2020) defended the opposite view, and the City Council (2018) accepted it in its",
        "plan. Tenancy declines with age (Haddad, 2017; cf. Lindgren, 2009, p. 12). In March",
        "(2021) the plan was revised.",
        "",
        "References",
        "Baptiste, L., & Moreau, C. (2015). Tenant unions in Lyon. Urban Studies, 52(4), 700-716.",
        "Ferreira, R., Costa, A., & Lima, J. (2019). Housing boards in Porto. Cities, 88, 1-12.",
        "Haddad, N. (2017). Rural tenancy. Journal of Rural Studies, 49, 20-31.",
        "Lindgren, E. (2009). Rent strikes in Sweden. Stockholm: Atlas.",
        "O'Brien, P. (2008). Housing in Cork, 1990-2005. Cork: Cork University Press.",
        "Okafor, C. (2011). Organising around repairs. Housing Studies, 26(2), 210-229.",
        "Sato, K. (2020). Against tenant unions. Urban Affairs Review, 56(1), 90-118.",
        "Van den Heuvel, M. (2013). Tenancy law in Europe. Leiden: Brill.",
    ]
    bib = locate(CleanText(lines=lines))
    assert [(s.heading, s.line) for s in bib.sections] == [("References", 14)]
    assert spans(lines) == [(n, n) for n in range(15, 23)]


def test_running_text_citing_works_in_german_is_not_a_headless_list() -> None:
    lines = [
        "1 Einleitung",
        "Stadtteilarbeit gilt als Antwort auf Segregation (Albrecht 2014, S. 7). Schon Fuchs (1975)",
        "beschrieb die Nachbarschaft als Ressource; spätere Arbeiten folgen ihm (vgl. Brandt und",
        "Kessler 2016; Dietz et al. 2019). Das von Wendt (2012) herausgegebene Handbuch fasst den",
        "Stand zusammen.",
        "",
        "2 Forschungsstand",
        "Für Fuchs (1975) ist Nachbarschaft ein Netz schwacher Bindungen. Ähnlich argumentiert",
        "Yilmaz (2021) für Duisburg. Eine Replikation steht aus (Kessler 2018).",
        "",
        "Literatur",
        "Albrecht, Jan (2014): Segregation in der Stadt. Wiesbaden: Springer VS.",
        "Brandt, Eva / Kessler, Tom (2016): Quartiere. In: Soziale Welt 67 (2), S. 101–120.",
        "Fuchs, Otto (1975): Nachbarschaft. Stuttgart: Enke.",
        "Wendt, Ina (Hrsg.) (2012): Handbuch Stadtteilarbeit. Opladen: Leske + Budrich.",
    ]
    bib = locate(CleanText(lines=lines))
    assert [(s.heading, s.line) for s in bib.sections] == [("Literatur", 11)]
    assert spans(lines) == [(12, 12), (13, 13), (14, 14), (15, 15)]


def test_in_text_citations_count_against_an_entry_but_an_entry_keeps_its_score() -> None:
    prose = ("Okafor (2011) argued that tenants organise around repairs first, and Sato (2020)"
             " defended the opposite view in a study of Leeds.")
    entry = "Okafor, C. (2011) Organising around repairs. Housing Studies, 26(2), 210-229."
    assert entry_score(prose) < 1.5 <= 2.5 <= entry_score(entry)
    # an entry's imprint in brackets, a DOI or pages after the bracketed year are an entry's
    assert entry_score("Res (2007) doi:10.1029/2006JB004645. Smith, J. A. A title.") >= 2.0
    assert entry_score("A. Erdelyi, Asymptotic Analysis (Dover Publications, New York, 1956).") >= 2.5


def test_a_year_alone_among_words_a_line_is_not_a_page_number() -> None:
    # the extraction put each word of two entries on its own line; "2016" alone is the
    # entry's year, not a page number, and the entry is kept whole
    lines = [
        "References",
        "1. Adams R, Brown T, Chen L. Soil microbes under drought. Soil Biol Biochem. 2014",
        "Mar;70:12-20.",
        "2. Dorsey K, Ekberg S, Fujita H. Resistance genes in river",
        "sediments",
        "across",
        "Europe.",
        "Water",
        "Res.",
        "2016",
        "Jun;98:101-110.",
        "3. Garnier P, Holm J. Profiling microbial communities with long",
        "reads.",
        "Nat",
        "Methods.",
        "2018",
        "Dec;15(12):1001-1008.",
        "4. Ivanova N, Jensen M. A benchmark of assemblers. Genome Biol. 2019 Jan;20(1):5.",
    ]
    assert spans(lines) == [(2, 3), (4, 11), (12, 17), (18, 18)]
    # a page number after full lines of text, or among a table's cells, is still one
    prose = ["The survey ran for two years and covered most of the rivers in the region.",
             "Results follow.", "12", "Sampling sites were chosen at random along each river."]
    assert 2 in furniture_lines(prose)
    table = ["Ortiz M", "2008-2009 USA", "Case-control", "192", "59.1 12.82", "Lee K"]
    assert 3 in furniture_lines(table)


def test_a_link_label_alone_on_its_line_is_not_a_list_key() -> None:
    # "[CrossRef]" printed after an entry can land on a line of its own, before the next
    # entry: it is not a key like "[KLM19]", and the entries around it stay apart
    lines = [
        "References",
        "Abel, Ines, and Tom Brandt. 2008. Children at the table. Enfance 60: 271-79.",
        "[CrossRef]",
        "Castillo, Eva, and Sara Dorsey. 2011. Finishing the family meal. Appetite 6: 53-64. [CrossRef]",
        "Eklund, Marie, and Anna Fischer. 2017. Breakfast time? Meal rhythms and class.",
        "Sociology 67: 73-106. [CrossRef]",
        "Garnier, Anne, Claire Hobbs, and Pierre Ivanov. 2013. Who still eats three meals a day?",
        "Appetite 71: 80-91.",
        "[CrossRef]",
        "Jensen, Claude, ed. 2014. Being a good parent. Rennes: Presses universitaires.",
    ]
    assert spans(lines) == [(2, 3), (4, 4), (5, 6), (7, 9), (10, 10)]


def test_spaced_commas_between_volume_and_pages_do_not_look_like_affiliations() -> None:
    """PDF text spaces commas ("Nature 489 , 57"); only names with affiliation numbers before
    the next name ("R. Abel 23 , B. Adler") read as a paper's author list."""
    from citecheck.locate import STRONG, entry_score

    compound = ("[4] A. Smith, Nature 489 , 57 (2012); B. Jones, Science 337 , 100 (2012); "
                "C. Lee, Cell 150 , 9 (2012).")
    assert entry_score(compound) >= STRONG
    authors = ("R. Abel 23 , B. Adler 36 , M. Adams 42 , C. Adrian 6 , A. Affleck 48 , "
               "Z. Ajani 5 , J. Albers 37 ,")
    assert entry_score(authors) < STRONG


def test_numbers_whose_opening_bracket_was_lost_are_labels() -> None:
    # "[1]" printed in a font the extraction could not read: "1]" is left
    lines = [
        "We leave the evaluation of the other protocols to later work.",
        "References",
        "1] P. Novak and R. Lindqvist. Routing in Large Internets. In Proc. Networking",
        "Symposium '91, Bergen, Norway, June 1991.",
        "2] T. Okafor. Policy Constraints for Routing Domains. Technical Report TR-92-4,",
        "Department of Computer Science, Lakeside University. Also CS-TR-2871.",
        "3] H. Brandt, S. Moreau, and Y. Tanaka. Address Hierarchies. In Proc. SIGCOMM",
        "'92, pages 12{20, Lisbon, Portugal, August 1992.",
        "4] M. Ferreira. Inter-Domain Policy Routing. Internet Draft, March 1993.",
    ]
    bib = locate(CleanText(lines=lines))
    assert [(e.line, e.line_end) for e in bib.entries] == [(3, 4), (5, 6), (7, 8), (9, 9)]
    assert [e.label for e in bib.entries] == ["1]", "2]", "3]", "4]"]


def test_a_lost_bracket_number_in_prose_is_not_a_label() -> None:
    # "[1," at a line's end and "2]" opening the next: a citation in the text, not a list
    lines = [
        "The protocol was first proposed in [1,",
        "2] and later refined by several groups who measured its cost in large networks.",
        "We do the same here for networks of a thousand domains and more, and find that",
        "the cost grows with the square of the number of domains in the worst case.",
    ]
    assert spans(lines) == []


def test_keys_whose_opening_bracket_was_lost_close_their_entries() -> None:
    # "[BL92]" read as "BL92]"; an entry's note ("Also available as ...") stays with it
    lines = [
        "References",
        "BL92] Gisela Baum and Ivo Lenz. Modules meet inher-",
        "itance. In Proc. International Conference on Program-",
        "ming Languages, pages 10{18, Oslo, June 1992. IEEE.",
        "Also available as Technical Report TR-91-017.",
        "Ka86] Stefan Kaiser. Layers: An architecture for many",
        "file system types. In Proceedings of the Summer 1986",
        "Workshop, pages 38{47, Graz, 1986. Workshop Press.",
        "Mo91] Carla Moretti and Dan Weber. The object database",
        "system. Communications of Things, 4(10):50{63, 1991.",
    ]
    assert spans(lines) == [(2, 5), (6, 8), (9, 10)]


def test_a_numbered_note_under_a_hyphenated_word_starts_an_entry() -> None:
    # notes at a page's foot under a column of text that breaks a word ("equilib-"):
    # "(1)" cannot go on the word, so it is the list's first number
    lines = [
        "The broad signal splits into two quartets at low temperature, and the",
        "ratio of the two gives the constant directly. Calculation of the equilib-",
        "(1) (a) Lindgren, K. in Handbook of Reagents; Moss, P., Ed.; Wiley: New York,",
        "1995. (b) Arai, T.; Sato, H. Tetrahedron Lett. 1976, 16, 1295.",
        "(2) Kowal, J. J.; Berger, W.; Harris, N. J. J. Am. Chem. Soc. 1999, 121, 326.",
        "(3) Renner, M. T.; Hull, M.; Massa, W. J. Am. Chem. Soc. 1986, 108, 2405.",
        "(4) Denis, S. E.; Alm, N. G. J. Am. Chem. Soc. 1993, 115, 3133.",
    ]
    assert spans(lines)[0] == (3, 4)
    # ... but under a page range's open end ("1290-") a number is the rest of the range
    lines = [
        "References",
        "1. Abel T, Brook K. A study of things. J Things. 2001;12: 1290-",
        "1299.",
        "2. Carr E. Another study. J Things. 2003;14: 45-56.",
    ]
    assert spans(lines) == [(2, 3), (4, 4)]


def test_a_table_caption_under_the_last_numbered_entry_ends_it() -> None:
    lines = [
        "References",
        "1] R. Sato and H. Lin. Symbolic rules from networks. IEEE Computer, pages 71{77,",
        "March 1996.",
        "2] G. Tower and J. Shaw. Refining rules from knowledge-based networks. Machine",
        "Learning, 13(1):71{101, 1993.",
        "Table 1. Rules extracted from the network by the first technique.",
        "Rule Body",
    ]
    assert spans(lines) == [(2, 3), (4, 5)]


def _short_article(tail: list[str]) -> list[str]:
    body = [
        "GUT FEELINGS",
        "What to do when a patient sues",
        "Most physicians will face a claim at some point in their career, and most of the",
        "claims end without any payment to the patient. The process is slow and stressful,",
        "and the physician should seek the advice of the insurer's counsel early on.",
        "Keeping careful notes helps more than anything else, as the notes are the record",
        "the court will read years later when memories have faded.",
        "CONFLICT OF INTEREST",
        "The author declares no conflict of interest.",
    ]
    return body + tail + [
        "Readers are encouraged to send comments on this series to the editors.",
        "This work is licensed under a Creative Commons Attribution 4.0 License.",
    ]


def test_a_short_articles_only_reference_is_found_without_a_heading() -> None:
    lines = _short_article([
        "1. Fjeld AD, Morse RM. Most doctors win: what to do if sued for malpractice. Am J",
        "Gastroenterol 2009; 104: 1346-1351.",
    ])
    bib = locate(CleanText(lines=lines))
    assert [(e.line, e.line_end, e.label) for e in bib.entries] == [(10, 11, "1.")]


def test_a_lone_numbered_line_that_cites_no_work_is_not_a_reference() -> None:
    # no journal, volume or pages: a numbered point of the text
    lines = _short_article([
        "1. Fjeld AD and Morse RM agree that most doctors win in the end, as of 2009.",
    ])
    assert spans(lines) == []
    # a numbered point in the first half of a text is not its reference list
    lines = [
        "1. Fjeld AD, Morse RM. Most doctors win. Am J Gastroenterol 2009; 104: 1346-1351.",
    ] + _short_article([])
    assert spans(lines) == []


def test_what_follows_the_last_entry_in_its_block_is_not_part_of_it() -> None:
    refs = [
        "References",
        "Abbott, K. and Lund, P. (2011) Mining the species pages. Biodivers. Inform., 8, 10-21.",
        "Brandt, S. (2012) Minimum information about a marker gene sequence. Nat. Biotech-",
        "nol., 29, 415-20.",
    ]
    # a figure's caption (the figures come after the list in a preprint)
    assert spans(refs + ["Figure 1. Top: the overview tab of the species pages shows a subset",
                         "of the terms found by text mining, with links to the sources."]) == [(2, 2), (3, 4)]
    # a figure's panel letters, a stray glyph
    assert spans(refs + ["a", "b"]) == [(2, 2), (3, 4)]
    assert spans(refs + ["■ ■ ■"]) == [(2, 2), (3, 4)]
    # a back-matter heading alone on its line, then a text that names a year
    assert spans(refs + ["Acknowledgements",
                         "A.B. thanks the Example Foundation for grant 2016/123 and a travel award."]) == [
        (2, 2), (3, 4)]
    assert spans(refs + ["Declarations", "The authors declare that they have no competing interests."]) == [
        (2, 2), (3, 4)]
    # ... but a split accent or a repeated author's "&" goes on the entry
    lines = [
        "References",
        "Abend, O. and Rapp, A. 2010. Unsupervised argument classification. In Proc. ACL, pages 226-236.",
        "Aldous, D. 1985. Exchangeability and related topics.",
        "´",
        "Ecole d' ´",
        "Eté de Probabilités de Saint-Flour XIII 1983, pages 1-198.",
        "Baker, C. 1998. The frame project. In Proceedings of COLING, pages 86-90.",
    ]
    assert spans(lines) == [(2, 2), (3, 6), (7, 7)]
    # "Table 5 and Table 4 show …" is the text going on, not a caption
    assert spans(refs + ["Table 5 and Table 4 show the results for the other network."])[-1][0] == 3


def test_an_edition_statement_on_a_wrapped_line_is_not_a_list_number() -> None:
    # ABNT (Brazil) prints the edition as "2. ed."; wrapped to the start of a line it
    # looks like the list number 2, but the list is not numbered and the entry goes on
    lines = [
        "REFERÊNCIAS",
        "",
        "ALVES, Rita. Gestão pública municipal. São Paulo: Atlas, 2012.",
        "",
        "BARROS, Paulo. Orçamento e planejamento: teoria e prática nos municípios.",
        "2. ed. Belo Horizonte: Fórum, 2016.",
        "",
        "KLEIN, Hans. Kommunale Haushalte. Eine Einführung in die Praxis.",
        "3. Aufl. München: Beck, 2011.",
        "",
        "MOURA, Lia. Controle interno. Brasília: Enap, 2019.",
    ]
    assert spans(lines) == [(3, 3), (5, 6), (8, 9), (11, 11)]


def _chapter(title: str, entries: list[str]) -> list[str]:
    prose = [f"{title} begins with a paragraph of running text that cites the works listed",
             "below and goes on for a while about coastal erosion and its measurement."]
    return [title, "", *prose, "", "References", "", *entries, ""]


def test_per_chapter_lists_are_neither_split_nor_out_of_order() -> None:
    # each chapter ends with its own 'References', each list starting its alphabet (or its
    # numbers) over: not one list whose pages were shuffled
    one = _chapter("Chapter 1", [
        "Brooks, S. M. (2010). Coastal changes in historic times. Geography Compass, 4, 1090–1104.",
        "Carter, R. W. G. (1988). Coastal environments. London: Academic Press.",
        "Young, A. P. (2014). Cliff erosion and storm frequency. Marine Geology, 355, 31–43."])
    two = _chapter("Chapter 2", [
        "Abel, N. (2019). Paying for retreat. Ocean & Coastal Management, 170, 1–9.",
        "Esteves, L. S. (2014). Managed realignment. Dordrecht: Springer.",
        "Myatt, L. B. (2003). Perceptions of managed realignment. Marine Policy, 46, 565–582."])
    bib = locate(CleanText(lines=one + two))
    assert len(bib.sections) == 2 and len(bib.entries) == 6
    assert bib.anomalies == []
    numbered = locate(CleanText(lines=_chapter("Chapter 1", [
        "[1] S. Brooks, Coastal changes, Geogr. Compass 4 (2010) 1090.",
        "[2] R. Carter, Coastal Environments, Academic Press, 1988."]) + _chapter("Chapter 2", [
        "[1] N. Abel, Paying for retreat, Ocean Coast. Manag. 170 (2019) 1.",
        "[2] L. Esteves, Managed Realignment, Springer, 2014.",
        "[4] L. Myatt, Perceptions, Mar. Policy 46 (2003) 565."])))
    # (a real gap inside a chapter's list is still one)
    assert [a.kind for a in numbered.anomalies] == ["gap"]


def test_a_notes_section_does_not_put_the_bibliography_out_of_order() -> None:
    lines = ["Chapter 1", "", "The port grew quickly after the railway came.1 Trade doubled.2", "",
             "Notes", "",
             "1. Helena Marsh, Rails to the Sea (Bristol: Harbourside Press, 1998), 41.",
             "2. Valmere Borough Council, Minutes of Proceedings (Valmere: Borough Printer, 1885), 88.",
             "", "Bibliography", "",
             "Colley, Anne. \"Labour Unrest.\" Social History 31, no. 1 (2006): 1–22.",
             "Greaves, Thomas. \"Population and Trade.\" Journal of Maritime History 12 (2004): 211–34.",
             "Marsh, Helena. Rails to the Sea. Bristol: Harbourside Press, 1998.",
             "Pryce, Edward. The Great Dock Strike. London: Fenwick, 1979."]
    assert [a.kind for a in locate(CleanText(lines=lines)).anomalies if a.kind == "out-of-order"] == []


def test_a_bibliography_in_parts_is_neither_split_nor_out_of_order() -> None:
    # 'Primary Sources' then 'Secondary Sources', each alphabetical from its own start; a
    # break inside a part is still one
    lines = ["Bibliography", "", "Primary Sources", "",
             "Okhrana. 1906. Obzor revoliutsionnogo dvizheniia. St Petersburg: MVD.",
             "Witte, Sergei. 1921. The Memoirs of Count Witte. Garden City, NY: Doubleday.", "",
             "Secondary Sources", "",
             "Ascher, Abraham. 1988. The Revolution of 1905. Stanford: Stanford University Press.",
             "Engelstein, Laura. 1982. Moscow, 1905. Stanford: Stanford University Press.",
             "Verner, Andrew M. 1990. The Crisis of Russian Autocracy. Princeton: Princeton UP."]
    bib = locate(CleanText(lines=lines))
    assert [s.heading for s in bib.sections] == ["Primary Sources", "Secondary Sources"]
    assert len(bib.entries) == 5 and bib.anomalies == []
    lines[9] = lines[9].replace("Ascher", "Zabel")
    assert [(a.kind, a.line) for a in locate(CleanText(lines=lines)).anomalies] == [("out-of-order", 11)]


def test_gost_entries_surname_initials_title() -> None:
    # Russian GOST lists print 'Фамилия И. О. Title' (no comma, no year after the names), then
    # the works in Latin script after the Cyrillic ones: each line opening so is an entry, and
    # Latin after Cyrillic is no break in the alphabet
    lines = ["Список литературы", "",
             "Земская Е. А. Русская разговорная речь: лингвистический анализ и",
             "проблемы обучения. М.: Русский язык, 1981. 136 с.",
             "Крысин Л. П. Русское слово, своё и чужое. М.: Языки славянской",
             "культуры, 2004. 888 с.",
             "Трудгилл П. Социолингвистика: введение. М.: Прогресс, 2001. 220 с.",
             "Швейцер А. Д. Современная социолингвистика. М.: Наука, 1976. 176 с.",
             "Labov W. Sociolinguistic Patterns. Philadelphia: University of",
             "Pennsylvania Press, 1972. 344 p."]
    bib = locate(CleanText(lines=lines))
    assert [(e.line, e.line_end) for e in bib.entries] == [(3, 4), (5, 6), (7, 7), (8, 8), (9, 10)]
    assert bib.anomalies == []


def test_a_journal_in_capitals_is_no_gost_entry() -> None:
    # "SIAM J. Optim. 20" (a journal's name, its initial-like "J.") goes on the entry above
    lines = ["References", "",
             "Boyle, E.A., Li, Y.I., and Pritchard, J.K. (2017). An Expanded View of Complex Traits.",
             "Cell 169, 1177-1186.",
             "Cai, J., Candès, E., and Shen, Z. (2010). A Singular Value Thresholding Algorithm.",
             "SIAM J. Optim. 20, 1956-1982.",
             "Califano, A., Butte, A.J., and Schadt, E. (2012). Leveraging models of cell regulation.",
             "Nat. Genet. 44, 841-847."]
    assert spans(lines) == [(3, 4), (5, 6), (7, 8)]


def test_entry_cut_by_a_page_foot_mid_title_is_one_entry() -> None:
    # the page broke inside a quoted title ("… of a" / "Statistically-Based …"): the capital
    # after the page foot goes on the title the quote left open, or the phrase "of a" left open
    from citecheck.models import Document
    from citecheck.repair import repair

    def entries(lines: list[str]) -> list[tuple[int, int]]:
        doc = Document(path="t.txt", kind="text", encoding="utf-8", lines=lines)
        return [(e.line, e.line_end) for e in locate(repair(doc)).entries]

    head = [
        "References",
        "",
        'Meier, F., D. Fenner, and D. Scherer. 2017. "Crowdsourcing Air Temperature." Urban',
        "Climate 19: 170-91.",
        "",
        'Napoly, A., T. Grassmann, and F. Meier. 2018. "Development and Application of a',
        "",
    ]
    tail = [
        "",
        'Statistically-Based Quality Control for Crowdsourced Air Temperature Data."',
        "Frontiers in Earth Science 6: 118.",
        "",
        'Oleson, K. W., and A. Monaghan. 2015. "Interactions between Urbanization and Heat',
        'Stress." Climatic Change 129: 525-41.',
    ]
    foot = ["                         Urban Climate 41 (2022) 101088", "                4",
            "\fA. Rivera and P. Okafor                 Urban Climate 41 (2022) 101088"]
    assert entries(head + foot + tail) == [(3, 4), (6, 13), (15, 16)]
    # an entry that ends before the foot stays apart from a capitalised line after it
    ended = [*head[:5], "Napoly, A. 2018. Development and Application. Frontiers 6: 118.", ""]
    assert (6, 6) in entries(ended + foot + tail[:1] + ["Statistically, A. 2019. Quality Control.",
                                                       "Frontiers 7: 1-9."] + tail[3:])


def test_download_stamp_and_running_head_inside_an_ieee_entry_are_dropped() -> None:
    from citecheck.models import Document
    from citecheck.repair import repair

    lines = [
        "REFERENCES",
        '[1] L. Liu and Y. Zhang, "Vehicular edge computing: A survey," Mobile Netw. Appl.,',
        "vol. 26, no. 3, pp. 1145-1168, 2021.",
        '[2] H. Ke, J. Wang, and H. Wang, "Deep reinforcement learning-based adaptive',
        'computation offloading," IEEE Trans. Veh. Technol., vol. 69, no. 7,',
        "Authorized licensed use limited to: University Library. Downloaded on March 02,2023 "
        "at 10:14:07 UTC from IEEE Xplore. Restrictions apply.",
        "\f1458                         IEEE TRANSACTIONS ON MOBILE COMPUTING, VOL. 22, NO. 3, MARCH 2023",
        "pp. 7916-7929, Jul. 2020.",
        '[3] M. Li and X. Shen, "Deep reinforcement learning for collaborative edge computing,"',
        "IEEE Trans. Cogn. Commun. Netw., vol. 6, no. 4, pp. 1122-1135, Dec. 2020.",
        "Authorized licensed use limited to: University Library. Downloaded on March 02,2023 "
        "at 10:14:07 UTC from IEEE Xplore. Restrictions apply.",
    ]
    doc = Document(path="t.txt", kind="text", encoding="utf-8", lines=lines)
    got = locate(repair(doc)).entries
    assert [(e.line, e.line_end) for e in got] == [(2, 3), (4, 8), (9, 10)]
    assert all("Authorized" not in e.text and "TRANSACTIONS" not in e.text for e in got)
    assert got[1].text.endswith("vol. 69, no. 7, pp. 7916-7929, Jul. 2020.")


def test_a_collective_volume_listed_by_its_title_starts_an_entry() -> None:
    # "I metodi attuali …, a cura di …" under an entry that ended on its imprint's year
    lines = [
        "BIBLIOGRAFIA",
        "Eco U., I limiti dell'interpretazione, Bompiani, Milano 1990.",
        "I metodi attuali della critica in Italia, a cura di M. Corti e C. Segre, ERI,",
        "Torino 1970.",
        "Segre C., Avviamento all'analisi del testo letterario, Einaudi, Torino 1985.",
        "The Cambridge History of Russia, ed. by D. Lieven, Cambridge University Press,",
        "Cambridge 2006.",
    ]
    assert spans(lines) == [(2, 2), (3, 4), (5, 5), (6, 7)]
    # a title's second line after a line ending on a year, with no editors, goes on
    wrapped = ["BIBLIOGRAFIA", "Eco U., Opera aperta. Forma e indeterminazione nel 1962.",
               "Poetiche contemporanee, Bompiani, Milano 1962.",
               "Segre C., Avviamento all'analisi del testo letterario, Einaudi, Torino 1985."]
    assert spans(wrapped) == [(2, 3), (4, 4)]


def test_a_name_then_a_title_in_guillemets_starts_an_entry() -> None:
    lines = [
        "Références bibliographiques",
        "Farge Arlette, Le Goût de l'archive, Paris, Seuil, 1989.",
        "Foucault Michel, « La vie des hommes infâmes », Les Cahiers du chemin, no 29,",
        "1977, p. 12-29.",
        "Klemperer Victor, „LTI“. Notizbuch eines Philologen, Leipzig, Reclam, 1975.",
        "Roche Daniel, Le Peuple de Paris, Paris, Aubier, 1981.",
    ]
    assert spans(lines) == [(2, 2), (3, 4), (5, 5), (6, 6)]



def _experimental_part() -> list[str]:
    """An organic chemistry paper's experimental section, compound after compound, page after page.

    Each page ends inside a compound's NMR data, under the journal's running foot and the page
    number: the next page opens "MHz, CDCl 3 ): …".
    """
    out = ["Experimental Section"]
    names = ["Ethyl 4-(2-furyl)benzoate", "Methyl 3-(2-thienyl)propanoate",
             "4-(1H-Indol-3-yl)butan-2-one", "2-Benzyl-5-methylthiazole", "3-Phenylpyridine",
             "1-Tosyl-2-phenylpyrrole", "2-Methoxy-6-vinylnaphthalene", "4-Acetylbiphenyl"]
    for k, name in enumerate(names):
        out += [
            f"{name} ({k + 3}b). Following the general procedure, 0.{k + 2}5 g ({k + 1}.2 mmol)",
            f"of the ester gave a pale solid, 0.{k + 4}1 g, 8{k}%, mp 1{k}2.4-1{k}4.0 °C. 1 H NMR (500",
            f"MHz, CDCl 3 ): 8.0{k} (d, J = 8.4 Hz, 2H), 7.5{k}-7.4{k} (m, 3H), 6.6{k} (dd, J = 3.4,",
            f"1.8 Hz, 1H), 4.3{k} (q, J = 7.1 Hz, 2H), 1.3{k} (t, J = 7.1 Hz, 3H) ppm. 13 C NMR (126",
        ]
        if k % 2:
            out += ["J. Synth. Chem. 2021, 14, 3301-3318", f"330{k + 2}"]
        out += [
            f"MHz, CDCl 3 ): 166.{k}, 153.{k}, 143.{k}, 130.{k}, 129.{k}, 123.{k}, 112.{k}, 61.{k} ppm.",
            f"IR (ATR): 3120, 2981, 1712, 1609, 1275, 1106 cm -1 . HRMS (ESI): m/z calcd for",
            f"C 13 H 12 O 3 [M + H] + 217.08{k}2; found 217.08{k}5.",
        ]
    return out + [""]


def test_an_experimental_section_with_measured_data_is_not_a_headless_list() -> None:
    # chemists' measured data (decimals, "(m, 1H)", "MHz", "ppm", wavenumbers like years
    # "1712, 1609") look like volumes, pages and years: no entries there
    refs = ["References", "",
            "(1) Okafor, C. N.; Lindgren, P. Furan Couplings. J. Org. Chem. 2011, 76, 4412-4420.",
            "(2) Varga, T.; Mendes, R. Thiophene Esters. Org. Lett. 2015, 17, 902-905.",
            "(3) Haddad, S.; Kim, J. Indole Ketones Revisited. Tetrahedron 2019, 75, 130-141."]
    lines = ["The couplings gave the esters in good yield (Table 2).", ""] + _experimental_part() + refs
    start = len(lines) - 2
    assert spans(lines) == [(start, start), (start + 1, start + 1), (start + 2, start + 2)]


def test_a_headless_list_whose_digits_the_font_lost() -> None:
    # no heading, and a font without digits: "[ ]" for each number, no year, volume or pages;
    # the entries' author lists and journals still make the list
    lines = [
        "We thank the reviewers for their comments on an earlier draft of this paper.",
        "",
        "[ ] K. Adeyemi, R. Bauer, and T. Lindqvist, J Phys Chem B",
        ",",
        "(",
        ").",
        "[ ] M. Castellano and H. Dube, J Chem Theory Comput ,",
        "(",
        ").",
        "[ ] P. Ferreira, Accounts of Chemical Research ,",
        "(",
        ").",
        "[ ] S. Gallo, W. Hirsch, and E. Ivanova, The Journal of Chemical",
        "Physics ,",
        "(",
        ").",
        "[ ] L. Jovanovic, Handbook of solvation data (CRC press, ADDRESS,",
        ").",
    ]
    assert spans(lines) == [(3, 6), (7, 9), (10, 12), (13, 16), (17, 18)]


def test_figure_panel_letters_on_the_next_page_are_not_the_last_entry() -> None:
    # the last entry ends without a full stop ("Phys. Rev. 295") at a page's foot, and the next
    # page is a figure: its panel letters and labels ("a", "b", "A cation") are not the entry's
    head = "Frustrated magnets in a pyrochlore lattice"
    body = [f"The susceptibility measured in field {k} follows the Curie law down to low temperature"
            for k in range(22)]
    refs = ["References",
            "[1] Okafor P W 1958 Phys. Rev. 1012",
            "[2] Lindqvist J 1977 Z. Phys. B 31 29",
            "[3] Varga T, Mendes R and Kim J 1966 Phys. Rev. 295"]
    figure = ["a", "a", "b", "BO 6 octahedron", "A cation", "B cation"]
    caption = [f"Figure {k}. The pyrochlore lattice of B cations, seen along axis {k}." for k in range(16)]
    lines = body + [head, "3"] + body + refs + [head, "4"] + figure + caption + [head, "5"]
    start = 2 * len(body) + 4  # the first entry's line
    assert spans(lines) == [(start, start), (start + 1, start + 1), (start + 2, start + 2)]


def test_numbered_references_at_each_pages_foot_go_on_after_the_body_text() -> None:
    # a letters journal: the numbered references sit at the foot of each page, under the body
    # text, with no heading; the list goes on with the next number a page's text later
    prose = [f"The equilibrium constant measured at {k} degrees was close to the value that the heats"
             for k in range(30)]
    page1 = ["(1) Okafor, C. N.; Lindgren, P. J. Am. Chem. Soc. 1995, 117, 4412.",
             "(2) Varga, T.; Mendes, R. Tetrahedron Lett. 1987, 28, 902.",
             "(3) Haddad, S.; Kim, J.; Brandt, E. J. Org. Chem. 1991, 56, 130."]
    page2 = ["(4) Castillo, M.; Dorsey, F. Can. J. Chem. 1988, 66, 2673.",
             "(5) Eklund, R. In Solvent Effects; Fischer, G., Ed.; Wiley: New York, 1994; p 229."]
    lines = prose + page1 + prose + page2
    n = len(prose)
    assert spans(lines) == [(n + 1, n + 1), (n + 2, n + 2), (n + 3, n + 3),
                            (2 * n + 4, 2 * n + 4), (2 * n + 5, 2 * n + 5)]


def test_list_numbers_in_a_column_of_their_own_open_their_entries() -> None:
    # an OCR'd or column-set list: each number alone, a blank line, then its entry's text;
    # the number opens the entry (and the last entry is not lost)
    works = ["Kannel WB, Wolf PA, Levy D. Prevalence of atrial fibrillation. Am J Cardiol",
             "1998;82:2N–9N.",
             "Go AS, Hylek EM, Chang Y. Prevalence of diagnosed atrial fibrillation in adults.",
             "JAMA 2001;285:2370–5.",
             "Lowres N, Neubeck L, Freedman SB. Screening to identify unknown atrial",
             "fibrillation. Thromb Haemost 2013;110:213–22.",
             "Freedman B, Camm J, Calkins H. Screening for atrial fibrillation. Circulation",
             "2017;135:1851–67."]
    for form in ("{}.", "[{}]", "({})"):
        lines = ["The cohort was followed for a median of 4.2 years.", "", "References", ""]
        want = []
        for k in range(4):
            want.append((len(lines) + 1, len(lines) + 4))
            lines += [form.format(k + 1), "", works[2 * k], works[2 * k + 1], ""]
        assert spans(lines) == want, form
    # a page's numbers alone on their lines do not join the text after them
    body = ["A line of the body text that goes on about the cohort and its follow-up."] * 3
    lines = body + ["", "12", ""] + body + ["", "13", ""] + body
    assert spans(lines) == []


def test_title_page_matter_is_not_a_headless_list() -> None:
    # a journal's first page: authors in capitals, affiliations, the dates, the article's own
    # citation before each abstract; the paper's body goes on for pages after it
    front = [
        "Régiosélectivité de l'addition radicalaire sur les purines",
        "",
        "MARIE DUVAL, PAUL MOREAU ET LUC BERNARD",
        "Laboratoire de chimie physique, Université Paris-Sud, 91405 Orsay, France",
        "Received March 12, 1991; accepted June 3, 1991",
        "MARIE DUVAL, PAUL MOREAU et LUC BERNARD. Can. J. Chem. 70, 112 (1992).",
        "La réactivité des radicaux hydroxyle avec les purines a été étudiée en solution aqueuse.",
        "MARIE DUVAL, PAUL MOREAU, and LUC BERNARD. Can. J. Chem. 70, 112 (1992).",
        "The reactivity of hydroxyl radicals with purines was studied in aqueous solution.",
    ]
    body = []
    for k in range(25):  # paragraphs of the body, a blank line between them
        body += ["", "Les solutions aqueuses ont été irradiées dans les conditions décrites plus"]
        body += ["haut, et les produits de la réaction ont été séparés puis identifiés par"] * 6
        body += [f"chromatographie, comme dans les travaux antérieurs ({k % 3 + 1})."]
    body.append("")
    refs = ["Références", "1. A. SMITH. J. Phys. Chem. 85, 112 (1981).",
            "2. B. JONES et C. LEE. J. Am. Chem. Soc. 103, 44 (1981).",
            "3. D. KIM. Radiat. Res. 90, 1 (1982)."]
    lines = front + body + refs
    n = len(front) + len(body) + 1
    assert spans(lines) == [(n + 1, n + 1), (n + 2, n + 2), (n + 3, n + 3)]
    # a file that is only a reference list, with no heading, is still one
    assert spans(front[5:6] + front[7:8] + refs[1:]) == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]


def test_label_keys_with_a_spaced_plus_and_their_bracket_lost() -> None:
    # "[BMG+94]" as a PDF spaced it, its "[" lost in extraction: "BMG + 94] Berson S., …"
    lines = ["References",
             "BMG + 94] Berson S., Muntz R., Ghandeharizadeh S. Staggered striping in multimedia",
             "information systems. SIGMOD Record, Vol. 23, Number 2, pp. 79-90, June 1994.",
             "Mou96] Antoine Mourad. Doubly-striped disk mirroring: reliable storage for video",
             "servers. Multimedia Tools and Applications 2, 273-297 (1996).",
             "TDM + 95] Renu Tewari, Dan Dias, Rajat Mukherjee, and Harrick Vin. High availability",
             "in clustered video servers. IBM Research Report RC-20108, June 1995.",
             "[BKV + 81] M. Blum, R. M. Karp, O. Vornberger, C. H. Papadimitriou, and M. Yannakakis.",
             "The complexity of testing whether a graph is a superconcentrator. IPL 13:164-167, 1981."]
    assert spans(lines) == [(2, 3), (4, 5), (6, 7), (8, 9)]


def test_superscript_numbers_read_as_marks_open_entries() -> None:
    # an AIP list with superscript numbers that OCR read as quotes or glued to the first
    # initial ("'T. Arima", "4Z. Z. Sheng"); an author list that wraps after "and B." goes on
    lines = ["dent since they are separated by fluorite blocks.",
             "'Y. Tokura, T. Arima, H. Takagi, S. Uchida, T. Ishigaki, H. Asano, R.",
             "Beyers, A. I. Nazzal, P. Lacorre, and J. B. Torrance, Nature (London)",
             "342, 890 (1989).",
             "'T. Arima, Y. Tokura, H. Takagi, S. Uchida, R. Beyers, and J. B. Tor-",
             "rance, Physica C 168, 79 (1990).",
             "'C. Martin, D. Bourgault, M. Hervieu, C. Michel, J. Provost, and B.",
             "Raveau, Mod. Phys. Lett. B 3, 933 (1989).",
             "4Z. Z. Sheng, A. M. Hermann, D. C. Vier, S. Schultz, S. B. Oseroff, D.",
             "J. George, and R. M. Hazen, Phys. Rev. B 38, 7074 (1988)."]
    assert spans(lines) == [(2, 4), (5, 6), (7, 8), (9, 10)]


def test_digits_under_a_link_are_not_a_figure_tick() -> None:
    # a DOI wrapped before its last digits: "…/10.1080/10696" / "2016.1089763" goes on the entry
    lines = ["References",
             "Albinsson, P. A., Perera, B. Y., & Sautter, P. T. (2016). DART scale development.",
             "Journal of Marketing Theory and Practice, 24(1), 42-58. https://doi.org/10.1080/10696679.",
             "2016.1089763",
             "Amegbe, H., Hanu, C., & Zungu, N. P. (2023). The dynamics of customer value.",
             "Cogent Business & Management, 10(3), 2272382."]
    assert spans(lines) == [(2, 4), (5, 6)]
