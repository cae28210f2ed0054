"""Markdown renderer: the same findings as the text report, as tables for an issue or a wiki."""

from __future__ import annotations

from ..models import Report
from .summary import (
    archive_text, glance, match_facts, missing_text, notes_not_listed, part_tag, priorities,
    repair_counts,
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def render(report: Report, *, details: bool = False) -> str:
    out = [f"# citecheck report: `{_cell(report.document)}`", ""]
    out += _table(["", ""], [[label, value] for label, value in glance(report)])
    if report.messages:
        out += [f"> {_cell(m)}" for m in report.messages] + [""]
    todo = priorities(report)
    out += ["## Fix these first", ""]
    out += _table(["line", "what", "how"], [[p.place.removeprefix("line ") or None, p.kind, p.text] for p in todo]) if todo else [
        "Nothing found.", ""]
    if report.bibliography.anomalies:
        out += ["## Bibliography anomalies", ""]
        out += [f"- **{a.kind}** (line {a.line}): {_cell(a.message)}" for a in report.bibliography.anomalies]
        out.append("")
    out += ["## Entries", ""]
    if report.entries_source:
        out += [f"Read from `{_cell(report.entries_source)}` (--bib): the lines are that file's.", ""]
    rows = []
    for e in report.entries:
        verdict = ""
        if e.match:
            verdict = e.match.verdict + (f" ({e.match.score:.2f})" if e.match.verdict != "unchecked" else "")
            facts = match_facts(e.match)
            if facts:
                verdict += " — " + "; ".join(facts)
        suggestions = "; ".join(
            f"{s.field}: {s.current or '(none)'} → {s.suggested}" for s in (e.match.suggestions if e.match else [])
        )
        tag = part_tag(e)  # a work of a compound reference: "[3b]"
        rows.append([e.line, f"{e.key} ({tag})" if tag else e.key, e.type, e.fields.get("title", ""),
                     missing_text(e.missing),
                     verdict, suggestions])
    out += _table(["line", "key", "type", "title", "missing", "verdict", "suggestions"], rows)
    if report.links:
        out += ["## Links", ""]
        out += _table(
            ["line", "url", "status", "HTTP", "evidence", "archive"],
            [
                [c.line, c.url, c.status, c.http_status, c.evidence, archive_text(c) or ""]
                for c in report.links
            ],
        )
    if report.footnotes.sections:
        out += ["## Footnotes", ""]
        out += _table(
            ["line", "section", "markers", "missing", "repeated", "jumps back at"],
            [
                [s.line, s.title, len(s.markers), ", ".join(map(str, s.missing)),
                 ", ".join(map(str, s.repeated)), ", ".join(map(str, s.backward))]
                for s in report.footnotes.sections
            ],
        )
        repeats = [n for s in report.footnotes.sections for n in s.notes if n.repeats is not None]
        if repeats:  # Ibid., op. cit., short titles: as the text and HTML reports list them
            out += [f"- note {n.number} (line {n.line}) repeats note {n.repeats}: {_cell(n.text[:60])}"
                    for n in repeats] + [""]
    fn = report.footnotes
    if fn.citations:
        out += [f"## Citations in the text ({fn.style})", ""]
        rows = [[c.line, c.text, c.status, c.cites or "", c.detail or ""]
                for c in fn.citations if c.status != "linked"]
        rows += [["", "", "never cited", k, ""] for k in fn.uncited_entries]
        if rows:
            out += _table(["line", "citation", "status", "entry", "detail"], rows)
        else:
            out += ["Every citation names a bibliography entry, and every entry is cited.", ""]
    noted = notes_not_listed(report)
    uncited = fn.uncited_entries if not fn.citations else []  # else in the table above
    if fn.style == "notes" and (noted or uncited):
        # what the notes cite against the bibliography, as the text and HTML reports say it
        out += ["## Notes and the bibliography", ""]
        out += _table(["line", "what", "detail"],
                      [[line, "cited in a note, not in the bibliography", text] for line, text in noted]
                      + [["", "never cited", k] for k in uncited])
    if report.repairs:
        out += ["## Repairs", "", repair_counts(report), ""]
    if report.repairs and details:
        out += _table(
            ["line", "kind", "before", "after", "made"],
            [[r.line, r.kind, r.before, r.after, "yes" if r.applied else "no (doubtful)"] for r in report.repairs],
        )
    return "\n".join(out)
