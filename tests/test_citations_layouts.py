"""Citation linking in layouts met trying citecheck on new documents (ACS, ABNT, Spanish,
Italian, alpha keys with a place in the work).

Every document here is made up for the test (invented text; the works are invented or
real works with invented text around them).
"""

from __future__ import annotations

from pathlib import Path

from citecheck import pipeline
from citecheck.citations import flattened_citations, label_citations
from citecheck.config import RunOptions, Settings

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
