"""CSL-JSON and RIS exports: mapping tables, names, dates, and a real consumer of each.

RIS is read back with rispy (the library that writes it); CSL-JSON is fed to
citeproc-py, which renders it as a bibliography the way Zotero/Pandoc would.
"""

from __future__ import annotations

import json
from typing import get_args

import pytest
import rispy

from citecheck.formats import (
    CSL_TYPES,
    RIS_LIST_TAGS,
    RIS_MAPPING,
    RIS_TYPES,
    split_name,
    to_csl_json,
    to_ris,
)
from citecheck.models import Entry, EntryType


def entry(type_: EntryType = "misc", key: str = "k", **fields: str | list[str]) -> Entry:
    return Entry(raw="raw text", line=3, line_end=4, type=type_, key=key, fields=fields)


ARTICLE = entry(
    "article",
    "avrich1967",
    author=["Avrich, Paul", "others"],
    title="The Anarchists in the Russian Revolution",
    journal="Russian Review",
    volume="26",
    number="4",
    pages="341--350",
    year="1967",
    month="oct",
    doi="10.2307/126817",
)
CHAPTER = entry(
    "incollection",
    "goldman1923",
    author=["Goldman, Emma"],
    editor=["Berkman, Alexander", "Shatz, Marshall S."],
    title="Afterword",
    booktitle="My Disillusionment in Russia",
    publisher="Doubleday",
    address="New York",
    pages="101",
    year="1923",
    isbn="978-0-486-43270-3",
)
WEBPAGE = entry(
    "online",
    "anarcho2002",
    author=["Anarcho"],
    title="Anti-Capitalism or State-Capitalism?",
    url="http://www.anarchism.ws/writers/anarcho/anticapPAM/antiorstate.html",
    urldate="2024-03-01",
    year="2002",
)
REPORT = entry("techreport", "r1", author=["Smith, Jr, John"], title="T", number="TR-7", year="c. 1990")


@pytest.mark.parametrize("type_", get_args(EntryType))
def test_every_entry_type_has_a_csl_and_ris_type(type_: EntryType) -> None:
    assert type_ in CSL_TYPES and type_ in RIS_TYPES


@pytest.mark.parametrize(
    ("type_", "csl"),
    [
        ("article", "article-journal"),
        ("book", "book"),
        ("incollection", "chapter"),
        ("inproceedings", "paper-conference"),
        ("online", "webpage"),
        ("phdthesis", "thesis"),
        ("techreport", "report"),
    ],
)
def test_csl_type_mapping(type_: EntryType, csl: str) -> None:
    [item] = json.loads(to_csl_json([entry(type_, title="T")]))
    assert item["type"] == csl


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Avrich, Paul", {"family": "Avrich", "given": "Paul"}),
        ("Smith, Jr, John", {"family": "Smith", "suffix": "Jr", "given": "John"}),
        ("Anarcho", {"literal": "Anarcho"}),
        # BibTeX's von part (lower-case words before the last name) is CSL's particle
        ("de la Cruz, Ana", {"non-dropping-particle": "de la", "family": "Cruz", "given": "Ana"}),
        ("{de la Cruz}, Ana", {"family": "de la Cruz", "given": "Ana"}),  # braced: one name
    ],
)
def test_split_name(name: str, expected: dict[str, str]) -> None:
    assert split_name(name) == expected


def test_csl_article_fields() -> None:
    [item] = json.loads(to_csl_json([ARTICLE]))
    assert item == {
        "id": "avrich1967",
        "type": "article-journal",
        # "others" (et al.) is the literal name pandoc writes for BibTeX's "and others" and
        # citeproc prints as "et al." (CSL itself has no et-al mark in the data)
        "author": [{"family": "Avrich", "given": "Paul"}, {"literal": "others"}],
        "title": "The Anarchists in the Russian Revolution",
        "container-title": "Russian Review",
        "volume": "26",
        "issue": "4",
        "page": "341-350",
        "DOI": "10.2307/126817",
        "issued": {"date-parts": [[1967, 10]]},
    }


def test_csl_chapter_and_webpage_fields() -> None:
    chapter, web, report = json.loads(to_csl_json([CHAPTER, WEBPAGE, REPORT]))
    assert chapter["container-title"] == "My Disillusionment in Russia"
    assert chapter["editor"][1] == {"family": "Shatz", "given": "Marshall S."}
    assert (chapter["publisher"], chapter["publisher-place"]) == ("Doubleday", "New York")
    assert chapter["ISBN"] == "978-0-486-43270-3"
    assert web["URL"].startswith("http://www.anarchism.ws/")
    assert web["accessed"] == {"date-parts": [[2024, 3, 1]]}
    assert web["author"] == [{"literal": "Anarcho"}]
    # a year that is not a plain number is not guessed at: 'c. 1990' is CSL's circa
    assert report["issued"] == {"date-parts": [[1990]], "circa": True}
    assert report["number"] == "TR-7" and "issue" not in report


def test_csl_json_is_readable_by_citeproc() -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    items = json.loads(to_csl_json([ARTICLE, CHAPTER, WEBPAGE]))
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), citeproc.formatter.plain)
    for item in items:
        bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    text = "\n".join(str(line) for line in bib.bibliography())
    # the "others" literal (pandoc's et al.) is a name to citeproc-py: printed as "and others"
    assert "Avrich, P. and others (1967)" in text
    assert "Russian Review, 26(4), pp. 341–350" in text
    assert "My Disillusionment in Russia" in text


def test_ris_round_trip_through_rispy() -> None:
    text = to_ris([ARTICLE, CHAPTER, WEBPAGE])
    assert text.startswith("TY  - JOUR\n")
    assert text.count("ER  - ") == 3
    article, chapter, web = rispy.loads(text, mapping=RIS_MAPPING, list_tags=RIS_LIST_TAGS)
    assert article == {
        "type_of_reference": "JOUR",
        "authors": ["Avrich, Paul"],
        "title": "The Anarchists in the Russian Revolution",
        "journal_name": "Russian Review",
        "volume": "26",
        "number": "4",
        "start_page": "341",
        "end_page": "350",
        "year": "1967",
        "date": "1967/10//",  # the month (oct) in RIS's DA
        "doi": "10.2307/126817",
    }
    assert chapter["type_of_reference"] == "CHAP"
    assert chapter["editors"] == ["Berkman, Alexander", "Shatz, Marshall S."]
    assert chapter["secondary_title"] == "My Disillusionment in Russia"
    assert (chapter["start_page"], chapter.get("end_page")) == ("101", None)
    assert (chapter["publisher"], chapter["place_published"]) == ("Doubleday", "New York")
    assert chapter["issn"] == "978-0-486-43270-3"  # SN carries the ISBN
    assert web["type_of_reference"] == "ELEC"
    assert web["urls"] == [WEBPAGE.fields["url"]]
    assert web["access_date"] == "2024/03/01/"  # Y2 in RIS's date form


def test_ris_has_no_counter_lines() -> None:
    lines = [ln for ln in to_ris([ARTICLE, CHAPTER]).splitlines() if ln]
    assert all(ln[:2].isupper() and ln[2:6] == "  - " for ln in lines)


def test_empty_inputs() -> None:
    assert json.loads(to_csl_json([])) == []
    assert rispy.loads(to_ris([])) == []
