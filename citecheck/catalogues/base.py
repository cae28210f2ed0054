"""The interface every catalogue client implements, and the record it returns.

A client takes a :class:`~citecheck.models.Reference`, sends the documented
request through the shared HTTP layer (``net.HttpLayer.fetch`` with its own
``service`` name, so caching and rate limits apply) and maps each JSON record
to a :class:`Candidate`. The JSON -> Candidate mappings are pure functions so
they can be tested on recorded responses. Clients never decide whether a
candidate matches: that is ``citecheck.match``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from ..errors import NetError
from ..models import Candidate, Reference
from ..text import year_of

if TYPE_CHECKING:  # net.py is written by another engineer; only its interface is used
    from ..config import Settings
    from ..net import HttpLayer, Response


class CatalogueUnavailable(NetError):
    """A catalogue answered, but not with a usable answer (5xx, 429 after retries,
    not JSON). Distinct from 'found nothing' so the verdict can be `unchecked`."""


@dataclass
class SearchLog:
    """What the look-ups for one entry did, for the report: each search and look-up
    tried (in order), and the cited identifiers a catalogue had no record for."""

    searched: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # "doi"/"isbn" -> catalogues

    def note(self, text: str) -> None:
        self.searched.append(text)

    def no_record(self, kind: str, catalogue: str) -> None:
        self.missing.setdefault(kind, []).append(catalogue)


# What a mapper meets in an answer of another shape than documented (a list for an
# object, a number for a record): the answer is unusable, not "nothing found".
SHAPE_ERRORS = (AttributeError, KeyError, TypeError, IndexError, ValueError, ValidationError)
# Records read from one answer: clients ask for 5; a catalogue that sends 100,000 is
# read no further than this (matching every one would hold the run for minutes).
MAX_RECORDS = 50


def text(value: Any) -> str:
    """A field meant as one string, as catalogues actually send it: a number as its digits,
    a list as its first string, anything else (null, an object) as ''."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list):
        return next((t for t in (text(v) for v in value) if t), "")
    return ""


def opt_text(value: Any) -> str | None:
    return text(value) or None


def texts(value: Any) -> list[str]:
    """A field meant as a list of strings: one string is a list of one; nulls are dropped."""
    values = value if isinstance(value, list) else [value]
    return [t for t in (text(v) for v in values) if t]


def year(value: Any) -> str | None:
    """A year from '2019', 2019, '2019-01', 20190101, ['2019']; None from 'n.d.'."""
    return year_of(text(value)) if text(value) else None


def records(value: Any) -> list[dict[str, Any]]:
    """The records of an answer: a list of objects, at most MAX_RECORDS of them; a list with
    none (null, numbers, strings) or a value that is no list is another shape (TypeError)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"records are a {type(value).__name__}, not a list")
    kept = [v for v in value[:MAX_RECORDS] if isinstance(v, dict)]
    if value and not kept:
        raise TypeError("no record is an object")
    return kept


def obj(value: Any) -> dict[str, Any]:
    """A field meant as an object; null is an empty one, another kind is another shape."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TypeError(f"{type(value).__name__} where an object belongs")
    return value


def hits(n: int) -> str:
    return "no hit" if n == 0 else f"{n} hit{'s' if n != 1 else ''}"


