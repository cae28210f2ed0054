"""Compound references: one numbered entry citing several works is one entry per work.

Every list here is made up for these tests (invented authors, journals' usual
abbreviations, invented volumes and pages), in the styles that print compound
references: physics ("; " between works, a work starting mid-line or on the
next line), the same authors again with only a journal, IOP (a work a line),
a lettered chemistry list ("(a) … (b) …"), ". " after a closing bracket. Then
the look-alikes that must stay whole.
"""

from __future__ import annotations

from citecheck.citations import cite_number, numbered_citations
from citecheck.locate import entry_labels, locate
from citecheck.models import CleanText, Document
from citecheck.pipeline import check_sync
from citecheck.render.summary import part_tag


def works(text: str) -> list[tuple[int, int, str | None, int | None, str]]:
    """(line, line_end, label, part, text) of each entry the finder gives."""
    bib = locate(CleanText(lines=text.split("\n")))
    return [(e.line, e.line_end, e.label, e.part, e.text) for e in bib.entries]


def doc(text: str) -> Document:
    return Document(path="doc.txt", kind="text", encoding="utf-8", lines=text.split("\n"))


# --------------------------------------------------------------------------- splitting


def test_physics_semicolons_mid_line_and_across_lines() -> None:
    found = works(
        "References\n"
        "[1] P. Ahlgren, Phys. Rev. D 30, 411 (1984).\n"
        "[2] M. Brandt and O. Castell, Z. Phys. C 52, 77 (1991);\n"
        "E. Dunmore and F. Ekholm, Jr., Phys. Rev. D 44, 2201\n"
        "(1991).\n"
        "[3] G. Falk et al., Phys. Rev. Lett. 91, 182001 (2003); H. Gerber et al., Phys. Rev. D 69, 031102 (2004).\n"
        "[4] I. Halloran, J. Kemp, and L. Lund, Nucl. Phys. B 402, 55\n"
        "(1993); M. Moreau, Phys. Lett. B 311, 9 (1993); N. Norquist, Eur. Phys. J. C 7,\n"
        "151 (1999).\n"
        "[5] O. Pike, Phys. Rev. 180, 1 (1969)."
    )
    assert [(a, b, lab, part) for a, b, lab, part, _ in found] == [
        (2, 2, "[1]", None),
        (3, 3, "[2]", 1), (4, 5, "[2]", 2),
        (6, 6, "[3]", 1), (6, 6, "[3]", 2),  # two works on one line
        (7, 8, "[4]", 1), (8, 8, "[4]", 2), (8, 9, "[4]", 3),  # spans overlap where a work starts mid-line
        (10, 10, "[5]", None),
    ]
    texts = [t for *_, t in found]
    assert texts[1] == "[2] M. Brandt and O. Castell, Z. Phys. C 52, 77 (1991)"  # only its own text
    assert texts[2] == "E. Dunmore and F. Ekholm, Jr., Phys. Rev. D 44, 2201 (1991)."
    assert texts[4] == "H. Gerber et al., Phys. Rev. D 69, 031102 (2004)."
    assert texts[6] == "M. Moreau, Phys. Lett. B 311, 9 (1993)"


def test_the_same_authors_again_with_a_journal_alone() -> None:
    found = works(
        "References\n"
        "[1] R. Quist and S. Rahn, Nucl. Phys. B 611, 312 (2001); Phys. Lett. B 520, 41 (2001).\n"
        "[2] T. Sandoval et al., Phys. Rev. B 77, 201311(R) (2008); ibid 79, 155303 (2009).\n"
        "[3] U. Tamm, Phys. Rev. A 12, 5 (1975)."
    )
    assert [(lab, part, t) for _, _, lab, part, t in found][:4] == [
        ("[1]", 1, "[1] R. Quist and S. Rahn, Nucl. Phys. B 611, 312 (2001)"),
        ("[1]", 2, "Phys. Lett. B 520, 41 (2001)."),
        ("[2]", 1, "[2] T. Sandoval et al., Phys. Rev. B 77, 201311(R) (2008)"),
        ("[2]", 2, "ibid 79, 155303 (2009)."),
    ]


