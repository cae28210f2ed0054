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
