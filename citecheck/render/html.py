"""HTML renderer: Report -> one self-contained HTML page for an editor to work from.

Takes a ``Report`` and returns the page as a string. The page carries its own
CSS and a small script, read from the package's ``render/assets/`` files and
inlined (no fonts, CDNs or images to fetch), so it opens offline; a
Content-Security-Policy allows only those two inline blocks, by hash, so even
a slip in escaping could not run or load anything.

Layout: the document and its numbers at a glance with two inline-SVG bar
charts (link status, completeness); filters; a card per entry (original text,
parsed fields, what is missing, catalogue verdict and identifiers, suggestions
as before/after, links with evidence and archived copies, BibTeX to copy); the
footnote map; the repairs; links outside the bibliography.

Everything that comes from the document or a catalogue goes through ``esc``
(text and attributes), and a URL becomes an ``href`` only when it is http(s).
Renderers only render: no lookups, no scoring.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePath
from urllib.parse import quote, urlsplit

from ..models import Entry, FootnoteSection, LinkCheck, Report
from ..models import ROT
from . import assets
from .summary import FINE, NO_COPY, archive_failed_text, citation_problem_count, footnote_anomalies, never_cited, match_facts, missing_text, part_tag, priorities, verdicts

__all__ = ["render", "esc", "safe_href", "entry_flags"]

# --------------------------------------------------------------------------- escaping


def esc(value: object) -> str:
    """Text or attribute value, escaped (quotes too, so it is safe in either place)."""
    return html.escape(str(value), quote=True)


def safe_href(url: str | None) -> str | None:
    """The escaped URL when it may be a link target, else None.

    Only absolute http(s) URLs qualify: ``javascript:``, ``data:`` and
    relative paths from a document or catalogue must never become live links,
    and whitespace or control characters mean the URL was mangled.
    """
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return esc(url)


def _a(url: str | None, text: str | None = None, cls: str = "") -> str:
    """A link when the URL is safe, else the text alone (never a dead href)."""
    label = esc(text if text is not None else url or "")
    href = safe_href(url)
    klass = f' class="{cls}"' if cls else ""
    if href is None:
        return f"<span{klass}>{label}</span>"
    return f'<a{klass} href="{href}" rel="noopener noreferrer">{label}</a>'


# --------------------------------------------------------------------------- classification

# Link statuses in four tiers for colour: fine, moved, rotten (ROT) and doubtful.
_MOVED = {"redirected"}
_UNSEEN = {"skipped", "unchecked"}


def link_tier(status: str) -> str:
    if status == "ok":
        return "ok"
    if status in _MOVED:
        return "moved"
    if status in ROT:
        return "dead"
    if status in _UNSEEN:
        return "none"
    return "warn"  # blocked, timed out, server error …: a problem, not proof of rot


def _verdict(entry: Entry) -> str:
    return entry.match.verdict if entry.match else "unchecked"


def entry_flags(entry: Entry, checks: Sequence[LinkCheck]) -> dict[str, bool]:
    """What the filters select on.

    An entry has a problem if it misses fields, failed to parse, is not
    verified, has a suggested change, or cites a link that is neither fine
    nor unchecked.
    """
    verdict = _verdict(entry)
    suggestions = bool(entry.match and entry.match.suggestions)
    return {
        "problem": bool(entry.missing or entry.error or verdict != "verified" or suggestions)
        or any(c.status not in FINE for c in checks),
        "dead": any(c.status in ROT for c in checks),
        "unverified": verdict != "verified",
    }


# --------------------------------------------------------------------------- small pieces


def _lines(line: int | None, line_end: int | None) -> str:
    if line is None:
        return ""
    if line_end is None or line_end == line:
        return f"line {line}"
    return f"lines {line}–{line_end}"


def _field_value(value: str | list[str]) -> str:
    if isinstance(value, list):
        return "; ".join("et al." if v == "others" else v for v in value)
    return value


def _timestamp(ts: str) -> tuple[str, str]:
    """'20130919044612' -> ('2013-09-19T04:46:12Z', '2013-09-19 04:46 UTC')."""
    if len(ts) == 14 and ts.isdigit():
        iso = f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}T{ts[8:10]}:{ts[10:12]}:{ts[12:]}Z"
        return iso, f"{ts[:4]}-{ts[4:6]}-{ts[6:8]} {ts[8:10]}:{ts[10:12]} UTC"
    return "", ts


def _olid_path(olid: str) -> str:
    kind = {"W": "works", "M": "books", "A": "authors"}.get(olid[-1:].upper(), "works")
    return f"https://openlibrary.org/{kind}/{quote(olid)}"


def _doi_url(doi: str) -> str:
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix):]
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


# identifier name -> page about it (names as the catalogue clients set them)
_ID_URLS: dict[str, Callable[[str], str]] = {
    "doi": _doi_url,
    "isbn": lambda v: "https://openlibrary.org/isbn/" + quote(v.replace("-", "")),
    "openalex": lambda v: v if v.startswith("http") else "https://openalex.org/" + quote(v),
    "openlibrary": lambda v: _olid_path(v.rstrip("/").rsplit("/", 1)[-1]),
    "openlibrary_edition": lambda v: _olid_path(v.rstrip("/").rsplit("/", 1)[-1]),
    "googlebooks": lambda v: "https://books.google.com/books?id=" + quote(v),
    "oclc": lambda v: "https://www.worldcat.org/oclc/" + quote(v),
    "lccn": lambda v: "https://lccn.loc.gov/" + quote(v.replace(" ", "")),
}
_ID_LABELS = {
    "doi": "DOI", "isbn": "ISBN", "openalex": "OpenAlex", "openlibrary": "Open Library work",
    "openlibrary_edition": "Open Library edition", "googlebooks": "Google Books",
    "oclc": "OCLC", "lccn": "LCCN",
}


def _id_link(name: str, value: str) -> str:
    make = _ID_URLS.get(name)
    url = make(value) if make else (value if value.startswith(("http://", "https://")) else None)
    return _a(url, value)


# --------------------------------------------------------------------------- charts


def bar_chart(title: str, rows: Sequence[tuple[str, int, str]]) -> str:
    """Horizontal bars as inline SVG: rows of (label, value, css class).

    Drawn by hand so the page needs no chart library; the SVG scales with its
    box (viewBox) and carries a <title> and text labels for screen readers.
    """
    if not rows:
        return f'<p class="muted">{esc(title)}: nothing to show.</p>'
    label_w, bar_w, row_h, width = 118, 150, 22, 320
    top = max((v for _, v, _ in rows), default=0) or 1
    height = row_h * len(rows) + 6
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>'
    ]
    for i, (label, value, cls) in enumerate(rows):
        y = i * row_h + 4
        w = round(bar_w * value / top, 1) if value else 0
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{esc(label)}</text>'
            f'<rect class="bar {esc(cls)}" x="{label_w}" y="{y}" width="{w}" height="16" rx="2"/>'
            f'<text x="{label_w + w + 5}" y="{y + 13}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- sections


def _link_counts(report: Report) -> dict[str, int]:
    if report.link_summary:
        return dict(report.link_summary)
    return dict(Counter(c.status for c in report.links))


def _tile(count: int | str, label: str, key: str, cls: str = "") -> str:
    return (
        f'<div class="tile {cls}" data-count="{esc(key)}">'
        f'<span class="n">{esc(count)}</span><span class="l">{esc(label)}</span></div>'
    )


def _glance(report: Report) -> str:
    v = verdicts(report)
    n = len(report.entries)
    incomplete = sum(1 for e in report.entries if e.missing)
    errors = sum(1 for e in report.entries if e.error)
    complete = sum(1 for e in report.entries if not e.missing and not e.error)
    links = _link_counts(report)
    dead = sum(k for s, k in links.items() if s in ROT)
    applied = sum(1 for r in report.repairs if r.applied) or sum(
        report.repair_summary.counts.values()
    )
    tiles = [
        _tile(n, "entries", "entries"),
        _tile(v.get("verified", 0), "verified", "verified", "ok"),
        _tile(v.get("probable", 0), "probable", "probable", "moved"),
        _tile(v.get("ambiguous", 0), "ambiguous", "ambiguous", "warn"),
        _tile(v.get("not-found", 0), "not found", "not-found", "dead"),
        _tile(v.get("unchecked", 0), "unchecked", "unchecked", "none"),
        _tile(complete, "complete", "complete", "ok"),
        _tile(incomplete, "missing fields", "missing-fields", "warn"),
        _tile(sum(links.values()), "links", "links"),
        _tile(dead, "dead links", "dead-links", "dead"),
        _tile(footnote_anomalies(report), "footnote anomalies", "footnote-anomalies", "warn"),
        # the same row as the text and Markdown glance: a document that cites in its text
        *([_tile(citation_problem_count(report), "citation problems", "citation-problems", "warn")]
          if report.footnotes.citations else []),
        *([_tile(len(never_cited(report)), "never cited", "never-cited", "none")]
          if never_cited(report) else []),
        _tile(applied, "repairs made", "repairs"),
    ]
    if errors:
        tiles.insert(8, _tile(errors, "unparsed", "errors", "dead"))
    link_rows = [(s, k, link_tier(s)) for s, k in sorted(links.items(), key=lambda x: -x[1])]
    missing = Counter(f for e in report.entries for f in e.missing)
    done_rows = [("complete", complete, "ok"), ("missing fields", incomplete, "warn")]
    if errors:
        done_rows.append(("parse errors", errors, "dead"))
    done_rows += [(f"no {missing_text([f])}", k, "none") for f, k in missing.most_common(5)]
    return (
        '<section id="summary" aria-label="At a glance">'
        f'<div class="tiles">{"".join(tiles)}</div>'
        '<div class="charts">'
        f'<figure><figcaption>Links by status</figcaption>{bar_chart("Links by status", link_rows)}</figure>'
        f'<figure><figcaption>Completeness</figcaption>{bar_chart("Completeness", done_rows)}</figure>'
        "</div></section>"
    )


def _priorities(report: Report) -> str:
    todo = priorities(report)
    if not todo:
        return ('<section id="fix-first"><h2>Fix these first</h2>'
                '<p class="muted">Nothing found to fix.</p></section>')
    items = "".join(
        f'<li><span class="tag">{esc(p.kind)}</span> '
        f'{esc(f"{p.place}: " if p.place else "")}{esc(p.text)}</li>'
        for p in todo
    )
    return (f'<section id="fix-first"><h2>Fix these first ({len(todo)})</h2>'
            f'<ul class="notices">{items}</ul></section>')


def _notices(report: Report) -> str:
    items = [f"<li>{esc(m)}</li>" for m in report.messages]
    for a in report.bibliography.anomalies:
        where = f" (line {a.line})" if a.line else ""
        items.append(f'<li><span class="tag">{esc(a.kind)}</span> {esc(a.message)}{esc(where)}</li>')
    if not items:
        return ""
    return f'<section id="notices"><h2>Notices</h2><ul class="notices">{"".join(items)}</ul></section>'


_FILTERS = (
    ("all", "all entries"),
    ("problem", "only problems"),
    ("dead", "only dead links"),
    ("unverified", "only unverified"),
)


def _filters() -> str:
    # Hidden until the script runs: without JS every card shows and the bar would do nothing.
    radios = "".join(
        f'<label><input type="radio" name="show" value="{key}"{" checked" if key == "all" else ""}'
        f' id="show-{key}"> {label}</label>'
        for key, label in _FILTERS
    )
    return (
        f'<form id="filters" class="filters" hidden><span class="muted">Show</span>{radios}'
        '<output id="shown" aria-live="polite"></output></form>'
    )


def _fields_table(entry: Entry) -> str:
    if not entry.fields:
        return '<p class="muted">No fields parsed.</p>'
    rows = "".join(
        # (dir="auto": a value runs in the direction of its own script, Arabic right to left)
        f'<tr><th>{esc(k)}</th><td dir="auto">{esc(_field_value(v))}</td></tr>'
        for k, v in entry.fields.items()
    )
    return f'<div class="scroll"><table class="fields">{rows}</table></div>'


def _reason(reason: str, limit: int = 160) -> str:
    """A catalogue's reason; a long one (a list of failed lookups) folds behind its start."""
    if len(reason) <= limit:
        return f'<p class="reason">{esc(reason)}</p>'
    return (
        f'<details class="reason"><summary>{esc(reason[:limit].rstrip())}…</summary>'
        f"{esc(reason)}</details>"
    )


