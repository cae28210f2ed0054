"""OpenAlex client: Reference -> [Candidate].

Requests, as documented at developers.openalex.org:

* ``GET /works?filter=title.search:<title>[,publication_year:<y-1>-<y+1>]&per_page=5&api_key=…``
  — a title filter rather than ``search=``: ``search`` runs over abstracts and
  full text too, and is billed as a search (1,000/day on a free key);
* ``GET /works/doi:<doi>?api_key=…`` for a DOI (singletons are free).

OpenAlex has required a (free) API key since 13 Feb 2026; without
``settings.openalex_key`` the resolver is not used at all (resolve.py says so
once). ``relevance_score`` is kept as ``raw_score`` and never thresholded.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from ..models import Reference
from ..models import Candidate
from ..text import clean_doi, name_from_display, strip_markup
from .base import (Object, ObjectOrEmpty, Objects, Payload, Reader, Records, Resolver, SearchLog,
                   Text, year)

PER_PAGE = 5

# OpenAlex treats ',' (next filter) and ':' (value) specially inside filter values.
_FILTER_UNSAFE = re.compile(r"[,:|!<>]+")


def search_params(ref: Reference, api_key: str | None) -> dict[str, str] | None:
    """Query parameters for a title filter search; None when the entry has no title."""
    title = ref.fields.title
    if not title:
        return None
    filters = [f"title.search:{' '.join(_FILTER_UNSAFE.sub(' ', title).split())}"]
    params = {"filter": ",".join(filters), "per_page": str(PER_PAGE)}
    if api_key:
        params["api_key"] = api_key
    return params


def _openalex_id(url: str | None) -> str:
    return (url or "").rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- the payload


class Biblio(Payload):
    volume: Text = ""
    issue: Text = ""
    first_page: Text = ""
    last_page: Text = ""


class Source(Payload):
    display_name: Text = ""
    host_organization_name: Text = ""


class Location(Payload):
    source: Annotated[Source, Object] = Source()


class Author(Payload):
    display_name: Text = ""


class Authorship(Payload):
    author: Annotated[Author, ObjectOrEmpty] = Author()  # null or another kind: no name


class Work(Payload):
    id: Text = ""
    doi: Text = ""
    title: Text = ""
    display_name: Text = ""
    publication_year: Text = ""
    biblio: Annotated[Biblio, Object] = Biblio()
    primary_location: Annotated[Location, Object] = Location()
    authorships: Annotated[list[Authorship], Objects] = []
    relevance_score: Text = ""
    type_crossref: Text = ""
    type: Text = ""
    language: Text = ""


class WorkList(Payload):
    results: Annotated[list[Work], Records] = []


def parse_response(body: Any) -> list[Work]:
    """A /works list or a single work, validated (a single work without an id: none)."""
    if isinstance(body, dict) and "results" in body:
        return WorkList.model_validate(body).results
    work = Work.model_validate(body)
    return [work] if work.id else []


def parse_single(body: Any) -> Work | None:
    """A /works/doi:… answer, validated (an empty one: no record)."""
    return Work.model_validate(body) if body else None


# --------------------------------------------------------------------------- the mapping


def build_work(work: Work) -> Candidate:
    """One validated OpenAlex work -> Candidate."""
    biblio = work.biblio
    first, last = biblio.first_page or None, biblio.last_page or None
    pages = f"{first}-{last}" if first and last and first != last else first
    source = work.primary_location.source
    doi = clean_doi(work.doi)
    wid = _openalex_id(work.id)
    ids = {"openalex": wid}
    if doi:
        ids["doi"] = doi
    published = year(work.publication_year)
    # OpenAlex titles sometimes keep the source's trailing full stop.
    # (and, like Crossref's, tags and entities: '<i>E. coli</i>', 'CO<sub>2</sub>', '&amp;')
    title = strip_markup(work.title or work.display_name).rstrip(". ")
    publisher = source.host_organization_name or None
    authors = [name_from_display(a.author.display_name) for a in work.authorships
               if a.author.display_name]
    try:
        score = float(work.relevance_score) if work.relevance_score else None
    except ValueError:
        score = None
    return Candidate(
        source="openalex",
        id=wid,
        title=title,
        authors=authors,
        year=published,
        years=[published] if published else [],
        container=source.display_name or None,
        volume=biblio.volume or None,
        issue=biblio.issue or None,
        pages=pages,
        publisher=publisher,
        publishers=[publisher] if publisher else [],
        doi=doi,
        ids=ids,
        kind=work.type_crossref or work.type or None,
        language=work.language or None,
        url=work.id or None,
        raw_score=score,
    )


# One OpenAlex work (JSON) -> Candidate.
map_work: Reader[Any, Candidate] = Reader(Work.model_validate, build_work)
# A /works list or a single work (JSON) -> Candidates.
map_response: Reader[Any, list[Candidate]] = Reader(
    parse_response, lambda works: [build_work(w) for w in works])
map_single: Reader[Any, Candidate | None] = Reader(
    parse_single, lambda work: build_work(work) if work is not None else None)


class OpenAlexResolver(Resolver):
    """OpenAlex: articles and (DOI-registered) books. Needs settings.openalex_key."""

    service = "openalex"
    label = "OpenAlex"

    async def search(self, ref: Reference, log: SearchLog | None = None) -> list[Candidate]:
        url = f"{self.settings.openalex_url}/works"
        return await self.doi_first(ref, url, search_params(ref, self.settings.openalex_key),
                                    map_response, log, "title")

    async def lookup(self, id: str) -> Candidate | None:
        doi = clean_doi(id)
        if not doi:
            return None
        params = {"api_key": self.settings.openalex_key} if self.settings.openalex_key else None
        return await self.get_json(
            f"{self.settings.openalex_url}/works/doi:{quote(doi, safe='/:')}",
            params,
            missing_ok=True,
            mapper=map_single,
        )
