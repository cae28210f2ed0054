"""Numbers at a glance, shared by the text, Markdown and HTML renderers."""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from ..models import Entry, LinkCheck, Match, ROT, UNSEEN, WORKING, Report

FINE = WORKING | (UNSEEN - {"invalid"})  # statuses the report does not flag


def footnote_anomalies(report: Report) -> int:
    return sum(
        len(s.missing) + len(s.repeated) + len(s.backward) for s in report.footnotes.sections
    )


PROBLEM_STATUSES = ("not-listed", "out-of-range", "year-mismatch")


def notes_not_listed(report: Report) -> list[tuple[int, str]]:
    """(line, text) of each work a note cites that the bibliography does not list.

    Only notes: a citation in the running text that names no entry is in
    ``footnotes.citations`` already.
    """
    return [(u.line, str(u)) for u in report.footnotes.unlisted_in_notes]


def citation_problem_count(report: Report) -> int:
    """Citation problems as ``--fail-on citations`` counts them: citations in the text that name
    no entry, are out of range or give another year, and works notes cite that the list lacks.
    An entry never cited is said apart (:func:`never_cited`): it is no citation problem."""
    return (sum(1 for c in report.footnotes.citations if c.status in PROBLEM_STATUSES)
            + len(notes_not_listed(report)))


def never_cited(report: Report) -> list[str]:
    """Keys of entries no citation names, in a document whose text cites by number, label or
    author and year (with notes, or keys without --bib, which entries go uncited is unsure)."""
    fn = report.footnotes
    return list(fn.uncited_entries) if fn.style in ("numbered", "label", "author-year") else []


def citation_problems(report: Report) -> list[str]:
    """One line per citation problem: in the running text, and works notes cite but the list lacks."""
    fn = report.footnotes
    out = [
        f"line {c.line}: {c.text} — {c.status}" + (f": {c.detail}" if c.detail else "")
        for c in fn.citations if c.status in PROBLEM_STATUSES
    ]
    out += [f"line {line}: {text} — not-listed" for line, text in notes_not_listed(report)]
    out += [f"never cited: {k}" for k in never_cited(report)]
    return out


_LABEL_CORE_RE = re.compile(r"^(\W*)(.*?)(\W*)$")


def part_tag(entry: Entry) -> str:
    """'[3b]' for the second work of compound reference [3]; '' for an entry of one work."""
    if not entry.part:
        return ""
    letter = chr(ord("a") + entry.part - 1) if entry.part <= 26 else f"-{entry.part}"
    if not entry.label:
        return f"({letter})"
    m = _LABEL_CORE_RE.match(entry.label)
    assert m is not None  # (the pattern matches any text)
    return f"{m.group(1)}{m.group(2)}{letter}{m.group(3)}"


def verdicts(report: Report) -> Counter[str]:
    return Counter(e.match.verdict if e.match else "unchecked" for e in report.entries)


def glance(report: Report) -> list[tuple[str, str]]:
    """(label, value) pairs: the top of every report."""
    v = verdicts(report)
    incomplete = sum(1 for e in report.entries if e.missing)
    rows = [
        ("entries", str(len(report.entries))),
        ("complete", f"{len(report.entries) - incomplete} ({incomplete} missing fields)"),
        ("verified", str(v.get("verified", 0))),
        ("probable", str(v.get("probable", 0))),
        ("ambiguous", str(v.get("ambiguous", 0))),
        ("not found", str(v.get("not-found", 0))),
        ("unchecked", str(v.get("unchecked", 0))),
        ("links", ", ".join(f"{n} {s}" for s, n in report.link_summary.items()) or "none"),
        ("footnote anomalies", str(footnote_anomalies(report))),
        *([("citation problems", str(citation_problem_count(report)))]
          if report.footnotes.citations or notes_not_listed(report) else []),
        *([("never cited", str(len(never_cited(report))))] if never_cited(report) else []),
        ("repairs", ", ".join(f"{n} {k}" for k, n in report.repair_summary.counts.items()) or "none"),
    ]
    if report.repair_summary.doubtful:
        rows.append(("doubtful repairs (not made)", str(report.repair_summary.doubtful)))
    return rows


