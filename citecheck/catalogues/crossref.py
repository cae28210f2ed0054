"""Crossref REST API client: Reference -> [Candidate].

Requests, as documented at https://api.crossref.org (swagger) and in
CrossRef/rest-api-doc:

* ``GET /works?query.bibliographic=…&query.author=…&filter=type:…&select=…&rows=5``
  — ``query.bibliographic`` is the field Crossref built for matching citations
  (it is what search.crossref.org uses); ``select`` trims the payload and must
  name ``score`` for the score to come back.
* ``GET /works/{doi}`` for an entry that already carries a DOI.
* ``mailto=`` puts us in the polite pool (3 list requests/s, 10 singletons/s
  since Dec 2025); the pacing itself is the HTTP layer's job (service
  ``crossref``).

The Crossref ``score`` is an unscaled Lucene score; it is kept on the
Candidate for the record and never used as a threshold.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from pydantic import Field

from ..models import Name, Reference
from ..models import Candidate
from ..text import clean_doi, isbn13, strip_markup
from .base import (Object, Objects, Payload, Reader, Records, Resolver, SearchLog, Text, Texts,
                   year)

# Fields the matcher and the enrichment use; nothing else is downloaded.
SELECT = (
    "DOI,title,subtitle,author,editor,issued,container-title,volume,issue,page,"
    "publisher,publisher-location,ISBN,type,score"
)
ROWS = 5

# BibTeX entry type -> Crossref work types worth asking for (filter=type:…).
TYPE_FILTERS: dict[str, tuple[str, ...]] = {
    "article": ("journal-article",),
    "incollection": ("book-chapter", "book-part", "book-section"),
    "inbook": ("book-chapter", "book-part", "book-section"),
    "inproceedings": ("proceedings-article",),
    "book": ("book", "monograph", "edited-book", "reference-book"),
}


def bibliographic_query(ref: Reference) -> str:
    """The citation as one line: title, container, year, volume, pages, publisher.

    Authors go in ``query.author`` instead, so a wrong author list can't drown
    the title. Falls back to the raw entry text when the parse found no title.
    """
    f = ref.fields
    if not f.title:
        return " ".join(ref.raw.split())
    parts = [f.title, f.journal or f.booktitle, f.year, f.volume, f.pages, f.publisher]
    return " ".join(p for p in parts if p)


def search_params(ref: Reference, mailto: str | None) -> dict[str, str]:
    """Query parameters of the /works search for one reference."""
    params: dict[str, str] = {"query.bibliographic": bibliographic_query(ref)}
    people = ref.fields.author or ref.fields.editor
    if people:
        params["query.author"] = " ".join(n.family for n in people[:3])
    types = TYPE_FILTERS.get(ref.type)
    if types:
        params["filter"] = ",".join(f"type:{t}" for t in types)
    params["select"] = SELECT
    params["rows"] = str(ROWS)
    if mailto:
        params["mailto"] = mailto
    return params


# --------------------------------------------------------------------------- the payload


class Person(Payload):
    family: Text = ""
    given: Text = ""
    name: Text = ""  # an organisation


class Dated(Payload):
    date_parts: Text = Field("", alias="date-parts")  # [[2019, 5, 1]]: its first number


class Work(Payload):
    """One work (a ``message`` of type ``work``, or an ``items[]`` entry)."""

    DOI: Text = ""
    ISBN: Texts = []
    title: Text = ""
    subtitle: Text = ""
    author: Annotated[list[Person], Objects] = []
    editor: Annotated[list[Person], Objects] = []
    issued: Annotated[Dated, Object] = Dated()
    published_print: Annotated[Dated, Object] = Field(Dated(), alias="published-print")
    published_online: Annotated[Dated, Object] = Field(Dated(), alias="published-online")
    published: Annotated[Dated, Object] = Dated()
    container_title: Text = Field("", alias="container-title")
    volume: Text = ""
    issue: Text = ""
    page: Text = ""
    article_number: Text = Field("", alias="article-number")
    publisher: Texts = []
    publisher_location: Text = Field("", alias="publisher-location")
    type: Text = ""
    score: Text = ""


class Envelope(Payload):
    message_type: Text = Field("", alias="message-type")
    message: Annotated[dict[str, Any], Object] = {}


class WorkList(Payload):
    items: Annotated[list[Work], Records] = []


def parse_response(body: Any) -> list[Work]:
    """A /works (list) or /works/{doi} (single) envelope, validated: its works with a DOI."""
    envelope = Envelope.model_validate(body)
    if envelope.message_type == "work":
        return [Work.model_validate(envelope.message)]
    return [w for w in WorkList.model_validate(envelope.message).items if w.DOI]


# --------------------------------------------------------------------------- the mapping


def _names(people: list[Person]) -> list[Name]:
    out = []
    for p in people:
        if p.family:
            out.append(Name(family=p.family, given=p.given))
        elif p.name:  # organisations
            out.append(Name(family=p.name))
    return out


def _issued_year(work: Work) -> str | None:
    for dated in (work.issued, work.published_print, work.published_online, work.published):
        found = year(dated.date_parts)
        if found:
            return found
    return None


def build_work(work: Work) -> Candidate:
    """One validated Crossref work -> Candidate."""
    doi = clean_doi(work.DOI) or ""
    isbns = [i for i in (isbn13(x) for x in work.ISBN) if i]
    ids = {"doi": doi} if doi else {}
    if isbns:
        ids["isbn"] = isbns[0]
    year = _issued_year(work)
    return Candidate(
        source="crossref",
        id=doi,
        title=strip_markup(work.title),
        subtitle=strip_markup(work.subtitle),
        authors=_names(work.author),
        editors=_names(work.editor),
        year=year,
        years=[year] if year else [],
        container=strip_markup(work.container_title) or None,
        volume=work.volume or None,
        issue=work.issue or None,
        pages=work.page or work.article_number or None,
        publisher=work.publisher[0] if work.publisher else None,
        publishers=work.publisher[:1],
        place=work.publisher_location or None,
        doi=doi or None,
        isbns=sorted(set(isbns)),
        ids=ids,
        kind=work.type or None,
        url=f"https://doi.org/{doi}" if doi else None,
        raw_score=_score(work.score),
    )


def _score(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


# A Crossref work (a ``message`` or an ``items[]`` entry, as JSON) -> Candidate.
map_work: Reader[Any, Candidate] = Reader(Work.model_validate, build_work)
# A /works (list) or /works/{doi} (single) envelope -> Candidates (a ValidationError for an
# answer of another shape).
map_response: Reader[Any, list[Candidate]] = Reader(
    parse_response, lambda works: [build_work(w) for w in works])


class CrossrefResolver(Resolver):
    """Crossref: articles, chapters, anything with a DOI; some books."""

    service = "crossref"
    label = "Crossref"

    async def search(self, ref: Reference, log: SearchLog | None = None) -> list[Candidate]:
        url = f"{self.settings.crossref_url}/works"
        what = "citation and authors" if (ref.fields.author or ref.fields.editor) else "citation"
        return await self.doi_first(ref, url, search_params(ref, self.settings.mailto),
                                    map_response, log, what)

    async def lookup(self, id: str) -> Candidate | None:
        doi = clean_doi(id)
        if not doi:
            return None
        params = {"mailto": self.settings.mailto} if self.settings.mailto else None
        # '/' and ':' stay as they are, as in Crossref's examples and recordings.
        url = f"{self.settings.crossref_url}/works/{quote(doi, safe='/:;()')}"
        found = await self.get_json(url, params, missing_ok=True, mapper=map_response)
        found = found or []
        return found[0] if found else None  # an answer with no work in it is no record
