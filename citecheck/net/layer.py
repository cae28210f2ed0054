"""HttpLayer: the one HTTP layer every network stage goes through.

Takes a URL (plus service name, method, params, headers) and returns a
:class:`~citecheck.net.response.Response` with the redirect chain, a body
capped at a byte limit and whether the answer came from the cache. Raises
only :mod:`citecheck.errors` ``NetError`` subclasses; HTTP error statuses
(404, or 429/5xx after retries) come back as a Response, because for a link
checker they are answers.

Order of work for one ``fetch`` (after lychee's ``execute_request``):
drop duplicate in-flight requests -> read the cache -> per redirect hop:
wait for the per-origin and overall concurrency slots, the service's rate
limit and the origin's ``Retry-After`` block -> send -> retry with jittered
exponential backoff on connection errors, timeouts, 429 and 5xx -> store
definite answers in the cache.

Every request is bounded by ``settings.deadline`` seconds from its first
send: connect, headers, body, retries, backoff and every redirect hop
together. Waiting in the queue for the origin's turn is not counted (it is
bounded by the other requests' deadlines). One layer may serve many
concurrent runs in one event loop: per-origin concurrency, per-service rates
and Retry-After blocks are the layer's, so they hold across runs.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import ipaddress
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from .. import errors
from ..config import DEFAULT_RATE_LIMITS, Settings, current_run, run_state
from .body import Body, read_capped
from .cache import CACHE_TTL, CACHEABLE, DEFAULT_TTL, ResponseCache, request_key
from .limits import (
    MAX_RETRY_AFTER,
    PUBLIC_POOL_RATE,
    REFUSED_TTL,
    SERVICE_CONCURRENCY,
    HostFailures,
    LocalLimits,
    RateLimiter,
    WaitBudget,
    backoff_delay,
    parse_retry_after,
    rate_limit_hints,
)
from .response import Response
from .translate import translate
from .transport import SocketFactory, Transports, Wrap, warm_tls

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Cookies carried along one redirect chain: a site that sets a cookie on every hop
# must not grow the Cookie header without bound.
MAX_COOKIES = 32
# a connection that could not be opened at all (not one the server dropped)
_NO_CONNECTION = re.compile(r"refused|cannot connect|connect call failed|unreachable",
                            re.IGNORECASE)
MAX_COOKIE_HEADER = 4096
# redirect hops named in the message of a failure after redirects (the first ones, the last)
CHAIN_SHOWN = 3


@functools.lru_cache(maxsize=4096)
def parse_url(url: str) -> httpx.URL:
    """httpx's parse of ``url``, remembered (an ``httpx.URL`` is immutable): a cited link
    is parsed when it is normalised and again when it is fetched, and httpx's parser is
    a good part of a request's cost."""
    return httpx.URL(url)


def origin_of(url: httpx.URL) -> tuple[str, str, int]:
    """(scheme, host, port) with the default port filled in."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return (url.scheme, url.host, port)


def origin_key(url: httpx.URL) -> str:
    scheme, host, port = origin_of(url)
    return f"{scheme}://{host}:{port}"


def is_reserved_invalid(host: str) -> bool:
    """Names under ``.invalid`` never resolve (RFC 6761 s6.4), so no lookup is sent."""
    host = host.rstrip(".").lower()
    return host == "invalid" or host.endswith(".invalid")


@functools.lru_cache(maxsize=4096)
def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: a host on this machine."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# headers that hold one value, which a comma may be part of: the first one sent is kept
SINGLE_HEADERS = frozenset({"location", "content-location", "refresh"})


def header_dict(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Response headers as a dict with lower-case names; Set-Cookie values one per line.

    Built from ``Headers.raw`` in one pass (httpx's ``items()`` re-decodes on every call).
    """
    out: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        text = value.decode("latin-1")
        if key in out:
            if key in SINGLE_HEADERS:
                continue  # a second Location is not a list: joined, it named no URL at all
            # one per line for Set-Cookie (commas occur inside Expires dates), else ", "
            out[key] += ("\n" if key == "set-cookie" else ", ") + text
        else:
            out[key] = text
    return out


_C0 = re.compile(r"[\x00-\x1f\x7f]")


