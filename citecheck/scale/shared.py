"""The HTTP layer of a scaled-out process: shared cache in PostgreSQL, shared limits in Redis."""

from __future__ import annotations

from typing import Any

from ..config import Settings


async def shared_http_layer(settings: Settings, queue_url: str | None,
                            redis_url: str | None, *, allow: list[str] | None = None,
                            guard: bool = True, metrics: Any = None) -> Any:
    """An HttpLayer whose response cache (PostgreSQL) and limits (Redis) all workers share.

    Without a queue URL or a Redis URL that part stays local to the process
    (the SQLite cache, in-process limits), as in the embedded service. A worker
    fetches the URLs in documents strangers submitted, so its connections go
    through the service's address policy (*allow*: ``CITECHECK_SERVE_ALLOW``),
    verified before any job runs; ``guard=False`` only for a trusted library use.
    """
    from ..service.app import service_http_layer, verify_guard

    cache = limits = None
    if queue_url:
        from .pgcache import PostgresResponseCache

        cache = PostgresResponseCache(queue_url)
    if redis_url:
        from .redislimits import RedisLimits, connect

        client = None
        try:
            client = connect(redis_url)
            await client.ping()
        except Exception as exc:  # the operator's setting to fix: one line, exit 2
            from ..errors import ConfigError

            if client is not None:
                await client.aclose()
            raise ConfigError(f"cannot reach Redis at {redis_url!r}: {exc}") from None
        # a slot outlives any request: the deadline bounds every request and its retries
        limits = RedisLimits(client, lease=settings.deadline + 30)
    # the same layer as `serve` builds (proxies, address policy, counting), its cache and
    # limits shared
    layer = service_http_layer(settings, allow or [], guard=guard, cache=cache, limits=limits,
                               metrics=metrics)
    if guard:
        await verify_guard(layer, allow or [])
    return layer
