"""The editor page without JavaScript: the pages a plain form submission leads to.

The page's form posts to ``/submit`` when no script runs (JavaScript off, a
text browser, a strict corporate policy); the answer is a redirect to
``/checks/{id}``, a page that refreshes itself (``<meta http-equiv=refresh>``,
no script) until the check ends and then links the report and the exports.
An error is one line on a page of its own. Every server-side string is
escaped here; these functions only render.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .schemas import JobStatus

REFRESH_SECONDS = 2


def _page(title: str, body: str, *, refresh: bool = False) -> str:
    meta = (f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}">' if refresh else "")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<meta name=\"referrer\" content=\"no-referrer\">{meta}"
            f"<title>{escape(title)} — citecheck</title>"
            "<link rel=\"stylesheet\" href=\"/assets/report.css\">"
            "<link rel=\"stylesheet\" href=\"/assets/page.css\"></head>"
            f"<body><main>{body}<p><a href=\"/\">Check another document</a></p></main></body></html>\n")


def error_page(title: str, detail: str | None) -> str:
    """One line saying what is wrong, never a traceback."""
    line = escape(detail or title)
    return _page(title, f"<h1>{escape(title)}</h1><p class=\"error\" role=\"alert\">{line}</p>")


def status_page(job: JobStatus, *, follow: bool = True) -> str:
    """The check's state and stages; refreshed until it ends (*follow*), then its results."""
    name = escape(job.name)
    rows = []
    for stage in job.stages:
        count = f"{stage.done} / {stage.total}" if stage.total is not None else "…"
        rows.append(f"<li>{escape(stage.description)}: {escape(count)}</li>")
    state = escape(job.state + (f" — {job.stage}" if job.stage else ""))
    parts = [f"<h1>{name}</h1>", f"<p>State: <strong id=\"job-state\">{state}</strong></p>"]
    if job.waiting:
        parts.append(f"<p class=\"muted\" id=\"job-waiting\" role=\"status\">"
                     f"{escape(job.waiting)}</p>")
    if rows:
        parts.append("<ol id=\"stages\">" + "".join(rows) + "</ol>")
    if job.error is not None:
        parts.append(f"<p class=\"error\" role=\"alert\">{escape(job.error.title)}: "
                     f"{escape(job.error.detail or '')}</p>")
    links = job.links
    if job.state == "done":
        parts.append("<h2>Results</h2><ul id=\"results\">"
                     f"<li><a href=\"{escape(links.report)}?format=html\">the report (HTML)</a></li>"
                     f"<li><a href=\"{escape(links.report)}?format=markdown\">the report "
                     "(Markdown)</a></li>"
                     f"<li><a href=\"{escape(links.export)}?to=bibtex\">the bibliography "
                     "(BibTeX)</a></li>"
                     f"<li><a href=\"{escape(links.export)}?to=ris\">the bibliography (RIS)</a></li>"
                     "</ul><p class=\"muted\">Accepting suggested changes one by one needs "
                     "JavaScript (or the API: <code>POST /v1/checks/{id}/fix</code>).</p>")
    elif not follow:
        parts.append("<p class=\"muted\">This service needs a token: follow the check with "
                     f"JavaScript on, or through the API (<code>GET {escape(links.status)}</code> "
                     "with your token).</p>")
    else:
        parts.append(f"<p class=\"muted\">This page refreshes every {REFRESH_SECONDS} seconds "
                     "until the check ends.</p>")
    finished = job.state in ("done", "failed")
    return _page(job.name, "".join(parts), refresh=follow and not finished)


def form_options(form: Any) -> dict[str, bool]:
    """RunOptions from the page's checkboxes (a box left unticked is not sent at all)."""
    return {name: name in form for name in ("links", "resolve", "offline")}