def _catalogue(entry: Entry) -> str:
    m = entry.match
    verdict = _verdict(entry)
    if m is None:
        return '<div class="cat"><h4>Catalogue</h4><p class="muted">Not looked up.</p></div>'
    head = [f'<span class="badge v-{esc(verdict)}">{esc(verdict)}</span>']
    if m.source:
        head.append(f"via {esc(m.source)}")
    if m.score:
        head.append(f"score {m.score:.2f}")
    out = [f'<div class="cat"><h4>Catalogue</h4><p>{" ".join(head)}</p>']
    if m.reason:
        out.append(_reason(m.reason))
    facts = match_facts(m)
    if facts:
        out.append('<ul class="facts">' + "".join(f"<li>{esc(f)}</li>" for f in facts) + "</ul>")
    if m.ids:
        ids = "".join(
            f"<li><span class=\"tag\">{esc(_ID_LABELS.get(k, k))}</span> {_id_link(k, v)}</li>"
            for k, v in m.ids.items()
        )
        out.append(f'<ul class="ids">{ids}</ul>')
    if m.agreed or m.disagreed:
        agreed = ", ".join(esc(f) for f in m.agreed) or "—"
        disagreed = ", ".join(esc(f) for f in m.disagreed) or "—"
        out.append(f'<p class="agree">agrees on: {agreed}; differs on: {disagreed}</p>')
    if m.suggestions:
        rows = "".join(
            f"<tr><th>{esc(s.field)}</th>"
            f'<td>{f"<del>{esc(s.current)}</del>" if s.current else "<i class=muted>(none)</i>"}</td>'
            f"<td><ins>{esc(s.suggested)}</ins></td>"
            f'<td class="muted">{esc(s.source)}{f" · {s.score:.2f}" if s.score is not None else ""}</td></tr>'
            for s in m.suggestions
        )
        out.append(
            '<div class="scroll"><table class="suggest"><caption>Suggested changes</caption>'
            "<tr><th>field</th><th>before</th><th>after</th><th>source</th></tr>"
            f"{rows}</table></div>"
        )
    out.append("</div>")
    return "".join(out)


