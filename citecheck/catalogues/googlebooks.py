"""Google Books client: Reference -> [Candidate], for books Open Library misses.

Request, as documented at https://developers.google.com/books/docs/v1/using
(``volumes: list``): ``GET /volumes?q=intitle:…+inauthor:…&printType=books&maxResults=5``,
or ``q=isbn:…`` for an ISBN. Google asks for an API key on public-data
requests in production; unauthenticated calls are served but throttled, so
the default pace is 1 request/s (service ``googlebooks``).
"""

from __future__ import annotations

from typing import Any

from ..models import Reference
from ..models import Candidate
from ..text import clean_isbn, isbn13, name_from_display
from .base import Resolver, SearchLog, hits, obj, opt_text, records, text, texts, year

MAX_RESULTS = 5


def _term(text: str) -> str:
    # A quoted phrase keeps a multi-word title together; inner quotes would end it.
    return '"' + " ".join(text.replace('"', " ").split()) + '"'


def search_params(ref: Reference) -> dict[str, str] | None:
    f = ref.fields
    if not f.title:
        return None
    q = f"intitle:{_term(f.title.split(':')[0])}"
    people = f.author or f.editor
    if people:
        q += f" inauthor:{_term(people[0].family)}"
    return {"q": q, "printType": "books", "maxResults": str(MAX_RESULTS)}


def map_volume(item: dict[str, Any]) -> Candidate:
    """One ``items[]`` volume -> Candidate."""
    info = obj(item.get("volumeInfo"))
    vid = text(item.get("id"))
    isbns, ids = [], {"googlebooks": vid}
    for ident in info.get("industryIdentifiers") if isinstance(
            info.get("industryIdentifiers"), list) else []:
        if isinstance(ident, dict) and ident.get("type") in ("ISBN_13", "ISBN_10") and (
                i := isbn13(text(ident.get("identifier")))):
            isbns.append(i)
    isbns = sorted(set(isbns))
    if isbns:
        ids["isbn"] = isbns[0]
    published = year(info.get("publishedDate"))
    publisher = opt_text(info.get("publisher"))
    return Candidate(
        source="googlebooks",
        id=vid,
        title=text(info.get("title")),
        subtitle=text(info.get("subtitle")),
        authors=[name_from_display(a) for a in texts(info.get("authors"))],
        year=published,
        years=[published] if published else [],
        publisher=publisher,
        publishers=[publisher] if publisher else [],
        isbns=isbns,
        ids=ids,
        kind=opt_text(info.get("printType")),
        language=opt_text(info.get("language")),
        url=opt_text(info.get("canonicalVolumeLink")),
    )


def map_response(body: dict[str, Any]) -> list[Candidate]:
    return [map_volume(v) for v in records(obj(body).get("items")) if text(v.get("id"))]


class GoogleBooksResolver(Resolver):
    service = "googlebooks"
    label = "Google Books"

    async def search(self, ref: Reference, log: SearchLog | None = None) -> list[Candidate]:
        log = log if log is not None else SearchLog()
        found = await self.cited_record(ref, "isbn", log, "no volume")
        params = search_params(ref)
        if params:
            url = f"{self.settings.googlebooks_url}/volumes"
            hits_ = await self.get_json(url, params, mapper=map_response)
            what = "title and author" if " inauthor:" in params["q"] else "title"
            if not hits_ and " inauthor:" in params["q"]:
                # inauthor: filters; a misspelt name finds nothing: retry by title alone.
                log.note(f"{self.label}: search by {what} (no hit)")
                title_only = {**params, "q": params["q"].split(" inauthor:")[0]}
                hits_ = await self.get_json(url, title_only, mapper=map_response)
                what = "title alone"
            log.note(f"{self.label}: search by {what} ({hits(len(hits_))})")
            found += [c for c in hits_ if c.id not in {f.id for f in found}]
        return found

    async def lookup(self, id: str) -> Candidate | None:
        isbn = clean_isbn(id)
        if not isbn:
            return None
        hits = await self.get_json(
            f"{self.settings.googlebooks_url}/volumes", {"q": f"isbn:{isbn}"},
            mapper=map_response)
        return hits[0] if hits else None
