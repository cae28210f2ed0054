"""The pipeline as a library: one async entry point, ``check``, that every front end calls.

    ingest -> repair -> locate -> parse -> keys/completeness -> footnotes
           -> links (network, optional) -> resolve (network, optional) -> Result

``check(document, options, http=...)`` takes a Document already read
(``ingest.read_document(path)`` or ``ingest.document_from_bytes(data, name)``),
per-run :class:`~citecheck.config.RunOptions`, and an HTTP layer that many
runs may share (so per-origin and per-catalogue limits hold across them). It
returns a :class:`~citecheck.models.Result`, from which any report format,
export or fix is rendered without re-running a stage. The CLI is a thin
synchronous wrapper; a service or a worker awaits ``check`` directly.

Pure stages never touch the network and run off the event loop
(``asyncio.to_thread``), so a service stays responsive while it parses.
``check_sync`` runs a run without network stages with no event loop at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .keys import assign_keys
from .completeness import left_out_by_style, missing_fields
from .config import RunOptions, Settings, running
from .errors import NoBibliographyError
from .ingest import read_document
from .limits import cap_notice
from .models import (
    Bibliography,
    CleanText,
    Document,
    Entry,
    FootnoteReport,
    LinkCheck,
    Match,
    Notice,
    Reference,
    Report,
    RepairSummary,
    Result,
)
from .text import lazy_compile

if TYPE_CHECKING:
    from .net import HttpLayer

Tick = Callable[[], None]


class Progress(Protocol):
    """Where the pipeline tells the user what it is doing (the CLI draws rich progress bars)."""

    def __call__(self, message: str) -> None: ...

    def stage(self, description: str, total: int) -> Tick:
        """Start a stage of *total* items; call the returned function once per item done."""
        ...


class Silent:
    """A Progress that says nothing (library use, --quiet, output not a terminal)."""

    def __call__(self, message: str) -> None:
        pass

    def stage(self, description: str, total: int) -> Tick:
        return lambda: None

# a URL as printed in running text: with a scheme, or a bare www. host. ftp/file/mailto
# links are collected too, so the report lists them as 'skipped' rather than leaving them out
URL_RE = lazy_compile(r"""(?:(?:https?|ftp|file)://|mailto:(?=\S+@)|www\.)[^\s<>"“”‘’]+""",
                    re.IGNORECASE)


def analyse(
    doc: Document, settings: Settings | None = None, notices: list[Notice] | None = None,
) -> tuple[CleanText, Bibliography, list[Reference]]:
    """Offline stages: repaired text, the bibliography found, and its parsed references.

    At most ``settings.max_entries`` entries are parsed; a limit hit is added
    to *notices* (when given).
    """
    settings = settings or Settings()
    limit = settings.max_entries
    said = notices if notices is not None else []
    if doc.kind == "bib":
        refs = list(doc.bib_entries or [])
        if len(refs) > limit:
            said.append(cap_notice("BibTeX entries", len(refs), limit, "max_entries", "ingest",
                                   refs[limit].line))
            refs = refs[:limit]
        return CleanText(lines=list(doc.lines)), Bibliography(), _finish(refs, keep_keys=True)

    from .locate import locate
    from .parse import parse_references, same_authors
    from .repair import repair

    clean = repair(doc, cache_dir=settings.cache_dir)
    if doc.kind == "markdown":
        from .markup import plain_text

        clean = plain_text(clean)
    if doc.companion is not None:
        # a .bib given with the document (--bib): its entries are the reference list
        refs = list(doc.companion.bib_entries or [])
        if len(refs) > limit:
            said.append(cap_notice(f"BibTeX entries of {doc.companion.path}", len(refs), limit,
                                   "max_entries", "ingest", None))
            refs = refs[:limit]
        return clean, Bibliography(), _finish(refs, keep_keys=True)
    from .footnotes import has_key_citations, with_notes

    # notes that repeat another (Ibid., op. cit.) leave the list; notes become the
    # list when they are the only references (Markdown footnotes, endnotes)
    bibliography = with_notes(clean, locate(clean))
    if not bibliography.entries and has_key_citations(clean):
        return clean, bibliography, []  # pandoc keys and no list: said by the footnote stage
    if not bibliography.entries:
        raise NoBibliographyError(
            f"{doc.path}: no bibliography found (looked for a References/Bibliography/"
            "Works Cited section and for runs of reference-like entries)"
        )
    if len(bibliography.entries) > limit:
        said.append(cap_notice("bibliography entries", len(bibliography.entries), limit,
                               "max_entries", "locate", bibliography.entries[limit].line))
        bibliography = bibliography.model_copy(
            update={"entries": bibliography.entries[:limit]})
    # parsed together, in order: a "———." entry takes the previous entry's authors, and a work
    # of a compound reference printed without them ("…; Phys. Lett. B 435, 389 (1998)") its
    # previous work's
    parsed = parse_references([raw.text for raw in bibliography.entries])
    refs: list[Reference] = []
    for raw, ref in zip(bibliography.entries, parsed):
        ref = ref.model_copy(update={
            "line": raw.line, "line_end": raw.line_end, "label": raw.label, "part": raw.part})
        if (raw.part or 1) > 1 and refs:
            ref = same_authors(ref, refs[-1])
        refs.append(ref)
    return clean, bibliography, _finish(refs, keep_keys=False, notices=said)


