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