def _link_item(check: LinkCheck) -> str:
    tier = link_tier(check.status)
    code = f' <span class="http">HTTP {check.http_status}</span>' if check.http_status else ""
    parts = [
        f'<li class="link t-{tier}"><span class="badge s-{tier}">{esc(check.status)}</span>{code} '
        f'{_a(check.url, cls="url")}'
    ]
    if check.original and check.original != check.url:
        parts.append(f'<div class="muted">as printed: <code>{esc(check.original)}</code></div>')
    if check.redirects or (check.final_url and check.final_url != check.url):
        # the chain as stored may start with the URL itself; show only where it went
        chain = [u for u in check.redirects if u != check.url]
        if check.final_url and (not chain or chain[-1] != check.final_url):
            chain.append(check.final_url)
        parts.append(f'<div class="chain">→ {" → ".join(_a(u) for u in chain)}</div>')
    if check.evidence:
        parts.append(f'<div class="evidence">{esc(check.evidence)}</div>')
    if check.checks:
        span = f" over {check.days_spanned:.1f} days" if check.days_spanned else ""
        strong = " · strong evidence" if check.strong else ""
        parts.append(
            f'<div class="muted">{check.checks_agree} of {check.checks} checks agree{span}{strong}</div>'
        )
    if check.archive:
        arc = check.archive
        iso, shown = _timestamp(arc.timestamp)
        when = f'<time datetime="{iso}">{esc(shown)}</time>' if iso else esc(shown)
        status = f", HTTP {arc.status}" if arc.status else ""
        parts.append(
            f'<div class="archive">Archived copy: {_a(arc.url, cls="archived")} '
            f"captured {when} ({esc(arc.source)}{status})</div>"
        )
    elif check.archive_lookup == "no-copy":
        parts.append(f'<div class="archive">{esc(NO_COPY.capitalize())}</div>')
    elif check.archive_lookup == "failed":
        parts.append(f'<div class="archive muted">{esc(archive_failed_text(check).capitalize())}</div>')
    if check.suggestion:
        parts.append(f'<div class="suggestion">Suggestion: {esc(check.suggestion)}</div>')
    parts.append("</li>")
    return "".join(parts)