def _finish(refs: list[Reference], *, keep_keys: bool,
            notices: list[Notice] | None = None) -> list[Reference]:
    """Assign stable keys (unless the .bib had its own) and compute missing fields.

    A printed list (not a .bib: *keep_keys* is False) is judged by its own style: a
    field its style leaves out for a type (APA 7's and MLA 9's places) is not missing
    from its entries, and *notices* says so once.
    """
    keys = [r.key for r in refs] if keep_keys else assign_keys(refs)
    omitted = {} if keep_keys else left_out_by_style(
        [(r.type, r.fields) for r in refs if not r.error])
    for entry_type, names in sorted(omitted.items()):
        if notices is not None:
            notices.append(Notice(code="style-omits", stage="finish", text=(
                f"No {', '.join(sorted(names))} is given for (nearly) any {entry_type} of the list, "
                "as its style does (APA 7 and MLA 9 print no place of publication): its "
                "entries are not reported incomplete for it.")))

    def missing(r: Reference) -> list[str]:
        if r.error:
            return []
        return [m for m in missing_fields(r.type, r.fields) if m not in omitted.get(r.type, ())]

    return [r.model_copy(update={"key": k, "missing": missing(r)}) for r, k in zip(refs, keys)]


def link_targets(doc: Document, clean: CleanText, refs: list[Reference]) -> list[tuple[str, int | None, str | None]]:
    """Every URL cited: (url as printed, line, entry key) — entries first, then the body.

    A URL printed twice (the parsed ``url`` field and the entry's text, or the
    body and an entry) is one target: duplicates are judged on the URL as
    normalised for checking.
    """
    from .bibtex import unescape_link
    from .links import normalise

    targets: list[tuple[str, int | None, str | None]] = []
    seen: set[str] = set()

    def add(url: str, line: int | None, key: str | None) -> None:
        norm = normalise(url).url
        if norm not in seen:
            seen.add(norm)
            targets.append((url, line, key))

    for ref in refs:
        # a URL in a .bib is written for LaTeX ('a\\_b' is 'a_b')
        found = [unescape_link(u) if ref.source is not None else u for u in URL_RE.findall(ref.raw)]
        for url in ([ref.fields.url] if ref.fields.url else []) + found:
            # an entry of a .bib given with --bib: its line is that file's, not the document's
            add(url, None if doc.companion is not None else ref.line, ref.key)
    if doc.companion is not None:
        refs = []  # every line of the document is its own text
    if doc.kind != "bib":
        # lines inside an entry, as a difference array: linear in lines + entries
        depth = [0] * (len(clean.lines) + 2)
        for r in refs:
            a, b = r.line or 0, r.line_end or 0
            if 1 <= a <= b:
                depth[a] += 1
                depth[min(b, len(clean.lines)) + 1] -= 1
        inside = 0
        for number, line in enumerate(clean.lines, start=1):
            inside += depth[number]
            if not inside and ("://" in line or "www." in line.lower() or "mailto:" in line.lower()):
                for url in URL_RE.findall(line):
                    add(url, number, None)
    return targets


def offline_stages(
    document: Document, options: RunOptions, settings: Settings,
) -> tuple[CleanText, Bibliography, list[Reference], FootnoteReport, list[Notice]]:
    """The stages that never touch the network: analyse, then footnotes; with their notices."""
    notices = list(document.notices)
    clean, bibliography, refs = analyse(document, settings, notices)
    notices += bib_notices(document)
    if document.companion is not None:
        notices += bib_notices(document.companion, companion=True)
    footnotes = FootnoteReport()
    if document.kind != "bib" and options.footnotes:
        from .footnotes import find_footnotes

        footnotes = find_footnotes(clean, bibliography, refs, bib=(
            document.companion.path if document.companion is not None else None))
        footnotes, capped = cap_footnotes(footnotes, settings.max_notes)
        notices += capped
        if footnotes.message:
            notices.append(Notice(code="footnotes", text=footnotes.message, stage="footnotes"))
    return clean, bibliography, refs, footnotes, notices


