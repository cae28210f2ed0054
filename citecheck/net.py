"""The one HTTP layer every network stage goes through.

Takes a URL (plus service name, method, params, headers) and returns a
:class:`Response` with the redirect chain, a body capped at a byte limit and
whether the answer came from the cache. Raises only :mod:`citecheck.errors`
``NetError`` subclasses; HTTP error statuses (404, or 429/5xx after retries)
come back as a Response, because for a link checker they are answers.

Order of work for one ``fetch`` (after lychee's ``execute_request``):
drop duplicate in-flight requests -> read the cache -> per redirect hop:
wait for the per-origin and overall concurrency slots, the service's rate
limit and any ``Retry-After`` block -> send -> retry with jittered
exponential backoff on connection errors, timeouts, 429 and 5xx -> store
definite answers in the cache.

The cache is SQLite (stdlib ``sqlite3``) in ``settings.cache_dir``, in WAL
mode with every write committed at once, so a killed run leaves a database
the next run opens and reuses. The same database keeps each URL's
link-check history for ``links.py`` (table ``link_checks``).
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import http.cookies
import json
import random
import re
import socket
import sqlite3
import ssl
import time
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpcore
import httpx
from httpcore import (
    ConnectError,
    ConnectTimeout,
    ReadError,
    ReadTimeout,
    WriteError,
    WriteTimeout,
)

from . import errors
from .config import DEFAULT_RATE_LIMITS, Settings, current_run

# Statuses that are definite answers and safe to reuse on the next run.
# Transient failures (429, 5xx, timeouts) are never cached so a rerun rechecks them
# (the policy lychee states in lychee-bin/src/cache.rs).
CACHEABLE = frozenset({*range(200, 300), *range(300, 400), 404, 410})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# Seconds a cached answer stays fresh, per service. Web pages change; catalogue
# records and archive indexes much less so. Unknown services get DEFAULT_TTL.
CACHE_TTL: dict[str, float] = {"web": 86400.0}
# Requests in flight a service allows at once, where it publishes a number:
# (with a contact address, without). Crossref: 3 in the polite pool, 1 in the
# public pool (its published limits since December 2025).
SERVICE_CONCURRENCY: dict[str, tuple[int, int]] = {"crossref": (3, 1)}
# The default rate of a service whose public pool (no contact address) is slower than
# the polite one the default assumes; a rate the user configured is kept as given.
PUBLIC_POOL_RATE: dict[str, float] = {"crossref": 1.0}
DEFAULT_TTL = 30 * 86400.0
# A Retry-After longer than this is not waited out: the 429/503 is returned
# (links.py reports it as rate-limited) instead of stalling the whole run.
MAX_RETRY_AFTER = 60.0
MAX_BACKOFF = 30.0
CHUNK = 64 * 1024

# Header names that change the answer and therefore belong in the cache key.
_KEY_HEADERS = ("accept", "accept-datetime", "accept-language", "range")

_DNS_PATTERNS = re.compile(
    r"name or service not known|nodename nor servname|temporary failure in name resolution|"
    r"no address associated|getaddrinfo failed|name resolution|errno -[235]\b|errno 11001",
    re.IGNORECASE,
)
_TLS_PATTERNS = re.compile(r"ssl|certificate|tls|handshake", re.IGNORECASE)


# --------------------------------------------------------------------------- response


@dataclass(frozen=True)
class Response:
    """One HTTP answer, after redirects, with a byte-capped body."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    truncated: bool
    history: list[tuple[int, str]] = field(default_factory=list)
    from_cache: bool = False
    elapsed: float = 0.0

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise errors.NetError(f"invalid JSON from {self.url}: {exc}", self.url) from None

    @property
    def text(self) -> str:
        return self.content.decode(charset_of(self.headers) or "utf-8", errors="replace")


