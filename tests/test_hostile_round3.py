"""A third hostile-server trial: answers the earlier trials (test_hostile.py,
test_server_trial.py, test_hostile_round2.py, test_api_trial.py) did not show.

Every server is on 127.0.0.1 (tests/loopback.py); the two cases about name
resolution use an in-memory transport or a ``.invalid`` name, so no name is ever
looked up. Each case states the honest verdict before it was run: "dead" only on
evidence (a 404/410), a refusal or a failure of the moment never rot, and every
check ends within its deadline plus a little.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import gzip
import ssl
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from loopback import RawRequest, RawServer, serve, serve_raw

from citecheck.config import Settings
from citecheck.links import check_links
from citecheck.models import ROT, LinkCheck
from citecheck.net import HttpLayer

from test_hostile_round2 import DEADLINE, SLACK, TEST_TIMEOUT, check, send, up
from test_hostile_round2 import settings_for as round2_settings

TITLE = b"Grain procurement in 1928"
PAGE = (b"<html><head><title>" + TITLE + b"</title></head><body>"
        + b"<p>The text of the article, long enough to be an article.</p>" * 20 + b"</body></html>")
NOT_FOUND = (b"<html><head><title>Page not found</title></head><body><p>Sorry, the page you "
             b"asked for is not here.</p></body></html>")


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    """The second trial's settings (deadline 1.5 s, …), with the default redirect limit."""
    return round2_settings(tmp_path, **{"max_redirects": 10, **kw})


async def check_many(urls: list[str], settings: Settings,
                     transport: httpx.AsyncBaseTransport | None = None
                     ) -> tuple[list[LinkCheck], list[str], float]:
    """Every URL's check, the stage's messages and how long the checks took."""
    async with asyncio.timeout(TEST_TIMEOUT):
        async with HttpLayer(settings, transport=transport) as http:
            started = time.monotonic()
            checks, messages = await check_links(urls, http, settings, probe=up, record=False)
            elapsed = time.monotonic() - started
    return checks, messages, elapsed


# --------------------------------------------------------------------------- routes


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None,
           content_type: str = "text/html; charset=utf-8", reason: str = "X"):
    return lambda q: q.answer(status, body, headers, reason=reason, content_type=content_type)


def by_method(head, get):
    return lambda q: (head if q.method == "HEAD" else get)(q)


def redirect(status: int, location: str | bytes):
    """A redirect; '{port}' in the Location is the server's own port."""
    def route(q: RawRequest) -> bool:
        loc = location if isinstance(location, bytes) else location.encode()
        loc = loc.replace(b"{port}", str(q.server.port).encode())
        return q.send(b"HTTP/1.1 %d Moved\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n"
                      % (status, loc))
    return route


def chain(hops: int):
    """/chainN/k redirects to /chainN/k+1 until k == hops, which answers the page."""
    def route(q: RawRequest) -> bool:
        k = int(q.path.rsplit("/", 1)[1])
        if k >= hops:
            return q.answer(200, PAGE)
        return q.answer(302, b"", {"Location": f"/chain{hops}/{k + 1}"})
    return route


def drip_chunks(q: RawRequest) -> None:
    """A chunked body in one-byte chunks, one every 0.2 s, for ever (its end)."""
    q.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
    end = time.monotonic() + DEADLINE + 2
    while time.monotonic() < end and q.send(b"1\r\nx\r\n"):
        time.sleep(0.2)