def bib_notices(bib: Document, *, companion: bool = False) -> list[Notice]:
    """What reading a .bib said: unreadable entries, repeated keys, warnings.

    For a .bib given with the document (*companion*) the notices name that
    file and carry no line: the report's lines are the document's.
    """
    name = f"BibTeX ({bib.path})" if companion else "BibTeX"

    def line(n: int | None) -> int | None:
        return None if companion else n

    notices = [Notice(code="bib-parse-error", text=f"{name}: {e}", stage="ingest",
                      line=line(int(m.group(1))) if (m := re.match(r"line (\d+):", e)) else None)
               for e in bib.bib_errors]
    notices += [Notice(code="bib-duplicate-key", stage="ingest", line=line(r.line),
                       text=f"{name}: line {r.line}: duplicate key {d.key!r} (first used on "
                       f"line {d.first_line}; this entry is {d.renamed!r} here)")
                for r in bib.bib_entries or [] if (d := r.duplicate) is not None]
    notices += [Notice(code="bib-warning", stage="ingest", line=line(r.line), text=f"{name}: {r.notice}")
                for r in bib.bib_entries or [] if r.notice]
    return notices


async def check(
    document: Document,
    options: RunOptions | None = None,
    *,
    http: HttpLayer | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Result:
    """Run every stage the options ask for on *document* and return the Result.

    *http* is the HTTP layer to use (shared by concurrent runs); without one,
    a layer is built from *settings* for this run and closed after it. The
    options apply to this run only, even when other runs share the layer.
    """
    import asyncio

    options = options or RunOptions()
    settings = settings or (http.settings if http is not None else Settings())
    say = progress or Silent()
    with running(options):
        if options.network and http is None and not options.offline:
            from .net.transport import warm_tls

            warm_tls()  # ready by the time the network stages start
        say("reading and repairing the text")
        clean, bibliography, refs, footnotes, notices = await asyncio.to_thread(
            offline_stages, document, options, settings)
        links: list[LinkCheck] = []
        matches: list[Match | None] = [None] * len(refs)
        if options.network:
            links, found, more = await _network_stages(
                document, clean, refs, options, settings, http, say)
            notices += more
            if found is not None:
                matches = list(found)
    report = to_report(document, clean, bibliography, refs, footnotes, links, matches, notices)
    return Result(report=report, document=document, references=refs)


def check_sync(
    document: Document, options: RunOptions | None = None, *, settings: Settings | None = None,
    progress: Progress | None = None,
) -> Result:
    """:func:`check` for synchronous callers (the CLI): its own event loop and HTTP layer.

    A run with no network stage has nothing to await, so it runs the offline
    stages here, without an event loop (the same stages and the same Result).
    """
    options = options or RunOptions()
    if options.network:
        import asyncio

        return asyncio.run(check(document, options, settings=settings, progress=progress))
    settings = settings or Settings()
    with running(options):
        (progress or Silent())("reading and repairing the text")
        clean, bibliography, refs, footnotes, notices = offline_stages(document, options, settings)
    report = to_report(document, clean, bibliography, refs, footnotes, [], [None] * len(refs),
                       notices)
    return Result(report=report, document=document, references=refs)


def build_report(
    path: Path, settings: Settings | None = None, progress: Progress | None = None,
    options: RunOptions | None = None,
) -> Report:
    """Read *path*, run :func:`check` and return its Report (a convenience for scripts)."""
    return check_sync(read_document(path), options, settings=settings, progress=progress).report


def to_report(
    doc: Document, clean: CleanText, bibliography: Bibliography, refs: list[Reference],
    footnotes: FootnoteReport, links: list[LinkCheck], matches: list[Match | None],
    notices: list[Notice],
) -> Report:
    """Shape what the stages found into the Report every renderer reads."""
    by_entry: dict[str, list[str]] = {}
    for link in links:
        if link.entry:
            by_entry.setdefault(link.entry, []).append(link.url)
    entries = [
        Entry(
            raw=r.raw, line=r.line, line_end=r.line_end, type=r.type, key=r.key,
            fields=r.fields.bibtex(), missing=r.missing, error=r.error, notice=r.notice, match=m,
            links=by_entry.get(r.key, []), duplicate=r.duplicate, label=r.label, part=r.part,
        )
        for r, m in zip(refs, matches)
    ]
    repairs = clean.repairs
    counts = Counter(rep.kind for rep in repairs if rep.applied)
    # checked entries first (their URL wins a duplicate), listed in the document's order
    links = sorted(links, key=lambda c: c.line if c.line is not None else 1 << 30)
    return Report(
        document=doc.path,
        kind=doc.kind,
        lines=len(doc.lines),
        entries=entries,
        entries_source=doc.companion.path if doc.companion is not None else None,
        bibliography=bibliography,
        footnotes=footnotes,
        repairs=repairs,
        repair_summary=RepairSummary(
            counts=dict(sorted(counts.items())),
            doubtful=sum(1 for rep in repairs if not rep.applied),
        ),
        links=links,
        link_summary=dict(sorted(Counter(c.status for c in links).items())),
        notices=notices,
    )


async def _network_stages(
    doc: Document, clean: CleanText, refs: list[Reference], options: RunOptions,
    settings: Settings, http: HttpLayer | None, say: Progress,
) -> tuple[list[LinkCheck], list[Match] | None, list[Notice]]:
    from .net import HttpLayer

    notices: list[Notice] = []
    links: list[LinkCheck] = []
    matches: list[Match] | None = None
    targets = link_targets(doc, clean, refs) if options.links else []
    if len(targets) > settings.max_links:
        notices.append(cap_notice("links", len(targets), settings.max_links, "max_links", "links",
                                  targets[settings.max_links][1]))
        targets = targets[:settings.max_links]
    if not options.offline:
        from .net.reach import endpoints_reachable

        if not await endpoints_reachable(settings, catalogues=options.resolve):
            links, found, more = _unreachable(targets, refs, options, settings)
            return links, found, notices + more
    from .net.limits import Budget

    budget = Budget(options.max_time, reason="--max-time")  # both network stages spend it
    own = http is None
    layer = HttpLayer(settings) if http is None else http
    try:
        if options.links:
            from .links import check_document_links

            tick = say.stage("checking links", len(targets))
            cited = {key: r for r in refs if (key := r.key)}
            links, link_messages = await check_document_links(
                targets, layer, settings, cited=cited, tick=tick, budget=budget
            )
            notices += [Notice(code="links", text=m, stage="links") for m in link_messages]
        if options.resolve:
            from .resolve import resolve_references

            tick = say.stage("resolving references", len(refs))
            matches, resolve_messages = await resolve_references(refs, layer, settings, tick=tick,
                                                                 budget=budget)
            notices += [Notice(code="resolve", text=m, stage="resolve") for m in resolve_messages]
    finally:
        if own:
            await layer.aclose()
    return links, matches, notices


def cap_footnotes(report: FootnoteReport, limit: int) -> tuple[FootnoteReport, list[Notice]]:
    """At most *limit* footnote markers and *limit* notes in the report; a notice if cut."""
    markers = sum(len(s.markers) for s in report.sections)
    notes = sum(len(s.notes) for s in report.sections)
    if markers <= limit and notes <= limit:
        return report, []
    sections, left_m, left_n, first = [], limit, limit, None
    for section in report.sections:
        kept_m, kept_n = section.markers[:max(left_m, 0)], section.notes[:max(left_n, 0)]
        if first is None and len(kept_m) < len(section.markers):
            first = section.markers[len(kept_m)].line
        left_m -= len(kept_m)
        left_n -= len(kept_n)
        if kept_m or kept_n:
            sections.append(section.model_copy(update={"markers": kept_m, "notes": kept_n}))
    return report.model_copy(update={"sections": sections}), [cap_notice(
        "footnote markers" if markers > limit else "notes", max(markers, notes), limit,
        "max_notes", "footnotes", first)]


def _unreachable(
    targets: list[tuple[str, int | None, str | None]], refs: list[Reference],
    options: RunOptions, settings: Settings,
) -> tuple[list[LinkCheck], list[Match] | None, list[Notice]]:
    """No host name resolves: every link and lookup is 'unchecked' (never 'dead'), one notice."""
    from .links import normalise

    reason = "not checked: the network is unreachable (no configured endpoint answers)"
    links = []
    for url, line, key in (targets if options.links else []):
        norm = normalise(url, settings.skip_patterns)
        links.append(LinkCheck(url=norm.url, original=url, line=line, entry=key,
                               status=norm.status or "unchecked", evidence=norm.reason or reason))
    matches = [Match(verdict="unchecked", reason=reason) for _ in refs] if options.resolve else None
    return links, matches, [Notice(
        code="network-unreachable", stage="network",
        text="network unreachable (no configured endpoint answers): links and catalogue "
             "lookups were not made and are marked 'unchecked', not dead or missing")]
