"""The interface every catalogue client implements, and the record it returns.

A client takes a :class:`~citecheck.models.Reference`, sends the documented
request through the shared HTTP layer (``net.HttpLayer.fetch`` with its own
``service`` name, so caching and rate limits apply) and maps each JSON record
to a :class:`Candidate`. The JSON -> Candidate mappings are pure functions so
they can be tested on recorded responses. Clients never decide whether a
candidate matches: that is ``citecheck.match``.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import Field

from ..errors import NetError
from ..models import Frozen, Name, Reference

if TYPE_CHECKING:  # net.py is written by another engineer; only its interface is used
    from ..config import Settings
    from ..net import HttpLayer, Response


class Candidate(Frozen):
    """One catalogue record that might be the work a reference describes."""

    source: str = Field(description="catalogue key: crossref, openalex, openlibrary, googlebooks")
    id: str = Field(description="the catalogue's own id: DOI, OL…W, W…, Google volume id")
    title: str = ""
    subtitle: str = ""
    authors: list[Name] = Field(default_factory=list)
    editors: list[Name] = Field(default_factory=list)
    year: str | None = None
    years: list[str] = Field(
        default_factory=list, description="every year the catalogue knows (editions of a work)"
    )
    container: str | None = Field(default=None, description="journal or book title")
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    publishers: list[str] = Field(default_factory=list, description="all publishers of a work")
    place: str | None = None
    doi: str | None = None
    isbns: list[str] = Field(default_factory=list)
    ids: dict[str, str] = Field(
        default_factory=dict,
        description="doi/isbn/openlibrary/openlibrary_edition/openalex/lccn/oclc",
    )
    kind: str | None = Field(default=None, description="the catalogue's record type, as given")
    url: str | None = None
    raw_score: float | None = Field(
        default=None, description="the catalogue's relevance score: never a threshold"
    )

    def label(self) -> str:
        """'Open Library OL15832982W' — how reports name the evidence."""
        return f"{SOURCE_LABELS.get(self.source, self.source)} {self.id}"


SOURCE_LABELS = {
    "crossref": "Crossref",
    "openalex": "OpenAlex",
    "openlibrary": "Open Library",
    "googlebooks": "Google Books",
    "loc": "Library of Congress",
}


class CatalogueUnavailable(NetError):
    """A catalogue answered, but not with a usable answer (5xx, 429 after retries,
    not JSON). Distinct from 'found nothing' so the verdict can be `unchecked`."""


class Resolver(ABC):
    """A catalogue client. Subclasses set ``service`` (a key of settings.rate_limits)."""

    service: str = ""

    def __init__(self, http: HttpLayer, settings: Settings) -> None:
        self.http = http
        self.settings = settings

    @abstractmethod
    async def search(self, ref: Reference) -> list[Candidate]:
        """Candidates for a reference (possibly empty); raises NetError on failure."""

    @abstractmethod
    async def lookup(self, id: str) -> Candidate | None:
        """One record by identifier (DOI, ISBN, …); None when the catalogue has none."""

    async def doi_first(
        self, ref: Reference, url: str, params: dict[str, str] | None,
        mapper: Callable[[Any], list[Candidate]],
    ) -> list[Candidate]:
        """The record of the entry's own DOI (if any), then the search hits not already in."""
        found: list[Candidate] = []
        if ref.fields.doi and (hit := await self.lookup(ref.fields.doi)):
            found.append(hit)
        if params:
            seen = {f.id for f in found}
            found += [c for c in mapper(await self.get_json(url, params)) if c.id not in seen]
        return found

    async def get_json(
        self, url: str, params: dict[str, str] | None = None, *, missing_ok: bool = False
    ) -> Any:
        """GET through the shared layer; JSON body, or None for 404 when missing_ok."""
        resp: Response = await self.http.fetch(url, service=self.service, params=params)
        if resp.status == 404 and missing_ok:
            return None
        if resp.status != 200:
            raise CatalogueUnavailable(f"{self.service}: HTTP {resp.status}", url=resp.url)
        try:
            return resp.json()
        except (ValueError, NetError) as exc:
            raise CatalogueUnavailable(f"{self.service}: answer is not JSON", url=resp.url) from exc


# --------------------------------------------------------------------------- pure helpers

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def year_of(text: str | int | None) -> str | None:
    """First plausible 4-digit year in free text ('November 2006' -> '2006')."""
    if text is None:
        return None
    m = _YEAR.search(str(text))
    return m.group(1) if m else None


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della", "ter"}


def name_from_display(display: str) -> Name:
    """'Amal El-Mohtar' -> Name(family='El-Mohtar', given='Amal'); 'Nix, Garth' too.

    Catalogues without structured names (Open Library, Google Books, OpenAlex)
    give one display string; the last word is the family name, with a
    lower-case particle ('van', 'de') kept as the prefix.
    """
    display = " ".join(display.split()).strip(" ,")
    if "," in display:
        family, _, given = display.partition(",")
        return Name(family=family.strip(), given=given.strip())
    words = display.split(" ")
    suffix = ""
    if len(words) > 1 and words[-1].lower().strip(",") in _SUFFIXES:
        suffix = words.pop().strip(",")
    if len(words) == 1:
        return Name(family=words[0], suffix=suffix)
    family = words[-1]
    i = len(words) - 1
    while i > 1 and words[i - 1] in _PARTICLES:  # only lower-case particles
        i -= 1
    prefix = " ".join(words[i:-1])
    return Name(family=family, given=" ".join(words[:i]), prefix=prefix, suffix=suffix)


def clean_isbn(text: str) -> str | None:
    """Digits (and a final X) of an ISBN-10/13 with a valid check digit, else None."""
    s = re.sub(r"[^0-9Xx]", "", text).upper()
    if len(s) == 10 and re.fullmatch(r"\d{9}[\dX]", s):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(s))
        return s if total % 11 == 0 else None
    if len(s) == 13 and s.isdigit():
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(s[:12]))
        return s if (10 - total % 10) % 10 == int(s[12]) else None
    return None


def isbn13(isbn: str) -> str | None:
    """Any valid ISBN as ISBN-13 (the form compared and reported)."""
    s = clean_isbn(isbn)
    if s is None:
        return None
    if len(s) == 13:
        return s
    core = "978" + s[:9]
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(core))
    return core + str((10 - total % 10) % 10)


def clean_doi(text: str | None) -> str | None:
    """'https://doi.org/10.1023/A:1' -> '10.1023/a:1' (DOIs are case-insensitive)."""
    if not text:
        return None
    m = re.search(r"10\.\d{4,9}/\S+", text)
    return m.group(0).rstrip(".,;").lower() if m else None


# Cached: matching folds the same few names and titles thousands of times per run
# (each candidate is compared field by field with every cited reference).
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ASCII fold: 'Stéphane' -> 'stephane', 'Łódź' -> 'lodz'."""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# letters NFKD does not decompose to ASCII
_SPECIAL = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d",
     "‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"}
)
