"""A second hostile-server trial: answers the first trials (test_hostile.py,
test_server_trial.py) did not show, each from a server on 127.0.0.1.

Most are written at the socket (tests/loopback.py's ``serve_raw``), since
http.server cannot send a broken status line, a header block cut in the
middle or a reset. Each case says what an honest verdict is and is bounded in
time: every check ends within its deadline (about a second and a half here)
plus a little, and a test that hangs fails on its own timeout, not the suite.
"""

from __future__ import annotations

import asyncio
import email.utils
import resource
import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from loopback import RawRequest, RawServer, closed_port, serve, serve_raw

from citecheck import errors
from citecheck.config import Settings
from citecheck.links import check_links
from citecheck.models import LinkCheck
from citecheck.net import HttpLayer

PAGE = (b"<html><head><title>Grain procurement in 1928</title></head><body>"
        + b"<p>The text of the article, long enough to be an article.</p>" * 20 + b"</body></html>")
OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE)
DEADLINE = 1.5
# every check ends within its deadline plus this (the probe of the site and the layer's
# closing come after the deadline's request)
SLACK = 1.5
# a test that hangs fails here instead of holding the suite
TEST_TIMEOUT = 20.0


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    base: dict[str, object] = dict(
        cache_dir=tmp_path / "cache", connect_timeout=1.0, read_timeout=1.0, deadline=DEADLINE,
        retries=2, backoff_base=0.01, max_redirects=8, catalogues=[],
        cdx_url=f"http://127.0.0.1:{closed_port()}/cdx",
        wayback_url=f"http://127.0.0.1:{closed_port()}/av",
        memento_url=f"http://127.0.0.1:{closed_port()}/tm",
    )
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


async def up() -> bool:
    return True


async def check(url: str, settings: Settings,
                transport: httpx.AsyncBaseTransport | None = None) -> tuple[LinkCheck, float]:
    """The link check's verdict for *url* and how long it took (the checks, not the layer's
    start-up; archive look-ups aside, as in test_hostile.py)."""
    async with asyncio.timeout(TEST_TIMEOUT):
        async with HttpLayer(settings, transport=transport) as http:
            started = time.monotonic()
            checks, _ = await check_links([url], http, settings, probe=up, record=False)
            elapsed = time.monotonic() - started
    return checks[0], elapsed


# --------------------------------------------------------------------------- routes


def send(data: bytes, then: float = 0.2, keep: bool = False):
    """Write *data* as the whole answer; hang up after *then* seconds (unless *keep*)."""

    def route(q: RawRequest) -> bool:
        q.send(data)
        if not keep:
            time.sleep(then)
        return keep

    return route


def trickle_headers(q: RawRequest) -> None:
    """Slowloris in reverse: the status line and headers one byte every 0.2 s."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n":
        if not q.send(bytes([byte])):
            return
        time.sleep(0.2)


def informational_first(q: RawRequest) -> bool:
    """100 Continue and 103 Early Hints before the answer."""
    return q.send(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                  b"Link: </style.css>; rel=preload\r\n\r\n" + OK_HEAD
                  + (b"" if q.method == "HEAD" else PAGE))


def processing_forever(q: RawRequest) -> None:
    """102 Processing every 0.1 s, never a final answer (each keeps the read timeout off)."""
    end = time.monotonic() + DEADLINE + 2
    while time.monotonic() < end and q.send(b"HTTP/1.1 102 Processing\r\n\r\n"):
        time.sleep(0.1)


def continue_flood(q: RawRequest) -> None:
    """100 Continue a thousand at a time, as fast as the socket takes them."""
    end = time.monotonic() + DEADLINE + 2
    while time.monotonic() < end and q.send(b"HTTP/1.1 100 Continue\r\n\r\n" * 1000):
        pass


def endless_chunks(q: RawRequest) -> None:
    """A chunked body sent as fast as the socket takes it, for up to 10 s."""
    q.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"<p>" + b"x" * 65530 + b"</p>"
    end = time.monotonic() + 10
    while time.monotonic() < end and q.send(b"%x\r\n%s\r\n" % (len(chunk), chunk)):
        pass


def endless_headers(q: RawRequest) -> None:
    q.send(b"HTTP/1.1 200 OK\r\n")
    end, n = time.monotonic() + 10, 0
    while time.monotonic() < end and q.send(b"".join(b"X-%d: v\r\n" % (n + i)
                                                     for i in range(1000))):
        n += 1000


def endless_header_line(q: RawRequest) -> None:
    q.send(b"HTTP/1.1 200 OK\r\nX-Long: ")
    end = time.monotonic() + 10
    while time.monotonic() < end and q.send(b"a" * 65536):
        pass


def ok(q: RawRequest) -> bool:
    return q.answer(200, PAGE)


def redirect(status: int, location: str):
    return lambda q: q.answer(status, b"", {"Location": location}, reason="Found")


def raw_location(location: bytes):
    return send(b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n",
                keep=True)


def head_refused_get_ok(q: RawRequest) -> bool:
    if q.method == "HEAD":
        return q.answer(405, b"", reason="Method Not Allowed")
    return q.answer(200, b"%PDF-1.4 ...", content_type="application/pdf")


def get_refused_head_ok(q: RawRequest) -> bool:
    if q.method == "HEAD":
        return q.answer(200, b"")
    return q.answer(405, b"<title>Method Not Allowed</title>", reason="Method Not Allowed")


def head_stalls(q: RawRequest) -> bool:
    """A file server that never answers HEAD (and serves GET at once)."""
    if q.method == "HEAD":
        time.sleep(DEADLINE + 2)
        return False
    return q.answer(200, b"%PDF-1.4 ...", content_type="application/pdf")


def robots_refused(q: RawRequest) -> bool:
    """403 to citecheck's User-Agent only."""
    if "citecheck" in q.headers.get("user-agent", "").lower():
        return q.answer(403, b"<title>Forbidden</title>", reason="Forbidden")
    return q.answer(200, PAGE)