def _links_block(entry: Entry, checks: Sequence[LinkCheck]) -> str:
    seen = {c.url for c in checks} | {c.original for c in checks}
    unchecked = [u for u in entry.links if u not in seen]
    if not checks and not unchecked:
        return ""
    items = [_link_item(c) for c in checks]
    items += [_link_item(LinkCheck(url=u, entry=entry.key)) for u in unchecked]
    return f'<div class="links"><h4>Links</h4><ul>{"".join(items)}</ul></div>'


def _bibtex_block(entry: Entry, index: int, checks: Sequence[LinkCheck]) -> str:
    """The corrected BibTeX (what `citecheck fix --accept verified` writes), ready to copy."""
    from ..corrections import corrected_bibtex

    try:
        text = corrected_bibtex(entry, checks)
    except Exception as exc:  # one entry the writer cannot express must not sink the page
        return f'<p class="muted">BibTeX not available: {esc(exc)}</p>'
    pre_id = f"bib-{index}"
    return (
        '<details class="bib"><summary>BibTeX '
        f'<button type="button" class="copy" data-copy="{pre_id}" hidden>Copy</button></summary>'
        f'<pre id="{pre_id}">{esc(text.strip())}</pre></details>'
    )


def _card(entry: Entry, index: int, checks: Sequence[LinkCheck], card_id: str) -> str:
    flags = entry_flags(entry, checks)
    verdict = _verdict(entry)
    data = " ".join(f'data-{k}="{int(v)}"' for k, v in flags.items())
    classes = "card problem" if flags["problem"] else "card"
    where = _lines(entry.line, entry.line_end)
    missing = ""
    if entry.missing:
        chips = "".join(f'<span class="chip miss">{esc(missing_text([f]))}</span>' for f in entry.missing)
        missing = f'<p class="missing">Missing: {chips}</p>'
    error = f'<p class="error">Could not parse: {esc(entry.error)}</p>' if entry.error else ""
    if entry.notice:
        error += f'<p class="notice">{esc(entry.notice)}</p>'
    tag = part_tag(entry)  # a work of a compound reference: "[3b]"
    part = (f' <span class="part" title="work {entry.part} of compound reference '
            f'{esc(entry.label or "")}">{esc(tag)}</span>') if tag else ""
    return (
        f'<article class="{classes}" id="{esc(card_id)}" {data}>'
        f'<header><h3><span class="key">{esc(entry.key or "(no key)")}</span>'
        f' <span class="type">{esc(entry.type)}</span>{part}</h3>'
        f'<span class="badge v-{esc(verdict)}">{esc(verdict)}</span>'
        f'<span class="where">{esc(where)}</span></header>'
        f'<blockquote class="raw" dir="auto">{esc(entry.raw)}</blockquote>'
        f"{error}{missing}"
        f'<div class="cols"><div><h4>Parsed fields</h4>{_fields_table(entry)}</div>'
        f"{_catalogue(entry)}</div>"
        f"{_links_block(entry, checks)}"
        f"{_bibtex_block(entry, index, checks)}"
        "</article>"
    )


