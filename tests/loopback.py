"""A real HTTP(S) server on 127.0.0.1 for the network tests.

Each route is a small function of the request handler, so a test can show
one server behaviour (a redirect loop, a slow answer, a gzip bomb ...)
without touching the internet. Started in a daemon thread, stopped by the
fixture that started it.
"""

from __future__ import annotations

import functools
import http.server
import socket
import ssl
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Route = Callable[["Handler"], None]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LoopbackServer

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _dispatch(self) -> None:
        path = self.path.split("?")[0]
        self.server.hits[(self.command, path)] += 1
        route = self.server.routes.get(path) or self.server.fallback
        if route is None:
            self.reply(404, b"<html><title>404 Not Found</title></html>")
            return
        route(self)

    do_GET = do_HEAD = do_POST = _dispatch

    # -- helpers routes use

    def hits(self, method: str | None = None) -> int:
        path = self.path.split("?")[0]
        if method:
            return self.server.hits[(method, path)]
        return sum(n for (m, p), n in self.server.hits.items() if p == path)

    def reply(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        content_type: str = "text/html; charset=utf-8",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        self.reply(status, b"", {"Location": location})

    def stream_forever(self, chunk: bytes = b"x" * 65536, limit_bytes: int = 1 << 30) -> None:
        """A 1 GiB body (by default), sent with chunked encoding until the client leaves."""
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        sent = 0
        try:
            while sent < limit_bytes:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True


class LoopbackServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes: dict[str, Route], fallback: Route | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes = routes
        self.fallback = fallback  # answers paths no route names (a whole API under one server)
        self.hits: Counter[tuple[str, str]] = Counter()

    @property
    def port(self) -> int:
        return self.server_address[1]


@contextmanager
def serve(
    routes: dict[str, Route], *, tls: ssl.SSLContext | None = None, fallback: Route | None = None
) -> Iterator[LoopbackServer]:
    """Run a server in a thread for the duration of the block.

    ``fallback`` answers every path ``routes`` does not name (default: 404).
    """
    server = LoopbackServer(routes, fallback)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@functools.lru_cache(maxsize=2)
def gzip_bomb(decoded_size: int = 200 * 1024 * 1024) -> bytes:
    """Gzip of `decoded_size` zero bytes: ~200 KiB on the wire, 200 MiB decoded.

    Built a megabyte at a time so the test itself never holds the decoded size.
    """
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1 << 20)
    parts = [z.compress(block) for _ in range(decoded_size // len(block))]
    return b"".join(parts) + z.flush()


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def slow(seconds: float, body: bytes = b"<html><title>late</title></html>") -> Route:
    def route(h: Handler) -> None:
        time.sleep(seconds)
        try:
            h.reply(200, body)
        except OSError:
            pass

    return route


# --------------------------------------------------------------------------- hostile behaviours
# Each one holds its handler thread for at most `seconds`, so a test's server stops soon after.


def trickle(seconds: float = 10.0, interval: float = 0.2) -> Route:
    """200 with a body sent one byte every `interval` (a read timeout never fires)."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass
        h.close_connection = True

    return route


def stall_before_headers(seconds: float = 10.0) -> Route:
    """Accepts the request, then says nothing."""

    def route(h: Handler) -> None:
        time.sleep(seconds)
        h.close_connection = True

    return route


def stall_after_headers(seconds: float = 10.0) -> Route:
    """Sends the status and headers, then no body."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "5000")
        h.end_headers()
        h.wfile.flush()
        time.sleep(seconds)
        h.close_connection = True

    return route


def endless_redirects(h: Handler) -> None:
    """Every path redirects to a new one (never the same URL twice)."""
    h.redirect(302, f"/hop/{h.server.hits[(h.command, h.path.split('?')[0])]}-{time.monotonic_ns()}")


def cookie_pump(h: Handler) -> None:
    """Sets a new 1 KB cookie on every hop and redirects, recording the Cookie header size."""
    h.server.cookie_sizes.append(len(h.headers.get("Cookie", "")))  # type: ignore[attr-defined]
    n = len(h.server.cookie_sizes)  # type: ignore[attr-defined]
    h.reply(302, b"", {"Location": f"/pump/{n}", "Set-Cookie": f"c{n}={'v' * 1000}; Path=/"})
