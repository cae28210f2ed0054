"""Corpus aggregates for batch runs: per-document rows and corpus-wide figures, from Results.

Pure: it reads stored :class:`~citecheck.models.Result` JSON (or the Results
themselves) and computes what a link-rot study or a back-catalogue audit
wants — per document (entries, problems, dead links) and across the corpus
(link rot by host and by citation year, catalogue verdicts, the most common
problems). :mod:`citecheck.batch` runs the checks; renderers write CSV, JSON
and the HTML overview.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from .models import ROT, Result, link_group
from .render.summary import PROBLEM_STATUSES, priorities

_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")


class DocumentRow(BaseModel):
    """One document of the corpus: what was found and what is wrong."""

    path: str
    status: str = Field(description="done, or failed (with the error)")
    error: str | None = None
    kind: str | None = None
    entries: int = 0
    links: int = 0
    dead_links: int = 0
    unparsed: int = 0
    missing_fields: int = 0
    not_found: int = 0
    verified: int = 0
    unchecked: int = 0
    problems: int = 0


class RateRow(BaseModel):
    """Links of one group (a host, a citation year): how many, how many rotten."""

    key: str
    links: int
    rotten: int

    @property
    def rate(self) -> float:
        return self.rotten / self.links if self.links else 0.0


class CorpusSummary(BaseModel):
    documents: int
    failed: int
    entries: int
    links: int
    link_groups: dict[str, int] = Field(description="ok / broken / blocked / unknown")
    rot_by_host: list[RateRow] = Field(description="hosts with the most rotten links first")
    rot_by_year: list[RateRow] = Field(description="by the citing entry's year, oldest first")
    verdicts: dict[str, int]
    problems: dict[str, int] = Field(description="problem kind -> documents with it, most first")


def document_row(path: str, result: Result) -> DocumentRow:
    report = result.report
    verdicts = Counter(e.match.verdict for e in report.entries if e.match)
    row = DocumentRow(
        path=path, status="done", kind=report.kind, entries=len(report.entries),
        links=len(report.links), dead_links=sum(1 for c in report.links if c.status in ROT),
        unparsed=sum(1 for e in report.entries if e.error),
        missing_fields=sum(1 for e in report.entries if e.missing),
        not_found=verdicts["not-found"], verified=verdicts["verified"],
        unchecked=verdicts["unchecked"],
    )
    # the same count as the report's "Fix these first": citation and footnote problems included
    row.problems = len(priorities(report))
    return row


def _problem_kinds(result: Result) -> set[str]:
    report = result.report
    kinds = {a.kind for a in report.bibliography.anomalies}
    if any(c.status in ROT for c in report.links):
        kinds.add("dead links")
    if any(e.error for e in report.entries):
        kinds.add("unparsed entries")
    if any(e.missing for e in report.entries):
        kinds.add("missing fields")
    if any(e.match and e.match.verdict == "not-found" for e in report.entries):
        kinds.add("references no catalogue knows")
    if any(s.missing for s in report.footnotes.sections):
        kinds.add("footnote gaps")
    if any(c.status in PROBLEM_STATUSES for c in report.footnotes.citations):
        kinds.add("citation problems")
    return kinds


def summarise(results: Iterable[tuple[str, Result | None]]) -> tuple[list[DocumentRow], CorpusSummary]:
    """Rows and corpus figures from (path, Result) pairs; a None Result is a failed document."""
    rows: list[DocumentRow] = []
    groups: Counter[str] = Counter()
    hosts: dict[str, list[int]] = {}
    years: dict[str, list[int]] = {}
    verdicts: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    for path, result in results:
        if result is None:
            continue
        rows.append(document_row(path, result))
        year_of = {e.key: _year(e.fields.get("year")) for e in result.report.entries}
        for check in result.report.links:
            group = link_group(check.status)
            groups[group] += 1
            if group == "unknown":
                continue  # never checked: neither rotten nor alive
            rotten = int(check.status in ROT)
            host = (urlsplit(check.url).hostname or "?").removeprefix("www.")
            pair = hosts.setdefault(host, [0, 0])
            pair[0] += 1
            pair[1] += rotten
            year = year_of.get(check.entry or "")
            if year:
                pair = years.setdefault(year, [0, 0])
                pair[0] += 1
                pair[1] += rotten
        verdicts.update(e.match.verdict if e.match else "unchecked" for e in result.report.entries)
        problems.update(_problem_kinds(result))
    by_host = sorted((RateRow(key=h, links=n, rotten=r) for h, (n, r) in hosts.items()),
                     key=lambda row: (-row.rotten, -row.links, row.key))
    by_year = sorted((RateRow(key=y, links=n, rotten=r) for y, (n, r) in years.items()),
                     key=lambda row: row.key)
    summary = CorpusSummary(
        documents=len(rows), failed=0, entries=sum(r.entries for r in rows),
        links=sum(r.links for r in rows), link_groups=dict(groups), rot_by_host=by_host[:50],
        rot_by_year=by_year, verdicts=dict(verdicts), problems=dict(problems.most_common()),
    )
    return rows, summary


def _year(value: object) -> str | None:
    m = _YEAR.search(str(value or ""))
    return m.group(1) if m else None