def charset_of(headers: dict[str, str]) -> str | None:
    """The charset parameter of Content-Type, if it names a codec Python knows."""
    match = re.search(r"charset=[\"']?([\w.:-]+)", headers.get("content-type", ""), re.IGNORECASE)
    if not match:
        return None
    try:
        "".encode(match.group(1))
    except LookupError:
        return None
    return match.group(1)


# --------------------------------------------------------------------------- pure helpers


def origin_of(url: httpx.URL) -> tuple[str, str, int]:
    """(scheme, host, port) with the default port filled in."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return (url.scheme, url.host, port)


def request_key(
    method: str,
    url: str,
    headers: dict[str, str] | None,
    max_bytes: int,
    follow_redirects: bool,
) -> str:
    """Stable key of a request for the cache and for in-flight de-duplication."""
    relevant = sorted(
        (k.lower(), v) for k, v in (headers or {}).items() if k.lower() in _KEY_HEADERS
    )
    raw = json.dumps([method.upper(), url, relevant, max_bytes, follow_redirects])
    return hashlib.sha256(raw.encode()).hexdigest()


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _parse_interval(value: str) -> float | None:
    """Crossref's x-rate-limit-interval, e.g. '1s', '60s', '1m'."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", value or "")
    if not match:
        return None
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[match.group(2) or "s"]
    return float(match.group(1)) * scale


def rate_limit_hints(headers: dict[str, str], now: float) -> tuple[float | None, float | None]:
    """(minimum interval between requests, time until which to wait) from response headers.

    Understands Crossref's ``x-rate-limit-limit``/``x-rate-limit-interval`` (N
    requests per interval) and the ``x-ratelimit-*`` / ``ratelimit-*`` family
    (remaining + reset, reset as epoch seconds or delta seconds).
    """
    interval: float | None = None
    limit = headers.get("x-rate-limit-limit")
    span = _parse_interval(headers.get("x-rate-limit-interval", ""))
    if limit and span:
        try:
            n = float(limit)
            if n > 0:
                interval = span / n
        except ValueError:
            pass
    until: float | None = None
    for prefix in ("x-ratelimit-", "ratelimit-"):
        remaining = headers.get(prefix + "remaining")
        reset = headers.get(prefix + "reset")
        if remaining is None or reset is None:
            continue
        try:
            if float(remaining) > 0:
                continue
            r = float(reset)
        except ValueError:
            continue
        # Large values are absolute epoch times; small ones are seconds from now.
        until = r if r > 1e9 else now + r
        break
    return interval, until


def backoff_delay(attempt: int, base: float, rng: random.Random | None = None) -> float:
    """Jittered exponential backoff: base * 2**attempt, times a factor in [0.5, 1.5)."""
    rng = rng or random
    return min(MAX_BACKOFF, base * (2**attempt) * (0.5 + rng.random()))


def translate(exc: Exception, url: str) -> errors.NetError:
    """Map an httpx/OS exception to citecheck's NetError tree."""
    if isinstance(exc, errors.NetError):
        return exc
    text = " ".join(str(e) for e in _chain(exc))
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return errors.TimeoutError_(f"timed out ({type(exc).__name__})", url)
    if isinstance(exc, httpx.TooManyRedirects):
        return errors.TooManyRedirects(str(exc), url)
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return errors.NetError(f"invalid URL: {exc}", url)
    if any(isinstance(e, ssl.SSLError) for e in _chain(exc)) or (
        isinstance(exc, httpx.ConnectError) and _TLS_PATTERNS.search(text)
    ):
        return errors.TLSError(f"TLS failure: {_short(text)}", url)
    if _DNS_PATTERNS.search(text) or any(
        type(e).__name__ == "gaierror" for e in _chain(exc)
    ):
        return errors.DNSError(f"host name does not resolve: {_short(text)}", url)
    if isinstance(exc, (httpx.TransportError, OSError)):
        return errors.ConnectError(f"connection failed: {_short(text) or type(exc).__name__}", url)
    return errors.NetError(f"request failed: {_short(text) or type(exc).__name__}", url)


