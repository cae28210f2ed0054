"""`citecheck worker --queue URL`: one worker process of the scaled-out service.

It brings the database schema up to date, then runs jobs the task queue
hands it, N at a time, on one HTTP layer whose response cache is the shared
PostgreSQL table and whose rate limits and concurrency slots are shared
through Redis (``--redis``), so every worker together keeps each catalogue's
and each web host's limits. SIGTERM or Ctrl-C: stop taking jobs, let running
ones finish for the grace period, re-queue the rest, exit.
"""

from __future__ import annotations

import asyncio
import logging

from ..config import Settings


async def run(
    queue_url: str, settings: Settings, *, concurrency: int, redis_url: str | None = None,
    lease: float = 30.0, heartbeat: float = 5.0, stalled_after: float = 30.0,
    grace: float = 30.0, allow: list[str] | None = None,
) -> int:
    from ..service.jobs import JobRunner
    from .db import upgrade
    from .pgstore import PostgresJobStore
    from .queue import run_worker
    from .shared import shared_http_layer

    logging.basicConfig(level=logging.INFO, format="citecheck worker: %(message)s")
    await asyncio.to_thread(upgrade, queue_url)
    store = await PostgresJobStore(queue_url).open()
    http = await shared_http_layer(settings, queue_url, redis_url, allow=allow)
    runner = JobRunner(store, http, settings, workers=concurrency, lease=lease)
    runner.start(claim=False)
    try:
        await run_worker(queue_url, store, runner, concurrency=concurrency,
                         heartbeat=heartbeat, stalled_after=stalled_after, grace=grace)
    finally:
        await runner.drain(grace)
        await http.aclose()
        await store.close()
    return 0
