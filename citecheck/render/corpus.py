"""HTML overview of a batch run: corpus figures with charts, and one row per document.

One self-contained page, like the report: the report's stylesheet inlined, charts
as inline SVG (no script, no CDN), every document-derived string escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..corpus import CorpusSummary, DocumentRow
from .html import CSS, csp_hash, bar_chart, esc

CSP = (f"default-src 'none'; style-src '{csp_hash(CSS)}'; img-src data:; base-uri 'none'; "
       "form-action 'none'")

# the overview's title, which also tells `citecheck batch` an overview it wrote (batch._ours)
OVERVIEW_TITLE = "<title>citecheck: corpus overview</title>"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc('' if c is None else c)}</td>" for c in row)
                   + "</tr>" for row in rows)
    return f'<table class="counts"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def render_overview(rows: Sequence[DocumentRow], summary: CorpusSummary) -> str:
    groups = [(g, summary.link_groups.get(g, 0), cls) for g, cls in
              (("ok", "ok"), ("broken", "dead"), ("blocked", "warn"), ("unknown", "none"))]
    verdicts = [(v, n, "ok" if v == "verified" else "dead" if v == "not-found" else "warn")
                for v, n in sorted(summary.verdicts.items(), key=lambda kv: -kv[1])]
    hosts = [(r.key, r.rotten, "dead") for r in summary.rot_by_host[:15] if r.rotten]
    years = [(r.key, round(100 * r.rate), "dead") for r in summary.rot_by_year]
    problems = [(k, n, "warn") for k, n in list(summary.problems.items())[:10]]
    figures = "".join(
        f"<figure><figcaption>{esc(title)}</figcaption>{bar_chart(title, data)}</figure>"
        for title, data in (("Links by group", groups), ("Catalogue verdicts", verdicts),
                            ("Rotten links by host", hosts),
                            ("Link rot by citation year (% rotten)", years),
                            ("Most common problems (documents)", problems)))
    doc_rows = [[r.path, r.status, r.problems, r.entries, r.links, r.dead_links, r.unparsed, r.missing_fields,
                 r.not_found, r.verified, r.unchecked, r.error or ""]
                for r in sorted(rows, key=lambda r: -r.problems)]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{OVERVIEW_TITLE}<style>{CSS}</style></head><body><main>"
        '<header class="top"><h1>Corpus overview</h1>'
        f'<p class="muted">{summary.documents} documents checked, {summary.failed} failed · '
        f"{summary.entries} entries · {summary.links} links</p></header>"
        f'<section id="summary"><h2>At a glance</h2><div class="charts">{figures}</div></section>'
        '<section id="documents"><h2>Documents (most problems first)</h2>'
        + _table(["document", "status", "problems", "entries", "links", "dead links", "unparsed",
                  "missing fields", "not found", "verified", "unchecked", "error"], doc_rows)
        + "</section></main></body></html>\n"
    )
