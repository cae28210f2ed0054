"""Look every reference up in public catalogues: [Reference] -> [Match] + messages.

The orchestration only: which catalogues to ask for which entry type, in
which order, when to stop, and how failures become `unchecked`. Requests go
through the shared HTTP layer (net.py), whose per-service rate limits pace
the whole run, so references are resolved concurrently with asyncio.gather.
Scoring is citecheck.match; the JSON of each catalogue is in catalogues/.

Order per entry type (stop at the first `verified`, so no request is spent
once the evidence is in):

* article, inproceedings, incollection, inbook: Crossref, then OpenAlex;
* book and everything else with a title: Open Library, Google Books, the
  Library of Congress, Crossref (then OpenAlex) — trade books are thin in
  Crossref and OpenAlex;
* an entry that cites a DOI asks Crossref first, whatever its type: the DOI
  is checked, not trusted. A DOI no catalogue has a record of is asked of
  doi.org, so "resolves nowhere" is said only when it does.

An entry no catalogue knows after every search its type calls for is
`not-found` with ``may_not_exist`` and the searches tried listed.

Entries that are only a web page (a URL but no publisher, journal, book
title, DOI or ISBN) are not looked up: catalogues do not list web pages.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from .catalogues.base import Resolver, SearchLog
from .catalogues.crossref import CrossrefResolver
from .catalogues.doi import doi_registered
from .catalogues.googlebooks import GoogleBooksResolver
from .catalogues.loc import LocResolver
from .catalogues.openalex import OpenAlexResolver
from .catalogues.openlibrary import OpenLibraryResolver
from .config import Settings, current_run
from .errors import NetError, OfflineError
from .match import MAY_NOT_EXIST, NOT_FOUND, IdStatus, decide
from .models import SOURCE_LABELS, Candidate, Match, Reference
from .net.limits import Budget
from .text import clean_doi

if TYPE_CHECKING:
    from .net import HttpLayer

RESOLVERS: dict[str, type[Resolver]] = {
    "crossref": CrossrefResolver,
    "openalex": OpenAlexResolver,
    "openlibrary": OpenLibraryResolver,
    "googlebooks": GoogleBooksResolver,
    "loc": LocResolver,
}

PART_ORDER = ("crossref", "openalex")
BOOK_ORDER = ("openlibrary", "googlebooks", "loc", "crossref", "openalex")
PART_TYPES = {"article", "inproceedings", "incollection", "inbook"}
START_BATCH = 16  # references started between two turns of the event loop

OPENALEX_SKIPPED = "OpenAlex skipped: no API key (CITECHECK_OPENALEX_KEY)"
ONLINE_ONLY = "online-only entry (a URL, no publisher or journal): not looked up in catalogues"


def is_online_only(ref: Reference) -> bool:
    f = ref.fields
    return bool(f.url) and not any((f.publisher, f.school, f.institution, f.journal, f.booktitle,
                                    f.doi, f.isbn))


def sources_for(ref: Reference, settings: Settings) -> list[str]:
    """Catalogues to ask for this entry, in order, among those enabled and usable."""
    order = list(PART_ORDER if ref.type in PART_TYPES else BOOK_ORDER)
    if ref.fields.doi and "crossref" in order:  # a cited DOI is checked first
        order.remove("crossref")
        order.insert(0, "crossref")
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
    ref: Reference, resolvers: dict[str, Resolver], order: list[str],
    http: HttpLayer | None = None, settings: Settings | None = None,
) -> tuple[Match, dict[str, NetError]]:
    """One entry: ask catalogues in order until one verifies it; failures by service."""
    candidates: list[Candidate] = []
    failures: dict[str, NetError] = {}
    log = SearchLog()
    match = Match(verdict="not-found")
    for name in order:
        try:
            found = await resolvers[name].search(ref, log)
        except NetError as exc:
            failures[name] = exc
            log.note(f"{SOURCE_LABELS[name]}: failed ({exc})")
            continue
        if found or not candidates:  # nothing new: the verdict so far stands
            candidates += found
            match = decide(ref, candidates)
        if match.verdict == "verified":
            break
    id_status = await _identifier_status(ref, log, candidates, http, settings)
    if id_status:
        match = decide(ref, candidates, id_status)
    searched = list(log.searched)
    if settings is not None and "openalex" in settings.catalogues and not settings.openalex_key \
            and "openalex" not in order and ref.type in PART_TYPES:
        searched.append("OpenAlex: not asked (no API key)")
    match = match.model_copy(update={"searched": searched})
    failed = [f"{SOURCE_LABELS[n]} ({msg})" for n, msg in failures.items()]
    if match.verdict == "not-found" and failures:
        # A catalogue we could not ask might know it: no claim either way.
        if all(isinstance(e, OfflineError) for e in failures.values()):  # never asked: not a failure
            reason = ("not looked up: offline, and not in the cache ("
                      + ", ".join(SOURCE_LABELS[n] for n in failures) + ")")
        else:
            reason = "lookup failed: " + "; ".join(failed)
        return match.model_copy(update={
            "verdict": "unchecked", "may_not_exist": False, "reason": reason}), failures
    if match.verdict == "not-found":
        asked = [SOURCE_LABELS[n] for n in order]
        reason = f"{match.reason} Searched: {', '.join(asked)}."
        if match.may_not_exist:
            reason = reason.replace(NOT_FOUND, MAY_NOT_EXIST)
        match = match.model_copy(update={"reason": reason})
    return match, failures


async def _identifier_status(
    ref: Reference, log: SearchLog, candidates: list[Candidate],
    http: HttpLayer | None, settings: Settings | None,
) -> IdStatus:
    """What became of a cited DOI/ISBN no record came back for."""
    status: IdStatus = {}
    doi = clean_doi(ref.fields.doi)
    if doi and "doi" in log.missing and not any(c.found_by == "doi" for c in candidates):
        where = ", ".join(log.missing["doi"])
        registered: bool | None = None
        if http is not None and settings is not None:
            try:
                registered = await doi_registered(http, settings, doi)
                log.note(f"doi.org: {doi} → {'registered' if registered else 'no such DOI'}")
            except NetError as exc:
                log.note(f"doi.org: failed ({exc})")
        if registered is False:
            status["doi"] = ("unresolved", f"resolves nowhere: doi.org has no such DOI "
                                           f"(and {where} no record)")
        elif registered:
            status["doi"] = ("unknown", f"registered at doi.org, but {where} "
                                        "has no record of it (another registration agency)")
        else:
            status["doi"] = ("unknown", f"{where} has no record of it")
    if ref.fields.isbn and "isbn" in log.missing and not any(
            c.found_by == "isbn" for c in candidates):
        status["isbn"] = ("unknown", f"{', '.join(log.missing['isbn'])}: no edition with this ISBN")
    return status


async def resolve_references(
    refs: list[Reference], http: HttpLayer, settings: Settings,
    tick: Callable[[], None] | None = None, budget: Budget | None = None,
) -> tuple[list[Match], list[str]]:
    """Matches in the order of ``refs`` and one-line messages for the user.

    With a *budget* (the run's ``--max-time``), lookups still running when it is
    spent are stopped and their entries are ``unchecked`` with that reason.
    """
    messages: list[str] = []
    if not refs:
        return [], messages  # (a document citing keys with no list of its own: nothing to look up)
    resolvers = {name: cls(http, settings) for name, cls in RESOLVERS.items()}
    if "openalex" in settings.catalogues and not settings.openalex_key and not current_run().offline:
        messages.append(OPENALEX_SKIPPED)  # (offline, no catalogue is asked: nothing to say)

    async def one(ref: Reference) -> tuple[Match, dict[str, NetError]]:
        reason = skip_reason(ref)
        order = sources_for(ref, settings)
        if reason is None and not order:
            reason = "no catalogue enabled for this entry type"
        result = (Match(verdict="unchecked", reason=reason), {}) if reason else (
            await resolve_one(ref, resolvers, order, http, settings)
        )
        if tick:
            tick()
        return result

    # Started a few at a time, yielding to the event loop in between: a thousand first
    # steps in one go hold the loop for a while, and the requests already past the rate
    # limiter would then leave together (a burst the service counts against its limit).
    tasks: list[asyncio.Future[tuple[Match, dict[str, NetError]]]] = []
    try:
        for i, r in enumerate(refs):
            tasks.append(asyncio.ensure_future(one(r)))
            if i % START_BATCH == START_BATCH - 1:
                await asyncio.sleep(0)
    except BaseException:
        for t in tasks:
            t.cancel()
        raise
    _, late = await asyncio.wait(tasks, timeout=budget.timeout() if budget else None)
    for task in late:
        task.cancel()
    if late:
        await asyncio.gather(*late, return_exceptions=True)
        why = (f"not checked: the run's time limit (--max-time {budget.seconds:g} s) "
               "was reached" if budget and budget.seconds else "not checked")
        messages.append(f"{len(late)} entr{'y' if len(late) == 1 else 'ies'} not looked up: "
                        "the run's time limit (--max-time) was reached")
    results = [t.result() if t not in late else (Match(verdict="unchecked", reason=why), {})
               for t in tasks]
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