def _chain(exc: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def _short(text: str) -> str:
    return " ".join(text.split())[:200]


def is_reserved_invalid(host: str) -> bool:
    """Names under ``.invalid`` never resolve (RFC 6761 s6.4), so no lookup is sent."""
    host = host.rstrip(".").lower()
    return host == "invalid" or host.endswith(".invalid")


def store_cookies(jar: dict[str, dict[str, str]], set_cookie: str, host: str) -> None:
    """Add newline-separated Set-Cookie values to ``jar`` (domain -> name -> value)."""
    for line in set_cookie.splitlines():
        cookie = http.cookies.SimpleCookie()
        try:
            cookie.load(line)
        except http.cookies.CookieError:
            continue
        for name, morsel in cookie.items():
            domain = (morsel["domain"] or host).lstrip(".").lower()
            jar.setdefault(domain, {})[name] = morsel.value


def with_cookies(
    headers: dict[str, str], jar: dict[str, dict[str, str]], host: str
) -> dict[str, str]:
    """``headers`` plus a Cookie header for the jar's cookies that match ``host``."""
    host = host.lower()
    pairs = [
        f"{name}={value}"
        for domain, cookies in jar.items()
        if host == domain or host.endswith("." + domain)
        for name, value in cookies.items()
    ]
    return {**headers, "Cookie": "; ".join(pairs)} if pairs else headers


# --------------------------------------------------------------------------- body reading


class _Decoder:
    """Incremental gzip/deflate decoder that never produces more than asked for.

    httpx decodes each network chunk in full, so one 64 KiB chunk of a gzip
    bomb could inflate to tens of megabytes; zlib's ``max_length`` keeps the
    decoded size bounded by the cap instead.
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self._z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
            self._first = True
        else:
            self._z = None

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decode ``data`` producing at most ``limit`` bytes."""
        if self._z is None:
            return data[:limit]
        if self.encoding == "deflate" and getattr(self, "_first", False):
            self._first = False
            # Some servers send raw deflate without the zlib header.
            if data and (data[0] & 0x0F) != 8:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._z.decompress(data, limit)


async def read_capped(resp: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    """Read at most ``max_bytes`` *decoded* bytes of a streamed response."""
    encoding = resp.headers.get("content-encoding", "identity").strip().lower()
    if resp.is_stream_consumed:
        # Only in-memory responses (httpx.MockTransport with content=) arrive
        # already read; a real transport always streams.
        return resp.content[:max_bytes], len(resp.content) > max_bytes
    chunks: list[bytes] = []
    size = 0
    truncated = False
    if encoding in ("", "identity", "gzip", "x-gzip", "deflate"):
        decoder = _Decoder(encoding)
        source: AsyncIterator[bytes] = resp.aiter_raw(CHUNK)
        own = True
    else:
        # An encoding we did not ask for (br, zstd): let httpx decode, still capped.
        decoder = _Decoder("identity")
        source = resp.aiter_bytes(CHUNK)
        own = False
    try:
        async for data in source:
            # Ask for one byte more than the cap allows, so a body of exactly
            # max_bytes is not mistaken for a truncated one.
            want = max_bytes + 1 - size
            out = decoder.feed(data, want) if own else data[:want]
            chunks.append(out)
            size += len(out)
            if size > max_bytes:
                truncated = True
                break
    except zlib.error as exc:
        raise errors.NetError(f"corrupt {encoding} body: {exc}", str(resp.url)) from None
    body = b"".join(chunks)
    return body[:max_bytes], truncated


# --------------------------------------------------------------------------- cache


class ResponseCache:
    """SQLite store of responses and of link-check history.

    Autocommit (``isolation_level=None``) + WAL: each write is its own
    committed transaction, so killing the process at any moment loses at most
    the write in progress and never corrupts the file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._open(path)
        except (OSError, sqlite3.Error) as exc:
            # a cache folder that is a file, cannot be created, or holds something
            # that is not our database: the user's setting to fix, not a crash
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise errors.ConfigError(
                f"cache {path}: cannot use it ({reason}); choose another folder with "
                "--cache-dir or CITECHECK_CACHE_DIR"
            ) from None

    def _open(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS responses (
                key TEXT PRIMARY KEY, service TEXT, url TEXT, status INTEGER,
                headers TEXT, content BLOB, truncated INTEGER, history TEXT,
                stored_at REAL);
            CREATE TABLE IF NOT EXISTS link_checks (
                url TEXT, checked_at REAL, status TEXT, http_status INTEGER);
            CREATE INDEX IF NOT EXISTS link_checks_url ON link_checks(url);
            """
        )

    def get(self, key: str) -> tuple[Response, float] | None:
        row = self.db.execute(
            "SELECT url, status, headers, content, truncated, history, stored_at "
            "FROM responses WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        url, status, headers, content, truncated, history, stored_at = row
        resp = Response(
            url=url,
            status=status,
            headers=json.loads(headers),
            content=content,
            truncated=bool(truncated),
            history=[tuple(h) for h in json.loads(history)],  # type: ignore[misc]
            from_cache=True,
        )
        return resp, stored_at

    def put(self, key: str, service: str, resp: Response) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                service,
                resp.url,
                resp.status,
                json.dumps(resp.headers),
                resp.content,
                int(resp.truncated),
                json.dumps(resp.history),
                time.time(),
            ),
        )

    def record_check(
        self, url: str, status: str, http_status: int | None, when: float | None = None
    ) -> None:
        self.db.execute(
            "INSERT INTO link_checks VALUES (?, ?, ?, ?)",
            (url, time.time() if when is None else when, status, http_status),
        )

    def check_history(self, url: str) -> list[tuple[float, str, int | None]]:
        """(checked_at, status, http_status) of every recorded check, oldest first."""
        return [
            (float(t), s, h)
            for t, s, h in self.db.execute(
                "SELECT checked_at, status, http_status FROM link_checks "
                "WHERE url = ? ORDER BY checked_at",
                (url,),
            )
        ]

    def close(self) -> None:
        self.db.close()


