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
from citecheck.footnotes import find_markers
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
