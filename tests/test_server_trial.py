"""Behaviours of real web servers the other link tests do not show, each on 127.0.0.1.

A trial of the link checker against servers it had not met: HEAD that lies,
Retry-After in every form, redirects with odd Locations, forwarding pages,
bodies that end early or are mislabelled, oversized headers, TLS that is not
TLS or not trusted, and "not found" pages in other languages or only in the
body. Every check runs with deadlines of a few seconds; each case states what
the checker must say. Cases already right elsewhere are not repeated here.
"""

from __future__ import annotations

import datetime
import email.utils
import gzip
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from loopback import Handler, LoopbackServer, closed_port, serve

from citecheck.config import Settings
from citecheck.links import check_links
from citecheck.net import HttpLayer, Response
from citecheck.pages import classify

PAGE = (b"<html><head><title>Grain procurement in 1928</title></head><body>"
        + b"<p>The text of the article, long enough to be an article.</p>" * 20 + b"</body></html>")
HOME = b"<html><head><title>Welcome</title></head><body>Our home page.</body></html>"


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    base: dict[str, object] = dict(
        cache_dir=tmp_path / "cache", connect_timeout=1.0, read_timeout=1.0, deadline=3.0,
        retries=2, backoff_base=0.01, max_redirects=8, catalogues=[],
        cdx_url=f"http://127.0.0.1:{closed_port()}/cdx",
    )
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


async def up() -> bool:
    return True


async def check(url: str, settings: Settings, transport: httpx.AsyncBaseTransport | None = None):
    async with HttpLayer(settings, transport=transport) as http:
        started = time.monotonic()
        checks, _ = await check_links([url], http, settings, probe=up, record=False)
        elapsed = time.monotonic() - started
    assert elapsed < settings.deadline + 1.5, elapsed  # every case ends within its deadline
    return checks[0]


# --------------------------------------------------------------------------- routes


def raw(data: bytes, rest: bytes = b"", pause: float = 0.2) -> object:
    """A route that writes *data*, then *rest* after a pause, as the whole answer and hangs
    up (malformed HTTP); the pause lets the client see the first part on its own."""

    def route(h: Handler) -> None:
        h.wfile.write(data)
        h.wfile.flush()
        if rest:
            time.sleep(pause)
            h.wfile.write(rest)
            h.wfile.flush()
        time.sleep(pause)  # then the connection closes: the body ends early
        h.close_connection = True

    return route


def head_then_get(head: int, head_type: str, get: int, body: bytes, get_type: str) -> object:
    def route(h: Handler) -> None:
        if h.command == "HEAD":
            h.reply(head, b"", content_type=head_type)
        else:
            h.reply(get, body, content_type=get_type)

    return route


def first_then(n: int, first: object, then: object) -> object:
    def route(h: Handler) -> None:
        (first if h.hits() <= n else then)(h)  # type: ignore[operator]

    return route


def header_redirect(status: int, location: bytes) -> object:
    """A redirect whose Location is sent as raw bytes (UTF-8 on the wire, as servers do)."""

    def route(h: Handler) -> None:
        h.send_response(status)
        h.send_header("Location", location.decode("latin-1"))  # http.server writes latin-1
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def cookie_wall(h: Handler) -> None:
    """A publisher's landing page: without its cookie it bounces through a setter."""
    if "seen=1" in (h.headers.get("Cookie") or ""):
        h.reply(200, PAGE)
    else:
        h.reply(302, b"", {"Location": "/set-cookie", "Set-Cookie": "seen=1; Path=/"})