def test_a_work_a_line_iop_and_full_stop_styles() -> None:
    iop = works(
        "References\n"
        "[1] Vint A and Wald B 1990 J. Phys. A: Math. Gen. 23 101\n"
        "[2] Xu C 1993 J. Phys. A: Math. Gen. 26 1200\n"
        "Xu C 1996 Nucl. Phys. B 470 33\n"
        "Xu C and Yates D 2001 J. Math. Phys. 42 4410\n"
        "[3] Zorn E 2004 Phys. Rev. E 70 016101"
    )
    assert [(a, lab, part) for a, _, lab, part, _ in iop] == [
        (2, "[1]", None), (3, "[2]", 1), (4, "[2]", 2), (5, "[2]", 3), (6, "[3]", None)]
    chem = works(
        "Références\n"
        "1. P. ABEL et R. BOIS. Can. J. Chem. 40, 1133 (1962).\n"
        "2. C. CARON et D. DUVAL. J. Org. Chem. 31, 220\n"
        "(1966).\n"
        "E. FAURE, G. GIRARD et H. HUET. Tetrahedron, 25, 4501 (1969).\n"
        "3. I. IMBERT. Bull. Soc. Chim. Fr. 12, 1402 (1971)."
    )
    assert [(a, b, lab, part) for a, b, lab, part, _ in chem] == [
        (2, 2, "1.", None), (3, 4, "2.", 1), (5, 5, "2.", 2), (6, 6, "3.", None)]
    stop = works(
        "References\n"
        "[1] J. Jansen, Phys. Rev. Lett. 16, 1092 (1966). K. Kovac, et al., Gen. Rel. Grav. 18, 971 (1986).\n"
        "[2] L. Lind, Nucl. Phys. B 362 (1991) 641. M. Marsh, N. Nagy, Nucl. Phys. B 388 (1992) 275.\n"
        "[3] O. Olsen, Phys. Lett. B 4, 12 (1963)."
    )
    assert [(lab, part) for _, _, lab, part, _ in stop] == [
        ("[1]", 1), ("[1]", 2), ("[2]", 1), ("[2]", 2), ("[3]", None)]


def test_lettered_works_are_cut_at_their_letters_only() -> None:
    found = works(
        "References\n"
        "[1] a) A. Nowak, T. Berg, J. Org. Chem. 2011, 76, 1001-1010; b) R. Ortiz, S. Pahl,\n"
        "Angew. Chem. Int. Ed. 2012, 51, 1044-1048; Angew. Chem. 2012, 124, 1206-1210; c )U. Quast,\n"
        "Org. Lett. 2013, 15, 33-40.\n"
        "[2] V. Rhee, Chem. Commun. 2014, 50, 3955-3957."
    )
    assert [(a, b, lab, part) for a, b, lab, part, _ in found] == [
        (2, 2, "[1]", 1), (2, 3, "[1]", 2), (3, 4, "[1]", 3), (5, 5, "[2]", None)]
    # a journal's parallel edition stays with its work
    assert found[1][4].startswith("b) R. Ortiz") and "Angew. Chem. 2012, 124" in found[1][4]


# --------------------------------------------------------------------------- look-alikes


def test_look_alikes_stay_whole() -> None:
    found = works(
        "References\n"
        # Vancouver: year;volume(issue):pages
        "1. Lind P, Ortiz R. A study of a thing. Lancet. 2010;376(9747):1234-40.\n"
        "2. Moss K, Nash L. Another study. BMJ. 2011;12(3):45-9; discussion 50.\n"
        # an author list separated by semicolons (ACS)
        "3. Nowak, A.; Berg, T.; Lind, P. J. Am. Chem. Soc. 2001, 123, 4567-4570.\n"
        # pages after a semicolon
        "4. Smith, J. The Book of Things. Oxford: Clarendon Press, 2001, pp. 3; 5.\n"
        # an erratum to the same work
        "5. A. Berg, Phys. Rev. D 41, 142 (1990); 42, 690(E) (1990); Erratum: Phys. Rev. D 43, 5 (1991).\n"
        # a remark, and a work without a year after the semicolon
        "6. C. Dahl, Phys. Rev. D 44, 10 (1991); for a review see Rep. Prog. Phys. 60, 1.\n"
        "7. E. Eng, Phys. Lett. B 300, 1 (1993); F. Falk, private communication.\n"
        # a translation in brackets
        "8. G. Gold, JETP Lett. 25, 510 (1977); [Pisma Zh. Eksp. Teor. Fiz. 25, 544 (1977)]."
    )
    assert [(lab, part) for _, _, lab, part, _ in found] == [(f"{k}.", None) for k in range(1, 9)]


