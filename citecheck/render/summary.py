"""Numbers at a glance, shared by the text, Markdown and HTML renderers."""

from __future__ import annotations

from collections import Counter

from ..models import Match, ROT, UNSEEN, WORKING, Report

FINE = WORKING | (UNSEEN - {"invalid"})  # statuses the report does not flag


def footnote_anomalies(report: Report) -> int:
    return sum(
        len(s.missing) + len(s.repeated) + len(s.backward) for s in report.footnotes.sections
    )


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
        ("repairs", ", ".join(f"{n} {k}" for k, n in report.repair_summary.counts.items()) or "none"),
    ]
    if report.repair_summary.doubtful:
        rows.append(("doubtful repairs (not made)", str(report.repair_summary.doubtful)))
    return rows


def missing_text(missing: list[str]) -> str:
    """Missing fields for a reader: 'year|urldate' (either will do) reads 'year or urldate'."""
    return ", ".join(m.replace("|", " or ") for m in missing)


RELATION_WORDS = {
    "review": "a review of the work", "chapter": "a chapter, not a book",
    "book": "a book, not a chapter or article", "article": "a journal article",
    "entry": "a reference-work entry", "preprint": "the preprint",
    "other-edition": "another edition or reprint", "translation": "a translation",
    "volume": "one volume of a set", "other-volume": "another volume of the set",
    "whole-set": "the whole set", "other-authors": "the same title by other authors",
    "other-work": "another work",
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