def stall_mid_body(q: RawRequest) -> None:
    """Half the page, then silence with the connection open."""
    q.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
           % len(PAGE) + PAGE[: len(PAGE) // 2])
    time.sleep(DEADLINE + 2)


def rst_mid_body(q: RawRequest) -> None:
    q.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
           % len(PAGE) + PAGE[: len(PAGE) // 2])
    time.sleep(0.05)
    q.reset()


def fin_at_once(q: RawRequest) -> None:
    """Reads the request, hangs up (FIN) without a byte of answer."""


@functools.lru_cache(maxsize=1)
def deflate_bomb() -> bytes:
    z = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    return b"".join(z.compress(block) for _ in range(200)) + z.flush()


def query_only(q: RawRequest) -> bool:
    if "?" in q.path:
        return q.answer(200, PAGE)
    return q.answer(302, b"", {"Location": "?page=2"})


def retry_past_date(q: RawRequest) -> bool:
    if q.server.hits[("GET", "/retry-past-date")] <= 1:
        past = email.utils.formatdate(time.time() - 3600, usegmt=True)
        return q.answer(429, b"wait", {"Retry-After": past})
    return q.answer(200, PAGE)


def no_fragment(q: RawRequest) -> bool:
    return q.answer(400 if "#" in q.path else 200, PAGE)


ROUTES = {
    "/ok": answer(200, PAGE),
    # statuses
    "/status-999": answer(999, b"<html><body>Request denied</body></html>", reason="Request denied"),
    "/gone.pdf": answer(410, b"<title>Gone</title>", reason="Gone"),
    "/head-403.pdf": by_method(answer(403), answer(200, b"%PDF-1.4 ...",
                                                   content_type="application/pdf")),
    "/uri-too-long": answer(414, b"<title>414 Request-URI Too Long</title>"),
    "/308-to-404": redirect(308, "/missing"),
    "/missing": answer(404, b"<title>404 Not Found</title>", reason="Not Found"),
    # redirects
    "/no-location-301": send(b"HTTP/1.1 301 Moved Permanently\r\nContent-Length: 0\r\n\r\n",
                             keep=True),
    "/empty-location": send(b"HTTP/1.1 302 Found\r\nLocation: \r\nContent-Length: 0\r\n\r\n",
                            keep=True),
    "/to-file": redirect(302, "file:///etc/passwd"),
    "/protocol-relative": redirect(302, "//127.0.0.1:{port}/ok"),
    "/query-only": query_only,
    "/one-slash": redirect(302, "http:/ok"),
    "/upper-scheme": redirect(302, "HTTP://127.0.0.1:{port}/ok"),
    # bodies and their framing
    "/drip-chunks": drip_chunks,
    "/stall-mid-body": stall_mid_body,
    "/rst-mid-body": rst_mid_body,
    "/fin-at-once": fin_at_once,
    "/deflate-bomb": lambda q: q.answer(200, deflate_bomb(), {"Content-Encoding": "deflate"}),
    "/gzip-soft-404": lambda q: q.answer(200, gzip.compress(NOT_FOUND),
                                         {"Content-Encoding": "gzip"}),
    "/double-gzip": lambda q: q.answer(200, gzip.compress(gzip.compress(PAGE)),
                                       {"Content-Encoding": "gzip, gzip"}),
    "/huge-length": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                         b"Content-Length: 99999999999999\r\n\r\n" + PAGE),
    "/no-content-type-404-page": send(
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(NOT_FOUND), NOT_FOUND),
        keep=True),
    # charsets
    "/utf16-label-ascii": answer(200, NOT_FOUND, content_type="text/html; charset=utf-16"),
    "/1252-label-utf8": answer(
        200, "<html><head><title>Página não encontrada</title></head><body>Erro 404</body>"
             "</html>".encode(), content_type="text/html; charset=windows-1252"),
    "/h1-only-404": answer(200, b"<html><body><center><h1>404 Not Found</h1></center><hr>"
                                b"<center>nginx</center></body></html>"),
    # status lines and header blocks browsers read
    "/no-reason": send(b"HTTP/1.1 200\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
                       % (len(PAGE), PAGE), keep=True),
    "/lf-only": send(b"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: %d\n\n%s"
                     % (len(PAGE), PAGE), keep=True),
    "/obs-fold": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Folded: a\r\n b\r\n"
                      b"Content-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE), keep=True),
    "/http2-status": send(b"HTTP/2 200\r\ncontent-type: text/html\r\n\r\n" + PAGE),
    "/nul-header": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Bad: a\x00b\r\n"
                        b"Content-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE), keep=True),
    # Retry-After
    "/429-zero-forever": answer(429, b"slow down", {"Retry-After": "0"}),
    "/retry-past-date": retry_past_date,
    "/429-day-as-date": lambda q: q.answer(429, b"no", {
        "Retry-After": email.utils.formatdate(time.time() + 86400, usegmt=True)}),
    # URLs as cited
    "/a%20b%20c": answer(200, PAGE),
    "/caf%C3%A9/r%C3%A9sum%C3%A9": answer(200, PAGE),
    "/frag": no_fragment,
}
for _n in (30, 10):
    ROUTES.update({f"/chain{_n}/{k}": chain(_n) for k in range(_n + 1)})


