"""The only place that knows the order of the stages: FILE -> Report.

    ingest -> repair -> locate -> parse -> keys/completeness -> footnotes
           -> links (network, optional) -> resolve (network, optional) -> Report

Pure stages never touch the network; the two network stages share one
HttpLayer (net.py) built here from the Settings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Protocol
from dataclasses import dataclass, field
from pathlib import Path

from .bibtex import assign_keys
from .completeness import missing_fields
from .errors import NoBibliographyError
from .ingest import read_document
from .models import (
    Bibliography,
    CleanText,
    Document,
    Entry,
    FootnoteReport,
    LinkCheck,
    Match,
    Reference,
    Report,
    RepairSummary,
)
from .config import Settings

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
URL_RE = re.compile(r"""(?:(?:https?|ftp|file)://|mailto:(?=\S+@)|www\.)[^\s<>"“”‘’]+""",
                    re.IGNORECASE)


def analyse(doc: Document) -> tuple[CleanText, Bibliography, list[Reference]]:
    """Offline stages: repaired text, the bibliography found, and its parsed references."""
    if doc.kind == "bib":
        refs = list(doc.bib_entries or [])
        return CleanText(lines=list(doc.lines)), Bibliography(), _finish(refs, keep_keys=True)

    from .locate import locate
    from .parse import parse_references
    from .repair import repair

    clean = repair(doc)
    if doc.kind == "markdown":
        from .markup import plain_lines

        clean = clean.model_copy(update={"lines": plain_lines(clean.lines)})
    from .footnotes import with_notes

    # notes that repeat another (Ibid., op. cit.) leave the list; notes become the
    # list when they are the only references (Markdown footnotes, endnotes)
    bibliography = with_notes(clean, locate(clean))
    if not bibliography.entries:
        raise NoBibliographyError(
            f"{doc.path}: no bibliography found (looked for a References/Bibliography/"
            "Works Cited section and for runs of reference-like entries)"
        )
    # parsed together, in order: a "———." entry takes the previous entry's authors
    parsed = parse_references([raw.text for raw in bibliography.entries])
    refs = [
        ref.model_copy(update={"line": raw.line, "line_end": raw.line_end})
        for raw, ref in zip(bibliography.entries, parsed)
    ]
    return clean, bibliography, _finish(refs, keep_keys=False)


def _finish(refs: list[Reference], *, keep_keys: bool) -> list[Reference]:
    """Assign stable keys (unless the .bib had its own) and compute missing fields."""
    keys = [r.key for r in refs] if keep_keys else assign_keys(refs)
    return [
        r.model_copy(update={"key": k, "missing": [] if r.error else missing_fields(r.type, r.fields)})
        for r, k in zip(refs, keys)
    ]


def link_targets(doc: Document, clean: CleanText, refs: list[Reference]) -> list[tuple[str, int | None, str | None]]:
    """Every URL cited: (url as printed, line, entry key) — entries first, then the body.

    A URL printed twice (the parsed ``url`` field and the entry's text, or the
    body and an entry) is one target: duplicates are judged on the URL as
    normalised for checking.
    """
    from .links import normalise

    targets: list[tuple[str, int | None, str | None]] = []
    seen: set[str] = set()

    def add(url: str, line: int | None, key: str | None) -> None:
        norm = normalise(url).url
        if norm not in seen:
            seen.add(norm)
            targets.append((url, line, key))

    for ref in refs:
        for url in ([ref.fields.url] if ref.fields.url else []) + URL_RE.findall(ref.raw):
            add(url, ref.line, ref.key)
    if doc.kind != "bib":
        spans = [(r.line or 0, r.line_end or 0) for r in refs]
        for number, line in enumerate(clean.lines, start=1):
            if not any(a <= number <= b for a, b in spans):
                for url in URL_RE.findall(line):
                    add(url, number, None)
    return targets