def _card_ids(entries: Sequence[Entry]) -> list[str]:
    """'entry-<key>', made unique and free of whitespace (an id must be both)."""
    ids, used = [], Counter[str]()
    for i, e in enumerate(entries):
        base = "entry-" + ("-".join((e.key or f"{i + 1}").split()))
        used[base] += 1
        ids.append(base if used[base] == 1 else f"{base}-{used[base]}")
    return ids


def _entries(report: Report) -> str:
    by_entry: dict[str, list[LinkCheck]] = {}
    for c in report.links:
        if c.entry:
            by_entry.setdefault(c.entry, []).append(c)
    cards = [
        _card(e, i, by_entry.get(e.key, []) if e.key else [], cid)
        for i, (e, cid) in enumerate(zip(report.entries, _card_ids(report.entries)))
    ]
    if not cards:
        return '<section id="entries"><h2>Entries</h2><p class="muted">No bibliography entries found.</p></section>'
    source = (f'<p class="muted">Read from {esc(report.entries_source)} (--bib): the lines are '
              "that file's.</p>" if report.entries_source else "")
    return f'<section id="entries"><h2>Entries</h2>{source}{_filters()}{"".join(cards)}</section>'


def _chips(section: FootnoteSection) -> str:
    """The marker sequence as chips; missing numbers are drawn where they should have been."""
    missing = sorted(set(section.missing))
    repeated, backward = set(section.repeated), set(section.backward)
    seen: set[int] = set()
    chips: list[str] = []
    highest, prev = 0, None
    for m in section.markers:
        gaps = [n for n in missing if highest < n < m.number]
        chips += [f'<li class="chip gap" title="{n} is missing">{n}</li>' for n in gaps]
        missing = [n for n in missing if n not in gaps]
        cls = ["chip"]
        if m.number in repeated and m.number in seen:
            cls.append("repeat")
        if m.line in backward and prev is not None and m.number < prev:
            cls.append("back")
        title = f"line {m.line}: {m.context}" if m.context else f"line {m.line}"
        chips.append(f'<li class="{" ".join(cls)}" title="{esc(title)}">{m.number}</li>')
        seen.add(m.number)
        highest, prev = max(highest, m.number), m.number
    chips += [f'<li class="chip gap" title="{n} is missing">{n}</li>' for n in missing]
    return f'<ol class="chips">{"".join(chips)}</ol>'


