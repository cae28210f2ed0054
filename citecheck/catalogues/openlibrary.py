"""Open Library client: Reference -> [Candidate] for books.

Requests, as documented at https://openlibrary.org/dev/docs/api/search and
https://openlibrary.org/dev/docs/api/books:

* ``GET /search.json?title=…&author=…&fields=…&limit=5`` — each hit is a
  *work* (all editions grouped), so its ``first_publish_year`` is the earliest
  edition, not necessarily the one cited;
* ``GET /works/OL…W/editions.json`` — the editions of a promising work, to
  find the one whose publisher and year match the citation, and its ISBNs;
* ``GET /isbn/{isbn}.json`` — an edition by ISBN (redirects to /books/OL…M.json).

Open Library publishes no rate limit and asks callers to identify themselves:
the HTTP layer sends the User-Agent with the contact address and paces
service ``openlibrary`` (default 1 request/s).
"""

from __future__ import annotations

from typing import Annotated, Any

from rapidfuzz import fuzz

from ..models import Reference
from ..models import Candidate
from ..text import clean_isbn, fold, isbn13, name_from_display, year_of
from .base import (Objects, Payload, Reader, Records, Resolver, SearchLog, Text, Texts, hits,
                   year)

SEARCH_FIELDS = (
    "key,title,subtitle,author_name,first_publish_year,publish_year,publisher,"
    "publish_place,isbn,edition_key,edition_count,lccn,oclc,language"
)
LIMIT = 5
# Editions are fetched only for works whose title is this close to the citation,
# and for at most this many works: each is one more request at ~1/s.
EDITION_TITLE_MIN = 0.8
EDITION_WORKS_MAX = 2


def search_params(ref: Reference) -> dict[str, str] | None:
    """title + first author's family name; None when the entry has no title."""
    f = ref.fields
    if not f.title:
        return None
    params = {"title": f.title}
    people = f.author or f.editor
    if people:
        params["author"] = people[0].family
    params["fields"] = SEARCH_FIELDS
    params["limit"] = str(LIMIT)
    return params


def _olid(key: str | None) -> str:
    return (key or "").rstrip("/").rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- the payload


class Doc(Payload):
    """One search.json ``docs[]`` entry: a work."""

    key: Text = ""
    title: Text = ""
    subtitle: Text = ""
    author_name: Texts = []
    first_publish_year: Text = ""
    publish_year: Texts = []
    publisher: Texts = []
    publish_place: Text = ""
    isbn: Texts = []
    lccn: Texts = []
    oclc: Texts = []
    language: Texts = []


class SearchAnswer(Payload):
    docs: Annotated[list[Doc], Records] = []


class Keyed(Payload):
    key: Text = ""  # '/works/OL…W', '/languages/spa'


class Edition(Payload):
    """An edition record (/books/OL…M.json, /isbn/….json, an editions.json entry)."""

    key: Text = ""
    title: Text = ""
    subtitle: Text = ""
    works: Annotated[list[Keyed], Objects] = []
    isbn_13: Texts = []
    isbn_10: Texts = []
    lccn: Texts = []
    oclc_numbers: Texts = []
    publish_date: Text = ""
    publishers: Texts = []
    publish_places: Texts = []
    languages: Annotated[list[Keyed], Objects] = []
    translation_of: Text = ""
    translated_from: Annotated[list[Keyed], Objects] = []


class EditionList(Payload):
    entries: Annotated[list[Edition], Records] = []


def parse_search(body: Any) -> list[Doc]:
    """A search.json answer, validated: its works with a key."""
    return [d for d in SearchAnswer.model_validate(body).docs if d.key]


def parse_edition(body: Any) -> Edition | None:
    """An edition answer, validated (an empty one: no record)."""
    return Edition.model_validate(body) if body else None


def parse_editions(body: Any) -> list[Edition]:
    """A work's editions.json answer, validated."""
    return EditionList.model_validate(body).entries


# --------------------------------------------------------------------------- the mapping