def latin1(title: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body>x</body></html>".encode("latin-1")


def damaged_gzip() -> bytes:
    """A gzip stream of a short "not found" page, damaged after its header."""
    packed = gzip.compress(b"<html><title>Example Press</title><p>Sorry, we couldn't find that "
                           b"page.</p>" + b"<!-- padding -->" * 40 + b"</html>", mtime=0)
    return packed[:20] + b"\xff" * 20 + packed[40:]


ROUTES = {
    "/": lambda h: h.reply(200, HOME),
    "/ok": lambda h: h.reply(200, PAGE),
    "/caf%C3%A9": lambda h: h.reply(200, PAGE),
    # HEAD
    "/head-404.pdf": head_then_get(404, "text/html", 200, b"%PDF-1.4", "application/pdf"),
    "/head-html.pdf": head_then_get(200, "text/html", 200,
                                    b"<html><title>Document not found</title></html>", "text/html"),
    "/head-html-get-404.pdf": head_then_get(200, "text/html; charset=utf-8", 404, b"gone",
                                            "text/html"),
    # Retry-After
    "/retry-date": first_then(1, lambda h: h.reply(429, b"wait", {
        "Retry-After": email.utils.formatdate(time.time() + 1, usegmt=True)}),
        lambda h: h.reply(200, PAGE)),
    "/retry-garbage": first_then(1, lambda h: h.reply(503, b"x", {"Retry-After": "later, maybe"}),
                                 lambda h: h.reply(200, PAGE)),
    "/retry-huge": lambda h: h.reply(429, b"no", {"Retry-After": "9" * 40}),
    "/maintenance": lambda h: h.reply(503, b"<title>Down for maintenance</title>",
                                      {"Retry-After": "3600"}),
    # redirects
    "/dir/relative": lambda h: h.redirect(302, "../ok"),
    "/utf8-location": header_redirect(302, "/caf\u00e9".encode()),
    "/doi/10.1000/x": lambda h: h.redirect(302, "/landing"),
    "/landing": lambda h: h.redirect(301, "/article/1"),
    "/article/1": cookie_wall,
    "/set-cookie": lambda h: h.reply(302, b"", {"Location": "/article/1",
                                                "Set-Cookie": "seen=1; Path=/"}),
    # forwarding pages
    "/meta-home": lambda h: h.reply(
        200, b'<html><head><meta http-equiv="refresh" content="0; url=/"></head></html>'),
    "/meta-home-quoted": lambda h: h.reply(
        200, b"<html><head><META HTTP-EQUIV='Refresh' CONTENT=\"2;URL='/'\"></head>"
             b"<body>Redirecting...</body></html>"),
    "/js-home": lambda h: h.reply(
        200, b'<html><head><script>window.location.replace("/")</script></head></html>'),
    "/refresh-header": lambda h: h.reply(200, b"<html><body>Moved</body></html>",
                                         {"Refresh": "0; url=/"}),
    "/meta-error": lambda h: h.reply(
        200, b'<html><head><meta http-equiv="refresh" content="0;url=/errors/notfound.html">'
             b'</head></html>'),
    "/meta-elsewhere": lambda h: h.reply(
        200, b'<html><head><meta http-equiv="refresh" content="0; url=/ok"></head></html>'),
    "/index.html": lambda h: h.redirect(301, "/"),
    "/menu": lambda h: h.reply(200, PAGE.replace(
        b"</body>", b'<button onclick="window.location.href=\'/\'">Home</button></body>')),
    # bodies
    "/short-length": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9000"
                         b"\r\n\r\n" + PAGE[:400]),
    "/closed-mid-chunk": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n400\r\n" + PAGE[:300]),
    "/bad-chunk-at-once": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                              b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
    "/gzip-label-plain": lambda h: h.reply(200, PAGE, {"Content-Encoding": "gzip"}),
    "/br": lambda h: h.reply(200, b"\x1b\x03\x00\xf8\xa5\x40\x02\x00", {"Content-Encoding": "br"}),
    "/cut-sorry": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9000"
                      b"\r\n\r\n<title>Example Press</title><p>Sorry, we couldn't find that page."),
    "/cut-script": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9000"
                       b"\r\n\r\n<html><head><script>location.replace('/error/')</script>"),
    "/gzip-damaged": lambda h: h.reply(200, damaged_gzip(), {"Content-Encoding": "gzip"}),
    "/gzip-damaged-late": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: "
                              b"gzip\r\nContent-Length: %d\r\n\r\n" % len(damaged_gzip())
                              + damaged_gzip()[:10], damaged_gzip()[10:]),
    "/http10": raw(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE),
    "/empty": lambda h: h.reply(200, b""),
    "/no-content": lambda h: (h.send_response(204), h.end_headers()),
    "/latin1-as-utf8": lambda h: h.reply(200, latin1("Página no encontrada")),
    "/latin1-meta": lambda h: h.reply(
        200, b'<html><head><meta charset="iso-8859-1">' + latin1("Página no encontrada")[12:],
        content_type="text/html"),
    # headers browsers accept and aiohttp's defaults refuse
    "/big-header": lambda h: h.reply(200, PAGE, {"Content-Security-Policy": "a" * 20000}),
    "/big-cookie": lambda h: h.reply(200, PAGE, {"Set-Cookie": "s=" + "b" * 12000}),
    "/many-headers": lambda h: h.reply(200, PAGE, {f"X-Trace-{i}": "v" for i in range(150)}),
    # not found in the body only
    "/body-not-found": lambda h: h.reply(
        200, b"<html><head><title>Example Press</title></head><body><h2>Sorry, the page you "
             b"requested could not be found.</h2><a href=/>Home</a></body></html>"),
    "/body-sorry": lambda h: h.reply(
        200, b"<html><head><title>Example Press</title></head><body><nav>Home | Books | About"
             b"</nav><p>Sorry, we couldn't find that page.</p></body></html>"),
    "/about-404": lambda h: h.reply(
        200, b"<html><head><title>On error pages</title></head><body><h1>Why 404 pages matter"
             b"</h1>" + b"<p>A 404 Not Found page tells the reader a page could not be found."
             b"</p>" * 6 + b"</body></html>"),
    "/user-only": lambda h: h.reply(200, PAGE) if h.headers.get("Authorization")
    else h.reply(401, b"who are you"),
}


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with serve(ROUTES) as srv:
        yield srv


