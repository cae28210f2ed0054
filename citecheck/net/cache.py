"""The response cache: definite HTTP answers kept in SQLite between runs.

SQLite (stdlib ``sqlite3``) in ``settings.cache_dir``, in WAL mode with every
write committed at once, so a killed run leaves a database the next run opens
and reuses. Only answers are kept here; what a link check concluded is the
link checker's own history (``citecheck.links.LinkHistory``).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path

from .. import errors
from .response import Response

# Statuses that are definite answers and safe to reuse on the next run.
# Transient failures (429, 5xx, timeouts) are never cached so a rerun rechecks them
# (the policy lychee states in lychee-bin/src/cache.rs).
CACHEABLE = frozenset({*range(200, 300), *range(300, 400), 404, 410})
# Seconds a cached answer stays fresh, per service. Web pages change; catalogue
# records and archive indexes much less so. Unknown services get DEFAULT_TTL.
CACHE_TTL: dict[str, float] = {"web": 86400.0}
DEFAULT_TTL = 30 * 86400.0
# Header names that change the answer and therefore belong in the cache key.
_KEY_HEADERS = ("accept", "accept-datetime", "accept-language", "range")


def request_key(
    method: str,
    url: str,
    headers: dict[str, str] | None,
    max_bytes: int,
    follow_redirects: bool,
) -> str:
    """Stable key of a request for the cache and for in-flight de-duplication."""
    relevant = sorted(
        (k.lower(), v) for k, v in (headers or {}).items() if k.lower() in _KEY_HEADERS
    )
    raw = json.dumps([method.upper(), url, relevant, max_bytes, follow_redirects])
    return hashlib.sha256(raw.encode()).hexdigest()


def open_db(path: Path, schema: str) -> sqlite3.Connection:
    """An autocommit WAL connection to *path* with *schema* applied; ConfigError if unusable.

    Autocommit (``isolation_level=None``) + WAL: each write is its own committed
    transaction, so killing the process at any moment loses at most the write in
    progress and never corrupts the file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(schema)
    except (OSError, sqlite3.Error) as exc:
        # a cache folder that is a file, cannot be created, or holds something
        # that is not our database: the user's setting to fix, not a crash
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise errors.ConfigError(
            f"cache {path}: cannot use it ({reason}); choose another folder with "
            "--cache-dir or CITECHECK_CACHE_DIR"
        ) from None
    return db


# Writes are committed in batches: a commit per response cost as much CPU as the
# request itself (bench/links_bench.py). A killed run loses at most the last batch.
BATCH_ROWS = 64
BATCH_SECONDS = 1.0
# answers waiting while the writer is busy, at most; beyond this a put waits for it
MAX_PENDING_ROWS = 8 * BATCH_ROWS


def cache_row(key: str, service: str, resp: Response) -> tuple[object, ...]:
    """The stored form of an answer: (key, service, url, status, headers, content,
    truncated, history, stored_at) — the columns of every response cache."""
    return (key, service, resp.url, resp.status, json.dumps(resp.headers), resp.content,
            int(resp.truncated), json.dumps(resp.history), time.time())


def cached_response(row: tuple) -> tuple[Response, float]:
    """(Response, stored_at) from (url, status, headers, content, truncated, history, stored_at)."""
    url, status, headers, content, truncated, history, stored_at = row
    resp = Response(url=url, status=status, headers=json.loads(headers), content=bytes(content),
                    truncated=bool(truncated),
                    history=[tuple(h) for h in json.loads(history)],  # type: ignore[misc]
                    from_cache=True)
    return resp, stored_at


