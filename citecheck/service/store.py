"""Where the service keeps its jobs: the JobStore interface and its embedded SQLite implementation.

The interface (:class:`JobStore`) is what the API and the worker pool use,
and all they may assume; another backend (PostgreSQL, a distributed queue)
implements the same methods with the same meaning:

* ``create`` stores a job with its input and options; an ``(owner,
  idempotency_key)`` pair names at most one job, and creating it again
  returns the existing job (``created=False``).
* ``claim`` hands one runnable job to a worker under a *lease*: a queued job,
  or a running job whose lease ran out (its worker died: ``kill -9``, a lost
  machine). Claiming counts an attempt. A worker keeps its lease with
  ``heartbeat``; ``update``, ``finish`` and ``release`` take effect only while
  the caller still holds the lease, so a job re-run after a crash is finished
  once, by one worker, and a stale worker's late answer is dropped.
* ``finish`` stores the outcome (the Result as JSON, or a problem) and ends
  the lease; ``release`` puts a running job back in the queue (shutdown).
* ``expire`` deletes finished jobs older than the retention time.
* A store that cannot be reached (a database down or restarting) raises
  :class:`StoreUnavailable` from any method, promptly (seconds, not a
  request's lifetime), so the API answers 503 and workers retry later.

The SQLite store keeps everything in one WAL-mode file with every write
committed at once, so a killed process loses nothing it acknowledged. Its
methods are async (the work goes to a thread) so a networked store can
implement them natively.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

JobState = Literal["queued", "running", "done", "failed"]
STATES: tuple[JobState, ...] = ("queued", "running", "done", "failed")
FINISHED = ("done", "failed")


class StoreUnavailable(Exception):
    """The job store cannot be reached now (its server is down or restarting): try again."""


@dataclass
class NewJob:
    """What a submission stores: input bytes, its name, the run options, who owns it."""

    id: str
    owner: str
    name: str
    data: bytes
    options: dict[str, Any]
    idempotency_key: str | None = None
    fingerprint: str = ""  # hash of the request, to tell a retry from a different reuse of a key


@dataclass
class JobRecord:
    """A job as stored (without its input and result, which are fetched on their own)."""

    id: str
    owner: str
    name: str
    state: JobState
    options: dict[str, Any]
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    attempts: int = 0
    progress: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    idempotency_key: str | None = None
    fingerprint: str = ""
    worker: str | None = None
    lease_until: float | None = None


class JobStore(Protocol):
    """The job store the service runs on (see the module docstring for the contract)."""

    async def create(self, job: NewJob) -> tuple[JobRecord, bool]: ...
    async def get(self, job_id: str) -> JobRecord | None: ...
    async def get_input(self, job_id: str) -> tuple[str, bytes] | None: ...
    async def get_result(self, job_id: str) -> str | None: ...
    async def list(
        self, owner: str | None, *, limit: int, cursor: str | None = None
    ) -> tuple[list[JobRecord], str | None]: ...
    async def claim(self, worker: str, lease: float, max_attempts: int) -> JobRecord | None: ...
    async def heartbeat(self, worker: str, job_ids: list[str], lease: float) -> None: ...
    async def update(self, job_id: str, worker: str, progress: dict[str, Any]) -> bool: ...
    async def finish(
        self, job_id: str, worker: str, state: JobState, *, result: str | None = None,
        error: dict[str, Any] | None = None, progress: dict[str, Any] | None = None,
    ) -> bool: ...
    async def release(self, job_id: str, worker: str) -> bool: ...
    async def delete(self, job_id: str) -> bool: ...
    async def expire(self, older_than: float) -> int: ...
    async def counts(self) -> dict[str, int]: ...
    async def ping(self) -> bool: ...
    async def close(self) -> None: ...


# the columns every store selects for a JobRecord, in job_record's order (SQLite, PostgreSQL)
COLUMNS = ("id, owner, name, state, options, created_at, started_at, finished_at, attempts, "
            "progress, error, idempotency_key, fingerprint, worker, lease_until")


def job_record(row: tuple) -> JobRecord:
    """A JobRecord from a row of COLUMNS (JSON columns decoded)."""
    (id_, owner, name, state, options, created, started, finished, attempts, progress, error,
     key, fingerprint, worker, lease) = row
    return JobRecord(
        id=id_, owner=owner, name=name, state=state, options=json.loads(options),
        created_at=created, started_at=started, finished_at=finished, attempts=attempts,
        progress=json.loads(progress or "{}"), error=json.loads(error) if error else None,
        idempotency_key=key, fingerprint=fingerprint or "", worker=worker, lease_until=lease,
    )


class SQLiteJobStore:
    """:class:`JobStore` in one SQLite file (WAL, autocommit): the embedded default."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._read: sqlite3.Connection | None = None
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a committed write survives the process being killed (kill -9); only
        # a power cut can lose the last commits (FULL would fsync each one; measured slower)
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,
                state TEXT NOT NULL, options TEXT NOT NULL, created_at REAL NOT NULL,
                started_at REAL, finished_at REAL, attempts INTEGER NOT NULL DEFAULT 0,
                progress TEXT, error TEXT, idempotency_key TEXT, fingerprint TEXT,
                worker TEXT, lease_until REAL,
                input BLOB NOT NULL, result TEXT, seq INTEGER);
            CREATE UNIQUE INDEX IF NOT EXISTS jobs_idem ON jobs(owner, idempotency_key)
                WHERE idempotency_key IS NOT NULL;
            CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, created_at);
            CREATE INDEX IF NOT EXISTS jobs_owner ON jobs(owner, seq);
            """
        )

    def _reader(self) -> sqlite3.Connection:
        """A second connection for quick reads, used on the event loop itself (WAL readers
        never wait for the writer; a thread hop per status poll costs more than the read)."""
        if self._read is None:
            self._read = sqlite3.connect(self.path, isolation_level=None,
                                         check_same_thread=False, timeout=30)
        return self._read

    async def _run(self, fn: Any, *args: Any) -> Any:
        return await asyncio.to_thread(self._locked, fn, *args)

    def _locked(self, fn: Any, *args: Any) -> Any:
        with self._lock:
            return fn(*args)

    # -- submissions

    async def create(self, job: NewJob) -> tuple[JobRecord, bool]:
        return await self._run(self._create, job)

    def _create(self, job: NewJob) -> tuple[JobRecord, bool]:
        if job.idempotency_key is not None:
            row = self.db.execute(
                f"SELECT {COLUMNS} FROM jobs WHERE owner = ? AND idempotency_key = ?",
                (job.owner, job.idempotency_key)).fetchone()
            if row is not None:
                return job_record(row), False
        now = time.time()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs").fetchone()[0]
            self.db.execute(
                "INSERT INTO jobs (id, owner, name, state, options, created_at, attempts, "
                "progress, idempotency_key, fingerprint, input, seq) "
                "VALUES (?, ?, ?, 'queued', ?, ?, 0, '{}', ?, ?, ?, ?)",
                (job.id, job.owner, job.name, json.dumps(job.options), now,
                 job.idempotency_key, job.fingerprint, job.data, seq))
            self.db.execute("COMMIT")
        except sqlite3.IntegrityError:
            self.db.execute("ROLLBACK")
            row = self.db.execute(  # the same key, stored a moment ago by a concurrent retry
                f"SELECT {COLUMNS} FROM jobs WHERE owner = ? AND idempotency_key = ?",
                (job.owner, job.idempotency_key)).fetchone()
            if row is None:
                raise
            return job_record(row), False
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return self._get(job.id), True  # type: ignore[return-value]

    # -- reading

    async def get(self, job_id: str) -> JobRecord | None:
        row = self._reader().execute(
            f"SELECT {COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return job_record(row) if row else None

    def _get(self, job_id: str) -> JobRecord | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return job_record(row) if row else None

    async def get_input(self, job_id: str) -> tuple[str, bytes] | None:
        def read() -> tuple[str, bytes] | None:
            row = self.db.execute("SELECT name, input FROM jobs WHERE id = ?", (job_id,)).fetchone()
            return (row[0], bytes(row[1])) if row else None
        return await self._run(read)

    async def get_result(self, job_id: str) -> str | None:
        def read() -> str | None:
            row = self.db.execute("SELECT result FROM jobs WHERE id = ?", (job_id,)).fetchone()
            return row[0] if row else None
        return await self._run(read)

    async def list(
        self, owner: str | None, *, limit: int, cursor: str | None = None
    ) -> tuple[list[JobRecord], str | None]:
        """Newest first; *cursor* is the opaque value returned for the next page."""
        def read() -> tuple[list[JobRecord], str | None]:
            before = int(cursor) if cursor and cursor.isdigit() else None
            clauses, args = [], []
            if owner is not None:
                clauses.append("owner = ?")
                args.append(owner)
            if before is not None:
                clauses.append("seq < ?")
                args.append(before)
            where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
            rows = self.db.execute(
                f"SELECT {COLUMNS}, seq FROM jobs {where} ORDER BY seq DESC LIMIT ?",
                (*args, limit + 1)).fetchall()
            more = len(rows) > limit
            rows = rows[:limit]
            nxt = str(rows[-1][-1]) if more and rows else None
            return [job_record(r[:-1]) for r in rows], nxt
        return await self._run(read)

    async def counts(self) -> dict[str, int]:
        def read() -> dict[str, int]:
            out = dict.fromkeys(STATES, 0)
            for state, n in self.db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state"):
                out[state] = n
            return out
        return await self._run(read)

    async def ping(self) -> bool:
        try:
            await self._run(lambda: self.db.execute("SELECT 1").fetchone())
        except sqlite3.Error:
            return False
        return True

    # -- the worker side

    async def claim(self, worker: str, lease: float, max_attempts: int) -> JobRecord | None:
        return await self._run(self._claim, worker, lease, max_attempts)

    def _claim(self, worker: str, lease: float, max_attempts: int) -> JobRecord | None:
        now = time.time()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # a job whose worker died too often is failed, not retried for ever
            poisoned = self.db.execute(
                "SELECT id FROM jobs WHERE state = 'running' AND lease_until < ? "
                "AND attempts >= ?", (now, max_attempts)).fetchall()
            for (job_id,) in poisoned:
                self.db.execute(
                    "UPDATE jobs SET state = 'failed', finished_at = ?, worker = NULL, "
                    "lease_until = NULL, error = ? WHERE id = ?",
                    (now, json.dumps({"title": "Check interrupted", "status": 500,
                                      "detail": f"the check was interrupted {max_attempts} "
                                      "times and was given up"}), job_id))
            row = self.db.execute(
                "SELECT id FROM jobs WHERE state = 'queued' "
                "OR (state = 'running' AND lease_until < ?) "
                "ORDER BY created_at LIMIT 1", (now,)).fetchone()
            if row is None:
                self.db.execute("COMMIT")
                return None
            self.db.execute(
                "UPDATE jobs SET state = 'running', worker = ?, lease_until = ?, "
                "attempts = attempts + 1, started_at = COALESCE(started_at, ?) WHERE id = ?",
                (worker, now + lease, now, row[0]))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return self._get(row[0])

    async def heartbeat(self, worker: str, job_ids: list[str], lease: float) -> None:
        def write() -> None:
            until = time.time() + lease
            for job_id in job_ids:
                self.db.execute(
                    "UPDATE jobs SET lease_until = ? WHERE id = ? AND worker = ? "
                    "AND state = 'running'", (until, job_id, worker))
        await self._run(write)

    async def update(self, job_id: str, worker: str, progress: dict[str, Any]) -> bool:
        def write() -> bool:
            cur = self.db.execute(
                "UPDATE jobs SET progress = ? WHERE id = ? AND worker = ? AND state = 'running'",
                (json.dumps(progress), job_id, worker))
            return cur.rowcount == 1
        return await self._run(write)

    async def finish(
        self, job_id: str, worker: str, state: JobState, *, result: str | None = None,
        error: dict[str, Any] | None = None, progress: dict[str, Any] | None = None,
    ) -> bool:
        def write() -> bool:
            cur = self.db.execute(
                "UPDATE jobs SET state = ?, result = ?, error = ?, finished_at = ?, "
                "progress = COALESCE(?, progress), worker = NULL, lease_until = NULL "
                "WHERE id = ? AND worker = ? AND state = 'running'",
                (state, result, json.dumps(error) if error else None, time.time(),
                 json.dumps(progress) if progress is not None else None, job_id, worker))
            return cur.rowcount == 1
        return await self._run(write)

    async def release(self, job_id: str, worker: str) -> bool:
        def write() -> bool:
            cur = self.db.execute(
                "UPDATE jobs SET state = 'queued', worker = NULL, lease_until = NULL, "
                "attempts = MAX(attempts - 1, 0) WHERE id = ? AND worker = ? AND state = 'running'",
                (job_id, worker))
            return cur.rowcount == 1
        return await self._run(write)

    # -- housekeeping

    async def delete(self, job_id: str) -> bool:
        def write() -> bool:
            return self.db.execute("DELETE FROM jobs WHERE id = ?", (job_id,)).rowcount == 1
        return await self._run(write)

    async def expire(self, older_than: float) -> int:
        def write() -> int:
            return self.db.execute(
                "DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ?",
                (older_than,)).rowcount
        return await self._run(write)

    async def close(self) -> None:
        if self._read is not None:
            self._read.close()
        await self._run(self.db.close)