def change_text(field: str, current: object, suggested: object) -> str:
    """A suggested change as the reports show it: ``doi (none) -> '10.1/x'``, never ``None``."""
    shown = repr(current) if current else "(none)"
    return f"{field} {shown} -> {suggested!r}"


def missing_text(missing: list[str]) -> str:
    """Missing fields for a reader: 'year|urldate' (either will do) reads 'year or urldate'."""
    return ", ".join(m.replace("|", " or ") for m in missing)


class Priority(NamedTuple):
    """One thing to fix, as every report lists it first: what, where, and how."""

    kind: str  # bibliography, footnotes, citations, unparsed, duplicate-key, missing-fields, dead-link, wrong-id, not-found, discrepancy
    line: int | None
    text: str
    file: str | None = None  # the file *line* is in, when not the document (an entry of --bib's .bib)

    @property
    def place(self) -> str:
        """'line 12', 'refs.bib line 12', or '' when there is no line."""
        if not self.line:
            return ""
        return f"{self.file} line {self.line}" if self.file else f"line {self.line}"


# the order of kinds on one line: what loses a reader most first
_RANK = {"bibliography": 0, "footnotes": 1, "citations": 2, "unparsed": 3, "duplicate-key": 4,
         "dead-link": 5, "wrong-id": 6, "not-found": 7, "discrepancy": 8, "missing-fields": 9}


NO_COPY = "no archived copy found"


def archive_failed_text(check: LinkCheck) -> str:
    """A failed archive look-up, as every report words it: never "no archived copy"."""
    return "archive not checked: " + (check.archive_reason or "the look-up failed")


def archive_text(check: LinkCheck) -> str | None:
    """What the archive look-up for a link found, worded alike in every report; None: no look-up.

    "no archived copy found" only for a look-up that succeeded and found no good
    capture; a failed one (error answer, no answer, time limit) says "archive not checked".
    """
    if check.archive is not None:  # reports stored before archive_lookup existed have a copy only
        return f"archived copy {check.archive.url} (captured {check.archive.timestamp})"
    if check.archive_lookup == "no-copy":
        return NO_COPY
    if check.archive_lookup == "failed":
        return archive_failed_text(check)
    return None


