"""The interface every catalogue client implements, and the record it returns.

A client takes a :class:`~citecheck.models.Reference`, sends the documented
request through the shared HTTP layer (``net.HttpLayer.fetch`` with its own
``service`` name, so caching and rate limits apply) and maps each JSON record
to a :class:`Candidate`. Clients never decide whether a candidate matches:
that is ``citecheck.match``.

An answer is read in two steps (a :class:`Reader`). First it is validated where it
comes in, by pydantic models of the documented payload (:class:`Payload`, with the
lenient field types below: a catalogue that sends a number for a string, a string for a
list or null for anything is read, as catalogues actually answer); an answer of another
shape (a list where an object belongs, records that are no objects) fails there, with a
``ValidationError`` naming the field, and the entry is ``unchecked``. Then the validated
payload is mapped to Candidates by pure functions (testable on recorded responses): an
exception there is a bug in citecheck, and is never taken for an unusable answer.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

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


def texts(value: Any) -> list[str]:
    """A field meant as a list of strings: one string is a list of one; nulls are dropped."""
    values = value if isinstance(value, list) else [value]
    return [t for t in (text(v) for v in values) if t]


def year(value: Any) -> str | None:
    """A year from '2019', 2019, '2019-01', 20190101, ['2019']; None from 'n.d.'."""
    return year_of(text(value)) if text(value) else None


def records(value: Any) -> list[dict[str, Any]]:
    """The records of an answer: a list of objects, at most MAX_RECORDS of them; a list with
    none (null, numbers, strings) or a value that is no list is another shape (ValueError,
    which pydantic reports as a ValidationError where it is a field's validator)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"records are a {type(value).__name__}, not a list")
    kept = [v for v in value[:MAX_RECORDS] if isinstance(v, dict)]
    if value and not kept:
        raise ValueError("no record is an object")
    return kept


def obj(value: Any) -> dict[str, Any]:
    """A field meant as an object; null is an empty one, another kind is another shape
    (ValueError)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{type(value).__name__} where an object belongs")
    return value


def objects(value: Any) -> list[dict[str, Any]]:
    """A field meant as a list of objects, read leniently: another kind is no list, and the
    items that are no objects are left out."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def obj_or_empty(value: Any) -> dict[str, Any]:
    """A field meant as an object, read leniently: another kind is an empty one."""
    return value if isinstance(value, dict) else {}


# --------------------------------------------------------------------------- payload types
# Field types of the payload models: what a catalogue sends, as it is read.

Text = Annotated[str, BeforeValidator(text)]  # one string (see text(); never fails)
Texts = Annotated[list[str], BeforeValidator(texts)]  # strings (see texts(); never fails)
P = TypeVar("P")
T = TypeVar("T")
# an object where one belongs (null is an empty one, another kind fails the answer)
Object = BeforeValidator(obj)
# the answer's records (see records(): another kind, or no object among them, fails it)
Records = BeforeValidator(records)
# a list of objects read leniently (see objects(); never fails)
Objects = BeforeValidator(objects)
# an object read leniently (see obj_or_empty(); never fails)
ObjectOrEmpty = BeforeValidator(obj_or_empty)


class Payload(BaseModel):
    """A part of a catalogue's answer: the documented fields citecheck reads; the rest of
    what the catalogue sends is ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


@dataclass(frozen=True)
class Reader(Generic[P, T]):
    """How one kind of answer is read: ``parse`` validates the JSON where it comes in (a
    ``ValidationError`` for an answer of another shape: the catalogue's fault), ``build``
    maps the validated payload (pure: an exception there is citecheck's bug). Called with
    the JSON, it does both (as the tests on recorded answers do)."""

    parse: Callable[[Any], P]
    build: Callable[[P], T]

    def __call__(self, body: Any) -> T:
        return self.build(self.parse(body))


def shape_problem(exc: ValidationError) -> str:
    """A ValidationError in a few words: where in the answer, and what was wrong there."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "the answer"
    why = str(first.get("msg", "")).removeprefix("Value error, ")
    if first.get("type") in ("model_type", "dict_type"):
        why = f"{type(first.get('input')).__name__} where an object belongs"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {why}{more}"


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
        mapper: Reader[Any, list[Candidate]], log: SearchLog | None = None,
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

    def read(self, mapper: Reader[P, T], body: Any, url: str = "") -> T:
        """An answer read by *mapper*: an answer of another shape than documented is an
        unusable answer (the entry ``unchecked``, the reason naming the field), never a
        traceback or "nothing found". Only the validation is caught: what the mapping of a
        validated answer raises is a bug, and surfaces."""
        try:
            payload = mapper.parse(body)
        except ValidationError as exc:
            raise CatalogueUnavailable(
                f"{self.service}: the answer is not in the documented shape "
                f"({shape_problem(exc)[:120]})", url=url) from None
        return mapper.build(payload)

    async def get_json(
        self, url: str, params: dict[str, str] | None = None, *, missing_ok: bool = False,
        mapper: Reader[Any, Any] | None = None,
    ) -> Any:
        """GET through the shared layer; JSON body (read by *mapper* when one is given), or
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
