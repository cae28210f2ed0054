"""Numbers at a glance, shared by the text, Markdown and HTML renderers."""

from __future__ import annotations

from collections import Counter

from ..models import Report

# statuses that mean the cited page is gone or replaced (the rest are fine or unverifiable)
ROT = {"dead", "soft-404", "parked", "dns-error"}
FINE = {"ok", "redirected", "skipped", "unchecked"}


def footnote_anomalies(report: Report) -> int:
    return sum(
        len(s.missing) + len(s.repeated) + len(s.backward) for s in report.footnotes.sections
    )


PROBLEM_STATUSES = ("not-listed", "out-of-range", "year-mismatch")


def citation_problems(report: Report) -> list[str]:
    """One line per citation problem in the running text (numbered or author–year styles)."""
    fn = report.footnotes
    out = [
        f"line {c.line}: {c.text} — {c.status}" + (f": {c.detail}" if c.detail else "")
        for c in fn.citations if c.status in PROBLEM_STATUSES
    ]
    if fn.style in ("numbered", "author-year"):
        out += [f"never cited: {k}" for k in fn.uncited_entries]
    return out


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
        *([("citation problems", str(len(citation_problems(report))))] if report.footnotes.citations else []),
        ("repairs", ", ".join(f"{n} {k}" for k, n in report.repair_summary.counts.items()) or "none"),
    ]
    if report.repair_summary.doubtful:
        rows.append(("doubtful repairs (not made)", str(report.repair_summary.doubtful)))
    return rows


def missing_text(missing: list[str]) -> str:
    """Missing fields for a reader: 'year|urldate' (either will do) reads 'year or urldate'."""
    return ", ".join(m.replace("|", " or ") for m in missing)