def cookie_storm(q: RawRequest) -> bool:
    """60 cookies on the first hop, then the one the article checks on the next."""
    path = q.path.split("?")[0]
    if path == "/storm":
        storm = "".join(f"Set-Cookie: junk{i}={'v' * 50}; Path=/\r\n" for i in range(60))
        return q.send(b"HTTP/1.1 302 Found\r\nLocation: /storm/check\r\n" + storm.encode()
                      + b"Content-Length: 0\r\n\r\n")
    if path == "/storm/check":
        return q.send(b"HTTP/1.1 302 Found\r\nLocation: /storm/article\r\n"
                      b"Set-Cookie: passed=1; Path=/\r\nContent-Length: 0\r\n\r\n")
    if "passed=1" in q.headers.get("cookie", ""):
        return q.answer(200, PAGE)
    return q.answer(302, b"", {"Location": "/storm/check"})


def head_with_body(q: RawRequest) -> bool:
    """HEAD answered with the body too (it then poisons the kept-alive connection)."""
    return q.send(OK_HEAD + PAGE)


def with_length(head: bytes, body: bytes = PAGE) -> bytes:
    return head % len(body) + body


ROUTES = {
    "/ok": ok,
    "/ok%20page%20here": ok,
    "/ok%01%7F": ok,
    "/trickle-headers": trickle_headers,
    "/close-mid-headers": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/ht", then=0.05),
    "/http09": send(b"<html><head><title>Old server</title></head><body>Hello</body></html>\n"),
    "/noise": send(bytes(range(256)) * 8),
    "/status-no-code": send(b"HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n"),
    "/status-600": lambda q: q.answer(600, PAGE, reason="Weird"),
    "/informational-first": informational_first,
    "/length-smaller": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                            b"Content-Length: 100\r\n\r\n" + PAGE, keep=True),
    "/two-lengths": send(with_length(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                     b"Content-Length: %d\r\nContent-Length: 5\r\n\r\n"), keep=True),
    "/chunked-and-length": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10"
                                b"\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n"
                                % (len(PAGE), PAGE), keep=True),
    "/negative-length": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: -5\r\n\r\n" + PAGE),
    "/endless-chunks": endless_chunks,
    "/zstd": lambda q: q.answer(200, b"\x28\xb5\x2f\xfd" + b"x" * 20, {"Content-Encoding": "zstd"}),
    "/unknown-coding": lambda q: q.answer(200, PAGE, {"Content-Encoding": "x-funky"}),
    "/header-100k": lambda q: q.answer(200, PAGE, {"X-Big": "a" * 100_000}),
    "/headers-500": lambda q: q.answer(200, PAGE, {f"X-H{i}": "v" for i in range(500)}),
    "/endless-headers": endless_headers,
    "/endless-header-line": endless_header_line,
    "/location-spaces": redirect(302, "/ok page here"),
    "/location-control": raw_location(b"/ok\x01\x7f"),
    "/location-fragment": redirect(302, "#top"),
    "/location-backslash": raw_location(b"\\ok"),
    "/two-locations": send(b"HTTP/1.1 302 Found\r\nLocation: /ok\r\nLocation: /elsewhere\r\n"
                           b"Content-Length: 0\r\n\r\n", keep=True),
    "/head-stalls.pdf": head_stalls,
    "/a/b/c": redirect(302, "../b/c"),
    "/location-bad-port": redirect(302, "http://127.0.0.1:99999/x"),
    "/not-modified": lambda q: q.answer(304, b"", reason="Not Modified"),
    "/octet-stream": lambda q: q.answer(200, PAGE, content_type="application/octet-stream"),
    "/head-refused.pdf": head_refused_get_ok,
    "/get-refused": get_refused_head_ok,
    "/method-refused": lambda q: q.answer(405, b"<title>Method Not Allowed</title>"),
    "/legal": lambda q: q.answer(451, b"<title>Unavailable For Legal Reasons</title>"),
    "/robots-refused": robots_refused,
    "/maintenance-date": lambda q: q.answer(503, b"<title>Down</title>", {
        "Retry-After": email.utils.formatdate(time.time() + 30 * 86400, usegmt=True)}),
    "/login": lambda q: q.answer(401, b"", {"WWW-Authenticate": 'Basic realm="staff"'}),
    "/http10-close": send(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE, then=0.05),
    "/http11-close": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close"
                          b"\r\n\r\n" + PAGE, then=0.05),
    "/self-refresh": lambda q: q.answer(
        200, b'<html><head><meta http-equiv="refresh" content="0"><title>Grain procurement'
             b'</title></head><body>' + PAGE[60:] + b"</body></html>"),
    "/storm": cookie_storm, "/storm/check": cookie_storm, "/storm/article": cookie_storm,
    "/reset": lambda q: q.reset(),
    "/switching-protocols": send(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                 b"Connection: Upgrade\r\n\r\n", then=0.3),
    "/processing-forever": processing_forever,
    "/continue-flood": continue_flood,
    "/long-reason": send(with_length(b"HTTP/1.1 200 " + b"O" * 100_000 + b"\r\nContent-Type: "
                                     b"text/html\r\nContent-Length: %d\r\n\r\n"), keep=True),
    "/trailers": send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked"
                      b"\r\nTrailer: X-Digest\r\n\r\n%x;name=value\r\n%s\r\n0\r\nX-Digest: 1"
                      b"\r\n\r\n" % (len(PAGE), PAGE), keep=True),
    "/head-with-body.pdf": head_with_body,
    "/tls-alert": send(b"\x15\x03\x01\x00\x02\x02\x46"),
}