@pytest.fixture(scope="module")
def raw() -> Iterator[RawServer]:
    deflate_bomb()  # built before any request's clock starts
    with serve_raw(ROUTES) as srv:
        yield srv


CASES = [
    # a LinkedIn-style 999 is a refusal of robots, not rot
    ("/status-999", "forbidden", "999"),
    # 410 to HEAD and GET: dead, with the evidence (strong at once)
    ("/gone.pdf", "dead", "410 Gone"),
    # 403 to HEAD, the file to GET
    ("/head-403.pdf", "ok", "HEAD answered 403 (HEAD refused)"),
    # 414: the request as sent was refused; nothing is said of the page
    ("/uri-too-long", "forbidden", "414"),
    ("/308-to-404", "dead", "via 308"),
    # a redirect that names no place: not "ok" (nothing was seen), not rot
    ("/no-location-301", "unchecked", "no Location"),
    ("/empty-location", "unchecked", "no Location"),
    ("/to-file", "unchecked", "non-web scheme"),
    ("/protocol-relative", "ok", "/ok"),
    ("/query-only", "ok", "?page=2"),
    # "http:/ok" is a path on the same host to browsers (the URL standard's special schemes)
    ("/one-slash", "ok", "/ok"),
    ("/upper-scheme", "ok", "/ok"),
    ("/chain30/0", "too-many-redirects", "more than 10 redirects"),
    ("/chain10/0", "ok", "/chain10/10"),  # exactly the limit: followed to the end
    # bodies: the deadline bounds a drip and a stall; a reset keeps what came
    ("/drip-chunks", "timeout", "reading the body"),
    ("/stall-mid-body", "timeout", "reading the body"),
    ("/rst-mid-body", "ok", "cut short"),
    ("/fin-at-once", "connection-error", "without answering"),
    ("/deflate-bomb", "ok", "cap"),
    ("/gzip-soft-404", "soft-404", "Page not found"),
    ("/double-gzip", "ok", "gzip, gzip"),
    ("/huge-length", "ok", "cut short"),
    ("/no-content-type-404-page", "soft-404", "Page not found"),
    # a UTF-16 label on a page with no UTF-16 in it; UTF-8 labelled windows-1252
    ("/utf16-label-ascii", "soft-404", "Page not found"),
    ("/1252-label-utf8", "soft-404", "Página não encontrada"),
    ("/h1-only-404", "soft-404", "404 Not Found"),
    # status lines and header blocks
    ("/no-reason", "ok", "HTTP 200"),
    ("/lf-only", "ok", "HTTP 200"),
    ("/obs-fold", "ok", "HTTP 200"),
    ("/http2-status", "connection-error", "not valid HTTP"),
    ("/nul-header", "connection-error", "not valid HTTP"),
    # Retry-After: 0 for ever is no busy loop (retries end it); a date in the past is now;
    # a day ahead as an HTTP date is not waited for
    ("/429-zero-forever", "rate-limited", "429"),
    ("/retry-past-date", "ok", "HTTP 200"),
    ("/429-day-as-date", "rate-limited", "longer than a check waits"),
]


@pytest.mark.parametrize(("path", "status", "evidence"), CASES, ids=[c[0] for c in CASES])
async def test_hostile_answer(raw: RawServer, tmp_path: Path, path: str, status: str,
                              evidence: str) -> None:
    got, elapsed = await check(f"http://127.0.0.1:{raw.port}{path}", settings_for(tmp_path))
    assert got.status == status, got
    assert evidence in got.evidence or evidence in (got.final_url or ""), got.evidence
    assert elapsed < DEADLINE + SLACK, elapsed