def test_author_year_lists_have_no_parts() -> None:
    found = works(
        "References\n"
        "Abel, A. (2001). A study. Journal of Things, 12, 45-67; Barr, B. (2003). Another. Journal, 3, 4.\n"
        "Cole, C. (2005). A third study. Journal of Things, 14, 1-9."
    )
    assert all(part is None and lab is None for _, _, lab, part, _ in found)


# --------------------------------------------------------------------------- list checks


def test_the_works_of_one_number_are_one_number() -> None:
    text = (
        "References\n"
        "[1] P. Ahlgren, Phys. Rev. D 30, 411 (1984).\n"
        "[2] M. Brandt, Z. Phys. C 52, 77 (1991); E. Dunmore, Phys. Rev. D 44, 2201 (1991).\n"
        "[3] G. Falk, Phys. Rev. Lett. 91, 182001 (2003).\n"
        "[5] H. Gerber, Phys. Rev. D 69, 031102 (2004); I. Holm, Phys. Rev. D 70, 5 (2004)."
    )
    bib = locate(CleanText(lines=text.split("\n")))
    assert entry_labels(bib.entries) == [1, 2, 2, 3, 5, 5]
    # no "[2] follows [2]": only the number missing between [3] and [5] is reported
    assert [(a.kind, a.line) for a in bib.anomalies] == [("gap", 5)]


# --------------------------------------------------------------------------- citations


def test_a_number_cites_every_work_of_its_entry() -> None:
    cites = numbered_citations(["As shown in [2] and [1, 3]."], set(), {1: "a", 2: ["b1", "b2"], 3: "c"}, 3)
    assert [(c.number, c.cites, c.status) for c in cites] == [
        (2, "b1", "linked"), (2, "b2", "linked"), (1, "a", "linked"), (3, "c", "linked")]
    assert [c.cites for c in cite_number(4, "[9]", 9, {1: ["a"]}, 3)] == [None]


COMPOUND_DOC = (
    "Decays of heavy quarks\n"
    "\n"
    "The rates were computed long ago [1] and again more recently [2].\n"
    "The form factors [3] agree with the data of [4].\n"
    "\n"
    "References\n"
    "[1] P. Ahlgren, Phys. Rev. D 30, 411 (1984).\n"
    "[2] M. Brandt and O. Castell, Z. Phys. C 52, 77 (1991);\n"
    "E. Dunmore and F. Ekholm, Phys. Rev. D 44, 2201\n"
    "(1991).\n"
    "[3] R. Quist and S. Rahn, Nucl. Phys. B 611, 312 (2001); Phys. Lett. B 520, 41 (2001).\n"
    "[4] U. Tamm, Phys. Rev. A 12, 5 (1975).\n"
)


def test_report_links_a_citation_to_both_works() -> None:
    report = check_sync(doc(COMPOUND_DOC)).report
    entries = report.entries
    assert [(e.line, e.line_end, e.label, e.part) for e in entries] == [
        (7, 7, "[1]", None), (8, 8, "[2]", 1), (9, 10, "[2]", 2),
        (11, 11, "[3]", 1), (11, 11, "[3]", 2), (12, 12, "[4]", None)]
    keys = [e.key for e in entries]
    assert len(set(keys)) == len(keys)  # the two works of [3] by the same authors, same year
    # the work printed without its authors has its previous work's
    assert entries[4].fields["author"] == entries[3].fields["author"] == ["Quist, R.", "Rahn, S."]
    fn = report.footnotes
    assert fn.style == "numbered"
    linked = {(c.line, c.cites) for c in fn.citations if c.status == "linked"}
    assert {(3, keys[1]), (3, keys[2]), (4, keys[3]), (4, keys[4])} <= linked
    assert fn.uncited_entries == []
    # one marker per printed number, not one per work
    assert [m.number for s in fn.sections for m in s.markers] == [1, 2, 3, 4]
    assert [part_tag(e) for e in entries] == ["", "[2a]", "[2b]", "[3a]", "[3b]", ""]


def test_renderers_show_the_works_under_their_number() -> None:
    from citecheck.render.text import render

    shown = render(check_sync(doc(COMPOUND_DOC)).report)
    assert "[2a] brandt1991" in shown and "[2b] dunmore1991" in shown