def _footnote_section(section: FootnoteSection) -> str:
    facts = [
        f"{len(section.markers)} marker{'' if len(section.markers) == 1 else 's'}",
        f"{len(section.notes)} note text{'' if len(section.notes) == 1 else 's'}",
    ]
    problems = []
    for label, values in (
        ("missing", section.missing),
        ("repeated", section.repeated),
        ("backward jumps at lines", section.backward),
        ("markers without notes", section.markers_without_notes),
        ("notes without markers", section.notes_without_markers),
        ("uncertain (glued to a word, not counted missing)", section.uncertain),
    ):
        if values:
            problems.append(f'<li>{esc(label)}: {esc(", ".join(str(v) for v in values))}</li>')
    issues = f'<ul class="fn-issues">{"".join(problems)}</ul>' if problems else ""
    # Ibid., op. cit., short titles: which note each repeats (the text report lists them too)
    repeats = "".join(
        f'<li><span class="where">line {n.line}</span> note {n.number} repeats note {n.repeats}: '
        f'{esc(n.text[:60])}</li>' for n in section.notes if n.repeats is not None)
    repeats = f'<ul class="fn-repeats muted">{repeats}</ul>' if repeats else ""
    return (
        f'<div class="fn-section"><h3>{esc(section.title)} <span class="where">line {section.line}</span></h3>'
        f'<p class="muted">{esc(", ".join(facts))}</p>{_chips(section)}{issues}{repeats}</div>'
    )


def _footnotes(report: Report) -> str:
    fr = report.footnotes
    parts = ['<section id="footnotes"><h2>Footnote map</h2>']
    if fr.message:
        parts.append(f'<p class="notice">{esc(fr.message)}</p>')
    if not fr.sections:
        parts.append('<p class="muted">No footnote markers found.</p>')
    else:
        parts.append(
            '<p class="legend"><span class="chip">n</span> in order '
            '<span class="chip gap">n</span> missing <span class="chip repeat">n</span> repeated '
            '<span class="chip back">n</span> jumps back</p>'
        )
        parts += [_footnote_section(s) for s in fr.sections]
    flagged = [c for c in fr.citations if c.status != "linked"]
    if flagged:
        items = "".join(
            f'<li><span class="where">line {c.line}</span> {esc(c.text)} — {esc(c.status)}'
            f'{": " + esc(c.detail) if c.detail else ""}</li>'
            for c in flagged
        )
        parts.append(f'<h3>Citations in the text ({esc(fr.style or "")})</h3><ul class="fn-issues">{items}</ul>')
    for label, keys in (
        ("Entries never cited", fr.uncited_entries),
        ("Cited but not in the bibliography", fr.missing_from_bibliography),
        ("Year differs from the bibliography", fr.year_mismatches),
        ("Uncertain (a number glued to a word)", fr.uncertain),
    ):
        if keys:
            parts.append(f"<p>{esc(label)}: {esc(', '.join(keys))}</p>")
    parts.append("</section>")
    return "".join(parts)


