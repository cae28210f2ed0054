"""The HTTP layer of a scaled-out process: shared cache in PostgreSQL, shared limits in Redis."""

from __future__ import annotations

from typing import Any

from ..config import Settings


async def shared_http_layer(settings: Settings, queue_url: str | None,
                            redis_url: str | None) -> Any:
    """An HttpLayer whose response cache (PostgreSQL) and limits (Redis) all workers share.

    Without a queue URL or a Redis URL that part stays local to the process
    (the SQLite cache, in-process limits), as in the embedded service.
    """
    from ..net import HttpLayer

    cache = limits = None
    if queue_url:
        from .pgcache import PostgresResponseCache

        cache = PostgresResponseCache(queue_url)
    if redis_url:
        from .redislimits import RedisLimits, connect

        client = connect(redis_url)
        await client.ping()
        # a slot outlives any request: the deadline bounds every request and its retries
        limits = RedisLimits(client, lease=settings.deadline + 30)
    return HttpLayer(settings, cache=cache, limits=limits)
