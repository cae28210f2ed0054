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
from typing import TYPE_CHECKING, Any

from ..errors import NetError
from ..models import Candidate, Reference

if TYPE_CHECKING:  # net.py is written by another engineer; only its interface is used
    from ..config import Settings
    from ..net import HttpLayer, Response


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