def _repairs(report: Report) -> str:
    counts = report.repair_summary.counts or dict(
        Counter(r.kind for r in report.repairs if r.applied)
    )
    doubtful = report.repair_summary.doubtful or sum(1 for r in report.repairs if not r.applied)
    if not counts and not doubtful and not report.repairs:
        return '<section id="repairs"><h2>Repairs</h2><p class="muted">The text needed no repairs.</p></section>'
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in sorted(counts.items()))
    if doubtful:
        rows += f"<tr><th>doubtful (not made)</th><td>{doubtful}</td></tr>"
    items = "".join(
        f'<li class="{"" if r.applied else "doubtful"}"><span class="where">line {r.line}</span> '
        f'<span class="tag">{esc(r.kind)}</span> <code><del>{esc(r.before)}</del></code> → '
        f'<code><ins>{esc(r.after)}</ins></code>'
        f'{"" if r.applied else " (not made" + (": " + esc(r.reason) if r.reason else "") + ")"}</li>'
        for r in report.repairs
    )
    details = (
        f"<details><summary>Each repair ({len(report.repairs)})</summary>"
        f'<ul class="repairs">{items}</ul></details>'
        if report.repairs
        else ""
    )
    return (
        f'<section id="repairs"><h2>Repairs</h2><table class="counts">{rows}</table>{details}</section>'
    )


def _orphan_links(report: Report) -> list[LinkCheck]:
    """Links no entry card shows: found in running text or notes, or citing an unknown key."""
    keys = {e.key for e in report.entries if e.key}
    return [c for c in report.links if not c.entry or c.entry not in keys]


def _other_links(report: Report) -> str:
    others = _orphan_links(report)
    if not others:
        return ""
    items = "".join(
        _link_item(c).replace('<li class="link', f'<li data-line="{c.line or ""}" class="link', 1)
        for c in others
    )
    return (
        '<section id="other-links"><h2>Links outside the bibliography</h2>'
        f'<ul class="links">{items}</ul></section>'
    )


# --------------------------------------------------------------------------- page

# The style and script live in render/assets/ as package data (shared with the service's
# page) and are inlined here, so the report stays one self-contained file.
# No data is ever written into the script: it reads the data-* attributes of the cards.
CSS = assets.text(assets.REPORT_CSS)
JS = assets.text(assets.REPORT_JS)


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


# Only our own style and script may run; nothing may be fetched (img-src data: for safety).
CSP = (
    f"default-src 'none'; style-src '{csp_hash(CSS)}'; script-src '{csp_hash(JS)}'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def _nav(report: Report) -> str:
    links = [("summary", "Summary"), ("fix-first", "Fix first"), ("entries", "Entries"),
             ("footnotes", "Footnotes"), ("repairs", "Repairs")]
    if report.messages or report.bibliography.anomalies:
        links.insert(2, ("notices", "Notices"))
    if _orphan_links(report):
        links.append(("other-links", "Other links"))
    return "<nav>" + "".join(f'<a href="#{k}">{v}</a>' for k, v in links) + "</nav>"


def render(report: Report, *, details: bool = False) -> str:
    """The whole report as one self-contained HTML document."""
    name = PurePath(report.document).name or report.document
    sections: Iterable[str] = (
        _glance(report),
        _priorities(report),
        _notices(report),
        _entries(report),
        _footnotes(report),
        _repairs(report),
        _other_links(report),
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>citecheck: {esc(name)}</title><style>{CSS}</style></head>"
        "<body><main>"
        f'<header class="top"><h1>{esc(name)}</h1>'
        f'<p class="muted">{esc(report.document)} · {esc(report.kind)} · {report.lines} lines'
        " · citecheck report</p>"
        f"{_nav(report)}</header>"
        + "".join(sections)
        + f'<footer>citecheck report, schema {esc(report.schema_version)}.</footer>'
        f"</main><script>{JS}</script></body></html>\n"
    )