class Resolver(ABC):
    """A catalogue client. Subclasses set ``service`` (a key of settings.rate_limits)."""

    service: str = ""
    label: str = ""  # how the report names the catalogue

    def __init__(self, http: HttpLayer, settings: Settings) -> None:
        self.http = http
        self.settings = settings

    @abstractmethod
    async def search(self, ref: Reference, log: SearchLog | None = None) -> list[Candidate]:
        """Candidates for a reference (possibly empty); raises NetError on failure.

        Each search and identifier look-up is noted in ``log`` when one is given;
        a record found by the cited DOI/ISBN has ``found_by`` set accordingly.
        """

    @abstractmethod
    async def lookup(self, id: str) -> Candidate | None:
        """One record by identifier (DOI, ISBN, …); None when the catalogue has none."""

    async def cited_record(
        self, ref: Reference, kind: str, log: SearchLog, none_found: str = "no record",
    ) -> list[Candidate]:
        """The record of the entry's own identifier (*kind*: ``doi`` or ``isbn``), if any."""
        value = getattr(ref.fields, kind)
        if not value:
            return []
        hit = await self.lookup(value)
        if hit:
            log.note(f"{self.label}: the cited {kind.upper()} {value} → “{hit.title}”")
            return [hit.model_copy(update={"found_by": kind})]
        log.no_record(kind, self.label)
        log.note(f"{self.label}: the cited {kind.upper()} {value} → {none_found}")
        return []

    async def doi_first(
        self, ref: Reference, url: str, params: dict[str, str] | None,
        mapper: Callable[[Any], list[Candidate]], log: SearchLog | None = None,
        what: str = "title",
    ) -> list[Candidate]:
        """The record of the entry's own DOI (if any), then the search hits not already in."""
        log = log if log is not None else SearchLog()
        found = await self.cited_record(ref, "doi", log)
        if params:
            seen = {f.id for f in found}
            hits_ = [c for c in await self.get_json(url, params, mapper=mapper)
                     if c.id not in seen]
            log.note(f"{self.label}: search by {what} ({hits(len(hits_))})")
            found += hits_
        return found

    def read(self, mapper: Callable[[Any], Any], body: Any, url: str = "") -> Any:
        """*mapper* applied to an answer; an answer of another shape is an unusable answer
        (the entry ``unchecked``), never a traceback or "nothing found"."""
        try:
            return mapper(body)
        except SHAPE_ERRORS as exc:
            raise CatalogueUnavailable(
                f"{self.service}: the answer is not in the documented shape ({str(exc)[:80]})",
                url=url) from None

    async def get_json(
        self, url: str, params: dict[str, str] | None = None, *, missing_ok: bool = False,
        mapper: Callable[[Any], Any] | None = None,
    ) -> Any:
        """GET through the shared layer; JSON body (through *mapper* when one is given), or
        None for 404 when missing_ok."""
        resp: Response = await self.http.fetch(url, service=self.service, params=params)
        check_answer(self.service, url, resp)
        if resp.status == 404 and missing_ok:
            return None
        if resp.status != 200:
            limited = " (rate limited)" if resp.status == 429 else ""
            raise CatalogueUnavailable(f"{self.service}: HTTP {resp.status}{limited}",
                                       url=resp.url)
        try:
            body = resp.json()
        except (ValueError, NetError) as exc:
            raise CatalogueUnavailable(f"{self.service}: answer is not JSON", url=resp.url) from exc
        if not isinstance(body, (dict, list)):  # null, a string, a number: no answer at all
            raise CatalogueUnavailable(
                f"{self.service}: the answer is a JSON {type(body).__name__}, not an object",
                url=resp.url)
        return body if mapper is None else self.read(mapper, body, resp.url)


def same_host(asked: str, answered: str) -> bool:
    """*answered* is on the host (and port) *asked* names; http -> https on it is the same."""
    a, b = urlsplit(asked), urlsplit(answered)
    return (a.hostname, a.port) == (b.hostname, b.port)


def check_answer(service: str, url: str, resp: Response) -> None:
    """Raise CatalogueUnavailable for an answer that is not the service's: one a redirect
    brought from another host (a captive portal, a login page), or one whose body is not
    all there (cut short by the server, or at the byte cap)."""
    if resp.history and not same_host(url, resp.url):
        host = urlsplit(resp.url).netloc
        raise CatalogueUnavailable(
            f"{service}: redirected to another host ({host[:60]}): not its answer", url=url)
    if resp.status == 200 and (resp.truncated or resp.body_broken):
        why = ("over the byte limit" if resp.truncated
               else resp.body_note or "the body broke off")
        raise CatalogueUnavailable(f"{service}: incomplete answer ({why[:80]})", url=resp.url)