def url(server: LoopbackServer, path: str) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


# --------------------------------------------------------------------------- the trial


@pytest.mark.parametrize(
    ("path", "status", "evidence"),
    [
        # HEAD answered 404 for a file GET serves: GET decides (only 405 was shown before)
        ("/head-404.pdf", "ok", "HEAD answered 404"),
        # HEAD 200 with an HTML page for a file: the page decides, not HEAD
        ("/head-html.pdf", "soft-404", "Document not found"),
        ("/head-html-get-404.pdf", "dead", "404"),
        # Retry-After as an HTTP-date and as garbage: waited / backed off, then the page
        ("/retry-date", "ok", "HTTP 200"),
        ("/retry-garbage", "ok", "HTTP 200"),
        # a wait longer than a check may take: said so, not "after retries"
        ("/retry-huge", "rate-limited", "longer than a check waits"),
        ("/maintenance", "server-error", "Retry-After: 3600"),
        # redirects
        ("/dir/relative", "ok", "/ok"),
        ("/utf8-location", "ok", "caf%C3%A9"),
        ("/doi/10.1000/x", "ok", "/article/1"),
        # forwarding pages
        # a forward to the home page alone is a note (the probe here answers 404)
        ("/meta-home", "ok", "home page"),
        ("/meta-home-quoted", "ok", "forwards"),
        ("/js-home", "ok", "forwards"),
        ("/refresh-header", "ok", "forwards"),
        ("/meta-error", "soft-404", "error page"),
        ("/meta-elsewhere", "ok", "forwards"),
        ("/index.html", "redirected", "moved permanently"),
        ("/menu", "ok", "HTTP 200"),
        # bodies: the status line is the answer, the body's fault is evidence
        ("/short-length", "ok", "cut short"),
        ("/closed-mid-chunk", "ok", "cut short"),
        # the short-page and script rules judge only a whole body
        ("/cut-sorry", "ok", "cut short"),
        ("/cut-script", "ok", "cut short"),
        # a broken body in the same packet as the headers: aiohttp's parser refuses the whole
        # answer; the second parser (h11) reads the status, and the body's fault is evidence
        ("/bad-chunk-at-once", "ok", "body could not be read"),
        ("/gzip-label-plain", "ok", "not gzip"),
        # a damaged gzip stream is a broken body, not plain bytes, and no page rules judge it
        ("/gzip-damaged", "ok", "gzip body is corrupt"),
        ("/gzip-damaged-late", "ok", "gzip body is corrupt"),
        ("/br", "ok", "br"),
        ("/http10", "ok", "HTTP 200"),
        ("/empty", "ok", "HTTP 200"),
        ("/no-content", "ok", "HTTP 204"),
        ("/latin1-as-utf8", "soft-404", "Página no encontrada"),
        ("/latin1-meta", "soft-404", "Página no encontrada"),
        ("/big-header", "ok", "HTTP 200"),
        ("/big-cookie", "ok", "HTTP 200"),
        ("/many-headers", "ok", "HTTP 200"),
        # "not found" only in a short page's body; a page about 404s stays ok
        ("/body-not-found", "soft-404", "could not be found"),
        ("/body-sorry", "soft-404", "couldn't find"),
        ("/about-404", "ok", "HTTP 200"),
    ],
)
async def test_server_behaviour(server: LoopbackServer, tmp_path: Path, path: str, status: str,
                                evidence: str) -> None:
    got = await check(url(server, path), settings_for(tmp_path))
    assert got.status == status, got
    assert evidence in got.evidence, got.evidence


