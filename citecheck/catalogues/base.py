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

from ..errors import NetError
from ..models import Candidate, Reference

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
            hits_ = [c for c in mapper(await self.get_json(url, params)) if c.id not in seen]
            log.note(f"{self.label}: search by {what} ({hits(len(hits_))})")
            found += hits_
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
