"""Politeness across workers: limiters and slots shared through a real Redis.

Two limiter objects with the same name stand for two worker processes: their
request starts together keep the rate, a Retry-After one learns holds the
other back, a slower rate one learns slows the other, and at most N requests
are in flight across both. A slot whose holder died comes back after its lease.
"""

from __future__ import annotations

import asyncio
import time

from citecheck.scale.redislimits import RedisRateLimiter, RedisSlots
from services import redis_client  # noqa: F401  (fixture)


async def test_two_workers_together_keep_the_rate(redis_client) -> None:
    prefix = redis_client.test_prefix
    a = RedisRateLimiter(redis_client, "crossref", 20.0, prefix=prefix)
    b = RedisRateLimiter(redis_client, "crossref", 20.0, prefix=prefix)
    starts: list[float] = []

    async def go(limiter: RedisRateLimiter) -> None:
        await limiter.wait()
        starts.append(time.monotonic())

    t0 = time.monotonic()
    await asyncio.gather(*(go(a if i % 2 else b) for i in range(20)))
    starts.sort()
    # 20 starts at 20/s: the last no earlier than 19 intervals after the first
    assert starts[-1] - t0 >= 19 * 0.05 * 0.95
    gaps = [y - x for x, y in zip(starts, starts[1:])]
    assert min(gaps) >= 0.05 * 0.6  # spaced, not bunched (sleep granularity allowed for)


async def test_a_block_learned_by_one_holds_the_other(redis_client) -> None:
    prefix = redis_client.test_prefix
    a = RedisRateLimiter(redis_client, "openlibrary", None, prefix=prefix)
    b = RedisRateLimiter(redis_client, "openlibrary", None, prefix=prefix)
    a.block_for(0.5)  # a 429 with Retry-After: 0.5 seen by worker a
    await a.flush()
    t0 = time.monotonic()
    await b.wait()
    assert time.monotonic() - t0 >= 0.4
    await b.refresh()
    assert b.blocked_for() >= 0  # b's own view learned the block too


async def test_a_slower_rate_learned_by_one_slows_the_other(redis_client) -> None:
    prefix = redis_client.test_prefix
    a = RedisRateLimiter(redis_client, "svc", 100.0, prefix=prefix)
    b = RedisRateLimiter(redis_client, "svc", 100.0, prefix=prefix)
    a.tighten(0.2)  # X-Rate-Limit-Limit: 5 / X-Rate-Limit-Interval: 1s
    await a.flush()
    await b.refresh()
    assert b.interval == 0.2
    t0 = time.monotonic()
    for _ in range(3):
        await b.wait()
    assert time.monotonic() - t0 >= 0.35


async def test_slots_cap_requests_in_flight_across_workers(redis_client) -> None:
    prefix = redis_client.test_prefix
    a = RedisSlots(redis_client, "crossref", 3, prefix=prefix)
    b = RedisSlots(redis_client, "crossref", 3, prefix=prefix)
    now = peak = 0

    async def request(slots: RedisSlots) -> None:
        nonlocal now, peak
        async with slots:
            now += 1
            peak = max(peak, now)
            await asyncio.sleep(0.05)
            now -= 1

    await asyncio.gather(*(request(a if i % 2 else b) for i in range(12)))
    assert peak == 3


async def test_a_dead_holders_slot_comes_back_after_its_lease(redis_client) -> None:
    prefix = redis_client.test_prefix
    dead = RedisSlots(redis_client, "host", 1, prefix=prefix, lease=0.3)
    await dead.acquire()  # taken, never released: the worker was killed
    alive = RedisSlots(redis_client, "host", 1, prefix=prefix, lease=0.3)
    t0 = time.monotonic()
    await asyncio.wait_for(alive.acquire(), 3)
    assert time.monotonic() - t0 >= 0.2


async def test_two_layers_sharing_redis_hold_one_origins_concurrency(redis_client, tmp_path) -> None:
    """Two HttpLayers (two workers) with RedisLimits: a web host sees at most its slots."""
    import threading

    from citecheck.config import Settings
    from citecheck.net import HttpLayer
    from citecheck.scale.redislimits import RedisLimits
    from loopback import Handler, serve

    lock, now, peak = threading.Lock(), [0], [0]

    def slow(h: Handler) -> None:
        with lock:
            now[0] += 1
            peak[0] = max(peak[0], now[0])
        time.sleep(0.1)
        with lock:
            now[0] -= 1
        h.reply(200, b"ok")

    limits = RedisLimits(redis_client, prefix=redis_client.test_prefix)
    with serve({}, fallback=slow) as site:
        layers = [HttpLayer(Settings(cache_dir=tmp_path / f"c{i}", host_concurrency=2),
                            limits=limits) for i in range(2)]
        try:
            await asyncio.gather(*(layers[i % 2].fetch(f"http://127.0.0.1:{site.port}/p{i}",
                                                       cache=False) for i in range(10)))
        finally:
            for layer in layers:
                await layer.aclose()
    assert peak[0] == 2  # not 2 per layer


async def test_redis_gone_stops_the_request_with_the_reason_never_a_verdict() -> None:
    import pytest
    import redis.asyncio as aioredis

    from citecheck.scale.redislimits import RedisRateLimiter, SharedLimitsUnavailable

    client = aioredis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.5)  # nothing there
    limiter = RedisRateLimiter(client, "crossref", 3.0)
    with pytest.raises(SharedLimitsUnavailable, match="unreachable"):
        await limiter.wait()
    await client.aclose()