@dataclass
class Findings:
    """What every stage found, before it is shaped into a Report (export and fix use it too)."""

    doc: Document
    clean: CleanText
    bibliography: Bibliography
    refs: list[Reference]
    footnotes: FootnoteReport = field(default_factory=FootnoteReport)
    links: list[LinkCheck] = field(default_factory=list)
    matches: list[Match | None] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def collect(path: Path, settings: Settings, progress: Progress | None = None) -> Findings:
    """Run every stage on *path* (network stages as the settings allow)."""
    say = progress or Silent()
    doc = read_document(path)
    say("reading and repairing the text")
    clean, bibliography, refs = analyse(doc)
    found = Findings(doc, clean, bibliography, refs, matches=[None] * len(refs))
    found.messages += [f"BibTeX: {e}" for e in doc.bib_errors]
    if doc.kind != "bib":
        from .footnotes import find_footnotes

        found.footnotes = find_footnotes(clean, bibliography, refs)
        if found.footnotes.message:
            found.messages.append(found.footnotes.message)
    if not (settings.no_links and settings.no_resolve):
        import asyncio  # only the network stages need it (~20 ms to import)

        links, matches, messages = asyncio.run(_network_stages(doc, clean, refs, settings, say))
        found.links = links
        found.messages += messages
        if matches is not None:
            found.matches = list(matches)
    return found


def to_report(found: Findings) -> Report:
    """Shape the findings into the Report every renderer reads."""
    by_entry: dict[str, list[str]] = {}
    for check in found.links:
        if check.entry:
            by_entry.setdefault(check.entry, []).append(check.url)
    entries = [
        Entry(
            raw=r.raw, line=r.line, line_end=r.line_end, type=r.type, key=r.key,
            fields=r.fields.bibtex(), missing=r.missing, error=r.error, match=m,
            links=by_entry.get(r.key, []),
        )
        for r, m in zip(found.refs, found.matches)
    ]
    repairs = found.clean.repairs
    counts = Counter(rep.kind for rep in repairs if rep.applied)
    return Report(
        document=found.doc.path,
        kind=found.doc.kind,
        lines=len(found.doc.lines),
        entries=entries,
        bibliography=found.bibliography,
        footnotes=found.footnotes,
        repairs=repairs,
        repair_summary=RepairSummary(
            counts=dict(sorted(counts.items())),
            doubtful=sum(1 for rep in repairs if not rep.applied),
        ),
        links=found.links,
        link_summary=dict(sorted(Counter(c.status for c in found.links).items())),
        messages=found.messages,
    )


def build_report(path: Path, settings: Settings, progress: Progress | None = None) -> Report:
    """Run every stage on *path* and collect the findings in a Report."""
    return to_report(collect(path, settings, progress))


async def _network_stages(
    doc: Document, clean: CleanText, refs: list[Reference], settings: Settings, say: Progress
) -> tuple[list[LinkCheck], list[Match] | None, list[str]]:
    from .net import HttpLayer

    messages: list[str] = []
    links: list[LinkCheck] = []
    matches: list[Match] | None = None
    if not settings.offline:
        from .links import default_probe

        if not await default_probe(settings):
            return _unreachable(link_targets(doc, clean, refs), refs, settings)
    async with HttpLayer(settings) as http:
        if not settings.no_links:
            from .links import check_document_links

            targets = link_targets(doc, clean, refs)
            tick = say.stage("checking links", len(targets))
            cited = {key: r for r in refs if (key := r.key)}
            links, link_messages = await check_document_links(
                targets, http, settings, cited=cited, tick=tick
            )
            messages += link_messages
        if not settings.no_resolve:
            from .resolve import resolve_references

            tick = say.stage("resolving references", len(refs))
            matches, resolve_messages = await resolve_references(refs, http, settings, tick=tick)
            messages += resolve_messages
    return links, matches, messages


def _unreachable(
    targets: list[tuple[str, int | None, str | None]], refs: list[Reference], settings: Settings
) -> tuple[list[LinkCheck], list[Match] | None, list[str]]:
    """No host name resolves: every link and lookup is 'unchecked' (never 'dead'), one message."""
    from .links import normalise

    reason = "not checked: the network is unreachable (no host name resolves)"
    links = []
    for url, line, key in ([] if settings.no_links else targets):
        norm = normalise(url, settings.skip_patterns)
        links.append(LinkCheck(url=norm.url, original=url, line=line, entry=key,
                               status=norm.status or "unchecked", evidence=norm.reason or reason))
    matches = None if settings.no_resolve else [Match(verdict="unchecked", reason=reason) for _ in refs]
    return links, matches, ["network unreachable (no host name resolves): links and catalogue "
                            "lookups were not made and are marked 'unchecked', not dead or missing"]