@pytest.mark.parametrize(("cited", "path"), [
    ("/a b c", "/a%20b%20c"),  # spaces as the citation printed them
    ("/café/résumé", "/caf%C3%A9/r%C3%A9sum%C3%A9"),  # a Unicode path
    ("/frag#section-2", "/frag"),  # the fragment is never sent
], ids=["spaces", "unicode-path", "fragment"])
async def test_urls_as_cited(raw: RawServer, tmp_path: Path, cited: str, path: str) -> None:
    raw.hits.clear()
    got, _ = await check(f"http://127.0.0.1:{raw.port}{cited}", settings_for(tmp_path))
    assert got.status == "ok", got
    assert raw.hits[("GET", path)] == 1, dict(raw.hits)


# --------------------------------------------------------------------------- names


async def test_an_internationalised_name_is_sent_as_punycode(tmp_path: Path) -> None:
    """No socket: an in-memory transport answers for the name (nothing is looked up)."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_host.decode("ascii"))
        if request.url.raw_host == b"xn--bcher-kva.test" and request.url.path == "/katalog":
            return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})
        return httpx.Response(404)

    got, _ = await check("http://bücher.test/katalog", settings_for(tmp_path),
                         transport=httpx.MockTransport(handler))
    assert got.status == "ok", got
    assert seen and set(seen) == {"xn--bcher-kva.test"}, seen


async def test_an_internationalised_name_under_invalid_is_never_looked_up(tmp_path: Path) -> None:
    got, elapsed = await check("http://bücher.invalid/katalog", settings_for(tmp_path))
    assert got.status == "dns-error" and "reserved" in got.evidence, got
    assert elapsed < 0.5


async def test_a_temporary_name_resolution_failure_is_not_rot(tmp_path: Path) -> None:
    """EAI_AGAIN ('Temporary failure in name resolution': the resolver did not answer) says
    nothing of the domain: not dns-error (rot, strong at once), a failure of the moment."""
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "press.test":
            raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")
        return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})

    got, _ = await check("http://press.test/article/1", settings_for(tmp_path),
                         transport=httpx.MockTransport(handler))
    assert got.status not in ROT and not got.strong, got
    assert "temporary" in got.evidence.lower(), got.evidence


# --------------------------------------------------------------------------- TLS


async def test_a_server_that_asks_for_a_client_certificate_is_not_rot(tmp_path: Path) -> None:
    ca = trustme.CA()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_ctx)
    server_ctx.verify_mode = ssl.CERT_REQUIRED
    ca.configure_trust(server_ctx)
    client_ctx = ssl.create_default_context()
    ca.configure_trust(client_ctx)
    with serve({"/ok": lambda h: h.reply(200, PAGE)}, tls=server_ctx) as srv:
        got, elapsed = await check(f"https://127.0.0.1:{srv.port}/ok", settings_for(tmp_path),
                                   transport=httpx.AsyncHTTPTransport(verify=client_ctx))
    assert got.status in ("tls-error", "connection-error", "forbidden"), got
    assert elapsed < DEADLINE + SLACK


async def test_a_tls_server_that_hangs_up_at_the_hello_is_not_rot(tmp_path: Path) -> None:
    def hang_up(conn) -> bool:
        conn.recv(1024)  # the ClientHello
        return False

    with serve_raw({}, on_accept=hang_up) as srv:
        got, elapsed = await check(f"https://127.0.0.1:{srv.port}/x", settings_for(tmp_path))
    assert got.status not in ROT and got.status != "ok", got
    assert elapsed < DEADLINE + SLACK


# --------------------------------------------------------------------------- a rate-limited host


def limited_host(status: int, retry_after: str) -> RawServer:
    return serve_raw({}, fallback=answer(status, b"<title>Too Many Requests</title>",
                                         {"Retry-After": retry_after}))


@pytest.mark.parametrize("status", [429, 503])
async def test_a_host_that_rate_limits_for_ever_is_given_up_within_its_wait_budget(
        tmp_path: Path, status: int) -> None:
    """20 links on one host answering 429 (or 503) 'retry after 1 s' for ever, each request
    may take 1.5 s: without a bound on the waiting the run took 20 x a retry cycle. The
    host's waits are capped (max_host_wait): what is left after is not checked, and says
    why; nothing is dead."""
    settings = settings_for(tmp_path, max_host_wait=2.0, max_run_wait=100.0, retries=3,
                            host_concurrency=2)
    with limited_host(status, "1") as srv:
        urls = [f"http://127.0.0.1:{srv.port}/page/{i}" for i in range(20)]
        checks, messages, elapsed = await check_many(urls, settings)
    statuses = {c.status for c in checks}
    assert statuses <= {"rate-limited", "server-error", "unchecked"}, statuses
    assert not statuses & ROT
    left = [c for c in checks if c.status == "unchecked"]
    assert left and all("rate limited" in c.evidence for c in left), checks
    assert any("rate limited" in m for m in messages), messages
    assert elapsed < 2.0 + DEADLINE + 2 * SLACK, elapsed


async def test_the_run_wait_budget_bounds_many_rate_limited_hosts(tmp_path: Path) -> None:
    """Eight hosts, each 429 'retry after 1 s' for ever, three links each: the run's budget
    (max_run_wait) holds for all of them together."""
    settings = settings_for(tmp_path, max_host_wait=100.0, max_run_wait=2.0, retries=3,
                            host_concurrency=1, total_concurrency=2)
    servers = [limited_host(429, "1") for _ in range(8)]
    try:
        ports = [s.__enter__().port for s in servers]
        urls = [f"http://127.0.0.1:{p}/page/{i}" for p in ports for i in range(3)]
        checks, _, elapsed = await check_many(urls, settings)
    finally:
        for s in servers:
            s.__exit__(None, None, None)
    assert {c.status for c in checks} <= {"rate-limited", "unchecked"}
    assert elapsed < 2.0 + 2 * DEADLINE + 2 * SLACK, elapsed


def test_the_wait_budgets_have_finite_defaults() -> None:
    """A run ends in bounded time by default, without --max-time."""
    s = Settings()
    assert 0 < s.max_host_wait <= s.max_run_wait < 3600


async def test_a_catalogue_that_rate_limits_for_ever_leaves_entries_unchecked_in_bounded_time(
        tmp_path: Path) -> None:
    """Crossref answering 429 'retry after 1 s' for ever, 8 entries, no --max-time: each
    entry's lookup waited its whole deadline one after the other. Within the host's wait
    budget, then at once: every entry unchecked, the reason naming the rate limit."""
    from citecheck.models import Fields, Name, Reference
    from citecheck.resolve import resolve_references

    refs = [Reference(raw=f"Holloway, T. (2019). Tidal heating {i}. Planet. Sci. Lett.",
                      type="article", fields=Fields(author=[Name(family="Holloway")],
                                                    title=f"Tidal heating {i}", year="2019"))
            for i in range(8)]
    with limited_host(429, "1") as srv:
        settings = settings_for(tmp_path, catalogues=["crossref"], retries=3, max_host_wait=2.0,
                                crossref_url=f"http://127.0.0.1:{srv.port}",
                                doi_url=f"http://127.0.0.1:{srv.port}",
                                rate_limits={"crossref": 1000.0})
        async with asyncio.timeout(TEST_TIMEOUT):
            async with HttpLayer(settings) as http:
                started = time.monotonic()
                matches, messages = await resolve_references(refs, http, settings)
                elapsed = time.monotonic() - started
    assert [m.verdict for m in matches] == ["unchecked"] * 8, matches
    assert all("429" in (m.reason or "") or "rate limited" in (m.reason or "")
               for m in matches), [m.reason for m in matches]
    assert elapsed < 2.0 + 2 * DEADLINE + SLACK, elapsed


def test_the_wait_budgets_are_settings(tmp_path: Path) -> None:
    from citecheck.config import load_config
    from citecheck.errors import ConfigError

    settings, _ = load_config(directory=tmp_path, environ={
        "CITECHECK_MAX_HOST_WAIT": "5", "CITECHECK_MAX_RUN_WAIT": "20"})
    assert (settings.max_host_wait, settings.max_run_wait) == (5.0, 20.0)
    with pytest.raises(ConfigError):
        load_config(directory=tmp_path, environ={"CITECHECK_MAX_HOST_WAIT": "true"})