@pytest.fixture(scope="module")
def raw() -> Iterator[RawServer]:
    with serve_raw(ROUTES) as srv:
        yield srv


@pytest.mark.parametrize(
    ("path", "status", "evidence"),
    [
        # headers one byte every 0.2 s: no read timeout fires; the deadline does
        ("/trickle-headers", "timeout", "waiting for the headers"),
        # a hang-up in the middle of the headers: said so (was aiohttp's RawResponseMessage)
        ("/close-mid-headers", "connection-error", "in the middle of its answer's headers"),
        # no HTTP at all: an HTTP/0.9-style body, binary noise, a status line without a code
        ("/http09", "connection-error", "not valid HTTP"),
        ("/noise", "connection-error", "not valid HTTP"),
        ("/status-no-code", "connection-error", "not valid HTTP"),
        # a status HTTP does not define: no "after retries" (it was not retried)
        ("/status-600", "server-error", "not a status HTTP defines"),
        # 100 and 103 before the answer; 102 for ever; an unasked-for 101 (was 'ok')
        ("/informational-first", "ok", "HTTP 200"),
        ("/processing-forever", "timeout", "deadline"),
        ("/switching-protocols", "connection-error", "HTTP 101 to websocket"),
        ("/continue-flood", "timeout", "deadline"),
        # a 100 KB reason phrase (was a connection-error); chunk extensions and trailers
        ("/long-reason", "ok", "second, lenient parser"),
        ("/trailers", "ok", "HTTP 200"),
        # bodies that disagree with their framing: read by the second parser (were
        # connection-errors), or refused by both (two Content-Lengths, a negative one)
        ("/length-smaller", "ok", "second, lenient parser"),
        ("/chunked-and-length", "ok", "second, lenient parser"),
        ("/two-lengths", "connection-error", "Content-Length"),
        ("/negative-length", "connection-error", "Content-Length"),
        # an endless fast body: read up to the cap
        ("/endless-chunks", "ok", "cap"),
        # codings: not asked for, or unknown
        ("/zstd", "ok", "zstd"),
        ("/unknown-coding", "ok", "unknown Content-Encoding: x-funky"),
        # headers browsers read and aiohttp's limits refuse (were connection-errors)
        ("/header-100k", "ok", "second, lenient parser"),
        ("/headers-500", "ok", "second, lenient parser"),
        # endless headers: both parsers stop at their bound, at once
        ("/endless-headers", "connection-error", "not valid HTTP"),
        ("/endless-header-line", "connection-error", "not valid HTTP"),
        # Locations: spaces and control characters encoded as browsers do (control
        # characters were 'ok, without a usable Location'), a fragment only or ../ to itself
        # loops, a port out of range is no address (was 'invalid', the cited URL's status)
        ("/location-spaces", "ok", "/ok%20page%20here"),
        ("/location-control", "ok", "/ok%01%7F"),
        ("/location-fragment", "too-many-redirects", "a loop"),
        # a backslash is a slash in an http(s) path, as browsers read it (was a 404: dead)
        ("/location-backslash", "ok", "-> http://127.0.0.1"),
        # two Locations: the first (joined with ", " they named a URL that 404s: dead)
        ("/two-locations", "ok", "/ok"),
        ("/a/b/c", "too-many-redirects", "a loop"),
        ("/location-bad-port", "unchecked", "unusable address"),
        # 304 to a GET that set no condition (was 'without a usable Location')
        ("/not-modified", "ok", "Not Modified"),
        # an article sent as application/octet-stream: the answer stands, no page rules
        ("/octet-stream", "ok", "HTTP 200"),
        # 405 to HEAD, 200 to GET; 405 to GET, 200 to HEAD (was 'dead'); 405 to both
        ("/head-refused.pdf", "ok", "HEAD refused"),
        # HEAD never answered: it may take a third of the deadline, GET the rest (was a
        # timeout: HEAD took the whole deadline)
        ("/head-stalls.pdf", "ok", "HEAD failed"),
        ("/get-refused", "ok", "HEAD answered 200"),
        ("/method-refused", "forbidden", "405 Method Not Allowed"),
        # 451 is a refusal where citecheck runs, not rot (was 'dead')
        ("/legal", "forbidden", "451"),
        # 403 to citecheck's User-Agent only
        ("/robots-refused", "forbidden", "HTTP 403"),
        # Retry-After as an HTTP date a month ahead: not waited for, said so
        ("/maintenance-date", "server-error", "longer than a check waits"),
        ("/login", "forbidden", 'asks for a login: Basic realm="staff"'),
        # answers ended by closing the connection
        ("/http10-close", "ok", "HTTP 200"),
        ("/http11-close", "ok", "HTTP 200"),
        # a page that refreshes itself: the page is there
        ("/self-refresh", "ok", "HTTP 200"),
        # a cookie storm, then a checked cookie (was too-many-redirects)
        ("/storm", "ok", "/storm/article"),
        # a reset right after the request
        ("/reset", "connection-error", "without answering"),
        # HEAD answered with a body: the GET decides
        ("/head-with-body.pdf", "ok", "HTTP 200"),
        # a TLS alert on an http:// port
        ("/tls-alert", "connection-error", "answers in TLS"),
    ],
)
async def test_hostile_answer(raw: RawServer, tmp_path: Path, path: str, status: str,
                              evidence: str) -> None:
    got, elapsed = await check(f"http://127.0.0.1:{raw.port}{path}", settings_for(tmp_path))
    assert got.status == status, got
    assert evidence in got.evidence, got.evidence
    assert elapsed < DEADLINE + SLACK, elapsed


