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
from typing import Any

from ..models import Candidate, Name, Reference
from ..text import RUN_START, clean_isbn, isbn13
from .base import Resolver, SearchLog, hits, obj, records, text, texts, year

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


def _first(value: Any) -> str | None:
    return text(value) or None


def map_result(result: dict[str, Any]) -> Candidate:
    """One ``results[]`` entry -> Candidate."""
    item = obj(result.get("item"))
    title, subtitle = _title(text(result.get("title")) or text(item.get("title")))
    people = texts(item.get("contributors")) or texts(result.get("contributor"))
    lccn = _first(result.get("number_lccn")) or ""
    url = text(result.get("id")) or text(result.get("url"))
    ident = lccn or url.rstrip("/").rsplit("/", 1)[-1]
    isbns = sorted({i for i in (isbn13(x) for x in texts(result.get("number_isbn"))
                                if clean_isbn(x)) if i})
    ids = {"loc": ident}
    if lccn:
        ids["lccn"] = lccn
    if len(isbns) == 1:
        ids["isbn"] = isbns[0]
    publisher, place = _publisher(_first(item.get("created_published")))
    year_ = year(result.get("date")) or year(item.get("date"))
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
        kind=_first(result.get("original_format")),
        language=_first(result.get("language")),
        url=url or None,
    )


def map_response(body: dict[str, Any]) -> list[Candidate]:
    return [map_result(r) for r in records(obj(body).get("results"))
            if text(r.get("title")) or text(obj(r.get("item")).get("title"))]


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
        def record(body: Any) -> Candidate | None:
            item = obj(obj(body).get("item"))
            return map_result({**item, "item": item, "number_lccn": [lccn]}) if item else None

        return await self.get_json(f"{self.settings.loc_url}/item/{lccn}/", {"fo": "json"},
                                   missing_ok=True, mapper=record)