# --------------------------------------------------------------------------- rate limiting


class RateLimiter:
    """Minimum spacing between request starts, plus a 'not before' time.

    ``interval`` comes from the configured requests/second and can be made
    stricter by rate-limit headers; ``block_until`` from Retry-After.
    """

    def __init__(self, per_second: float | None) -> None:
        self.interval = 1.0 / per_second if per_second else 0.0
        self.next_at = 0.0
        self.last_start = 0.0
        self.blocked_until = 0.0
        self.lock = asyncio.Lock()

    async def wait(self, abort: asyncio.Event | None = None) -> None:
        """Sleep until this request may start, or until *abort* is set.

        The lock is held through the sleep and each start is spaced from the
        previous *actual* start: when the event loop runs late (cache writes,
        JSON parsing, scoring), a grid of precomputed start times would let a
        late send and an on-time one reach the server closer than the interval
        and draw a 429 (measured in bench/resolve_bench.py).
        """
        if not self.interval and self.blocked_until <= time.monotonic():
            return  # no limit configured and no Retry-After pending: the common case
        async with self.lock:
            now = time.monotonic()
            start = max(now, self.next_at, self.blocked_until)
            if start > now:
                if abort is None:
                    await asyncio.sleep(start - now)
                else:
                    try:
                        await asyncio.wait_for(abort.wait(), start - now)
                    except TimeoutError:
                        pass
            self.last_start = time.monotonic()
            self.next_at = self.last_start + self.interval

    def tighten(self, interval: float) -> None:
        if interval > self.interval:
            self.interval = interval
            # the request already scheduled after the last one moves back too
            self.next_at = max(self.next_at, self.last_start + interval)

    def block_for(self, seconds: float) -> None:
        self.blocked_until = max(self.blocked_until, time.monotonic() + seconds)