async def test_credentials_in_a_cited_url_are_sent_to_its_own_host(server: LoopbackServer,
                                                                    tmp_path: Path) -> None:
    got = await check(f"http://editor:s3cret@127.0.0.1:{server.port}/user-only",
                      settings_for(tmp_path))
    assert got.status == "ok", got


async def test_an_upgrade_to_a_closed_https_port_names_where_it_failed(
        server: LoopbackServer, tmp_path: Path) -> None:
    port = closed_port()
    with serve({"/paper": lambda h: h.redirect(301, f"https://127.0.0.1:{port}/paper")}) as srv:
        got = await check(f"http://127.0.0.1:{srv.port}/paper", settings_for(tmp_path))
    assert got.status == "connection-error", got
    assert f"https://127.0.0.1:{port}/paper" in got.evidence and "301" in got.evidence


async def test_a_failed_hop_keeps_the_chain_it_followed(tmp_path: Path) -> None:
    with serve({"/a": lambda h: h.redirect(302, "/b"),
                "/b": lambda h: h.redirect(301, f"http://127.0.0.1:{closed_port()}/c")}) as srv:
        got = await check(f"http://127.0.0.1:{srv.port}/a", settings_for(tmp_path))
    assert got.status == "connection-error"
    assert got.redirects == [f"http://127.0.0.1:{srv.port}/a", f"http://127.0.0.1:{srv.port}/b"]
    assert got.final_url is not None and got.final_url.endswith("/c")


# --------------------------------------------------------------------------- TLS


