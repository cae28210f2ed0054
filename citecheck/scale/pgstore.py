"""The service's JobStore in PostgreSQL: the same contract as the SQLite store, shared by workers.

Every method keeps the meaning documented in :mod:`citecheck.service.store`
(idempotent create, leases, finish-once by the lease holder, expiry). Claims
use ``FOR UPDATE SKIP LOCKED`` so many workers claim at once without
waiting on each other; :meth:`claim_job` claims one named job (what a
task-queue worker is handed). Connections come from a psycopg pool.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import psycopg
from psycopg.errors import UniqueViolation
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from ..service.store import (
    COLUMNS, STATES, JobRecord, JobState, NewJob, StoreUnavailable, job_record,
)
from .db import conninfo

def _interrupted(max_attempts: int) -> str:
    return json.dumps({"type": "about:blank", "title": "Check interrupted", "status": 500,
                       "detail": f"the check was interrupted {max_attempts} times and was "
                       "given up"})


class PostgresJobStore:
    """:class:`~citecheck.service.store.JobStore` in PostgreSQL (run :func:`.db.upgrade` first)."""

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 8,
                 timeout: float = 5.0) -> None:
        # a connection is checked before use (one the server dropped while it restarted is
        # replaced, not handed out), and waiting for one is bounded: a database that is down
        # is StoreUnavailable within *timeout* seconds (the API answers 503), not a hang
        self.pool = AsyncConnectionPool(conninfo(url), min_size=min_size, max_size=max_size,
                                        open=False, timeout=timeout,
                                        check=AsyncConnectionPool.check_connection,
                                        kwargs={"autocommit": True, "connect_timeout": 5})

    async def open(self) -> PostgresJobStore:
        await self.pool.open(wait=True, timeout=10)
        return self

    @contextlib.asynccontextmanager
    async def _conn(self) -> AsyncIterator[Any]:
        try:
            async with self.pool.connection() as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            why = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StoreUnavailable(f"the job store (PostgreSQL) is unreachable: {why}") from exc

    async def _one(self, sql: str, args: tuple = ()) -> tuple | None:
        async with self._conn() as conn:
            cur = await conn.execute(sql, args)
            return await cur.fetchone()

    async def _rowcount(self, sql: str, args: tuple = ()) -> int:
        async with self._conn() as conn:
            cur = await conn.execute(sql, args)
            return cur.rowcount

    # -- submissions

    async def create(self, job: NewJob) -> tuple[JobRecord, bool]:
        if job.idempotency_key is not None:
            found = await self._by_key(job.owner, job.idempotency_key)
            if found is not None:
                return found, False
        try:
            row = await self._one(
                "INSERT INTO citecheck_jobs (id, owner, name, state, options, created_at, attempts,"
                " progress, idempotency_key, fingerprint, input) "
                "VALUES (%s, %s, %s, 'queued', %s, %s, 0, '{}', %s, %s, %s) "
                f"RETURNING {COLUMNS}",
                (job.id, job.owner, job.name, json.dumps(job.options), time.time(),
                 job.idempotency_key, job.fingerprint, job.data))
        except UniqueViolation:  # the same key stored a moment ago by a concurrent retry
            found = await self._by_key(job.owner, job.idempotency_key or "")
            if found is None:
                raise
            return found, False
        assert row is not None
        return job_record(row), True

    async def _by_key(self, owner: str, key: str) -> JobRecord | None:
        row = await self._one(f"SELECT {COLUMNS} FROM citecheck_jobs "
                              "WHERE owner = %s AND idempotency_key = %s", (owner, key))
        return job_record(row) if row else None

    # -- reading

    async def get(self, job_id: str) -> JobRecord | None:
        row = await self._one(f"SELECT {COLUMNS} FROM citecheck_jobs WHERE id = %s", (job_id,))
        return job_record(row) if row else None

    async def get_input(self, job_id: str) -> tuple[str, bytes] | None:
        row = await self._one("SELECT name, input FROM citecheck_jobs WHERE id = %s", (job_id,))
        return (row[0], bytes(row[1])) if row else None

    async def get_result(self, job_id: str) -> str | None:
        row = await self._one("SELECT result FROM citecheck_jobs WHERE id = %s", (job_id,))
        return row[0] if row else None

    async def list(
        self, owner: str | None, *, limit: int, cursor: str | None = None
    ) -> tuple[list[JobRecord], str | None]:
        """Newest first; *cursor* is the opaque value returned for the next page."""
        clauses, args = [], []
        if owner is not None:
            clauses.append("owner = %s")
            args.append(owner)
        if cursor and cursor.isdigit():
            clauses.append("seq < %s")
            args.append(int(cursor))
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        async with self._conn() as conn:
            cur = await conn.execute(f"SELECT {COLUMNS}, seq FROM citecheck_jobs {where} "
                                     "ORDER BY seq DESC LIMIT %s", (*args, limit + 1))
            rows = await cur.fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        nxt = str(rows[-1][-1]) if more and rows else None
        return [job_record(r[:-1]) for r in rows], nxt

    async def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        async with self._conn() as conn:
            cur = await conn.execute("SELECT state, COUNT(*) FROM citecheck_jobs GROUP BY state")
            for state, n in await cur.fetchall():
                out[state] = n
        return out

    async def worker_age(self) -> float | None:
        """Seconds since the latest heartbeat of any task-queue worker on this database
        (``procrastinate_workers``, by the database's clock), or None when none is
        registered (none started, or all stopped: a worker that stops unregisters)."""
        row = await self._one("SELECT EXTRACT(EPOCH FROM (now() - max(last_heartbeat))) "
                              "FROM procrastinate_workers")
        return None if row is None or row[0] is None else max(0.0, float(row[0]))

    async def ping(self) -> bool:
        try:
            return await self._one("SELECT 1") == (1,)
        except Exception:
            return False

    # -- the worker side

    async def claim(self, worker: str, lease: float, max_attempts: int) -> JobRecord | None:
        return await self._claim(worker, lease, max_attempts, None)

    async def claim_job(
        self, job_id: str, worker: str, lease: float, max_attempts: int
    ) -> JobRecord | None:
        """Claim the named job if it is runnable (queued, or its lease ran out), else None."""
        return await self._claim(worker, lease, max_attempts, job_id)

    async def _claim(
        self, worker: str, lease: float, max_attempts: int, job_id: str | None
    ) -> JobRecord | None:
        now = time.time()
        only = "AND id = %s" if job_id is not None else ""
        async with self._conn() as conn, conn.transaction():
            # a job whose worker died too often is failed, not retried for ever
            await conn.execute(
                "UPDATE citecheck_jobs SET state = 'failed', finished_at = %s, worker = NULL, "
                "lease_until = NULL, error = %s WHERE state = 'running' AND lease_until < %s "
                "AND attempts >= %s", (now, _interrupted(max_attempts), now, max_attempts))
            cur = await conn.execute(
                "SELECT id FROM citecheck_jobs WHERE (state = 'queued' "
                f"OR (state = 'running' AND lease_until < %s)) {only} "
                "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
                (now, job_id) if job_id is not None else (now,))
            row = await cur.fetchone()
            if row is None:
                return None
            cur = await conn.execute(
                "UPDATE citecheck_jobs SET state = 'running', worker = %s, lease_until = %s, "
                "attempts = attempts + 1, started_at = COALESCE(started_at, %s) WHERE id = %s "
                f"RETURNING {COLUMNS}", (worker, now + lease, now, row[0]))
            claimed = await cur.fetchone()
        return job_record(claimed) if claimed else None

    async def heartbeat(self, worker: str, job_ids: list[str], lease: float) -> None:
        if job_ids:
            await self._rowcount(
                "UPDATE citecheck_jobs SET lease_until = %s WHERE id = ANY(%s) AND worker = %s "
                "AND state = 'running'", (time.time() + lease, job_ids, worker))

    async def update(self, job_id: str, worker: str, progress: dict[str, Any]) -> bool:
        return await self._rowcount(
            "UPDATE citecheck_jobs SET progress = %s WHERE id = %s AND worker = %s "
            "AND state = 'running'", (json.dumps(progress), job_id, worker)) == 1

    async def finish(
        self, job_id: str, worker: str, state: JobState, *, result: str | None = None,
        error: dict[str, Any] | None = None, progress: dict[str, Any] | None = None,
    ) -> bool:
        return await self._rowcount(
            "UPDATE citecheck_jobs SET state = %s, result = %s, error = %s, finished_at = %s, "
            "progress = COALESCE(%s, progress), worker = NULL, lease_until = NULL "
            "WHERE id = %s AND worker = %s AND state = 'running'",
            (state, result, json.dumps(error) if error else None, time.time(),
             json.dumps(progress) if progress is not None else None, job_id, worker)) == 1

    async def release(self, job_id: str, worker: str) -> bool:
        return await self._rowcount(
            "UPDATE citecheck_jobs SET state = 'queued', worker = NULL, lease_until = NULL, "
            "attempts = GREATEST(attempts - 1, 0) WHERE id = %s AND worker = %s "
            "AND state = 'running'", (job_id, worker)) == 1

    async def orphans(self, queued_before: float, limit: int = 500) -> list[str]:
        """Jobs that should run but that the task queue no longer holds: queued (before
        *queued_before*) or running under a lease that ran out, with no queue entry waiting
        or in progress. What a database outage leaves behind (an enqueue that failed, a task
        that ended in an error before the job could be finished)."""
        async with self._conn() as conn:
            cur = await conn.execute(
                "SELECT j.id FROM citecheck_jobs j WHERE ((j.state = 'queued' AND "
                "j.created_at < %s) OR (j.state = 'running' AND j.lease_until < %s)) "
                "AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs p WHERE "
                "p.queueing_lock = j.id AND p.status IN ('todo', 'doing')) "
                "ORDER BY j.created_at LIMIT %s", (queued_before, time.time(), limit))
            return [row[0] for row in await cur.fetchall()]

    # -- housekeeping

    async def delete(self, job_id: str) -> bool:
        return await self._rowcount("DELETE FROM citecheck_jobs WHERE id = %s", (job_id,)) == 1

    async def expire(self, older_than: float) -> int:
        return await self._rowcount(
            "DELETE FROM citecheck_jobs WHERE state IN ('done', 'failed') AND finished_at < %s",
            (older_than,))

    async def close(self) -> None:
        await self.pool.close()
