"""Stand-ins for the services citecheck calls, answering with real recorded responses.

Each stand-in is a pure route, ``(path, params) -> (status, JSON body)``, that
answers the requests citecheck's clients send the way the real service does,
from the real records in ``tests/fixtures/`` (see ``PROVENANCE.md`` in
``catalogues/`` and ``archives/``): no identifier, title or capture time is
made up. The routes run under any server: :func:`as_loopback` adapts one to
the threaded 127.0.0.1 server of ``tests/loopback.py`` (the end-to-end test),
and ``bench/resolve_bench.py`` serves them from its own rate-limited asyncio
server.

What is *not* the real service, and why:

* a catalogue search ranks the recorded records by word overlap with the
  query (a search engine's top n), because only a handful of queries were
  recorded; filters such as Crossref's ``filter=type:`` are not applied;
* the archive stand-in answers a CDX query for a URL the test registers with
  the rows the real CDX server recorded for another URL, ``original`` and
  ``urlkey`` re-addressed to the URL asked (the test's pages live on
  127.0.0.1, which no archive ever captured); timestamps, status codes and
  digests are the recorded ones.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from rapidfuzz import fuzz

from citecheck.match import norm_title

if TYPE_CHECKING:
    from loopback import Handler

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CATALOGUES = FIXTURES / "catalogues"
ARCHIVES = FIXTURES / "archives"

JsonRoute = Callable[[str, dict[str, str]], tuple[int, Any]]


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def cassette_bodies(path: Path) -> list[Any]:
    """The JSON response bodies of a VCR cassette (gzip-decoded where recorded so)."""
    import yaml  # vcrpy's dependency; only cassettes need it

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for interaction in data.get("interactions", []):
        body = interaction["response"]["body"]["string"]
        if isinstance(body, bytes) and body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        try:
            out.append(json.loads(body))
        except ValueError:
            continue
    return out


# --------------------------------------------------------------------------- catalogues


def rank(query: str, docs: list[dict], title_of: Callable[[dict], str], n: int) -> list[dict]:
    """The n records whose titles share the most words with the query (a search engine's top n)."""
    q = norm_title(query)
    scored = [(fuzz.token_set_ratio(q, norm_title(title_of(d))), i) for i, d in enumerate(docs)]
    scored.sort(key=lambda si: -si[0])  # stable: equal scores keep the recorded order
    return [docs[i] for s, i in scored[:n] if s >= 50]


def crossref_items() -> list[dict]:
    """Every recorded Crossref work with a DOI and a title (singletons, lists, cassettes)."""
    items: dict[str, dict] = {}
    bodies = [load(p) for p in sorted((CATALOGUES / "crossref").glob("*.body.json"))]
    for p in sorted((CATALOGUES / "crossref").glob("*.yaml")):
        bodies += cassette_bodies(p)
    for body in bodies:
        msg = body.get("message") or {}
        for it in [msg] if body.get("message-type") == "work" else msg.get("items") or []:
            if it.get("DOI") and it.get("title"):
                items[it["DOI"].lower()] = it  # the last recording of a DOI wins
    return list(items.values())


def crossref_route(items: list[dict]) -> JsonRoute:
    """``/works?query.bibliographic=…&rows=…`` and ``/works/{doi}``."""
    by_doi = {i["DOI"].lower(): i for i in items}

    def route(path: str, params: dict[str, str]) -> tuple[int, Any]:
        if path.startswith("/works/"):
            item = by_doi.get(path[len("/works/"):].lower())
            if not item:
                return 404, {"status": "error"}
            return 200, {"status": "ok", "message-type": "work", "message": item}
        if path == "/works":
            hits = rank(params.get("query.bibliographic", ""), items,
                        lambda i: (i.get("title") or [""])[0], int(params.get("rows", "5")))
            return 200, {"status": "ok", "message-type": "work-list",
                         "message": {"items": hits, "total-results": len(hits)}}
        return 404, {}
    return route


def openalex_works() -> list[dict]:
    """Every recorded OpenAlex work (singletons and search pages), once each."""
    works: dict[str, dict] = {}
    for p in sorted((CATALOGUES / "openalex").glob("*.json")):
        body = load(p)
        for work in body.get("results") or ([body] if body.get("id") else []):
            works.setdefault(work["id"], work)
    return list(works.values())


_TITLE_FILTER = re.compile(r"(?:^|,)title\.search:([^,]*)")


def openalex_route(works: list[dict]) -> JsonRoute:
    """``/works?filter=title.search:…&per_page=…`` and ``/works/doi:{doi}``."""
    by_doi = {w["doi"].lower().removeprefix("https://doi.org/"): w for w in works if w.get("doi")}

    def route(path: str, params: dict[str, str]) -> tuple[int, Any]:
        if path.startswith("/works/doi:"):
            work = by_doi.get(path[len("/works/doi:"):].lower())
            return (200, work) if work else (404, {"error": "Not Found"})
        if path == "/works":
            m = _TITLE_FILTER.search(params.get("filter", ""))
            hits = rank(m.group(1) if m else params.get("search", ""), works,
                        lambda w: w.get("title") or w.get("display_name") or "",
                        int(params.get("per_page", "25")))
            return 200, {"meta": {"count": len(hits), "page": 1, "per_page": len(hits)},
                         "results": hits}
        return 404, {"error": "Not Found"}
    return route


def editions_by_work(edition_lists: Iterable[dict]) -> dict[str, dict]:
    """Recorded ``/works/OL…W/editions.json`` bodies keyed by the work their entries belong to."""
    out: dict[str, dict] = {}
    for body in edition_lists:
        for entry in body.get("entries") or []:
            for work in entry.get("works") or []:
                out.setdefault(work["key"].rsplit("/", 1)[-1], body)
    return out


def openlibrary_route(docs: list[dict], editions: dict[str, dict]) -> JsonRoute:
    """``/search.json?title=…``, ``/works/OL…W/editions.json`` (404 for works not recorded)."""
    def route(path: str, params: dict[str, str]) -> tuple[int, Any]:
        if path == "/search.json":
            hits = rank(params.get("title", ""), docs, lambda d: d.get("title", ""),
                        int(params.get("limit", "5")))
            return 200, {"numFound": len(hits), "start": 0, "docs": hits}
        m = re.fullmatch(r"/works/(OL\d+W)/editions\.json", path)
        if m and m.group(1) in editions:
            return 200, editions[m.group(1)]
        return 404, {"error": "notfound"}
    return route


def googlebooks_route(volumes: list[dict]) -> JsonRoute:
    """``/volumes?q=intitle:"…" inauthor:"…"`` (and ``q=isbn:…``)."""
    by_isbn = {i["identifier"]: v for v in volumes
               for i in v["volumeInfo"].get("industryIdentifiers") or []}

    def route(path: str, params: dict[str, str]) -> tuple[int, Any]:
        q = params.get("q", "")
        if q.startswith("isbn:"):
            hits = [by_isbn[q[5:]]] if q[5:] in by_isbn else []
        else:
            words = q.replace("intitle:", " ").replace("inauthor:", " ").replace('"', " ")
            hits = rank(words, volumes, lambda v: v["volumeInfo"].get("title", ""), 5)
        return 200, {"kind": "books#volumes", "totalItems": len(hits), "items": hits}
    return route


def loc_route(results: list[dict]) -> JsonRoute:
    """``/books/?q=…&fo=json&c=…``: loc.gov's search-results shape (hand-made records, see
    ``catalogues/loc/PROVENANCE.md``); anything but JSON requested gets the HTML page."""
    def route(path: str, params: dict[str, str]) -> tuple[int, Any]:
        if path.rstrip("/") in ("/books", "/search") and params.get("fo") == "json":
            hits = rank(params.get("q", ""), results, lambda r: r.get("title", ""),
                        int(params.get("c", "25")))
            return 200, {"pagination": {"current": 1, "of": len(hits), "perpage": len(hits)},
                         "results": hits}
        return 404, {}
    return route


def catalogue_routes() -> dict[str, JsonRoute]:
    """One route per catalogue, over every recorded record of it."""
    ol_search = load(CATALOGUES / "openlibrary/bookwyrm__ol_search.json")
    ol_editions = load(CATALOGUES / "openlibrary/bookwyrm__ol_edition_list.json")
    gb = load(CATALOGUES / "googlebooks/koder__volumes_q_isbn_9781761186769.json")
    return {
        "crossref": crossref_route(crossref_items()),
        "openalex": openalex_route(openalex_works()),
        "openlibrary": openlibrary_route(ol_search["docs"], editions_by_work([ol_editions])),
        "googlebooks": googlebooks_route(gb["items"]),
        "loc": loc_route(load(CATALOGUES / "loc/books_q_sabriel_nix.json")["results"]),
    }


# --------------------------------------------------------------------------- archives


def surt(url: str) -> str:
    """A SURT-style key ('org,example)/path') as the CDX ``urlkey`` column shows."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not re.fullmatch(r"[\d.]+", host):  # IP addresses are not reversed
        host = ",".join(reversed(host.removeprefix("www.").split(".")))
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return f"{host}{port}){parts.path or '/'}{'?' + parts.query if parts.query else ''}"


class ArchiveStandIn:
    """The Wayback Machine: CDX server, snapshots under ``/web/`` and the availability API.

    ``captures`` maps a URL to the recorded CDX answer (header row + rows) it
    is to be given; any other URL gets the recorded empty answer ``[]``.
    ``pages`` maps a URL to the HTML its snapshots show.
    """

    CDX_PATH = "/cdx/search/cdx"
    AVAILABLE_PATH = "/wayback/available"

    def __init__(self, captures: dict[str, list[list[str]]], pages: dict[str, str]) -> None:
        self.captures = {url: self._readdress(rows, url) for url, rows in captures.items()}
        self.pages = pages
        self.empty = load(ARCHIVES / "cdx-example-empty.json")
        self.unavailable = load(ARCHIVES / "wayback-available-empty.json")

    @staticmethod
    def _readdress(rows: list[list[str]], url: str) -> list[list[str]]:
        header = rows[0]
        out = [list(header)]
        for row in rows[1:]:
            row = list(row)
            if "original" in header:
                row[header.index("original")] = url
            if "urlkey" in header:
                row[header.index("urlkey")] = surt(url)
            out.append(row)
        return out

    def cdx(self, params: dict[str, str]) -> tuple[int, Any]:
        """``output=json`` rows for ``url``, ``fl`` and ``limit`` applied as the server does."""
        rows = self.captures.get(params.get("url", ""))
        if not rows:
            return 200, self.empty
        header, body = rows[0], rows[1:]
        limit = int(params.get("limit", "0") or 0)
        if limit:
            body = body[:limit] if limit > 0 else body[limit:]
        fields = [f for f in params.get("fl", "").split(",") if f in header] or header
        pick = [header.index(f) for f in fields]
        return 200, [fields] + [[row[i] for i in pick] for row in body]

    def snapshot(self, path: str) -> tuple[int, str]:
        """``/web/<timestamp>[id_]/<url>``: the page as captured, if that capture exists."""
        m = re.fullmatch(r"/web/(\d{14})(?:id_)?/(.+)", path)
        if m:
            ts, url = m.groups()
            rows = self.captures.get(url) or []
            header = rows[0] if rows else []
            if any(row[header.index("timestamp")] == ts for row in rows[1:]) and url in self.pages:
                return 200, self.pages[url]
        return 404, "<html><head><title>Wayback Machine</title></head><body><h1>Hrm.</h1>" \
                    "<p>The Wayback Machine has not archived that URL.</p></body></html>"

    def handle(self, h: Handler) -> None:
        """The loopback route: dispatch on the path like web.archive.org does."""
        parts = urlsplit(h.path)
        path, params = unquote(parts.path), dict(parse_qsl(parts.query))
        if path == self.CDX_PATH:
            _reply_json(h, *self.cdx(params))
        elif path == self.AVAILABLE_PATH:
            _reply_json(h, 200, self.unavailable)
        else:
            status, html = self.snapshot(path)
            h.reply(status, html.encode("utf-8"))


def no_timemap(h: Handler) -> None:
    """A Memento TimeTravel service that knows no mementos of the URL (its 404 answer)."""
    h.reply(404, b"", content_type="application/json")


# --------------------------------------------------------------------------- serving


def _reply_json(h: Handler, status: int, body: Any) -> None:
    h.reply(status, json.dumps(body).encode("utf-8"), content_type="application/json")


def as_loopback(route: JsonRoute) -> Callable[[Handler], None]:
    """A JSON route as a ``tests/loopback.py`` route (use it as the server's fallback)."""
    def handle(h: Handler) -> None:
        parts = urlsplit(h.path)
        _reply_json(h, *route(unquote(parts.path), dict(parse_qsl(parts.query))))
    return handle