def self_signed(tmp_path: Path, *, days: int = 30, expired: bool = False) -> ssl.SSLContext:
    """A server context with a certificate signed by its own key (made with cryptography)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    start = now - datetime.timedelta(days=2 * days) if expired else now - datetime.timedelta(1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert_file, key_file)
    return ctx


async def test_a_self_signed_certificate_is_a_certificate_problem_not_rot(
        tmp_path: Path) -> None:
    with serve({"/ok": lambda h: h.reply(200, PAGE)}, tls=self_signed(tmp_path)) as srv:
        got = await check(f"https://127.0.0.1:{srv.port}/ok", settings_for(tmp_path))
    assert got.status == "tls-error", got
    assert "certificate" in got.evidence and "self-signed" in got.evidence, got.evidence
    assert "not rot" in got.evidence


@pytest.mark.parametrize(("issue", "says"), [
    ({"not_before": datetime.datetime(2020, 1, 1), "not_after": datetime.datetime(2020, 2, 1)},
     "expired"),
    ({"identity": "other.example"}, "mismatch"),
])
async def test_a_certificate_from_a_trusted_authority_says_what_is_wrong(
        tmp_path: Path, issue: dict, says: str) -> None:
    ca = trustme.CA()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    identity = issue.pop("identity", "127.0.0.1")
    ca.issue_cert(identity, **issue).configure_cert(server_ctx)
    client_ctx = ssl.create_default_context()
    ca.configure_trust(client_ctx)
    with serve({"/ok": lambda h: h.reply(200, PAGE)}, tls=server_ctx) as srv:
        got = await check(f"https://127.0.0.1:{srv.port}/ok", settings_for(tmp_path),
                          transport=httpx.AsyncHTTPTransport(verify=client_ctx))
    assert got.status == "tls-error" and says in got.evidence.lower(), got.evidence


async def test_https_to_a_server_speaking_plain_http_says_so(server: LoopbackServer,
                                                             tmp_path: Path) -> None:
    got = await check(f"https://127.0.0.1:{server.port}/ok", settings_for(tmp_path))
    assert got.status == "tls-error", got
    assert "does not speak TLS" in got.evidence, got.evidence


# --------------------------------------------------------------------------- pure parts


@pytest.mark.parametrize("title", [
    "Oups ! Cette page est introuvable",
    "La page demandée n'existe pas",
    "La página que buscas no existe",
    "Error 404: no se encontró la página",
    "404エラー",
    "Ошибка 404",
    "Страница не существует",
    "Die Seite existiert nicht mehr",
    "Sorry, the page you are looking for can't be found",
    "Page 404 | Example Press",
])
def test_not_found_titles_in_other_wordings(title: str) -> None:
    body = f"<html><head><title>{title}</title></head><body>x</body></html>".encode()
    resp = Response(url="http://example.org/a/b", status=200,
                    headers={"content-type": "text/html; charset=utf-8"}, content=body,
                    truncated=False)
    assert classify("http://example.org/a/b", resp).status == "soft-404", title


@pytest.mark.parametrize("title", [
    "Why 404 pages matter", "404 errors explained for librarians",
    "Designing the 404 page: a history", "Room 404 - a novel",
])
def test_titles_about_404_pages_stay_ok(title: str) -> None:
    body = f"<html><head><title>x</title></head><body><h1>{title}</h1>".encode() + PAGE
    resp = Response(url="http://example.org/a/b", status=200,
                    headers={"content-type": "text/html; charset=utf-8"}, content=body,
                    truncated=False)
    assert classify("http://example.org/a/b", resp).status == "ok", title


@pytest.mark.parametrize(("content", "ctype", "cut", "text"), [
    ("Café".encode("latin-1"), "text/html; charset=utf-8", False, "Café"),  # mislabelled
    ('<meta charset="windows-1251">Привет'.encode("cp1251"), "text/html", False,
     '<meta charset="windows-1251">Привет'),
    ("Привет".encode(), "text/html; charset=utf-8", False, "Привет"),
    ("Caf\u00e9".encode()[:-1], "text/html; charset=utf-8", True, "Caf"),  # cut mid-character
    ("\ufeffBOM".encode(), "text/html; charset=iso-8859-1", False, "BOM"),
])
def test_response_text_survives_a_wrong_or_missing_charset(content: bytes, ctype: str, cut: bool,
                                                           text: str) -> None:
    resp = Response(url="http://a.test/", status=200, headers={"content-type": ctype},
                    content=content, truncated=cut)
    assert resp.text == text


HOME_FORWARD = b'<html><head><meta http-equiv="refresh" content="0; url=/"></head></html>'


@pytest.mark.parametrize("fallback", [
    lambda h: h.reply(200, HOME_FORWARD),  # every missing path forwards home too
    lambda h: h.redirect(302, "/"),  # every missing path is redirected home
], ids=["forwards", "redirects"])
async def test_a_forward_home_is_a_soft_404_when_the_site_does_that_for_missing_paths(
        tmp_path: Path, fallback: object) -> None:
    routes = {"/": lambda h: h.reply(200, HOME), "/old/page": lambda h: h.reply(200, HOME_FORWARD)}
    with serve(routes, fallback=fallback) as srv:  # type: ignore[arg-type]
        got = await check(f"http://127.0.0.1:{srv.port}/old/page", settings_for(tmp_path))
    assert got.status == "soft-404", got
    assert "cannot exist" in got.evidence, got.evidence


def slow_then_cut(h: Handler) -> None:
    """200 with a body that trickles for ~0.9 s, then stops short of its Content-Length."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    try:
        for _ in range(9):
            h.wfile.write(b"<p>some text</p>")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass
    h.close_connection = True


async def test_a_retry_of_a_cut_body_that_runs_out_of_time_keeps_the_answer(
        tmp_path: Path) -> None:
    with serve({"/x": slow_then_cut}) as srv:
        got = await check(f"http://127.0.0.1:{srv.port}/x",
                          settings_for(tmp_path, deadline=2.5, retries=3, backoff_base=0.05))
    assert got.status == "ok", got
    assert "cut short" in got.evidence, got.evidence


@pytest.mark.parametrize(("content", "ctype", "text"), [
    # a UTF-8 page with one stray byte stays UTF-8 (the byte is replaced)
    ("<title>ページが見つかりません</title>".encode() + b"\xff", "text/html; charset=utf-8",
     "<title>ページが見つかりません</title>\ufffd"),
    ("Ошибка 404: страница".encode() + b"\xe9x", "text/html; charset=utf-8",
     "Ошибка 404: страница\ufffdx"),
    ("Ошибка".encode() + b"\xe9", "text/html", "Ошибка\ufffd"),  # undeclared, mostly UTF-8
    ('<meta charset="utf-16"><title>Page not found</title>'.encode(), "text/html",
     '<meta charset="utf-16"><title>Page not found</title>'),
], ids=["ja", "ru", "undeclared", "meta utf-16"])
def test_a_stray_byte_does_not_turn_a_page_into_windows_1252(content: bytes, ctype: str,
                                                              text: str) -> None:
    resp = Response(url="http://a.test/", status=200, headers={"content-type": ctype},
                    content=content, truncated=False)
    assert resp.text == text