def build_search_doc(doc: Doc) -> Candidate:
    """One validated search.json ``docs[]`` entry (a work) -> Candidate."""
    work = _olid(doc.key)
    years = sorted({y for y in (year(v) for v in doc.publish_year) if y})
    first = year(doc.first_publish_year)
    isbns = sorted({i for i in (isbn13(x) for x in doc.isbn) if i})
    ids = {"openlibrary": work}
    for name in ("lccn", "oclc"):
        if getattr(doc, name):
            ids[name] = getattr(doc, name)[0]
    publishers = doc.publisher
    langs = doc.language
    return Candidate(
        source="openlibrary",
        id=work,
        title=doc.title,
        subtitle=doc.subtitle,
        authors=[name_from_display(n) for n in doc.author_name],
        year=first or (years[0] if years else None),
        years=years,
        publisher=publishers[0] if len(publishers) == 1 else None,
        publishers=list(publishers),
        place=doc.publish_place or None,
        isbns=isbns,
        ids=ids,
        kind="work",
        # a work's editions may be in several languages: only a single one says anything
        language=langs[0] if len(langs) == 1 else None,
        url=f"https://openlibrary.org/works/{work}" if work else None,
    )


def edition_language(edition: Edition) -> str | None:
    """'/languages/spa' -> 'spa' (the edition's first language), or None."""
    langs = [_olid(x.key) for x in edition.languages]
    return langs[0] if langs else None


def translated_from(edition: Edition) -> str | None:
    """The original's title (or language) when an edition says it is a translation."""
    if edition.translation_of:
        return edition.translation_of
    froms = [_olid(x.key) for x in edition.translated_from]
    return froms[0] if froms else None


def edition_isbns(edition: Edition) -> list[str]:
    return sorted({i for i in (isbn13(x) for x in edition.isbn_13 + edition.isbn_10) if i})


def _publisher_similarity(a: str, b: str) -> float:
    return fuzz.token_set_ratio(fold(a), fold(b)) / 100


def edition_fit(edition: Edition, year: str | None, publisher: str | None) -> float:
    """How well an edition fits the cited year and publisher (0..2)."""
    score = 0.0
    if year and year_of(edition.publish_date) == year:
        score += 1.0
    if publisher and edition.publishers:
        score += max(_publisher_similarity(publisher, p) for p in edition.publishers)
    return score


def pick_edition(
    editions: list[Edition], year: str | None, publisher: str | None
) -> Edition | None:
    """The edition matching the cited year and/or publisher best; None if none fits.

    A fit needs the year, or a publisher at least 0.8 similar: an arbitrary
    edition would hand the user a wrong ISBN.
    """
    best, best_score = None, 0.79
    for edition in editions:
        score = edition_fit(edition, year, publisher)
        if score > best_score:
            best, best_score = edition, score
    return best


def with_edition(work: Candidate, edition: Edition) -> Candidate:
    """The work candidate narrowed to one edition: its year, publisher, ISBNs, ids."""
    isbns = edition_isbns(edition)
    ids = dict(work.ids)
    ids["openlibrary_edition"] = _olid(edition.key)
    if isbns:
        ids["isbn"] = isbns[0]
    if edition.lccn:
        ids["lccn"] = edition.lccn[0]
    if edition.oclc_numbers:
        ids["oclc"] = edition.oclc_numbers[0]
    year = year_of(edition.publish_date)
    return work.model_copy(
        update={
            "year": year or work.year,
            "publisher": edition.publishers[0] if edition.publishers else work.publisher,
            "place": edition.publish_places[0] if edition.publish_places else work.place,
            "isbns": isbns or work.isbns,
            "ids": ids,
            "subtitle": edition.subtitle or work.subtitle,
            "language": edition_language(edition) or work.language,
            "translation_of": translated_from(edition),
        }
    )


