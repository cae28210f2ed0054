"""Politeness across the cluster: rate limiters and concurrency slots shared through Redis.

Each worker process paces its requests with the same interface as the
in-process limiter (:class:`citecheck.net.limits.RateLimiter`), but the state
lives in Redis, so every worker together keeps a catalogue's published rate,
and a ``Retry-After`` or ``X-Rate-Limit-*`` one worker learns is honoured by
all. Times come from the Redis server's clock (``TIME`` inside the scripts),
so workers on machines with skewed clocks still agree.

* :class:`RedisRateLimiter` — minimum spacing between request starts for one
  name (a catalogue, an origin), plus a shared "not before" time. A Lua script
  reserves the next start atomically; the caller sleeps until it.
* :class:`RedisSlots` — at most N requests in flight for one name across the
  cluster (Crossref's 3, a web host's patience): a sorted set of leases, so a
  worker killed while holding a slot frees it when the lease runs out.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from collections.abc import Awaitable
from typing import Any

from ..errors import ServiceUnavailable


class SharedLimitsUnavailable(ServiceUnavailable):
    """Redis, where the cluster's limits live, did not answer: no request may go out unpaced,
    so the check stops with this reason (never a wrong verdict about a link or a work)."""


async def _redis(call: Awaitable[Any]) -> Any:
    from redis.exceptions import RedisError

    try:
        return await call
    except RedisError as exc:
        raise SharedLimitsUnavailable(f"the shared rate limits (Redis) are unreachable: {exc}") from None

# Start now if the name's turn has come, else say how long until it does. A turn is taken
# at the moment of starting (the next one is an interval after this *actual* start), so a
# worker that wakes late never lets the next start follow it closer than the interval.
# KEYS: next, interval, blocked. ARGV: configured interval (s), key lifetime (s).
# Returns 0 (started) or the seconds to wait before asking again.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = math.max(tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[2]) or '0'))
local start = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'),
                       tonumber(redis.call('GET', KEYS[3]) or '0'))
if start > now then
  return tostring(start - now)
end
if interval > 0 then
  redis.call('SET', KEYS[1], tostring(now + interval), 'EX', tonumber(ARGV[2]))
end
return '0'
"""

# Raise a shared value to at least ARGV[1] (+ now when ARGV[3] == '1'). KEYS: the value.
_RAISE = """
local value = tonumber(ARGV[1])
if ARGV[3] == '1' then
  local t = redis.call('TIME')
  value = value + tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
if value > old then
  redis.call('SET', KEYS[1], tostring(value), 'EX', tonumber(ARGV[2]))
  return tostring(value)
end
return tostring(old)
"""

# Take a slot if fewer than ARGV[1] leases are live. KEYS: the lease set.
# ARGV: limit, token, lease seconds. Returns 1 when taken.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])) + 60)
  return 1