def test_a_place_after_a_semicolon_is_no_new_work() -> None:
    """Invented entries in the NLM, Chicago-notes and IEEE styles: the place of a conference or a
    publisher after ";" ("; Leeds, UK.", "; Berkeley, CA: …"), or a ";" inside brackets, is no new work."""
    found = works(
        "References\n"
        "1. Abel P, Bord Q, editors. Things IV. Proceedings of the 4th Thing Conference; 2003 Sep 1-3;"
        " Leeds, UK. New York: Springer; 2004.\n"
        "2. Cole R. A thing. In: Dent S, editors. Proceedings of the 9th Meeting; 2002 Apr 3-5;"
        " Kinsdale, Ireland. Berlin: Springer; 2002. p. 182-91.\n"
        "3. Max Eber, Things and Society (Tübingen, 1922; Berkeley, CA: Old Press, 1978), 212.\n"
        "4. John Fell, The War (London: Macmillan, 1890; Reprint, New York: Dover, 1965), 45.\n"
        "5. Alan Gray, My Thoughts, vol. 2 (London: Chatto, 1924), 45; Berkeley, University of"
        " California Press, 1982.\n"
        "6. J. Hart, \"Fast nets,\" presented at the Annual Meeting, Boston, MA, USA, Jun. 2019;"
        " Chicago, IL, USA, Jul. 2020.\n"
        "7. J. Iver, \"Slow nets,\" in Proc. Conf. Learning (CL 2019; Long Beach, CA, USA), 2019, pp. 1-5.\n"
        # a genuine second work after the place of the first
        "8. E. H. Jarr, The Revolution, vol. 1 (London: Macmillan, 1950), 12; Isaac Kell, The Prophet"
        " Armed (Oxford: Oxford University Press, 1954), 33."
    )
    assert [(lab, part) for _, _, lab, part, _ in found] == [
        *[(f"{k}.", None) for k in range(1, 8)], ("8.", 1), ("8.", 2)]


def test_an_ibid_work_in_a_reference_list_is_a_work() -> None:
    """"…; ibid 79, 155303 (2009)." in a numbered list is a second work by the same authors in the
    same journal (invented); only a note that is "Ibid." alone repeats another note."""
    report = check_sync(doc(
        "Cites [1], [2] and [3].\n"
        "\n"
        "References\n"
        "[1] V. Aalto, Phys. Rev. D 41, 142 (1990).\n"
        "[2] W. Birk and X. Cato, Phys. Rev. B 77, 201311(R) (2008); ibid. 79, 155303 (2009);"
        " Y. Dorn, Phys. Lett. B 400, 12 (1997).\n"
        "[3] Z. Eck, Phys. Rev. A 12, 5 (1975)."
    )).report
    entries = report.entries
    assert [(e.label, e.part) for e in entries] == [
        ("[1]", None), ("[2]", 1), ("[2]", 2), ("[2]", 3), ("[3]", None)]
    assert entries[2].fields["author"] == entries[1].fields["author"]
    assert entries[2].fields["journal"] == entries[1].fields["journal"]
    assert entries[2].fields["volume"] == "79"


def test_flattened_numbers_count_list_numbers_not_works() -> None:
    """Numbers printed as flattened superscripts ("true.3") are a sample; whether to name the uncited
    is judged by list numbers: a compound [10] of three works is one uncited number, as a single one is."""
    body = " ".join(f"Claim number {k} is true.{k}" for k in range(1, 10))
    entries = "\n".join(f"{k}. A. Aut{chr(96 + k)}, Phys. Rev. D {40 + k}, {100 + k} ({1990 + k})." for k in range(1, 10))
    tail = ("10. T. C. Kraan, Nucl. Phys. B533, 627 (1998); K. Lee, Phys. Lett. B 435, 389 (1998);"
            " J. Smith, Phys. Rev. D 41, 142 (1990).")
    fn = check_sync(doc(f"{body}\n\nReferences\n\n{entries}\n{tail}")).report.footnotes
    assert fn.style == "numbered"
    assert fn.uncited_entries == ["kraan1998", "lee1998", "smith1990"]


def test_label_key_message_counts_keys_not_works() -> None:
    fn = check_sync(doc(
        "As shown in [Kra98] and [Smi90, Jon90].\n\nReferences\n\n"
        "[Kra98] T. C. Kraan and P. van Baal, Nucl. Phys. B533, 627 (1998); Phys. Lett. B 435, 389 (1998).\n"
        "[Smi90] A. Smith, Phys. Rev. D 41, 142 (1990).\n"
        "[Jon90] B. Jones, Phys. Rev. D 42, 142 (1990).\n"
        "[Lee91] C. Lee, Phys. Rev. D 43, 142 (1991).")).report.footnotes
    assert fn.style == "label"
    assert "3 of 3 cited keys" in (fn.message or "")
    assert fn.uncited_entries == ["lee1991"]
