"""The worker pool: runs stored jobs through ``pipeline.check``, N at a time, on one shared HTTP layer.

Each worker claims a job from the :class:`~citecheck.service.store.JobStore`
under a lease, reads the input, awaits :func:`citecheck.pipeline.check` (whose
pure stages already run off the event loop, so the API stays responsive)
and stores the Result as JSON. Progress (stage, done/total per stage) is
written to the store as it changes, at most a few times a second, so any
process reading the store can follow it.

Crash safety comes from the lease: a heartbeat renews it while the job
runs; if the process dies (``kill -9``) the lease runs out and the next
claim — by this service restarted, or another — runs the job again. Only
the lease holder can finish a job, so a job finishes once. On shutdown
(SIGTERM) the pool stops claiming, gives running jobs a grace period to
finish, then cancels and re-queues the rest.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from typing import Any

from ..config import RunOptions, Settings
from ..errors import CitecheckError, InputError, ServiceUnavailable
from ..ingest import document_from_bytes
from ..pipeline import Tick, check
from .metrics import Metrics
from .store import JobRecord, JobStore, StoreUnavailable

log = logging.getLogger("citecheck.service")

# what the pipeline calls its stages -> the short names the API and metrics use
STAGE_NAMES = {
    "reading and repairing the text": "analyse",
    "checking links": "links",
    "resolving references": "resolve",
}


class JobProgress:
    """A pipeline ``Progress`` that records stages, counts and durations for one job."""

    def __init__(self, metrics: Metrics | None = None) -> None:
        self.stages: list[dict[str, Any]] = []
        self.metrics = metrics
        self.changed = True
        self._started = 0.0

    def _start(self, description: str, total: int | None) -> dict[str, Any]:
        self.close()
        stage = {"name": STAGE_NAMES.get(description, description), "description": description,
                 "done": 0, "total": total, "seconds": None}
        self.stages.append(stage)
        self._started = time.monotonic()
        self.changed = True
        return stage

    def __call__(self, message: str) -> None:
        self._start(message, None)

    def stage(self, description: str, total: int) -> Tick:
        stage = self._start(description, total)

        def tick() -> None:
            stage["done"] += 1
            self.changed = True
        return tick

    def close(self) -> None:
        """End the current stage: its duration is recorded."""
        if self.stages and self.stages[-1]["seconds"] is None:
            last = self.stages[-1]
            last["seconds"] = round(time.monotonic() - self._started, 3)
            if last["total"] is None:
                last["done"] = last["total"] = 1
            if self.metrics is not None:
                self.metrics.stage_seconds.labels(last["name"]).observe(last["seconds"])
            self.changed = True

    def snapshot(self, notices: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        current = self.stages[-1]["name"] if self.stages else None
        out: dict[str, Any] = {"stage": current, "stages": [dict(s) for s in self.stages]}
        if notices is not None:
            out["notices"] = notices
        return out


def problem(title: str, status: int, detail: str) -> dict[str, Any]:
    return {"type": "about:blank", "title": title, "status": status, "detail": detail}


class JobRunner:
    """N workers claiming jobs from *store*; all share *http* (one HTTP layer per process).

    With ``workers=0`` the process only accepts and serves jobs (an API node in
    front of workers elsewhere that share the store).
    """""

    def __init__(
        self, store: JobStore, http: Any, settings: Settings, *, workers: int = 2,
        lease: float = 30.0, max_attempts: int = 3, job_timeout: float = 1800.0,
        retention: float = 7 * 86400.0, poll: float = 1.0, metrics: Metrics | None = None,
    ) -> None:
        self.store, self.http, self.settings = store, http, settings
        self.workers, self.lease, self.max_attempts = max(0, workers), lease, max_attempts
        self.job_timeout, self.retention, self.poll = job_timeout, retention, poll
        self.metrics = metrics or Metrics()
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}"
        self.running: dict[str, asyncio.Task[None]] = {}
        self.draining = False
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    # -- lifecycle

    def start(self, *, claim: bool = True) -> None:
        """Start the loops: N claiming workers (unless a task queue hands out the jobs:
        ``claim=False``, see :meth:`run_claimed`), the lease heartbeat and the expiry sweep."""
        self._tasks = ([asyncio.create_task(self._worker(i)) for i in range(self.workers)]
                       if claim else [])
        self._tasks.append(asyncio.create_task(self._heartbeat()))
        self._tasks.append(asyncio.create_task(self._sweeper()))

    def wake(self) -> None:
        """A job was submitted: an idle worker claims it now rather than at its next poll."""
        self._wake.set()

    async def submitted(self, job_id: str) -> None:
        """A job was stored: the pool takes it (the task queue's dispatcher enqueues it)."""
        self.wake()

    @property
    def alive(self) -> bool:
        return bool(self._tasks) and not all(t.done() for t in self._tasks)

    async def workers_missing(self) -> str | None:
        """Why queued checks cannot start (see ``QueueDispatcher``): the pool runs in this
        process, so it is never missing while the process serves."""
        return None

    async def drain(self, grace: float) -> None:
        """Stop claiming; let running jobs finish for *grace* seconds; re-queue the rest."""
        self.draining = True
        self._wake.set()
        jobs = list(self.running.values())
        if jobs:
            log.info("waiting up to %.0f s for %d running job(s)", grace, len(jobs))
            _, pending = await asyncio.wait(jobs, timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=10)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def cancel(self, job_id: str) -> None:
        """Stop a job this process runs (it was deleted)."""
        task = self.running.get(job_id)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    # -- loops

    async def _worker(self, index: int) -> None:
        while not self.draining:
            try:
                record = await self.store.claim(self.worker_id, self.lease, self.max_attempts)
            except Exception:  # a locked or unreachable store: try again shortly
                log.exception("claim failed")
                record = None
            if record is None:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), self.poll)
                except TimeoutError:
                    pass
                continue
            if self.draining:  # claimed as shutdown began: give it back at once
                await self.store.release(record.id, self.worker_id)
                break
            task = asyncio.create_task(self._run(record))
            self.running[record.id] = task
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                if not task.done():  # the worker was cancelled, not the job: drain decides
                    await asyncio.gather(task, return_exceptions=True)
                if self.draining:
                    break
            finally:
                self.running.pop(record.id, None)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(max(0.2, self.lease / 3))
            # a store down for a while must not end the loop: the leases of every job this
            # process runs would lapse for good, and other workers take the jobs over
            try:
                if self.running:
                    await self.store.heartbeat(self.worker_id, list(self.running), self.lease)
                counts = await self.store.counts()
            except (StoreUnavailable, OSError) as exc:  # the store's server is away for now
                log.warning("heartbeat failed: %s", exc)
                continue
            except Exception:  # a fault of the code: its traceback, and the loop goes on
                log.exception("heartbeat failed")
                continue
            for state, n in counts.items():
                self.metrics.jobs.labels(state).set(n)

    async def _sweeper(self) -> None:
        while True:
            try:
                removed = await self.store.expire(time.time() - self.retention)
                if removed:
                    log.info("expired %d finished job(s)", removed)
            except Exception:
                log.exception("expiry failed")
            await asyncio.sleep(min(3600.0, max(1.0, self.retention / 10)))

    # -- one job

    async def run_claimed(self, record: JobRecord) -> None:
        """Run a job this worker already claimed (a task queue delivered it), under its lease."""
        task = asyncio.create_task(self._run(record))
        self.running[record.id] = task
        try:
            await task
        finally:
            self.running.pop(record.id, None)

    async def _run(self, record: JobRecord) -> None:
        progress = JobProgress(self.metrics)
        flusher = asyncio.create_task(self._flush(record.id, progress))
        state, result, error, notices = "failed", None, None, None
        try:
            stored = await self.store.get_input(record.id)
            if stored is None:
                return  # deleted meanwhile
            name, data = stored
            options = RunOptions.model_validate(record.options)
            document = await asyncio.to_thread(document_from_bytes, data, name, self.settings)
            async with asyncio.timeout(self.job_timeout):
                outcome = await check(document, options, http=self.http, settings=self.settings,
                                      progress=progress)
            progress.close()
            result = await asyncio.to_thread(outcome.model_dump_json)
            notices = [n.model_dump() for n in outcome.report.notices]
            state = "done"
        except asyncio.CancelledError:
            flusher.cancel()
            if self.draining:
                await asyncio.shield(self.store.release(record.id, self.worker_id))
            raise
        except StoreUnavailable:
            raise  # not the check's fault: the job stays leased and is run again later
        except TimeoutError:
            error = problem("Check took too long", 504,
                            f"the check did not finish within {self.job_timeout:.0f} s")
        except InputError as exc:  # the document's own fault: no bibliography, unreadable
            error = problem("Document not checked", 422, str(exc))
        except ServiceUnavailable as exc:  # something the check needs is away (shared limits, …)
            error = problem("Service unavailable", 503, f"{exc}; the document was not "
                            "checked: submit it again later")
        except CitecheckError as exc:  # the service's own settings or output: not temporary
            log.error("job %s failed: %s", record.id, exc)
            error = problem("Check failed", 500, str(exc))
        except Exception:
            log.exception("job %s failed", record.id)
            error = problem("Internal error", 500, "the check failed unexpectedly; "
                            "the operator's log has the details")
        finally:
            if not flusher.done():
                flusher.cancel()
        finished = await self._finish(record.id, state, result, error, progress.snapshot(notices))
        if finished:
            self.metrics.jobs_finished.labels(state).inc()

    async def _finish(self, job_id: str, state: str, result: str | None,
                      error: dict[str, Any] | None, progress: dict[str, Any]) -> bool:
        """Store the outcome; while the store is unreachable, keep trying for a while (the
        heartbeat keeps the lease), so a check that ended during a database outage is not
        lost and run again; past that the job is left to be run again."""
        end = time.monotonic() + max(60.0, 4 * self.lease)
        while True:
            try:
                return await self.store.finish(job_id, self.worker_id, state,  # type: ignore[arg-type]
                                               result=result, error=error, progress=progress)
            except StoreUnavailable as exc:
                if time.monotonic() > end:
                    raise
                log.warning("job %s: cannot store its outcome yet (%s); retrying", job_id, exc)
                await asyncio.sleep(2.0)

    async def _flush(self, job_id: str, progress: JobProgress) -> None:
        while True:
            if progress.changed:
                progress.changed = False
                try:
                    await self.store.update(job_id, self.worker_id, progress.snapshot())
                except Exception:
                    log.exception("progress update failed")
            await asyncio.sleep(0.5)