async def test_endless_answers_end_at_once_in_bounded_memory(raw: RawServer,
                                                            tmp_path: Path) -> None:
    """Ten endless bodies, header blocks and header lines at once: every check ends within
    the deadline, and the process grows by less than 64 MB (each is cut at its bound)."""
    base = f"http://127.0.0.1:{raw.port}"
    urls = [f"{base}/{kind}?{i}" for kind in ("endless-chunks", "endless-headers",
                                              "endless-header-line") for i in range(10)]
    settings = settings_for(tmp_path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    async with asyncio.timeout(TEST_TIMEOUT):
        async with HttpLayer(settings) as http:
            started = time.monotonic()
            checks, _ = await check_links(urls, http, settings, probe=up, record=False)
            elapsed = time.monotonic() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [c.status for c in checks] == ["ok"] * 10 + ["connection-error"] * 20
    assert elapsed < DEADLINE + SLACK and grown < 64, (elapsed, grown)


async def test_a_server_that_never_accepts_is_a_timeout(tmp_path: Path) -> None:
    """The kernel completes the handshake (a listen backlog), nobody ever accepts."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        got, elapsed = await check(f"http://127.0.0.1:{listener.getsockname()[1]}/x",
                                   settings_for(tmp_path))
    assert got.status == "timeout" and "deadline" in got.evidence, got
    assert elapsed < DEADLINE + SLACK


async def test_a_port_whose_accept_queue_is_full_is_a_timeout(tmp_path: Path) -> None:
    """Backlog 0, filled by other connections: the kernel drops the SYNs, connect never
    completes (a firewall that drops, met on 127.0.0.1)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            fillers.append(filler)
        try:
            got, elapsed = await check(f"http://127.0.0.1:{port}/x", settings_for(tmp_path))
        finally:
            for filler in fillers:
                filler.close()
    assert got.status == "timeout" and "deadline" in got.evidence, got
    assert elapsed < DEADLINE + SLACK


@pytest.mark.parametrize("scheme", ["http", "https"])  # https: a TLS handshake never begun
async def test_a_server_that_accepts_and_never_reads_is_a_timeout(tmp_path: Path,
                                                                  scheme: str) -> None:
    def never_read(conn: socket.socket) -> bool:
        time.sleep(DEADLINE + 2)
        return False

    with serve_raw({}, on_accept=never_read) as srv:
        got, elapsed = await check(f"{scheme}://127.0.0.1:{srv.port}/x", settings_for(tmp_path))
    assert got.status == "timeout", got
    assert elapsed < DEADLINE + SLACK


async def test_http_to_a_tls_port_is_a_connection_error_not_rot(tmp_path: Path) -> None:
    """http:// to a port that speaks TLS: the TLS server hangs up on the plain request."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with serve({"/ok": lambda h: h.reply(200, PAGE)}, tls=context) as srv:
        got, elapsed = await check(f"http://127.0.0.1:{srv.port}/ok", settings_for(tmp_path))
    assert got.status == "connection-error", got
    assert elapsed < DEADLINE + SLACK


async def test_a_redirect_to_an_ipv6_literal_is_followed(tmp_path: Path) -> None:
    """No socket: a mock transport answers for [::1] (the trial keeps to 127.0.0.1)."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "site.test" and request.url.path == "/cited":
            return httpx.Response(302, headers={"Location": "http://[::1]:8080/paper"})
        if request.url.host == "::1" and request.url.path == "/paper":
            return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})
        return httpx.Response(404, text="no")

    got, _ = await check("http://site.test/cited", settings_for(tmp_path),
                         transport=httpx.MockTransport(handler))
    assert got.status == "ok" and got.final_url == "http://[::1]:8080/paper", got
    assert "http://[::1]:8080/paper" in seen


