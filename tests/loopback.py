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
        try:
            if route is None:
                self.reply(404, b"<html><title>404 Not Found</title></html>")
                return
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client left (a stopped check): nothing to answer

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


# --------------------------------------------------------------------------- raw sockets
# For answers http.server cannot write (no status line, a broken header block, a reset),
# a server that hands each route the connection's socket and the request as read.


class RawRequest:
    """One request as read off the socket: its method, path, head and the socket."""

    def __init__(self, sock: socket.socket, head: bytes, server: RawServer) -> None:
        self.sock = sock
        self.head = head
        self.server = server
        line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        self.method = line[0] if line else ""
        self.path = line[1] if len(line) > 1 else "/"
        self.headers = {
            k.strip().lower(): v.strip()
            for k, _, v in (h.decode("latin-1").partition(":")
                            for h in head.split(b"\r\n")[1:] if b":" in h)
        }

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
               reason: str = "X", content_type: str = "text/html; charset=utf-8") -> bool:
        """A well-formed answer (Content-Length set), no body to HEAD."""
        lines = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {content_type}",
                 f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return self.send(data + (b"" if self.method == "HEAD" else body))

    def reset(self) -> None:
        """Close with a TCP RST (SO_LINGER 0) instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00" * 2)
        self.sock.close()


RawRoute = Callable[[RawRequest], "bool | None"]  # True: keep the connection for another


class RawServer:
    """A TCP server on 127.0.0.1: reads each request's head, hands it to its route."""

    def __init__(self, routes: dict[str, RawRoute], fallback: RawRoute | None = None,
                 on_accept: Callable[[socket.socket], bool] | None = None) -> None:
        self.routes = routes
        self.fallback = fallback
        self.on_accept = on_accept  # False: the connection is the route's (nothing is read)
        self.hits: Counter[tuple[str, str]] = Counter()
        self.requests: list[RawRequest] = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            t = threading.Thread(target=self._conn, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _conn(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            if self.on_accept is not None and not self.on_accept(conn):
                return
            buf = b""
            while not self._stop.is_set():
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, _, buf = buf.partition(b"\r\n\r\n")
                req = RawRequest(conn, head, self)
                self.requests.append(req)
                self.hits[(req.method, req.path.split("?")[0])] += 1
                route = self.routes.get(req.path.split("?")[0]) or self.fallback
                if route is None:
                    keep = req.answer(404, b"<title>404 Not Found</title>", reason="Not Found")
                else:
                    keep = route(req)
                if not keep:
                    return
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def start(self) -> None:
        t = threading.Thread(target=self._serve, daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        self.sock.close()


@contextmanager
def serve_raw(routes: dict[str, RawRoute], *, fallback: RawRoute | None = None,
              on_accept: Callable[[socket.socket], bool] | None = None
              ) -> Iterator[RawServer]:
    """Run a :class:`RawServer` for the duration of the block (routes' sleeps end on their
    own; their threads are daemons)."""
    server = RawServer(routes, fallback, on_accept)
    server.start()
    try:
        yield server
    finally:
        server.stop()