def build_edition(edition: Edition) -> Candidate:
    """A validated edition record -> Candidate.

    Edition records name authors only by key (/authors/OL…A), so the candidate
    has no author names; the ISBN is the evidence.
    """
    ed = _olid(edition.key)
    work = _olid(edition.works[0].key) if edition.works else ""
    isbns = edition_isbns(edition)
    ids = {"openlibrary_edition": ed}
    if work:
        ids["openlibrary"] = work
    if isbns:
        ids["isbn"] = isbns[0]
    if edition.lccn:
        ids["lccn"] = edition.lccn[0]
    year = year_of(edition.publish_date)
    return Candidate(
        source="openlibrary",
        id=work or ed,
        title=edition.title,
        subtitle=edition.subtitle,
        year=year,
        years=[year] if year else [],
        publisher=edition.publishers[0] if edition.publishers else None,
        publishers=list(edition.publishers),
        place=edition.publish_places[0] if edition.publish_places else None,
        isbns=isbns,
        ids=ids,
        kind="edition",
        language=edition_language(edition),
        translation_of=translated_from(edition),
        url=f"https://openlibrary.org/books/{ed}" if ed else None,
    )


# One search.json ``docs[]`` entry (JSON) -> Candidate.
map_search_doc: Reader[Any, Candidate] = Reader(Doc.model_validate, build_search_doc)
# A search.json answer (JSON) -> Candidates (works).
map_search: Reader[Any, list[Candidate]] = Reader(
    parse_search, lambda docs: [build_search_doc(d) for d in docs])
# An edition record (JSON) -> Candidate.
map_edition: Reader[Any, Candidate] = Reader(Edition.model_validate, build_edition)
map_edition_or_none: Reader[Any, Candidate | None] = Reader(
    parse_edition, lambda edition: build_edition(edition) if edition is not None else None)


def title_close(ref: Reference, cand: Candidate) -> bool:
    """Cheap pre-filter before spending a request on a work's editions."""
    from ..match import title_similarity  # match imports base, not this module

    return title_similarity(ref, cand) >= EDITION_TITLE_MIN


class OpenLibraryResolver(Resolver):
    """Open Library: books, by ISBN or by title + author, edition-aware."""

    service = "openlibrary"
    label = "Open Library"

    async def search(self, ref: Reference, log: SearchLog | None = None) -> list[Candidate]:
        log = log if log is not None else SearchLog()
        found = await self.cited_record(ref, "isbn", log, "no edition")
        params = search_params(ref)
        if not params:
            return found
        url = f"{self.settings.openlibrary_url}/search.json"
        works = await self.get_json(url, params, mapper=map_search)
        what = "title and author" if "author" in params else "title"
        if not works and "author" in params:
            # `author` is a filter: a misspelt name ("Coutois") finds nothing, so
            # ask once more by title alone and let the matcher judge the names.
            log.note(f"{self.label}: search by {what} (no hit)")
            title_only = {k: v for k, v in params.items() if k != "author"}
            works = await self.get_json(url, title_only, mapper=map_search)
            what = "title alone"
        log.note(f"{self.label}: search by {what} ({hits(len(works))})")
        fetched = 0
        cites_edition = bool(ref.fields.year or ref.fields.publisher)
        for i, work in enumerate(works):
            if fetched < EDITION_WORKS_MAX and cites_edition and title_close(ref, work):
                fetched += 1
                works[i] = await self._narrow(work, ref)
        return found + works

    async def _narrow(self, work: Candidate, ref: Reference) -> Candidate:
        def narrowed(entries: list[Edition]) -> Candidate:
            edition = pick_edition(entries, ref.fields.year, ref.fields.publisher)
            return with_edition(work, edition) if edition else work

        return await self.get_json(
            f"{self.settings.openlibrary_url}/works/{work.id}/editions.json", missing_ok=True,
            mapper=Reader(parse_editions, narrowed)) or work

    async def lookup(self, id: str) -> Candidate | None:
        isbn = clean_isbn(id)
        if not isbn:
            return None
        return await self.get_json(
            f"{self.settings.openlibrary_url}/isbn/{isbn}.json", missing_ok=True,
            mapper=map_edition_or_none)


