"""Google Books client: Reference -> [Candidate], for books Open Library misses.

Request, as documented at https://developers.google.com/books/docs/v1/using
(``volumes: list``): ``GET /volumes?q=intitle:…+inauthor:…&printType=books&maxResults=5``,
or ``q=isbn:…`` for an ISBN. Google asks for an API key on public-data
requests in production; unauthenticated calls are served but throttled, so
the default pace is 1 request/s (service ``googlebooks``).
"""

from __future__ import annotations

from typing import Annotated, Any

from ..models import Reference
from ..models import Candidate
from ..text import clean_isbn, isbn13, name_from_display
from .base import (Object, Objects, Payload, Reader, Records, Resolver, SearchLog, Text, Texts,
                   hits, year)

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


# --------------------------------------------------------------------------- the payload


class Identifier(Payload):
    type: Text = ""
    identifier: Text = ""


class VolumeInfo(Payload):
    title: Text = ""
    subtitle: Text = ""
    authors: Texts = []
    publishedDate: Text = ""
    publisher: Text = ""
    industryIdentifiers: Annotated[list[Identifier], Objects] = []
    printType: Text = ""
    language: Text = ""
    canonicalVolumeLink: Text = ""


class Volume(Payload):
    id: Text = ""
    volumeInfo: Annotated[VolumeInfo, Object] = VolumeInfo()


class VolumeList(Payload):
    items: Annotated[list[Volume], Records] = []


def parse_response(body: Any) -> list[Volume]:
    """A /volumes answer, validated: its volumes with an id."""
    return [v for v in VolumeList.model_validate(body).items if v.id]


# --------------------------------------------------------------------------- the mapping


def build_volume(volume: Volume) -> Candidate:
    """One validated ``items[]`` volume -> Candidate."""
    info = volume.volumeInfo
    isbns = sorted({i for ident in info.industryIdentifiers
                    if ident.type in ("ISBN_13", "ISBN_10") and (i := isbn13(ident.identifier))})
    ids = {"googlebooks": volume.id}
    if isbns:
        ids["isbn"] = isbns[0]
    published = year(info.publishedDate)
    publisher = info.publisher or None
    return Candidate(
        source="googlebooks",
        id=volume.id,
        title=info.title,
        subtitle=info.subtitle,
        authors=[name_from_display(a) for a in info.authors],
        year=published,
        years=[published] if published else [],
        publisher=publisher,
        publishers=[publisher] if publisher else [],
        isbns=isbns,
        ids=ids,
        kind=info.printType or None,
        language=info.language or None,
        url=info.canonicalVolumeLink or None,
    )


# One ``items[]`` volume (JSON) -> Candidate.
map_volume: Reader[Any, Candidate] = Reader(Volume.model_validate, build_volume)
# A /volumes answer (JSON) -> Candidates.
map_response: Reader[Any, list[Candidate]] = Reader(
    parse_response, lambda volumes: [build_volume(v) for v in volumes])


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
