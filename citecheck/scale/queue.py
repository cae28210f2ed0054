"""The task queue: procrastinate on PostgreSQL hands jobs to ``citecheck worker`` processes.

Why procrastinate: the jobs, their inputs and results already live in
PostgreSQL, so the queue lives there too — a submission and its queue entry
are one database, with no second system to lose a job between them. It is
asyncio-native (the pipeline is async), acknowledges a job only when its
task returns, records worker heartbeats so the jobs of a dead worker are found
and retried (:func:`recover_stalled`), retries with a strategy, and its
queue is plain SQL tables (``procrastinate_jobs``) any operator can inspect.

A delivered task names a job id; the worker claims that job in the
:class:`~citecheck.scale.pgstore.PostgresJobStore` under a lease before it
runs, so a job redelivered while its first worker still lives waits for the
lease, and only the lease holder can store a result: no job finishes twice
with different results.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

import procrastinate
import procrastinate.exceptions
import psycopg

from ..service.store import StoreUnavailable
from .db import conninfo

log = logging.getLogger("citecheck.worker")

QUEUE = "citecheck"
TASK = "citecheck.run_check"


class LeaseHeld(Exception):
    """The job is leased by a worker that may still be alive: try again after the lease."""


def make_app(url: str) -> procrastinate.App:
    """The procrastinate app on *url*, with citecheck's one task registered."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))

    @app.task(name=TASK, queue=QUEUE, pass_context=True,
              retry=procrastinate.RetryStrategy(max_attempts=20, wait=2,
                                                retry_exceptions={LeaseHeld,
                                                                  StoreUnavailable}))
    async def run_check(context: procrastinate.JobContext, job_id: str) -> None:
        worker: Worker = context.additional_context["citecheck"]
        await worker.run(job_id)

    return app


async def enqueue(app: procrastinate.App, job_id: str) -> None:
    """Hand *job_id* to the workers (one queue entry per job: a queueing lock)."""
    try:
        await app.configure_task(TASK, queueing_lock=job_id).defer_async(job_id=job_id)
    except procrastinate.exceptions.AlreadyEnqueued:
        pass  # a retried submission: the job is already waiting


async def recover_stalled(app: procrastinate.App, seconds_since_heartbeat: float) -> int:
    """Put the jobs of workers that stopped sending heartbeats (killed) back in the queue."""
    stalled = await app.job_manager.get_stalled_jobs(
        queue=QUEUE, seconds_since_heartbeat=seconds_since_heartbeat)
    n = 0
    for job in stalled:
        assert job.id is not None
        await app.job_manager.retry_job_by_id_async(job.id, retry_at=dt.datetime.now(dt.UTC))
        n += 1
    if n:
        log.warning("re-queued %d job(s) of stalled workers", n)
    return n


async def requeue_orphans(app: procrastinate.App, store: Any, *, grace: float = 30.0) -> int:
    """Queue again the jobs the queue lost track of (see ``PostgresJobStore.orphans``).

    A job queued more than *grace* seconds ago, or running under an expired lease,
    with no queue entry to run it, would otherwise stay 'queued' or 'running' for
    ever. Queueing one that is in fact being handled is harmless: the delivery
    claims it under the lease, so it never runs twice at once nor finishes twice.
    """
    import time

    n = 0
    for job_id in await store.orphans(time.time() - grace):
        await enqueue(app, job_id)
        n += 1
    if n:
        log.warning("re-queued %d job(s) the queue had lost (a database outage)", n)
    return n


class Worker:
    """What a worker process shares across its tasks: the store and the job runner."""

    def __init__(self, store: Any, runner: Any) -> None:
        self.store, self.runner = store, runner

    async def run(self, job_id: str) -> None:
        record = await self.store.claim_job(job_id, self.runner.worker_id, self.runner.lease,
                                            self.runner.max_attempts)
        if record is None:
            current = await self.store.get(job_id)
            if current is None or current.state in ("done", "failed"):
                return  # deleted, or finished by another delivery: nothing to do
            raise LeaseHeld(job_id)  # running elsewhere under a live lease
        try:
            await self.runner.run_claimed(record)
        except asyncio.CancelledError:
            # stopped by the worker's shutdown (past its grace period): the job goes back to
            # the queue at once rather than when its lease runs out, with no attempt counted
            await asyncio.shield(self.store.release(job_id, self.runner.worker_id))
            raise