# --------------------------------------------------------------------------- transport


class AsyncioStream(httpcore.AsyncNetworkStream):
    """httpcore's network stream on plain asyncio streams.

    Errors become httpcore's exceptions, which httpx maps to its own and
    :func:`translate` to ours, exactly as with httpcore's own backends.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as exc:
            raise ReadTimeout("read timed out") from exc
        except OSError as exc:  # ssl.SSLError is an OSError
            raise ReadError(str(exc)) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            async with asyncio.timeout(timeout):
                self._writer.write(buffer)
                await self._writer.drain()
        except TimeoutError as exc:
            raise WriteTimeout("write timed out") from exc
        except OSError as exc:
            raise WriteError(str(exc)) from exc

    async def aclose(self) -> None:
        self._writer.close()
        try:
            await self._writer.wait_closed()
        except OSError:
            pass  # the peer went first; closing is all we wanted

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as exc:
            await self.aclose()
            raise ConnectTimeout("TLS handshake timed out") from exc
        except OSError as exc:
            await self.aclose()
            raise ConnectError(str(exc)) from exc
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # asyncio reads into the buffer by itself: an idle connection with data
            # or EOF waiting was closed (or spoiled) by the server, so not reusable.
            return bool(self._reader._buffer) or self._reader.at_eof()
        names = {"ssl_object": "ssl_object", "client_addr": "sockname",
                 "server_addr": "peername", "socket": "socket"}
        return self._writer.get_extra_info(names[info]) if info in names else None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections with ``asyncio.open_connection``."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, local_addr=(local_address, 0) if local_address else None
                )
        except TimeoutError as exc:
            raise ConnectTimeout("connect timed out") from exc
        except OSError as exc:  # socket.gaierror included: translate() reads its text
            raise ConnectError(str(exc)) from exc
        sock = writer.get_extra_info("socket")
        if sock is not None:
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return AsyncioStream(reader, writer)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise ConnectError("unix sockets are not supported")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class OriginPoolTransport(httpx.AsyncBaseTransport):
    """One small connection pool per origin, sharing one TLS context.

    httpcore's single pool matches every queued request against every open
    connection (quadratic: with 100 connections, 1,000 requests cost ~17 s
    of CPU in bench/links_bench.py). Our semaphores already bound the
    requests in flight per origin, so a pool of ``per_origin`` connections
    for each origin keeps that matching tiny. The pools talk to the network
    through :class:`AsyncioBackend` (plain asyncio streams), which costs less
    CPU per request than httpcore's anyio backend.
    """

    def __init__(
        self, per_origin: int, *, ssl_context: ssl.SSLContext | None = None,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.per_origin = max(1, per_origin)
        self._ssl_given = ssl_context
        self._ssl_default: ssl.SSLContext | None = None
        # a caller may wrap the backend (the service's address policy, service/ssrf.py)
        self._backend = network_backend or AsyncioBackend()
        self._pools: dict[tuple[str, str, int], httpx.AsyncHTTPTransport] = {}

    @property
    def _ssl(self) -> ssl.SSLContext:
        """One TLS context for all pools: CA certificates are loaded once, on first use."""
        if self._ssl_given is not None:
            return self._ssl_given
        if self._ssl_default is None:
            self._ssl_default = httpx.create_ssl_context()
        return self._ssl_default

    def _pool(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        origin = origin_of(url)
        pool = self._pools.get(origin)
        if pool is None:
            pool = self._pools[origin] = httpx.AsyncHTTPTransport(
                verify=self._ssl,
                limits=httpx.Limits(
                    max_connections=self.per_origin, max_keepalive_connections=self.per_origin
                ),
            )
            if isinstance(getattr(pool, "_pool", None), httpcore.AsyncConnectionPool):
                # httpx offers no switch for the network backend: swap the pool it
                # built for an identical one on ours (kept as is if httpx changes).
                pool._pool = httpcore.AsyncConnectionPool(
                    ssl_context=self._ssl,
                    max_connections=self.per_origin,
                    max_keepalive_connections=self.per_origin,
                    network_backend=self._backend,
                )
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pool(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()


# --------------------------------------------------------------------------- the layer


class HttpLayer:
    """Shared async HTTP client with cache, limits, retries and redirect chain."""

    def __init__(
        self, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=None,  # waiting for a slot is bounded by our semaphores, not an error
        )
        # Requests go straight to the transport, not through httpx.AsyncClient:
        # we do redirects, retries and the cache ourselves, and the client's
        # per-request machinery (auth, cookie jar, event hooks) cost ~0.4 ms of
        # CPU per request here, the largest share of ours (bench/links_bench.py).
        self.transport: httpx.AsyncBaseTransport = transport or OriginPoolTransport(
            settings.host_concurrency
        )
        self._timeout = timeout.as_dict()
        self._base_headers = {
            "User-Agent": settings.user_agent(),
            "Accept-Encoding": "gzip, deflate",
            "Accept": "*/*",
        }
        self.stats: Counter[str] = Counter()
        self._total = asyncio.Semaphore(settings.total_concurrency)
        self._origins: dict[tuple[str, str, int], asyncio.Semaphore] = {}
        self._origin_limits: dict[tuple[str, str, int], RateLimiter] = {}
        self._services: dict[str, RateLimiter] = {}
        self._inflight: dict[str, asyncio.Future[Response]] = {}
        # hosts whose name did not resolve in this run: later requests fail at once
        # instead of queueing behind a rate limit (a run on a machine without a
        # network would otherwise wait out every service's limit for nothing)
        self._unresolved: dict[str, errors.DNSError] = {}
        self._unresolved_event: dict[str, asyncio.Event] = {}  # wakes requests queued for it
        self._cache: ResponseCache | None = None

    # -- lifecycle

    async def __aenter__(self) -> HttpLayer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.transport.aclose()
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    @property
    def cache(self) -> ResponseCache:
        """The SQLite cache, opened on first use (so building a layer touches no disk)."""
        if self._cache is None:
            self._cache = ResponseCache(Path(self.settings.cache_dir) / "http-cache.sqlite3")
        return self._cache

    # -- public

    async def fetch(
        self,
        url: str,
        *,
        service: str = "web",
        method: str = "GET",
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        follow_redirects: bool = True,
        cache: bool = True,
        max_bytes: int | None = None,
    ) -> Response:
        """Fetch ``url``; see the module docstring for the order of work."""
        method = method.upper()
        cap = self.settings.max_body_bytes if max_bytes is None else max_bytes
        try:
            full = httpx.URL(url)
            if params:
                full = full.copy_merge_params(params)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise errors.NetError(f"invalid URL: {exc}", url) from None
        if full.scheme not in ("http", "https") or not full.host:
            raise errors.NetError(f"invalid URL (not http/https with a host): {url}", url)
        key = request_key(method, str(full), headers, cap, follow_redirects)

        pending = self._inflight.get(key)
        if pending is not None:
            self.stats["deduplicated"] += 1
            return await asyncio.shield(pending)
        future: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            resp = await self._fetch_once(
                key, full, service, method, headers, follow_redirects, cache, cap
            )
        except asyncio.CancelledError:
            future.cancel()  # waiters see a cancellation, as the owner did
            raise
        except BaseException as exc:
            if not future.done():
                future.set_exception(exc)
                future.exception()  # mark retrieved: waiters may not exist
            raise
        else:
            future.set_result(resp)
            return resp
        finally:
            self._inflight.pop(key, None)

    # -- internals

    async def _fetch_once(
        self,
        key: str,
        url: httpx.URL,
        service: str,
        method: str,
        headers: dict[str, str] | None,
        follow_redirects: bool,
        use_cache: bool,
        cap: int,
    ) -> Response:
        run = current_run()  # this run's offline/refresh: one layer serves many runs
        if use_cache and not run.refresh:
            hit = self.cache.get(key)
            if hit is not None:
                resp, stored_at = hit
                fresh = time.time() - stored_at < CACHE_TTL.get(service, DEFAULT_TTL)
                if fresh or run.offline:
                    self.stats["cache_hits"] += 1
                    return resp
        if run.offline:
            raise errors.OfflineError(f"offline and not cached: {url}", str(url))
        if is_reserved_invalid(url.host):
            raise errors.DNSError(f"host name does not resolve: {url.host} (reserved)", str(url))

        started = time.monotonic()
        history: list[tuple[int, str]] = []
        current, cur_method, cur_headers = url, method, dict(headers or {})
        jar: dict[str, dict[str, str]] = {}
        while True:
            hop_headers = with_cookies(cur_headers, jar, current.host)
            status, resp_headers, content, truncated = await self._send_with_retries(
                current, service, cur_method, hop_headers, cap
            )
            location = resp_headers.get("location")
            if "set-cookie" in resp_headers:
                # Some sites set a cookie and redirect to check it; without it they
                # loop until the redirect limit. The cookies live for this chain only.
                store_cookies(jar, resp_headers["set-cookie"], current.host)
            if not (follow_redirects and status in REDIRECT_STATUSES and location):
                break
            try:
                nxt = current.join(location)
            except (httpx.InvalidURL, ValueError):
                break  # an unusable Location: the 3xx itself is the answer
            history.append((status, str(current)))
            if len(history) > self.settings.max_redirects:
                chain = " -> ".join(u for _, u in history[:4])
                loop = " (a loop)" if str(nxt) in {u for _, u in history} else ""
                raise errors.TooManyRedirects(
                    f"more than {self.settings.max_redirects} redirects{loop}: {chain} ...",
                    str(url),
                )
            if nxt.scheme not in ("http", "https") or not nxt.host:
                raise errors.NetError(f"redirect to a non-web URL: {nxt}", str(url))
            if origin_of(nxt) != origin_of(current):
                cur_headers = {k: v for k, v in cur_headers.items() if k.lower() != "authorization"}
            if status == 303 or (status in (301, 302) and cur_method == "POST"):
                cur_method = "GET"
            current = nxt
            if is_reserved_invalid(current.host):
                raise errors.DNSError(f"redirect to a reserved name: {current.host}", str(url))

        resp = Response(
            url=str(current),
            status=status,
            headers=resp_headers,
            content=content,
            truncated=truncated,
            history=history,
            from_cache=False,
            elapsed=time.monotonic() - started,
        )
        if use_cache and status in CACHEABLE:
            try:
                self.cache.put(key, service, resp)
            except sqlite3.Error:
                self.stats["cache_errors"] += 1  # a full/locked disk must not fail the check
        return resp

    async def _send_with_retries(
        self,
        url: httpx.URL,
        service: str,
        method: str,
        headers: dict[str, str],
        cap: int,
    ) -> tuple[int, dict[str, str], bytes, bool]:
        retries = max(0, self.settings.retries)
        attempt = 0
        while True:
            if url.host in self._unresolved:
                raise self._unresolved[url.host]
            try:
                result = await self._send(url, service, method, headers, cap)
            except errors.NetError as exc:
                if isinstance(exc, errors.DNSError):
                    self._unresolved[url.host] = exc
                    self._unresolved_event.setdefault(url.host, asyncio.Event()).set()
                # DNS and TLS failures are deterministic: retrying only wastes time.
                transient = isinstance(exc, (errors.ConnectError, errors.TimeoutError_))
                if not transient or attempt >= retries:
                    raise
                self.stats["retries"] += 1
                await asyncio.sleep(backoff_delay(attempt, self.settings.backoff_base))
                attempt += 1
                continue
            status, resp_headers = result[0], result[1]
            if status not in RETRY_STATUSES or attempt >= retries:
                return result
            wait = parse_retry_after(resp_headers.get("retry-after"))
            if wait is not None and wait > MAX_RETRY_AFTER:
                return result  # not worth stalling the run: reported as rate-limited
            delay = backoff_delay(attempt, self.settings.backoff_base) if wait is None else wait
            self.stats["retries"] += 1
            await asyncio.sleep(delay)
            attempt += 1

    def _service_rate(self, service: str) -> float | None:
        """Requests a second for *service*: as configured, or its public-pool default."""
        rate = self.settings.rate_limits.get(service)
        public = PUBLIC_POOL_RATE.get(service)
        if public and not self.settings.mailto and rate == DEFAULT_RATE_LIMITS.get(service):
            return min(rate, public)
        return rate

    async def _send(
        self,
        url: httpx.URL,
        service: str,
        method: str,
        headers: dict[str, str],
        cap: int,
    ) -> tuple[int, dict[str, str], bytes, bool]:
        origin = origin_of(url)
        host_sem = self._origins.get(origin)
        if host_sem is None:
            slots = max(1, self.settings.host_concurrency)
            published = SERVICE_CONCURRENCY.get(service)
            if published:
                slots = min(slots, published[0] if self.settings.mailto else published[1])
            host_sem = self._origins[origin] = asyncio.Semaphore(slots)
            self._origin_limits[origin] = RateLimiter(None)
        origin_limit = self._origin_limits[origin]
        service_limit = self._services.get(service)
        if service_limit is None:
            service_limit = self._services[service] = RateLimiter(self._service_rate(service))
        # The origin's slot first: taking a global slot and then queueing for a
        # busy origin would idle the global slots other origins could use.
        async with host_sem, self._total:
            unresolved = self._unresolved_event.setdefault(url.host, asyncio.Event())
            await service_limit.wait(unresolved)
            await origin_limit.wait(unresolved)
            if url.host in self._unresolved:  # found out while this request queued
                raise self._unresolved[url.host]
            self.stats["requests"] += 1
            try:
                async with asyncio.timeout(self.settings.total_timeout):
                    request = httpx.Request(
                        method, url, headers={**self._base_headers, **headers},
                        extensions={"timeout": self._timeout},
                    )
                    response = await self.transport.handle_async_request(request)
                    response.request = request
                    try:
                        resp_headers = {k.lower(): v for k, v in response.headers.items()}
                        if "set-cookie" in resp_headers:
                            # one per line: commas occur inside Expires dates
                            resp_headers["set-cookie"] = "\n".join(
                                response.headers.get_list("set-cookie")
                            )
                        if method == "HEAD" or cap <= 0:
                            content, truncated = b"", False
                        else:
                            content, truncated = await read_capped(response, cap)
                    finally:
                        await response.aclose()
            except (httpx.HTTPError, OSError, TimeoutError, zlib.error) as exc:
                self.stats["errors"] += 1
                raise translate(exc, str(url)) from exc
        self._learn_limits(response.status_code, resp_headers, service_limit, origin_limit)
        return response.status_code, resp_headers, content, truncated

    def _learn_limits(
        self,
        status: int,
        headers: dict[str, str],
        service_limit: RateLimiter,
        origin_limit: RateLimiter,
    ) -> None:
        """Slow down as the server asks: Retry-After and rate-limit headers."""
        if status == 429:
            self.stats["429s"] += 1
        interval, until = rate_limit_hints(headers, time.time())
        if interval:
            service_limit.tighten(interval)
        if until is not None:
            origin_limit.block_for(min(MAX_RETRY_AFTER, max(0.0, until - time.time())))
        if status in (429, 503):
            wait = parse_retry_after(headers.get("retry-after"))
            if wait is not None:
                origin_limit.block_for(min(MAX_RETRY_AFTER, wait))
        # Requests already queued behind the service's pacing must not leave all
        # at once when an origin's block ends: the service waits out the block too.
        service_limit.blocked_until = max(service_limit.blocked_until, origin_limit.blocked_until)
