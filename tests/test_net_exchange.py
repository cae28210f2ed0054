"""net.py's own HTTP/1.1 exchange: pure helpers, and the same answers as httpx's transport.

The equivalence test fetches the same loopback routes through the direct
exchange and through httpx + httpcore + h11 (the path taken while a tool hooks
httpx's transport) and compares every field of the Response.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from unittest import mock

import httpx
import pytest

from citecheck.config import Settings
from citecheck.net import HttpLayer, header_dict, parse_head, request_head
from loopback import Handler, serve


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([b"HTTP/1.1 200 OK", b"Content-Type: text/html", b"X-A:  b  "],
         (b"HTTP/1.1", 200, [("content-type", "text/html"), ("x-a", "b")])),
        ([b"HTTP/1.0 404 Not Found"], (b"HTTP/1.0", 404, [])),
        ([b"HTTP/1.1 301", b"Location: /x"], (b"HTTP/1.1", 301, [("location", "/x")])),
        ([b"HTTP/1.1 200 OK", b"X-Folded: a", b"  b"], (b"HTTP/1.1", 200, [("x-folded", "a b")])),
        ([b"HTTP/1.1 200 OK", "X-Name: Łódź".encode()],
         (b"HTTP/1.1", 200, [("x-name", "Łódź")])),
    ],
)
def test_parse_head(lines: list[bytes], expected: tuple) -> None:
    assert parse_head(lines) == expected


@pytest.mark.parametrize("lines", [[b"garbage"], [b"HTTP/1.1 2000 OK"],
                                   [b"HTTP/1.1 200 OK", b"no colon"]])
def test_parse_head_refuses_malformed_heads(lines: list[bytes]) -> None:
    import httpcore

    with pytest.raises(httpcore.RemoteProtocolError):
        parse_head(lines)


def test_header_dict_joins_repeats_and_keeps_cookies_one_per_line() -> None:
    got = header_dict([("vary", "a"), ("set-cookie", "x=1; Expires=Wed, 21 Oct 2015"),
                       ("vary", "b"), ("set-cookie", "y=2")])
    assert got == {"vary": "a, b", "set-cookie": "x=1; Expires=Wed, 21 Oct 2015\ny=2"}


def test_request_head_has_host_first_and_refuses_header_injection() -> None:
    head = request_head("GET", httpx.URL("http://h.org:8080/p?q=1"), {"Accept": "*/*"})
    assert head == b"GET /p?q=1 HTTP/1.1\r\nHost: h.org:8080\r\nAccept: */*\r\n\r\n"
    with pytest.raises(httpx.LocalProtocolError):
        request_head("GET", httpx.URL("http://h.org/"), {"X": "a\r\nEvil: 1"})


def _chunked(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Transfer-Encoding", "chunked")
    h.send_header("Set-Cookie", "a=1; Path=/")
    h.send_header("Set-Cookie", "b=2")
    h.end_headers()
    if h.command == "HEAD":
        return
    for part in (b"<title>one</title>", b"two", b"three"):
        h.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
    h.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")


def _until_close(h: Handler) -> None:
    h.close_connection = True
    h.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nbody to the end")


def _gzip(h: Handler) -> None:
    h.reply(200, gzip.compress(b"<title>zipped</title>" * 50), {"Content-Encoding": "gzip"})


ROUTES = {
    "/ok": lambda h: h.reply(200, b"<title>ok</title>", {"Vary": "a", "X-Dup": "1"}),
    "/chunked": _chunked,
    "/close": _until_close,
    "/gzip": _gzip,
    "/empty": lambda h: h.reply(204),
    "/redirect": lambda h: h.redirect(302, "/ok"),
    "/big": lambda h: h.reply(200, b"x" * 300_000),
}


async def _fetch_all(tmp_path: Path, base: str) -> list[tuple]:
    settings = Settings(cache_dir=tmp_path, retries=0)
    out = []
    async with HttpLayer(settings) as http:
        for path in ROUTES:
            for method in ("GET", "HEAD"):
                r = await http.fetch(base + path, method=method, cache=False, max_bytes=100_000)
                out.append((path, method, r.url, r.status, r.headers_without_date(), r.content,
                            r.truncated, r.history))
    return out


async def test_direct_exchange_answers_as_httpx_transport(tmp_path: Path) -> None:
    from citecheck import net

    def without_date(self: net.Response) -> dict[str, str]:
        return {k: v for k, v in self.headers.items() if k != "date"}

    with mock.patch.object(net.Response, "headers_without_date", without_date, create=True), \
            serve(ROUTES) as srv:
        base = f"http://127.0.0.1:{srv.port}"
        direct = await _fetch_all(tmp_path / "a", base)

        async def hooked(self, request):  # type: ignore[no-untyped-def]
            return await net._HTTPX_HANDLE(self, request)

        with mock.patch.object(httpx.AsyncHTTPTransport, "handle_async_request", hooked):
            assert net.httpx_transport_hooked()
            via_httpx = await _fetch_all(tmp_path / "b", base)
    assert direct == via_httpx
    assert any(d[0] == "/chunked" and b"three" in d[5] for d in direct)