async def run_worker(
    url: str, store: Any, runner: Any, *, concurrency: int, heartbeat: float = 2.0,
    stalled_after: float = 8.0, stop: asyncio.Event | None = None, grace: float | None = 30.0,
) -> None:
    """Run procrastinate's worker on the citecheck queue until *stop* is set (or a signal).

    On stopping, running jobs get *grace* seconds to finish; the rest are cancelled and
    put back in the queue (``None``: wait for them however long they take).
    """
    app = make_app(url)
    worker = Worker(store, runner)
    async with app.open_async():
        async def recovery() -> None:
            while True:
                try:
                    await recover_stalled(app, stalled_after)
                    await requeue_orphans(app, store, grace=max(stalled_after, 10.0))
                except (StoreUnavailable, OSError, psycopg.OperationalError,
                        procrastinate.exceptions.ConnectorException) as exc:
                    # the database is down: try again at the next round
                    log.warning("stalled-job recovery failed: %s", exc)
                except Exception:  # a fault of the code: its traceback, and the loop goes on
                    log.exception("stalled-job recovery failed")
                await asyncio.sleep(stalled_after / 2)

        recovering = asyncio.create_task(recovery())
        running = asyncio.create_task(app.run_worker_async(
            queues=[QUEUE], concurrency=concurrency, update_heartbeat_interval=heartbeat,
            stalled_worker_timeout=stalled_after, additional_context={"citecheck": worker},
            install_signal_handlers=stop is None, delete_jobs="successful",
            shutdown_graceful_timeout=grace))
        waiters = [running] + ([asyncio.create_task(stop.wait())] if stop else [])
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            recovering.cancel()
            for task in waiters:
                task.cancel()
            await asyncio.gather(recovering, *waiters, return_exceptions=True)


class QueueDispatcher:
    """The API side of the queue: what the embedded worker pool is to ``citecheck serve``.

    Submissions are stored in PostgreSQL and queued for the workers; the API
    process runs no check itself. It keeps the job gauges current and expires
    finished jobs, like the pool does.
    """

    def __init__(self, url: str, store: Any, app: procrastinate.App, metrics: Any,
                 retention: float, worker_stale: float = 30.0) -> None:
        from prometheus_client import Gauge

        self.url, self.store, self.app, self.metrics = url, store, app, metrics
        self.retention, self.worker_stale = retention, worker_stale
        self._task: asyncio.Task[None] | None = None
        self._seen: tuple[float, float | None] | None = None  # (when asked, the answer)
        self.worker_gauge = Gauge(
            "citecheck_worker_heartbeat_age_seconds", "seconds since a queue worker last sent "
            "its heartbeat (+Inf: none registered)", registry=metrics.registry)

    @classmethod
    async def open(cls, url: str, metrics: Any, *, retention: float,
                   worker_stale: float = 30.0) -> QueueDispatcher:
        from .db import upgrade
        from .pgstore import PostgresJobStore

        await asyncio.to_thread(upgrade, url)
        store = await PostgresJobStore(url).open()
        app = make_app(url)
        await app.open_async()
        return cls(url, store, app, metrics, retention, worker_stale)

    def start(self) -> None:
        self._task = asyncio.create_task(self._housekeeping())

    @property
    def alive(self) -> bool:
        return self._task is not None and not self._task.done()

    async def worker_age(self) -> float | None:
        """Seconds since any worker's heartbeat (None: none registered); asked of the
        database at most every 2 s, however often pages and streams ask."""
        import time

        now = time.monotonic()
        if self._seen is None or now - self._seen[0] > 2.0:
            age = await self.store.worker_age()
            self._seen = (now, age)
            self.worker_gauge.set(float("inf") if age is None else age)
        return self._seen[1]

    async def workers_missing(self) -> str | None:
        """Why queued checks cannot start now ("no worker seen in 45 s"), or None while a
        worker's heartbeat is fresher than ``worker_stale`` seconds. A database that does not
        answer is not said here: the store's own errors say it."""
        try:
            age = await self.worker_age()
        except Exception as exc:  # the store is away: /readyz and the routes report that
            log.debug("worker heartbeat not read: %s", exc)
            return None
        if age is None:
            return "no worker has been seen"
        if age > self.worker_stale:
            return f"no worker seen in {age:.0f} s"
        return None

    async def submitted(self, job_id: str) -> None:
        try:
            await enqueue(self.app, job_id)
        except procrastinate.exceptions.ConnectorException:
            # the job is stored (accepted); a worker's reconciliation queues it once the
            # database answers again (requeue_orphans), so the submission still succeeds
            log.warning("job %s stored but not queued (database unreachable); "
                        "a worker will queue it", job_id)

    def wake(self) -> None:  # the pool's interface; the queue notifies workers itself
        pass

    async def cancel(self, job_id: str) -> None:
        """A deleted job: a worker running it finds its row gone and stores nothing."""

    async def drain(self, grace: float) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.app.close_async()

    async def _housekeeping(self) -> None:
        import time

        while True:
            try:
                for state, n in (await self.store.counts()).items():
                    self.metrics.jobs.labels(state).set(n)
                await self.store.expire(time.time() - self.retention)
                await self.worker_age()  # the gauge stays current between requests
            except Exception:
                log.exception("housekeeping failed")
            await asyncio.sleep(5)
