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
from typing import Any
from urllib.parse import quote

from ..models import Reference
from ..models import Candidate
from ..text import clean_doi, name_from_display, strip_markup
from .base import Resolver, SearchLog, obj, opt_text, records, text, year

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


def map_work(work: dict[str, Any]) -> Candidate:
    """One OpenAlex work -> Candidate."""
    biblio = obj(work.get("biblio"))
    first, last = opt_text(biblio.get("first_page")), opt_text(biblio.get("last_page"))
    pages = f"{first}-{last}" if first and last and first != last else first
    source = obj(obj(work.get("primary_location")).get("source"))
    doi = clean_doi(text(work.get("doi")))
    wid = _openalex_id(text(work.get("id")))
    ids = {"openalex": wid}
    if doi:
        ids["doi"] = doi
    published = year(work.get("publication_year"))
    # OpenAlex titles sometimes keep the source's trailing full stop.
    # (and, like Crossref's, tags and entities: '<i>E. coli</i>', 'CO<sub>2</sub>', '&amp;')
    title = strip_markup(text(work.get("title")) or text(work.get("display_name"))).rstrip(". ")
    publisher = opt_text(source.get("host_organization_name"))
    authors = []
    for a in work.get("authorships") if isinstance(work.get("authorships"), list) else []:
        display = text((a.get("author") or {}).get("display_name")) if isinstance(a, dict) \
            and isinstance(a.get("author") or {}, dict) else ""
        if display:
            authors.append(name_from_display(display))
    try:
        score = float(text(work.get("relevance_score"))) if text(work.get("relevance_score")) \
            else None
    except ValueError:
        score = None
    return Candidate(
        source="openalex",
        id=wid,
        title=title,
        authors=authors,
        year=published,
        years=[published] if published else [],
        container=opt_text(source.get("display_name")),
        volume=opt_text(biblio.get("volume")),
        issue=opt_text(biblio.get("issue")),
        pages=pages,
        publisher=publisher,
        publishers=[publisher] if publisher else [],
        doi=doi,
        ids=ids,
        kind=opt_text(work.get("type_crossref")) or opt_text(work.get("type")),
        language=opt_text(work.get("language")),
        url=opt_text(work.get("id")),
        raw_score=score,
    )


def map_response(body: dict[str, Any]) -> list[Candidate]:
    """A /works list or a single work -> Candidates."""
    body = obj(body)
    if "results" in body:
        return [map_work(w) for w in records(body["results"])]
    return [map_work(body)] if body.get("id") else []


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
            mapper=lambda body: map_work(obj(body)) if body else None,
        )