async def test_the_second_parser_is_used_once_per_request(raw: RawServer, tmp_path: Path) -> None:
    """An answer neither parser reads is not retried: one request each, then the verdict."""
    raw.hits.clear()
    got, _ = await check(f"http://127.0.0.1:{raw.port}/two-lengths", settings_for(tmp_path))
    assert got.status == "connection-error"
    assert raw.hits[("GET", "/two-lengths")] == 2  # aiohttp, then h11; no retries after


async def test_a_retry_queued_past_the_deadline_keeps_what_the_last_try_met(
        tmp_path: Path) -> None:
    """An archive API refused on a closed port: its retry waits for the service's pace (one
    request a second) and the deadline runs out before it is sent. What happened is the
    refusal, not a timeout (the archive's reason said 'no complete answer within ...')."""
    settings = settings_for(tmp_path, deadline=0.6, rate_limits={"cdx": 1.0})
    async with asyncio.timeout(TEST_TIMEOUT):
        async with HttpLayer(settings) as http:
            started = time.monotonic()
            with pytest.raises(errors.ConnectError) as raised:
                await http.fetch(f"http://127.0.0.1:{closed_port()}/cdx", service="cdx")
            elapsed = time.monotonic() - started
    assert not isinstance(raised.value, errors.TimeoutError_)
    assert "connect" in str(raised.value).lower() and elapsed < 0.6 + SLACK