def priorities(report: Report) -> list[Priority]:
    """'Fix these first': missing entries and gaps, unparsed entries, repeated .bib keys, dead links with their
    archived copies, wrong identifiers, references no catalogue knows, catalogue
    discrepancies and missing required fields — each with its line, in document order."""
    out: list[Priority] = []
    for a in report.bibliography.anomalies:
        out.append(Priority("bibliography", a.line, f"{a.kind}: {a.message}"))
    for s in report.footnotes.sections:
        if s.missing:
            nums = ", ".join(map(str, s.missing[:12])) + (" …" if len(s.missing) > 12 else "")
            out.append(Priority("footnotes", s.line,
                                f"{s.title}: note number(s) {nums} missing from the sequence"))
    for c in report.footnotes.citations:
        if c.status in PROBLEM_STATUSES:
            out.append(Priority("citations", c.line, f"{c.text}: {c.status}"
                                + (f" ({c.detail})" if c.detail else "")))
    for line, text in notes_not_listed(report):
        out.append(Priority("citations", line, f"cited in a note, not in the bibliography: {text}"))
    bib = report.entries_source  # entries of a .bib given with the document: its lines
    for e in report.entries:
        if e.error:
            out.append(Priority("unparsed", e.line, file=bib, text=f"{e.key}: could not be parsed ({e.error})"))
        if e.duplicate is not None:
            d = e.duplicate
            first = f" on line {d.first_line}" if d.first_line is not None else ""
            out.append(Priority("duplicate-key", e.line, file=bib,
                                text=f"{d.key}: key already used{first}; rename one (this entry "
                                f"is {d.renamed} in this report)"))
        if e.match is not None:
            m = e.match
            if m.verdict == "not-found":
                what = ("no catalogue knows this work; check that it exists" if m.may_not_exist
                        else "no catalogue record is this work as cited")
                if m.may_not_exist and m.reason:  # the reason says it already, and the searches
                    what, reason = m.reason, None
                else:
                    reason = m.reason
                out.append(Priority("not-found", e.line, file=bib, text=f"{e.key}: {what}"
                                    + (f" ({reason})" if reason else "")))
                for c in m.identifiers:
                    if c.status in ("wrong", "unresolved"):
                        out.append(Priority("wrong-id", e.line, file=bib, text=f"{e.key}: {c.field} {c.cited!r}: "
                                            f"{c.note or c.status}"))
            elif m.verdict in ("verified", "probable"):
                for s in m.suggestions:
                    kind = "wrong-id" if s.field in ("doi", "isbn") and s.current else "discrepancy"
                    out.append(Priority(kind, e.line, file=bib, text=f"{e.key}: {change_text(s.field, s.current, s.suggested)}"
                                        f" ({m.verdict}, {s.source})"))
        if e.missing:
            out.append(Priority("missing-fields", e.line, file=bib,
                                text=f"{e.key}: {e.type} lacks {missing_text(e.missing)}"))
    for c in report.links:
        if c.status in ROT:
            shown = archive_text(c)
            copy = f"; {shown}" if shown else ""
            out.append(Priority("dead-link", c.line, f"{c.status}: {c.url}{copy}"))
    return sorted(out, key=lambda p: (p.file is not None, p.line if p.line is not None else 1 << 30,
                                      _RANK[p.kind]))


def repair_counts(report: Report) -> str:
    """'276 ligature, 36 hyphenation …; 4 doubtful (not made)' — the repairs in one line."""
    made = ", ".join(f"{n} {k}" for k, n in report.repair_summary.counts.items()) or "none"
    doubtful = report.repair_summary.doubtful
    return made + (f"; {doubtful} doubtful (reported, not made)" if doubtful else "")


RELATION_WORDS = {
    "review": "a review of the work", "chapter": "a chapter, not a book",
    "book": "a book, not a chapter or article", "article": "a journal article",
    "entry": "a reference-work entry", "preprint": "the preprint",
    "other-edition": "another edition or reprint", "translation": "a translation",
    "volume": "one volume of a set", "other-volume": "another volume of the set",
    "whole-set": "the whole set", "other-authors": "the same title by other authors",
    "other-work": "another work",
    "notice": "a correction, retraction, comment or reply about the work, or an abstract, "
              "poster or summary of it, not the work",
    "thesis": "a thesis of that title, not the book (or a book, not the thesis)",
    "other-part": "another part of a series of papers",
    "dataset": "a dataset or supplementary material, not the work",
    "published": "the published version of the preprint cited",
}


def match_facts(m: Match) -> list[str]:
    """One line each: what the closest record is, identifiers found wrong, the searches
    tried for a reference no catalogue knows (shared by the text and Markdown reports)."""
    out: list[str] = []
    if m.may_not_exist:
        out.append("! may not exist: no catalogue knows this work")
    elif m.relation:
        which = "the record" if m.verdict in ("verified", "probable") else "the closest record"
        out.append(f"{which} is: {RELATION_WORDS.get(m.relation, m.relation)}")
    for c in m.identifiers:
        if c.status == "ok":
            continue
        fix = f" → {c.correct}" if c.correct else ""
        what = {"wrong": "wrong", "unresolved": "resolves nowhere", "unknown": "unknown",
                "invalid": "not valid"}[c.status]
        note = f" ({c.note})" if c.note else ""
        out.append(f"! {c.field}: {c.cited}{fix} — {what}{note}")
    if m.verdict in ("not-found", "ambiguous") and m.searched:
        out.append("searched: " + "; ".join(m.searched))
    return out
