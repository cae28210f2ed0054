"""Plain-text renderer for a terminal: findings first, then the detail an editor needs."""

from __future__ import annotations

from ..models import Entry, Report
from .summary import (
    FINE,
    archive_text,
    change_text,
    glance,
    match_facts,
    missing_text,
    notes_not_listed,
    part_tag,
    priorities,
    repair_counts,
)


def _lines(entry: Entry) -> str:
    if entry.line is None:
        return "-"
    return f"{entry.line}" if entry.line_end in (None, entry.line) else f"{entry.line}-{entry.line_end}"


def render(report: Report, *, details: bool = False) -> str:
    out: list[str] = [f"citecheck report: {report.document} ({report.kind}, {report.lines} lines)", ""]
    width = max(len(label) for label, _ in glance(report))
    out += [f"  {label:<{width}}  {value}" for label, value in glance(report)]
    for message in report.messages:
        out.append(f"  note: {message}")
    todo = priorities(report)
    out += ["", f"Fix these first ({len(todo)})" if todo else "Fix these first: nothing found"]
    out += [f"  {p.place or '-':>10}  {p.kind:<14} {p.text}" for p in todo]

    bib = report.bibliography
    if bib.sections:
        out += ["", "Bibliography"]
        for s in bib.sections:
            out.append(f"  lines {s.line}-{s.line_end}: {s.heading or '(no heading)'}")
        for a in bib.anomalies:
            where = f"line {a.line}: " if a.line else ""
            out.append(f"  ! {a.kind}: {where}{a.message}")

    out += ["", "Entries" + (f" (from {report.entries_source}: lines are that file's)"
                            if report.entries_source else "")]
    for e in report.entries:
        verdict = ""
        if e.match:
            scored = e.match.verdict != "unchecked"
            verdict = f" [{e.match.verdict}{f' {e.match.score:.2f}' if scored else ''}]"
        tag = part_tag(e)  # a work of a compound reference: "[3b]"
        out.append(f"  {_lines(e):>9}  {tag + ' ' if tag else ''}{e.key} ({e.type}){verdict}")
        title = e.fields.get("title")
        if title:
            out.append(f"             {title}")
        if e.error:
            out.append(f"             ! not parsed: {e.error}")
        if e.notice:
            out.append(f"             note: {e.notice}")
        if e.missing:
            out.append(f"             missing: {missing_text(e.missing)}")
        if e.match:
            for line in match_facts(e.match):
                out.append(f"             {line}")
            for s in e.match.suggestions:
                score = f", score {s.score:.2f}" if s.score is not None else ""
                out.append(f"             suggest {change_text(s.field + ':', s.current, s.suggested)} ({s.source}{score})")
            if e.match.ids:
                out.append("             ids: " + ", ".join(f"{k} {v}" for k, v in e.match.ids.items()))

    if report.links:
        out += ["", "Links"]
        for c in report.links:
            where = f"line {c.line}" if c.line else "-"
            flag = "  " if c.status in FINE else "! "
            code = f" {c.http_status}" if c.http_status else ""
            out.append(f"  {flag}{c.status:<18}{code:>4}  {where:<10} {c.url}")
            if c.evidence and c.status not in ("ok", "unchecked"):
                out.append(f"{'':26}{c.evidence}")
            shown = archive_text(c)
            if shown:
                out.append(f"{'':26}{shown}")

    fn = report.footnotes
    if fn.sections:
        out += ["", "Footnotes"]
        for s in fn.sections:
            nums = " ".join(str(m.number) for m in s.markers)
            out.append(f"  line {s.line}: {s.title} — {len(s.markers)} marker{'' if len(s.markers) == 1 else 's'}: {nums}")
            if s.missing:
                out.append(f"    missing: {', '.join(map(str, s.missing))}")
            if s.repeated:
                out.append(f"    repeated: {', '.join(map(str, s.repeated))}")
            if s.backward:
                out.append(f"    jumps back at lines: {', '.join(map(str, s.backward))}")
            if s.uncertain:
                out.append(f"    uncertain (glued to a word, not counted missing): {', '.join(map(str, s.uncertain))}")
            if s.markers_without_notes:  # (as the HTML report lists them: '[^4]' with no '[^4]:')
                out.append(f"    markers without notes: {', '.join(map(str, s.markers_without_notes))}")
            for n in s.notes:
                if n.repeats is not None:
                    out.append(f"    note {n.number} (line {n.line}) repeats note {n.repeats}: {n.text[:60]}")
    if fn.citations:
        out += ["", f"Citations in the text ({fn.style})"]
        for c in fn.citations:
            if c.status != "linked":
                detail = f": {c.detail}" if c.detail else ""
                out.append(f"  ! line {c.line:<5} {c.text}  {c.status}{detail}")
        if all(c.status == "linked" for c in fn.citations) and not fn.uncited_entries:
            out.append("  Every citation names a bibliography entry, and every entry is cited.")
    if fn.uncited_entries:
        out.append(f"  never cited: {', '.join(fn.uncited_entries)}")
    for u in fn.uncertain if not fn.citations else []:
        out.append(f"  uncertain: {u}")
    missing = ([t for _, t in notes_not_listed(report)] if fn.citations
               else fn.missing_from_bibliography)  # the running text's are listed above
    if missing:
        out.append(f"  cited in notes but not in the bibliography: {'; '.join(missing)}")

    if report.repairs:
        out += ["", f"Repairs: {repair_counts(report)}"]
        if not details:
            out.append("  (each repair with its line: --details)")
        for r in report.repairs if details else ():
            mark = "" if r.applied else "  (doubtful, not made)"
            out.append(f"  line {r.line:>5}  {r.kind:<11} {r.before!r} -> {r.after!r}{mark}")
    return "\n".join(out) + "\n"
