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

from typing import Any
from urllib.parse import quote

from ..models import Name, Reference
from ..models import Candidate
from ..text import clean_doi, isbn13, strip_markup
from .base import Resolver, SearchLog, obj, opt_text, records, text, texts, year

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


def _first(values: Any) -> str:
    return strip_markup(text(values))


def _names(people: Any) -> list[Name]:
    out = []
    for p in people if isinstance(people, list) else []:
        if not isinstance(p, dict):
            continue  # a name of another shape: not read
        if text(p.get("family")):
            out.append(Name(family=text(p["family"]), given=text(p.get("given"))))
        elif text(p.get("name")):  # organisations
            out.append(Name(family=text(p["name"])))
    return out


def _issued_year(item: dict[str, Any]) -> str | None:
    for key in ("issued", "published-print", "published-online", "published"):
        found = year(obj(item.get(key)).get("date-parts"))
        if found:
            return found
    return None


def map_work(item: dict[str, Any]) -> Candidate:
    """One Crossref work (a ``message`` or an ``items[]`` entry) -> Candidate."""
    doi = clean_doi(text(item.get("DOI"))) or ""
    isbns = [i for i in (isbn13(x) for x in texts(item.get("ISBN"))) if i]
    ids = {"doi": doi} if doi else {}
    if isbns:
        ids["isbn"] = isbns[0]
    year = _issued_year(item)
    return Candidate(
        source="crossref",
        id=doi,
        title=_first(item.get("title")),
        subtitle=_first(item.get("subtitle")),
        authors=_names(item.get("author")),
        editors=_names(item.get("editor")),
        year=year,
        years=[year] if year else [],
        container=_first(item.get("container-title")) or None,
        volume=opt_text(item.get("volume")),
        issue=opt_text(item.get("issue")),
        pages=opt_text(item.get("page")) or opt_text(item.get("article-number")),
        publisher=opt_text(item.get("publisher")),
        publishers=texts(item.get("publisher"))[:1],
        place=opt_text(item.get("publisher-location")),
        doi=doi or None,
        isbns=sorted(set(isbns)),
        ids=ids,
        kind=opt_text(item.get("type")),
        url=f"https://doi.org/{doi}" if doi else None,
        raw_score=_score(item.get("score")),
    )


def _score(value: Any) -> float | None:
    try:
        return float(text(value)) if text(value) else None
    except ValueError:
        return None


def map_response(body: dict[str, Any]) -> list[Candidate]:
    """A /works (list) or /works/{doi} (single) envelope -> Candidates (raises TypeError
    and the like on another shape: catalogues.base.SHAPE_ERRORS)."""
    message = obj(obj(body).get("message"))
    if body.get("message-type") == "work":
        return [map_work(message)]
    return [map_work(item) for item in records(message.get("items")) if item.get("DOI")]


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
        found = await self.get_json(url, params, missing_ok=True,
                                    mapper=lambda body: map_response(body) if body else [])
        found = found or []
        return found[0] if found else None  # an answer with no work in it is no record
