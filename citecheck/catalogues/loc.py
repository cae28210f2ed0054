"""Library of Congress client: Reference -> [Candidate] for books.

Request, as documented at https://www.loc.gov/apis/json-and-yaml/ (the
``/books/`` format endpoint takes the parameters of ``/search/``):
``GET /books/?q=<title> <first author's family name>&fo=json&c=5&all=true&at=results,pagination``
— ``fo=json`` for JSON (without it loc.gov answers HTML), ``c`` results per
page, ``all=true`` to include catalogue records of books that are not
digitised (most of the catalogue), ``at`` to trim the answer to the results.

Each result (documented at …/responses/search-results/) carries ``title``
(with the statement of responsibility after " / "), ``contributor`` (folded
"family, given" strings), ``date``, ``language`` (names), ``original_format``,
``number_lccn`` and, under ``item``, ``contributors`` and ``created_published``
("Place : Publisher, year").

Limits, as published on …/working-within-limits/: for the collections,
format and other endpoints 20 requests per 10 seconds (burst; a 5-minute
block) and 80 requests per minute (crawl; a 1-hour block). The HTTP layer
paces service ``loc`` at 1 request/s (60 a minute: under both). A 429 or an
HTML page (the block or a CAPTCHA) instead of JSON is an unusable answer:
the entry is `unchecked`, never `not-found`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from ..models import Candidate, Name, Reference
from ..text import RUN_START, clean_isbn, isbn13
from .base import (Object, Payload, Reader, Records, Resolver, SearchLog, Text, Texts, hits,
                   year)

RESULTS = 5


def search_params(ref: Reference) -> dict[str, str] | None:
    """Keyword query: the title (without subtitle) and the first family name."""
    f = ref.fields
    if not f.title:
        return None
    q = " ".join(re.split(rf"{RUN_START}\s*[:;]\s+", f.title, maxsplit=1)[0].replace('"', " ").split())
    people = f.author or f.editor
    if people:
        q += f" {people[0].family}"
    return {"q": q, "fo": "json", "c": str(RESULTS), "all": "true", "at": "results,pagination"}


def _title(raw: str) -> tuple[str, str]:
    """'Sabriel / Garth Nix.' -> ('Sabriel', ''); 'A : b / c' -> ('A', 'b')."""
    text = raw.split(" / ")[0].strip().rstrip(".").strip()
    main, _, sub = text.partition(" : ")
    return main.strip(), sub.strip()


_DATES = re.compile(RUN_START + r",?\s*(?:\d{4}-(?:\d{4})?|b\.\s*\d{4}|d\.\s*\d{4}|active.*)\.?$")


def _name(text: str) -> Name:
    """'Nix, Garth, 1963-' / 'nix, garth' -> Name('Nix', 'Garth')."""
    text = _DATES.sub("", text.strip()).strip(" .,")
    family, _, given = text.partition(",")
    fix = (lambda s: s.title()) if text == text.lower() else (lambda s: s)
    return Name(family=fix(family.strip()), given=fix(given.strip(" .")))


def _publisher(created: str | None) -> tuple[str | None, str | None]:
    """'New York : HarperCollins, c1996.' -> ('HarperCollins', 'New York')."""
    if not created or " : " not in created:
        return None, None
    place, _, rest = created.partition(" : ")
    publisher = re.split(r",\s*(?:c|©|p)?\[?\d{4}", rest)[0].strip(" .,[]")
    return publisher or None, place.strip(" [].") or None


# --------------------------------------------------------------------------- the payload


class Item(Payload):
    title: Text = ""
    contributors: Texts = []
    created_published: Text = ""
    date: Text = ""


class Result(Payload):
    """One ``results[]`` entry (or an item record, read as one)."""

    title: Text = ""
    item: Annotated[Item, Object] = Item()
    contributor: Texts = []
    number_lccn: Text = ""
    number_isbn: Texts = []
    id: Text = ""
    url: Text = ""
    date: Text = ""
    original_format: Text = ""
    language: Text = ""


class ResultList(Payload):
    results: Annotated[list[Result], Records] = []


class ItemRecord(Payload):
    item: Annotated[dict[str, Any], Object] = {}


def parse_response(body: Any) -> list[Result]:
    """A /books/ search answer, validated: its results with a title."""
    return [r for r in ResultList.model_validate(body).results if r.title or r.item.title]


def parse_item(lccn: str) -> Any:
    """The parser of a /item/{lccn}/ answer: its ``item`` object read as a result (None
    when there is none)."""
    def parse(body: Any) -> Result | None:
        item = ItemRecord.model_validate(body).item
        return Result.model_validate({**item, "item": item, "number_lccn": [lccn]}) \
            if item else None
    return parse


# --------------------------------------------------------------------------- the mapping


def build_result(result: Result) -> Candidate:
    """One validated ``results[]`` entry -> Candidate."""
    item = result.item
    title, subtitle = _title(result.title or item.title)
    people = item.contributors or result.contributor
    lccn = result.number_lccn
    url = result.id or result.url
    ident = lccn or url.rstrip("/").rsplit("/", 1)[-1]
    isbns = sorted({i for i in (isbn13(x) for x in result.number_isbn if clean_isbn(x)) if i})
    ids = {"loc": ident}
    if lccn:
        ids["lccn"] = lccn
    if len(isbns) == 1:
        ids["isbn"] = isbns[0]
    publisher, place = _publisher(item.created_published or None)
    year_ = year(result.date) or year(item.date)
    return Candidate(
        source="loc",
        id=ident,
        title=title,
        subtitle=subtitle,
        authors=[_name(p) for p in people if p.strip()],
        year=year_,
        years=[year_] if year_ else [],
        publisher=publisher,
        publishers=[publisher] if publisher else [],
        place=place,
        isbns=isbns,
        ids=ids,
        kind=result.original_format or None,
        language=result.language or None,
        url=url or None,
    )


# One ``results[]`` entry (JSON) -> Candidate.
map_result: Reader[Any, Candidate] = Reader(Result.model_validate, build_result)
# A /books/ search answer (JSON) -> Candidates.
map_response: Reader[Any, list[Candidate]] = Reader(
    parse_response, lambda results: [build_result(r) for r in results])


class LocResolver(Resolver):
    """Library of Congress: books, by title and author (catalogue records included)."""

    service = "loc"
    label = "Library of Congress"

    async def search(self, ref: Reference, log: SearchLog | None = None) -> list[Candidate]:
        params = search_params(ref)
        if not params:
            return []
        found = await self.get_json(f"{self.settings.loc_url}/books/", params,
                                    mapper=map_response)
        what = "title and author" if (ref.fields.author or ref.fields.editor) else "title"
        if log is not None:
            log.note(f"{self.label}: search by {what} ({hits(len(found))})")
        return found

    async def lookup(self, id: str) -> Candidate | None:
        """A record by LCCN: ``GET /item/{lccn}/?fo=json`` (its ``item`` object)."""
        lccn = re.sub(r"\s+", "", id)
        record = Reader(parse_item(lccn),
                        lambda result: build_result(result) if result is not None else None)
        return await self.get_json(f"{self.settings.loc_url}/item/{lccn}/", {"fo": "json"},
                                   missing_ok=True, mapper=record)
