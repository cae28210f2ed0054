"""A printed list is judged by its own style: APA 7 and MLA 9 print no place of publication."""

from __future__ import annotations

from pathlib import Path

from citecheck.completeness import left_out_by_style
from citecheck.models import Fields, Name


def _book(address: str | None = None) -> tuple[str, Fields]:
    return "book", Fields(author=[Name(family="Adams", given="J.")], title="A Book",
                          publisher="Routledge", address=address, year="2019")


def test_a_list_that_gives_no_places_follows_a_style_that_omits_them() -> None:
    assert left_out_by_style([_book(), _book(), _book(), _book()]) == {"book": {"address"}}
    # one place in five is still a list without places (a stray one copied from elsewhere)
    assert left_out_by_style([_book("London")] + [_book()] * 4) == {"book": {"address"}}


def test_a_list_that_gives_places_keeps_asking_for_them() -> None:
    assert left_out_by_style([_book("London"), _book("Oxford"), _book()]) == {}
    assert left_out_by_style([_book(), _book()]) == {}  # two books tell nothing of the style


APA7 = """Rot and repair in scholarly references

Links decay (Adams, 2019; Baker, 2020). Editors repair them (Clark, 2018) and
archives keep copies (Evans, 2021).

References

Adams, J. (2019). The decay of links. Routledge.
Baker, L. (2020). Archives and memory. Oxford University Press.
Clark, P. (2018). Editing references. Palgrave Macmillan.
Evans, R. (2021). Keeping the web. MIT Press.
"""


def test_an_apa7_list_is_not_reported_incomplete_for_its_places(tmp_path: Path) -> None:
    from citecheck.config import Settings
    from citecheck.ingest import read_document
    from citecheck.pipeline import analyse

    doc = tmp_path / "apa7.txt"
    doc.write_text(APA7, encoding="utf-8")
    notices: list = []
    _, _, refs = analyse(read_document(doc), Settings(cache_dir=tmp_path / "c"), notices)
    assert len(refs) == 4 and all(r.missing == [] for r in refs)
    assert [n.code for n in notices] == ["style-omits"]
    # the same list with places, one left out: that one is incomplete
    with_places = APA7.replace("Routledge.", "London: Routledge.").replace(
        "Oxford University Press.", "Oxford: Oxford University Press.").replace(
        "Palgrave Macmillan.", "Basingstoke: Palgrave Macmillan.")
    doc.write_text(with_places, encoding="utf-8")
    notices = []
    _, _, refs = analyse(read_document(doc), Settings(cache_dir=tmp_path / "c"), notices)
    assert [r.missing for r in refs] == [[], [], [], ["address"]]
    assert notices == []


def test_a_bib_file_is_data_not_a_style_and_keeps_asking(tmp_path: Path) -> None:
    from citecheck.config import Settings
    from citecheck.ingest import read_document
    from citecheck.pipeline import analyse

    bib = tmp_path / "refs.bib"
    bib.write_text("".join(
        f"@book{{b{i}, author = {{Adams, J.}}, title = {{Book {i}}}, publisher = {{Routledge}},"
        f" year = {{2019}}}}\n" for i in range(4)), encoding="utf-8")
    _, _, refs = analyse(read_document(bib), Settings(cache_dir=tmp_path / "c"), [])
    assert [r.missing for r in refs] == [["address"]] * 4
