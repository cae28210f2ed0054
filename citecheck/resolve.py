"""Look every reference up in public catalogues: [Reference] -> [Match] + messages.

The orchestration only: which catalogues to ask for which entry type, in
which order, when to stop, and how failures become `unchecked`. Requests go
through the shared HTTP layer (net.py), whose per-service rate limits pace
the whole run, so references are resolved concurrently with asyncio.gather.
Scoring is citecheck.match; the JSON of each catalogue is in catalogues/.

Order per entry type (stop at the first `verified`, so no request is spent
once the evidence is in):

* article, inproceedings, incollection, inbook: Crossref, then OpenAlex;
* book and everything else with a title: Open Library, Google Books, Crossref
  (then OpenAlex) — trade books are thin in Crossref and OpenAlex.

Entries that are only a web page (a URL but no publisher, journal, book
title, DOI or ISBN) are not looked up: catalogues do not list web pages.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from .catalogues.base import Resolver
from .models import SOURCE_LABELS, Candidate
from .catalogues.crossref import CrossrefResolver
from .catalogues.googlebooks import GoogleBooksResolver
from .catalogues.openalex import OpenAlexResolver
from .catalogues.openlibrary import OpenLibraryResolver
from .config import Settings
from .errors import NetError, OfflineError
from .match import decide
from .models import Fields, Match, Name, Reference

if TYPE_CHECKING:
    from .net import HttpLayer

RESOLVERS: dict[str, type[Resolver]] = {
    "crossref": CrossrefResolver,
    "openalex": OpenAlexResolver,
    "openlibrary": OpenLibraryResolver,
    "googlebooks": GoogleBooksResolver,
}

PART_ORDER = ("crossref", "openalex")
BOOK_ORDER = ("openlibrary", "googlebooks", "crossref", "openalex")
PART_TYPES = {"article", "inproceedings", "incollection", "inbook"}

OPENALEX_SKIPPED = "OpenAlex skipped: no API key (CITECHECK_OPENALEX_KEY)"
ONLINE_ONLY = "online-only entry (a URL, no publisher or journal): not looked up in catalogues"


def is_online_only(ref: Reference) -> bool:
    f = ref.fields
    return bool(f.url) and not any((f.publisher, f.journal, f.booktitle, f.doi, f.isbn))


def sources_for(ref: Reference, settings: Settings) -> list[str]:
    """Catalogues to ask for this entry, in order, among those enabled and usable."""
    order = PART_ORDER if ref.type in PART_TYPES else BOOK_ORDER
    return [
        s for s in order
        if s in settings.catalogues and (s != "openalex" or settings.openalex_key)
    ]


def skip_reason(ref: Reference) -> str | None:
    """Why an entry is not looked up at all, or None."""
    if ref.error and not ref.fields.title:
        return f"not parsed ({ref.error}): nothing to look up"
    if is_online_only(ref):
        return ONLINE_ONLY
    if not ref.fields.title and not ref.fields.doi and not ref.fields.isbn:
        return "no title, DOI or ISBN to look up"
    return None


async def resolve_one(
    ref: Reference, resolvers: dict[str, Resolver], order: list[str]
) -> tuple[Match, dict[str, NetError]]:
    """One entry: ask catalogues in order until one verifies it; failures by service."""
    candidates: list[Candidate] = []
    failures: dict[str, NetError] = {}
    match = Match(verdict="not-found")
    for name in order:
        try:
            candidates += await resolvers[name].search(ref)
        except NetError as exc:
            failures[name] = exc
            continue
        match = decide(ref, candidates)
        if match.verdict == "verified":
            return match, failures
    if candidates:
        match = decide(ref, candidates)
    asked = [SOURCE_LABELS[n] for n in order if n not in failures]
    failed = [f"{SOURCE_LABELS[n]} ({msg})" for n, msg in failures.items()]
    if match.verdict == "not-found" and failures:
        # A catalogue we could not ask might know it: no claim either way.
        return Match(verdict="unchecked", reason="lookup failed: " + "; ".join(failed)), failures
    if match.verdict == "not-found":
        match = match.model_copy(
            update={"reason": f"{match.reason} Searched: {', '.join(asked)}."}
        )
    return match, failures


async def resolve_references(
    refs: list[Reference], http: HttpLayer, settings: Settings,
    tick: Callable[[], None] | None = None,
) -> tuple[list[Match], list[str]]:
    """Matches in the order of ``refs`` and one-line messages for the user."""
    messages: list[str] = []
    resolvers = {name: cls(http, settings) for name, cls in RESOLVERS.items()}
    if "openalex" in settings.catalogues and not settings.openalex_key:
        messages.append(OPENALEX_SKIPPED)

    async def one(ref: Reference) -> tuple[Match, dict[str, NetError]]:
        reason = skip_reason(ref)
        order = sources_for(ref, settings)
        if reason is None and not order:
            reason = "no catalogue enabled for this entry type"
        result = (Match(verdict="unchecked", reason=reason), {}) if reason else (
            await resolve_one(ref, resolvers, order)
        )
        if tick:
            tick()
        return result

    results = await asyncio.gather(*(one(r) for r in refs))
    matches = [m for m, _ in results]

    online = sum(1 for m in matches if m.reason == ONLINE_ONLY)
    if online:
        messages.append(
            f"{online} online-only entr{'y' if online == 1 else 'ies'} "
            "(a URL, no publisher or journal) not looked up in catalogues"
        )
    failed: Counter[str] = Counter()
    offline = False
    for _, failures in results:
        # an answer not in the cache under --offline is not a failed lookup: one message says so
        failed.update(name for name, exc in failures.items() if not isinstance(exc, OfflineError))
        offline |= any(isinstance(exc, OfflineError) for exc in failures.values())
    for name, count in sorted(failed.items()):
        messages.append(
            f"{SOURCE_LABELS[name]}: {count} lookup(s) failed; those entries may be unchecked"
        )
    if offline:
        messages.append("offline: entries not in the cache were left unchecked")
    counts = Counter(m.verdict for m in matches)
    if refs:
        order = ("verified", "probable", "ambiguous", "not-found", "unchecked")
        messages.append("catalogues: " + ", ".join(f"{counts[v]} {v}" for v in order if counts[v]))
    return matches, messages