end
return 0
"""

def connect(url: str, *, connections: int = 64) -> Any:
    """A Redis client whose requests wait for one of *connections* connections (never fail
    for lack of one: hundreds of requests may be waiting for their turn at once)."""
    import redis.asyncio as aioredis

    pool = aioredis.BlockingConnectionPool.from_url(url, max_connections=connections, timeout=60)
    return aioredis.Redis(connection_pool=pool)


KEY_TTL = 3600  # seconds a learned interval or block is remembered without new evidence
REFRESH_SECONDS = 1.0  # how stale an unpaced limiter's view of shared blocks may be


class RedisRateLimiter:
    """A rate limiter whose spacing and blocks are shared by every process using *name*."""

    def __init__(self, client: Any, name: str, per_second: float | None, *,
                 prefix: str = "citecheck:") -> None:
        self.client = client
        self.configured = 1.0 / per_second if per_second else 0.0
        self._interval = self.configured
        self._blocked_until = 0.0  # this process's view, in time.time()
        base = f"{prefix}rate:{name}:"
        self.keys = [base + "next", base + "interval", base + "blocked"]
        self._take = client.register_script(_TAKE)
        self._raise = client.register_script(_RAISE)
        self._pending: set[asyncio.Task[Any]] = set()
        self._refreshed = 0.0

    @property
    def interval(self) -> float:
        return self._interval

    @property
    def blocked_until(self) -> float:
        return self._blocked_until

    async def wait(self, abort: asyncio.Event | None = None) -> None:
        """Sleep until this request may start (its turn across the cluster), or until *abort*."""
        if not self.configured and not self._interval:
            # not paced (a web origin): only what a server said counts, read at most once
            # a second from Redis instead of a round trip for every request
            now = time.monotonic()
            if now - self._refreshed > REFRESH_SECONDS:
                self._refreshed = now
                await self.refresh()
            if not self._interval and self.blocked_for() <= 0:
                return
        while True:
            delay = float(await _redis(self._take(keys=self.keys, args=[self._interval, KEY_TTL])))
            if delay <= 0:
                return
            # many waiters wake for one turn: spread them so they do not all ask at once
            delay += random.uniform(0, min(0.05, self._interval or 0.05))
            if abort is None:
                await asyncio.sleep(delay)
                continue
            try:
                await asyncio.wait_for(abort.wait(), delay)
                return  # aborted (the host failed): the caller finds out why
            except TimeoutError:
                pass

    def tighten(self, interval: float) -> None:
        """A server said to go slower: every process sharing the name slows down."""
        if interval > self._interval:
            self._interval = interval
            self._push(self.keys[1], interval, relative=False)

    def block_for(self, seconds: float) -> None:
        """A server said to wait (Retry-After): no process starts a request before then."""
        self.block_until(time.time() + seconds)
        self._push(self.keys[2], seconds, relative=True)

    def block_until(self, when: float) -> None:
        self._blocked_until = max(self._blocked_until, when)

    def block_as(self, other: Any) -> None:
        """Wait at least as long as *other* does (its Retry-After is this one's too)."""
        seconds = other.blocked_for()
        if seconds > 0:
            self.block_for(seconds)

    def blocked_for(self) -> float:
        return max(0.0, self._blocked_until - time.time())

    async def refresh(self) -> None:
        """Read what other processes learned (interval, block) into this process's view."""
        interval, blocked = await _redis(self.client.mget(self.keys[1], self.keys[2]))
        if interval is not None:
            self._interval = max(self.configured, float(interval))
        if blocked is not None:
            redis_now = await _redis(self.client.time())
            left = float(blocked) - (redis_now[0] + redis_now[1] / 1e6)
            self._blocked_until = max(self._blocked_until, time.time() + left)

    def _push(self, key: str, value: float, *, relative: bool) -> None:
        task = asyncio.get_running_loop().create_task(
            self._raise(keys=[key], args=[value, KEY_TTL, "1" if relative else "0"]))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def flush(self) -> None:
        """Wait for what this process told Redis to be written."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)


class RedisSlots:
    """At most *limit* holders at once across the cluster (``async with slots:``).

    A slot is a lease of *lease* seconds: longer than any request may take (the
    request deadline bounds it), so a live holder never loses it, and a killed
    worker's slot comes back when the lease runs out.
    """

    def __init__(self, client: Any, name: str, limit: int, *, lease: float = 120.0,
                 prefix: str = "citecheck:", poll: float = 0.02) -> None:
        self.client, self.limit, self.lease, self.poll = client, limit, lease, poll
        self.key = f"{prefix}slots:{name}"
        self._acquire = client.register_script(_ACQUIRE)
        # the tokens each task holds (``async with`` pairs enter and exit in one task)
        self._held: dict[asyncio.Task[Any] | None, list[str]] = {}

    async def acquire(self) -> str:
        token = secrets.token_hex(8)
        delay = self.poll
        while not await _redis(self._acquire(keys=[self.key], args=[self.limit, token, self.lease])):
            await asyncio.sleep(delay * (0.5 + random.random()))
            delay = min(0.25, delay * 1.5)
        return token

    async def release(self, token: str) -> None:
        await _redis(self.client.zrem(self.key, token))

    async def __aenter__(self) -> str:
        token = await self.acquire()
        self._held.setdefault(asyncio.current_task(), []).append(token)
        return token

    async def __aexit__(self, *exc: object) -> None:
        task = asyncio.current_task()
        tokens = self._held[task]
        token = tokens.pop()
        if not tokens:
            del self._held[task]
        await asyncio.shield(self.release(token))


class RedisLimits:
    """A limits provider for :class:`citecheck.net.HttpLayer` whose state every worker shares.

    The same two methods as :class:`citecheck.net.limits.LocalLimits`: ``slots``
    (requests in flight per origin, so Crossref's 3 and a web host's patience
    hold for the whole cluster) and ``rate`` (request starts per service or
    origin, with what servers said about their limits).
    """

    def __init__(self, client: Any, *, prefix: str = "citecheck:", lease: float = 120.0) -> None:
        self.client, self.prefix, self.lease = client, prefix, lease

    def slots(self, name: str, limit: int) -> RedisSlots:
        return RedisSlots(self.client, name, limit, lease=self.lease, prefix=self.prefix)

    def rate(self, name: str, per_second: float | None) -> RedisRateLimiter:
        return RedisRateLimiter(self.client, name, per_second, prefix=self.prefix)