def location_of(value: str) -> str:
    """A Location header as the URL it names: servers send UTF-8 bytes there (browsers read
    them so), which arrive here decoded as Latin-1; anything else is kept as it came. As the
    URL standard parses it: no spaces or control characters around it, no tabs or newlines
    in it, and the control characters left percent-encoded (browsers follow such a Location;
    httpx refuses to parse it)."""
    try:
        value = value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    value = value.strip("".join(map(chr, range(33)))).translate({9: None, 10: None, 13: None})
    # in an http(s) URL a backslash before the query is a slash (IIS and ASP sites send them)
    scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
    if scheme in ("", "http", "https"):
        cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
        value = value[:cut].replace("\\", "/") + value[cut:]
    return _C0.sub(lambda m: f"%{ord(m.group()):02X}", value)


def unusable(url: httpx.URL) -> str:
    """Why a redirect's target cannot be requested ('' when it can)."""
    if url.scheme not in ("http", "https") or not url.host:
        return "not http/https with a host"
    if url.port is not None and not 0 < url.port < 65536:
        return f"port {url.port} out of range"
    return ""


def after_redirects(exc: errors.NetError, history: list[tuple[int, str]],
                    current: httpx.URL) -> errors.NetError:
    """*exc*, raised at a redirect's target, saying which chain led there.

    A copy (a remembered failure is shared by other requests) that carries the chain as
    ``redirects`` (the URLs that redirected) and ``final_url`` (where it failed).
    """
    hops = [f"{status} {url}" for status, url in history]
    if len(hops) > CHAIN_SHOWN:
        hops = hops[:CHAIN_SHOWN] + [f"... {len(hops) - CHAIN_SHOWN} more"]
    out = copy.copy(exc)
    out.args = (f"{exc} (after {' -> '.join(hops)} -> {current})",)
    out.redirects = tuple(url for _, url in history)
    out.final_url = str(current)
    return out


def bounded_cookie_header(request: httpx.Request,
                          age: dict[str, int] | None = None) -> None:
    """Cut the request's Cookie header to whole pairs within MAX_COOKIE_HEADER bytes: the
    newest cookies (highest *age* by name) first, in the header's own order."""
    value = request.headers.get("cookie")
    if value is None or len(value) <= MAX_COOKIE_HEADER:
        return
    pairs = value.split("; ")
    ranked = sorted(range(len(pairs)), key=lambda i: -(age or {}).get(
        pairs[i].partition("=")[0], 0))
    kept: set[int] = set()
    size = 0
    for i in ranked:
        if size + len(pairs[i]) + 2 > MAX_COOKIE_HEADER:
            if age is None:
                break
            continue
        kept.add(i)
        size += len(pairs[i]) + 2
    request.headers["cookie"] = "; ".join(p for i, p in enumerate(pairs) if i in kept)


class ChainCookies:
    """The cookies one redirect chain carries: at most MAX_COOKIES, the oldest set dropped
    first (browsers evict so), and the newest first into a bounded Cookie header. A site
    that sets dozens of cookies on one hop and on the next the one it checks (a session or
    consent check) gets that one back; refusing cookies past the bound looped such a chain
    until too-many-redirects."""

    def __init__(self) -> None:
        self.jar = httpx.Cookies()
        self._age: dict[tuple[str, str, str], int] = {}  # (domain, path, name) -> when set
        self._count = 0

    def __len__(self) -> int:
        return len(self.jar)

    def extract(self, response: httpx.Response) -> None:
        self.jar.extract_cookies(response)
        # names in the order this answer set them: a later Set-Cookie is the newer
        order = {h.split("=", 1)[0].strip(): i
                 for i, h in enumerate(response.headers.get_list("set-cookie"))}
        present = {(c.domain, c.path, c.name) for c in self.jar.jar}
        for key in [k for k in self._age if k not in present]:
            del self._age[key]  # expired or deleted by the answer
        for key in sorted((k for k in present if k not in self._age or k[2] in order),
                          key=lambda k: order.get(k[2], -1)):
            self._count += 1
            self._age[key] = self._count
        excess = max(0, len(self._age) - MAX_COOKIES)
        for key in sorted(self._age, key=self._age.__getitem__)[:excess]:
            self.jar.delete(key[2], domain=key[0], path=key[1])
            del self._age[key]

    def add_header(self, request: httpx.Request) -> None:
        self.jar.set_cookie_header(request)
        age: dict[str, int] = {}
        for (_, _, name), when in self._age.items():
            age[name] = max(age.get(name, 0), when)
        bounded_cookie_header(request, age)