class BatchedCache:
    """A response cache's logic whatever stores it: answers written in batches (one row per
    key, the newest wins) and read back through what is still pending. A store gives
    ``_read(key)`` (a row or None) and ``_write(rows)``; the SQLite cache below and the
    PostgreSQL one of the scaled-out mode (``citecheck.scale.pgcache``) are two.

    A full batch is written by one background thread, so the event loop that
    put it there goes on sending requests meanwhile; ``flush`` and ``close``
    return once everything put so far is stored. A write that fails (a full
    disk, a lost database) loses those answers only: ``write_errors`` counts it.
    """

    # the store's own errors, which lose a batch but never fail a run
    store_errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self) -> None:
        self._pending: dict[str, tuple[object, ...]] = {}
        self._writing: dict[str, tuple[object, ...]] = {}  # handed to the writer, not stored yet
        self._handoff = threading.Lock()  # guards _writing between the writer and the caller
        self._reading = threading.Lock()  # one read at a time on the store's read connection
        self._writer: concurrent.futures.ThreadPoolExecutor | None = None
        self._written: concurrent.futures.Future[None] | None = None
        self._last_flush = time.monotonic()
        self.write_errors = 0
        self.read_errors = 0

    def _read(self, key: str) -> tuple | None:
        """The stored row of *key* (on a connection of its own: a batch being written
        never holds a read up)."""
        raise NotImplementedError

    def _write(self, rows: list[tuple[object, ...]]) -> None:
        """Store *rows* (called on the writer thread only)."""
        raise NotImplementedError

    def get(self, key: str) -> tuple[Response, float] | None:
        row = self._pending.get(key)
        if row is None:
            with self._handoff:
                row = self._writing.get(key)
        if row is None:
            with self._reading:
                try:
                    row = self._read(key)
                except self.store_errors:  # an unreachable store is a miss, never a failed run
                    self.read_errors += 1
                    row = None
        else:
            row = row[2:]
        return None if row is None else cached_response(row)

    def put(self, key: str, service: str, resp: Response) -> None:
        self._pending[key] = cache_row(key, service, resp)
        if (len(self._pending) >= BATCH_ROWS
                or time.monotonic() - self._last_flush >= BATCH_SECONDS):
            self._hand_off()

    def flush(self) -> None:
        """Store every answer put so far; returns when they are written."""
        self._hand_off(wait=True)
        if self._written is not None:
            self._written.result()

    def _hand_off(self, wait: bool = False) -> None:
        """Give the pending answers to the writer. While it still writes the last batch,
        the next one grows instead (up to MAX_PENDING_ROWS), unless *wait*."""
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        if self._written is not None and not self._written.done():
            if not wait and len(self._pending) < MAX_PENDING_ROWS:
                return
            self._written.result()  # one batch in the writer at a time: memory stays bounded
        rows, self._pending = self._pending, {}
        with self._handoff:
            self._writing.update(rows)
        if self._writer is None:
            self._writer = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="citecheck-cache-writer")
        self._written = self._writer.submit(self._write_batch, rows)

    def _write_batch(self, rows: dict[str, tuple[object, ...]]) -> None:
        try:
            self._write(list(rows.values()))
        except self.store_errors:
            self.write_errors += 1  # a full/locked disk must not fail the run
        finally:
            with self._handoff:
                for key, row in rows.items():
                    if self._writing.get(key) is row:  # not put again since
                        del self._writing[key]

    def _close(self) -> None:
        """Close the store's connection (a store with one overrides this)."""

    def close(self) -> None:
        """Store what is pending, stop the writer, close the store.

        Returns once everything put so far is stored. The store's connection is then
        closed by the writer thread (closing SQLite's WAL costs more than a batch), which
        the interpreter waits for at exit, as for every executor's thread.
        """
        try:
            self.flush()
        finally:
            writer, self._writer = self._writer, None
            if writer is None:
                self._close()
            else:
                writer.submit(self._close)
                writer.shutdown(wait=False)


class ResponseCache(BatchedCache):
    """SQLite store of responses, keyed by :func:`request_key`."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS responses (
            key TEXT PRIMARY KEY, service TEXT, url TEXT, status INTEGER,
            headers TEXT, content BLOB, truncated INTEGER, history TEXT,
            stored_at REAL);
        """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.db = open_db(path, self.SCHEMA)  # the writer thread's
        self._reader: sqlite3.Connection | None = None  # the caller's, opened on first read

    def _read(self, key: str) -> tuple | None:
        if self._reader is None:
            self._reader = open_db(self.path, self.SCHEMA)  # WAL: reads never wait for a write
        return self._reader.execute(
            "SELECT url, status, headers, content, truncated, history, stored_at "
            "FROM responses WHERE key = ?", (key,)).fetchone()

    def _write(self, rows: list[tuple[object, ...]]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def _close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self.db.close()
