"""Limits that hold across every run sharing one HttpLayer.

Rate limiters (requests a second per service, ``Retry-After`` blocks per
origin), the hints servers give about their limits, jittered backoff, the
memory of host names that did not resolve (it expires, so a long-lived
layer rechecks them) and :class:`Budget`, a monotonic deadline that a request
or a whole run spends.
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import random
import re
import time

from .. import errors

# Requests in flight a service allows at once, where it publishes a number:
# (with a contact address, without). Crossref: 3 in the polite pool, 1 in the
# public pool (its published limits since December 2025).
SERVICE_CONCURRENCY: dict[str, tuple[int, int]] = {"crossref": (3, 1)}
# The default rate of a service whose public pool (no contact address) is slower than
# the polite one the default assumes; a rate the user configured is kept as given.
PUBLIC_POOL_RATE: dict[str, float] = {"crossref": 1.0}
# A Retry-After longer than this is not waited out: the 429/503 is returned
# (links.py reports it as rate-limited) instead of stalling the request.
MAX_RETRY_AFTER = 60.0
MAX_BACKOFF = 30.0
# How long a host name that did not resolve is remembered as such.
DNS_FAILURE_TTL = 300.0
# How long an origin that refused every attempt of a request is remembered as down.
REFUSED_TTL = 30.0


class Budget:
    """A point in (monotonic) time after which work stops; ``None`` seconds: no limit."""

    def __init__(self, seconds: float | None, *, reason: str = "") -> None:
        self.seconds = seconds
        self.reason = reason
        self.ends = math.inf if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self.ends - time.monotonic())

    @property
    def spent(self) -> bool:
        return time.monotonic() >= self.ends

    def timeout(self) -> float | None:
        """Seconds left for ``asyncio.timeout``/``wait_for``, or None when unbounded."""
        return None if self.ends == math.inf else self.remaining()


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
    rng = rng or random  # type: ignore[assignment]
    return min(MAX_BACKOFF, base * (2**attempt) * (0.5 + rng.random()))  # type: ignore[union-attr]


class RateLimiter:
    """Minimum spacing between request starts, plus a 'not before' time.

    ``interval`` comes from the configured requests/second and can be made
    stricter by rate-limit headers; ``blocked_until`` from Retry-After.
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

    def block_as(self, other: RateLimiter) -> None:
        """Wait at least as long as *other* does (its Retry-After is this one's too)."""
        self.block_for(other.blocked_for())

    def blocked_for(self) -> float:
        return max(0.0, self.blocked_until - time.monotonic())


class WaitBudget:
    """How long hosts that ask to wait may hold one run back: per host and in all.

    A wait is time a request is held back because its host asked for it: a Retry-After
    block it queues behind, the pause before a retry. Waits for one host that overlap in
    time (a dozen requests queued behind one block) count once, so what is bounded is how
    long the host holds the run back, not how many requests waited. A wait that would
    pass the host's budget or the run's is not made (:meth:`take` says False): the request
    goes without it, or is not sent at all. Without this bound a host answering 429 for
    ever cost each of its links a retry cycle, one after the other.
    """

    def __init__(self, per_host: float, per_run: float) -> None:
        self.per_host = per_host
        self.per_run = per_run
        self.spent = 0.0
        self._hosts: dict[str, tuple[float, float]] = {}  # host -> (spent, counted until)

    def host_spent(self, host: str) -> float:
        return self._hosts.get(host, (0.0, 0.0))[0]

    def _new(self, host: str, seconds: float, now: float) -> float:
        """The part of a wait of *seconds* from *now* not counted already for *host*."""
        until = self._hosts.get(host, (0.0, 0.0))[1]
        return max(0.0, now + seconds - max(now, until))

    def fits(self, host: str, seconds: float) -> bool:
        """Whether a wait of *seconds* from now for *host* is within both budgets."""
        new = self._new(host, seconds, time.monotonic())
        return new <= 1e-6 or new <= min(self.per_host - self.host_spent(host),
                                         self.per_run - self.spent)

    def take(self, host: str, seconds: float) -> bool:
        """Count a wait of *seconds* from now for *host*; False (nothing counted) when it
        passes what is left of the host's budget or the run's."""
        now = time.monotonic()
        new = self._new(host, seconds, now)
        if new <= 1e-6:
            return True
        spent, until = self._hosts.get(host, (0.0, 0.0))
        if new > min(self.per_host - spent, self.per_run - self.spent):
            return False
        self._hosts[host] = (spent + new, max(until, now + seconds))
        self.spent += new
        return True

    def why(self, host: str) -> str:
        """Which budget is spent, in words (for the evidence)."""
        if self.per_run - self.spent <= self.per_host - self.host_spent(host):
            return (f"the waiting this run allows for all hosts together (max_run_wait "
                    f"{self.per_run:g} s) is spent")
        return f"the waiting this run allows for the host (max_host_wait {self.per_host:g} s) is spent"


class LocalLimits:
    """Where an HttpLayer gets its limiters: in this process (the default).

    ``slots(name, n)`` bounds requests in flight for one name (an origin),
    ``rate(name, per_second)`` paces request starts for one name (a service,
    an origin). A cluster of workers passes a provider with the same two
    methods whose state is shared (``citecheck.scale.redislimits.RedisLimits``),
    so the limits hold for all the workers together.
    """

    def slots(self, name: str, limit: int) -> asyncio.Semaphore:
        return asyncio.Semaphore(limit)

    def rate(self, name: str, per_second: float | None) -> RateLimiter:
        return RateLimiter(per_second)


class HostFailures:
    """Failures remembered for ``ttl`` seconds, by host name (DNS) or origin (refused).

    Later requests to such a host fail at once instead of queueing behind a
    rate limit; requests already queued are woken by the key's event.
    """

    def __init__(self, ttl: float = DNS_FAILURE_TTL) -> None:
        self.ttl = ttl
        self._failed: dict[str, tuple[errors.NetError, float]] = {}
        self._events: dict[str, asyncio.Event] = {}

    def wake(self, prefix: str) -> None:
        """Wake the requests queued under every key starting with *prefix*."""
        for key in [k for k in self._events if k.startswith(prefix)]:
            self._events.pop(key).set()  # queued requests wake; later ones get a new event

    def get(self, host: str) -> errors.NetError | None:
        entry = self._failed.get(host)
        if entry is None:
            return None
        if time.monotonic() >= entry[1]:
            del self._failed[host]
            self._events.pop(host, None)
            return None
        return entry[0]

    def add(self, host: str, exc: errors.NetError) -> None:
        self._failed[host] = (exc, time.monotonic() + self.ttl)
        event = self._events.pop(host, None)
        if event is not None:
            event.set()  # queued requests wake; later ones get a new event

    def forget(self, host: str) -> None:
        if self._failed:
            self._failed.pop(host, None)

    def event(self, host: str) -> asyncio.Event:
        ev = self._events.get(host)
        if ev is None:
            ev = self._events[host] = asyncio.Event()
        return ev