@dataclass
class _Clock:
    """One request's deadline (set at its first send) and what it was doing."""

    deadline: float
    ends: float | None = None
    phase: str = "waiting for a connection slot"
    hops: int = 0
    # why the answer stands without the retries its status would get ("" when it got them)
    note: str = ""

    def start(self) -> None:
        if self.ends is None:
            self.ends = time.monotonic() + self.deadline

    def left(self) -> float:
        return float("inf") if self.ends is None else self.ends - time.monotonic()

    def expired(self, url: str) -> errors.TimeoutError_:
        after = f"after {self.hops} redirect(s), " if self.hops else ""
        return errors.TimeoutError_(
            f"no complete answer within the {self.deadline:g} s deadline ({after}{self.phase})",
            url,
        )


class HttpLayer:
    """Shared async HTTP client with cache, limits, retries, deadline and redirect chain.

    ``HttpLayer(settings, transport=None, socket_factory=None)``: ``transport``
    replaces the network (``httpx.MockTransport`` in tests, an
    ``httpx.AsyncHTTPTransport`` with its own TLS context, or
    ``transport.fast_transport(...)`` wrapped); ``socket_factory`` is the
    connect-time hook of the default transport (an address policy); ``wrap``
    is applied to each transport the layer opens, told the proxy it goes through
    (``transport.Wrap``: a policy for proxied targets, request counting).
    """

    def __init__(
        self, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None,
        socket_factory: SocketFactory | None = None, limits: Any = None, cache: Any = None,
        wrap: Wrap | None = None,
    ) -> None:
        self.settings = settings
        # where limiters come from (LocalLimits, or one shared by a cluster of workers) and
        # the response cache (SQLite by default, or one shared: citecheck.scale.pgcache)
        self.limits = limits if limits is not None else LocalLimits()
        self.transports = Transports(settings, transport, socket_factory=socket_factory,
                                     wrap=wrap)
        if transport is None:
            warm_tls()
        self._base_headers = {
            "User-Agent": settings.user_agent(),
            "Accept-Encoding": "gzip, deflate",
            "Accept": "*/*",
        }
        self._timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=None,  # waiting for a slot is bounded by the deadline
        ).as_dict()
        self.stats: Counter[str] = Counter()
        self._total = asyncio.Semaphore(settings.total_concurrency)
        self._origins: dict[tuple[str, str, int], asyncio.Semaphore] = {}
        self._origin_limits: dict[tuple[str, str, int], RateLimiter] = {}
        self._services: dict[str, RateLimiter] = {}
        self._inflight: dict[str, asyncio.Future[Response]] = {}
        self.dns_failures = HostFailures()
        self.refused = HostFailures(REFUSED_TTL)  # by origin: "scheme://host:port"
        # monotonic time of the last HTTP answer from a host not on this machine:
        # evidence that the public network works (citecheck.net.reach)
        self.last_public_answer: float | None = None
        self._cache: Any = cache
        self._closed = False
        self._state: dict[str, Any] = {}  # the run state of requests made outside any run

    # -- lifecycle

    async def __aenter__(self) -> HttpLayer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections and store the cache's last batch (both at once)."""
        self._closed = True  # a request still running keeps its answer out of the cache
        cache, self._cache = self._cache, None
        if cache is None:
            await self.transports.aclose()
            return
        stored = asyncio.ensure_future(asyncio.to_thread(cache.close))  # the last batch
        try:
            await self.transports.aclose()
        finally:
            try:
                await stored
            except sqlite3.Error:
                self.stats["cache_errors"] += 1  # a full disk must not fail the run
            # batches the cache's writer could not store (a full or locked disk)
            self.stats["cache_errors"] += getattr(cache, "write_errors", 0)

    @property
    def cache(self) -> Any:
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
        deadline: float | None = None,
    ) -> Response:
        """Fetch ``url``; see the module docstring for the order of work.

        ``deadline`` (seconds) overrides ``settings.deadline`` for this request.
        """
        method = method.upper()
        cap = self.settings.max_body_bytes if max_bytes is None else max_bytes
        try:
            full = parse_url(url)
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
        clock = _Clock(self.settings.deadline if deadline is None else deadline)
        try:
            resp = await self._fetch_once(
                key, full, service, method, headers, follow_redirects, cache, cap, clock
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
        clock: _Clock,
    ) -> Response:
        run = current_run()  # this run's offline/refresh: one layer serves many runs
        use_cache = use_cache and not self._closed
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
        jar = ChainCookies()
        while True:
            clock.phase, clock.hops = "waiting for a slot", len(history)
            try:
                status, resp_headers, body = await self._send_with_retries(
                    current, service, cur_method, cur_headers, cap, clock, jar
                )
            except errors.NetError as exc:
                if history:
                    raise after_redirects(exc, history, current) from None
                raise
            location = resp_headers.get("location")
            if location is not None:
                location = location_of(location)
            if not (follow_redirects and status in REDIRECT_STATUSES and location):
                break
            try:
                nxt = current.join(location)
                why = unusable(nxt) if nxt.scheme in ("http", "https") else ""
            except (httpx.InvalidURL, ValueError) as exc:
                nxt, why = None, str(exc)[:80]
            if why:  # an address no request can go to: the redirect itself is the answer
                raise errors.NonWebRedirect(
                    f"HTTP {status} redirect to an unusable address ({location[:80]}: {why}): "
                    "not followed", str(url), status=status, location=location)
            assert nxt is not None
            history.append((status, str(current)))
            if len(history) > self.settings.max_redirects:
                chain = " -> ".join(u for _, u in history[:4])
                loop = " (a loop)" if str(nxt) in {u for _, u in history} else ""
                raise errors.TooManyRedirects(
                    f"more than {self.settings.max_redirects} redirects{loop}: {chain} ...",
                    str(url),
                )
            if nxt.scheme not in ("http", "https") or not nxt.host:
                raise errors.NonWebRedirect(
                    f"HTTP {status} redirect to a non-web scheme ({location[:80]}): "
                    "not followed",
                    str(url), status=status, location=location,
                )
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
            content=body.content,
            truncated=body.truncated,
            history=history,
            from_cache=False,
            elapsed=time.monotonic() - started,
            body_note=body.note,
            body_broken=body.broken,
            retry_note=clock.note,
        )
        # an answer whose body broke off or could not be read is not kept as the answer
        if use_cache and status in CACHEABLE and not body.note:
            self.cache.put(key, service, resp)  # stored by the cache's writer thread
        return resp

    async def _send_with_retries(
        self,
        url: httpx.URL,
        service: str,
        method: str,
        headers: dict[str, str],
        cap: int,
        clock: _Clock,
        jar: ChainCookies,
    ) -> tuple[int, dict[str, str], Body]:
        retries = max(0, self.settings.retries)
        attempt = 0
        # an answer whose body broke off, kept while another try is made: if that try
        # fails (the deadline runs out, the host is gone), this answer stands
        partial: tuple[int, dict[str, str], Body] | None = None
        # the answer aiohttp's parser refused, read again with httpx's own (h11): its reason
        refused = ""
        first_refusal: errors.NetError | None = None
        last_error: errors.NetError | None = None  # what the last try met
        # the answer a retry was made after (a 429 or a 5xx): it stands if the retry cannot
        # be sent (the deadline runs out in the queue, the host's block outlasts it)
        answered: tuple[int, dict[str, str], Body] | None = None
        while True:
            # a failure remembered from another request ends this one before it is sent;
            # this request's own retries go on (and clear the memory if they succeed)
            known = self._known_failure(url) if attempt == 0 else None
            if known is not None:
                raise known
            try:
                result = await self._send(url, service, method, headers, cap, clock, jar,
                                          retrying=attempt > 0, second_parser=bool(refused))
            except errors.NetError as exc:
                if partial is not None:
                    return partial
                if answered is not None and (isinstance(exc, errors.RateLimitedError) or (
                        isinstance(exc, errors.TimeoutError_)
                        and clock.phase.startswith("waiting"))):
                    return answered  # the retry was never sent: the last answer is the answer
                if exc is self._known_failure(url):
                    raise  # another request's failure, remembered: not this one's to retry
                if (last_error is not None and isinstance(exc, errors.TimeoutError_)
                        and clock.phase.startswith("waiting")):
                    # the deadline ran out before the retry was sent (queued at a service's
                    # pace): what the last try met is what happened, not a timeout
                    raise last_error from None
                last_error = exc
                if first_refusal is not None and not isinstance(exc, errors.TimeoutError_):
                    # neither parser could read it: the first one's words say more (h11 only
                    # says the server hung up), and another try would meet the same answer
                    raise first_refusal from None
                if (isinstance(exc, errors.ProtocolError) and not refused
                        and self.transports.second_parser(url) is not None
                        and clock.left() > 0):
                    # a parser's refusal is no transfer failure: the same parser would
                    # refuse again; the other one is tried at once, beside the retries
                    refused = str(exc).removeprefix("the server's answer is not valid HTTP: ")
                    first_refusal = exc
                    self.stats["second_parser"] += 1
                    continue
                if isinstance(exc, (errors.DNSError, errors.NameLookupFailed)):
                    # a lookup that failed for now is remembered too (the others queued for
                    # the name would meet it), and retried: another try may be answered
                    self.dns_failures.add(url.host, exc)
                    self.refused.wake(f"{url.scheme}://{url.host}:")
                elif type(exc) is errors.ConnectError and _NO_CONNECTION.search(str(exc)):
                    # the port refused: the requests queued for it (an archive's rate
                    # limit) fail now instead of each waiting its turn to be refused
                    self.refused.add(origin_key(url), exc)
                # DNS and TLS failures are deterministic: retrying only wastes time; a
                # spent deadline is final (the retry would share it).
                transient = isinstance(exc, (errors.ConnectError, errors.TimeoutError_))
                delay = backoff_delay(attempt, self.settings.backoff_base)
                if not transient or attempt >= retries or clock.left() <= delay:
                    raise
                if not await self._pause(delay, clock, url):
                    raise
                attempt += 1
                continue
            status, resp_headers, body = result
            if refused and not body.note:
                body = body._replace(note=f"the answer is not strict HTTP ({refused[:100]}); "
                                          "read with a second, lenient parser")
                result = status, resp_headers, body
            if partial is not None and body.cut and len(body.content) < len(partial[2].content):
                result, (status, resp_headers, body) = partial, partial  # the fuller of the two
            if body.cut and status not in RETRY_STATUSES and attempt < retries:
                # the body broke off after the headers: a transfer failure another try may
                # not meet (the partial answer stands if the time does not allow one)
                delay = backoff_delay(attempt, self.settings.backoff_base)
                if clock.left() <= delay or not await self._pause(delay, clock, url):
                    return result
                partial = result
                attempt += 1
                continue
            if status not in RETRY_STATUSES or attempt >= retries:
                return result
            wait = parse_retry_after(resp_headers.get("retry-after"))
            delay = backoff_delay(attempt, self.settings.backoff_base) if wait is None else wait
            if delay > MAX_RETRY_AFTER or delay >= clock.left():
                return result  # not worth the wait, or past the deadline: the answer stands
            if not await self._pause(delay, clock, url):
                clock.note = f"not retried: {self.waits().why(origin_key(url))}"
                return result  # the host has held this run back long enough
            answered = result
            attempt += 1

    def waits(self) -> WaitBudget:
        """The current run's budget for hosts' waits (the layer's own outside any run)."""
        state = run_state()
        if state is None:
            state = self._state
        budget = state.get("waits")
        if budget is None:
            budget = state["waits"] = WaitBudget(self.settings.max_host_wait,
                                                 self.settings.max_run_wait)
        return budget

    async def _pause(self, delay: float, clock: _Clock, url: httpx.URL) -> bool:
        """Wait *delay* seconds before a retry, if the run's wait budget for the host allows
        (False, at once, if not)."""
        if not self.waits().take(origin_key(url), delay):
            self.stats["waits_refused"] += 1
            return False
        self.stats["retries"] += 1
        clock.phase = "waiting to retry"
        await asyncio.sleep(delay)
        return True

    def _budget_spent(self, url: httpx.URL, blocked: float) -> errors.WaitBudgetSpent:
        self.stats["waits_refused"] += 1
        return errors.WaitBudgetSpent(
            f"rate limited: {origin_key(url)} asked to wait {blocked:.{0 if blocked >= 10 else 1}f}"
            f" s more (429/503, Retry-After), and {self.waits().why(origin_key(url))}", str(url))

    def _known_failure(self, url: httpx.URL) -> errors.NetError | None:
        return self.dns_failures.get(url.host) or self.refused.get(origin_key(url))

    def _service_rate(self, service: str) -> float | None:
        """Requests a second for *service*: as configured, or its public-pool default."""
        rate = self.settings.rate_limits.get(service)
        public = PUBLIC_POOL_RATE.get(service)
        if public and not self.settings.mailto and rate == DEFAULT_RATE_LIMITS.get(service):
            return min(rate, public)
        return rate

    def _limits_for(
        self, url: httpx.URL, service: str
    ) -> tuple[asyncio.Semaphore, RateLimiter, RateLimiter]:
        origin = origin_of(url)
        host_sem = self._origins.get(origin)
        if host_sem is None:
            slots = max(1, self.settings.host_concurrency)
            published = SERVICE_CONCURRENCY.get(service)
            if published:
                slots = min(slots, published[0] if self.settings.mailto else published[1])
            name = "origin:{}://{}:{}".format(*origin)
            host_sem = self._origins[origin] = self.limits.slots(name, slots)
            self._origin_limits[origin] = self.limits.rate(name, None)
        service_limit = self._services.get(service)
        if service_limit is None:
            service_limit = self._services[service] = self.limits.rate(
                f"service:{service}", self._service_rate(service))
        return host_sem, self._origin_limits[origin], service_limit

    async def _send(
        self,
        url: httpx.URL,
        service: str,
        method: str,
        headers: dict[str, str],
        cap: int,
        clock: _Clock,
        jar: ChainCookies,
        *,
        retrying: bool = False,
        second_parser: bool = False,
    ) -> tuple[int, dict[str, str], Body]:
        host_sem, origin_limit, service_limit = self._limits_for(url, service)
        blocked = origin_limit.blocked_for()
        if blocked > 0 and blocked > min(MAX_RETRY_AFTER, clock.deadline, clock.left()):
            raise errors.RateLimitedError(
                f"the host asked to wait {blocked:.0f} s more (Retry-After), longer than "
                "this request may take", str(url))
        if blocked > 0 and not self.waits().fits(origin_key(url), blocked):
            raise self._budget_spent(url, blocked)
        left = clock.left()
        try:
            # Queueing for the origin's turn counts only once the request has started
            # (a retry or a redirect hop); the first wait is bounded by others' deadlines.
            async with asyncio.timeout(None if left == float("inf") else max(0.0, left)):
                # The origin's slot first: taking a global slot and then queueing for a
                # busy origin would idle the global slots other origins could use.
                async with host_sem, self._total:
                    known = None if retrying else self._known_failure(url)
                    if known is not None:  # found out while this request waited for a slot
                        raise known
                    failed = None if retrying else self.refused.event(origin_key(url))
                    clock.phase = "waiting for its turn at the service's or host's pace"
                    await self._wait_turn(url, clock, service_limit, origin_limit, failed)
                    known = None if retrying else self._known_failure(url)
                    if known is not None:  # found out while this request queued
                        raise known
                    clock.start()
                    answer = await self._exchange(
                        url, service, method, headers, cap, clock, jar, service_limit,
                        origin_limit, second_parser,
                    )
        except TimeoutError:
            self.stats["deadline_expired"] += 1
            raise clock.expired(str(url)) from None
        # The slot is free: let the request queued for it go out before this answer's
        # caller spends CPU on it (answers arrive in bursts; their processing would
        # otherwise hold back the next round of requests).
        await asyncio.sleep(0)
        return answer

    async def _wait_turn(self, url: httpx.URL, clock: _Clock, service_limit: RateLimiter,
                         origin_limit: RateLimiter, failed: asyncio.Event | None) -> None:
        """Wait for the service's and the origin's turn. A Retry-After block that an answer
        sets while this request waits, longer than this request may take, ends the wait at
        once (RateLimitedError): without this, a request queued before a 429 asking for an
        hour slept out the block (up to MAX_RETRY_AFTER) on top of its deadline."""
        async def both() -> None:
            await service_limit.wait(failed)
            await origin_limit.wait(failed)

        blocked = max(service_limit.blocked_for(), origin_limit.blocked_for())
        if not (blocked or getattr(service_limit, "interval", 1.0)
                or getattr(origin_limit, "interval", 1.0)):
            return await both()  # no pace, no block: nothing to wait for
        # a block is a wait the host asked for: counted in the run's budget for the host
        host = origin_key(url)
        if blocked and not self.waits().take(host, blocked):
            raise self._budget_spent(url, blocked)
        waiter = asyncio.ensure_future(both())
        try:
            while True:
                done, _ = await asyncio.wait({waiter}, timeout=0.2)
                if done:
                    return waiter.result()
                blocked = max(service_limit.blocked_for(), origin_limit.blocked_for())
                if blocked > min(MAX_RETRY_AFTER, clock.deadline, clock.left()):
                    raise errors.RateLimitedError(
                        f"the host asked to wait {blocked:.0f} s more (Retry-After), longer "
                        "than this request may take", str(url))
                if blocked and not self.waits().take(host, blocked):  # a block set meanwhile
                    raise self._budget_spent(url, blocked)
        finally:
            if not waiter.done():
                waiter.cancel()
                await asyncio.gather(waiter, return_exceptions=True)

    async def _exchange(
        self,
        url: httpx.URL,
        service: str,
        method: str,
        headers: dict[str, str],
        cap: int,
        clock: _Clock,
        jar: ChainCookies,
        service_limit: RateLimiter,
        origin_limit: RateLimiter,
        second_parser: bool = False,
    ) -> tuple[int, dict[str, str], Body]:
        """One request/response on the wire, within the clock's deadline (on httpx's own
        transport with ``second_parser``: see Transports.second_parser)."""
        self.stats["requests"] += 1
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout_at(loop.time() + max(0.0, clock.left())):
                request = httpx.Request(
                    method, url, headers={**self._base_headers, **headers},
                    extensions={"timeout": self._timeout},
                )
                if len(jar):
                    jar.add_header(request)
                clock.phase = "connecting and waiting for the headers"
                transport = (self.transports.second_parser(url) if second_parser else None)
                transport = transport or self.transports.for_url(url)
                response = await transport.handle_async_request(request)
                response.request = request
                try:
                    resp_headers = header_dict(response.headers.raw)
                    if "set-cookie" in resp_headers:
                        jar.extract(response)
                    if method == "HEAD" or cap <= 0:
                        body = Body(b"", False)
                    else:
                        clock.phase = f"HTTP {response.status_code}, reading the body"
                        body = await read_capped(response, cap)
                finally:
                    await response.aclose()
        except (TimeoutError, errors.NetError):
            raise
        except Exception as exc:  # the transport's own errors too (aiohttp's, unmapped)
            self.stats["errors"] += 1
            raise translate(exc, str(url)) from exc
        if not is_loopback(url.host):
            self.last_public_answer = time.monotonic()
        self.refused.forget(origin_key(url))  # it answered: up again
        self.dns_failures.forget(url.host)
        self._learn_limits(response.status_code, resp_headers, service, service_limit,
                           origin_limit)
        return response.status_code, resp_headers, body

    def _learn_limits(
        self,
        status: int,
        headers: dict[str, str],
        service: str,
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
        # A rate-limited service (a catalogue or archive API) is one origin: requests
        # queued behind its pacing must not leave all at once when the block ends. The
        # open web ("web") is many origins: one host's block is that host's alone.
        if service_limit.interval:
            service_limit.block_as(origin_limit)
