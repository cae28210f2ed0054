"""The HTTP response cache in PostgreSQL: what one worker looked up serves every worker.

The same interface as the SQLite :class:`citecheck.net.ResponseCache`
(``get``, ``put``, ``flush``, ``close``), on the ``citecheck_http_cache``
table the migrations create. Reads go to the database (a DOI another worker
resolved a second ago is found); writes are batched like the SQLite cache's
and upserted in one statement, the newest answer winning.
"""

from __future__ import annotations

import time

import psycopg

from ..net.cache import BatchedCache
from .db import conninfo

RECONNECT_SECONDS = 10.0  # while the database is away, one reconnection try per this


class PostgresResponseCache(BatchedCache):
    """A response cache shared by every process that points at one database.

    A connection the server dropped (a restart, an outage) is opened again on
    the next use, at most one try every RECONNECT_SECONDS; meanwhile reads are
    misses and writes are dropped (``store_errors``), so checks go on.
    """

    store_errors = (psycopg.Error,)

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = conninfo(url)
        self._retry_at: dict[str, float] = {}
        self.conn = self._connect()
        # reads on a connection of their own: a batch being written never holds one up
        self.reader = self._connect()

    def _connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=10)

    def _live(self, name: str) -> psycopg.Connection:
        """The connection *name* ('conn' or 'reader'), opened again if the server dropped it."""
        conn = getattr(self, name)
        if not (conn.closed or conn.broken):
            return conn
        now = time.monotonic()
        if now < self._retry_at.get(name, 0.0):
            raise psycopg.OperationalError("the shared response cache's database is unreachable")
        self._retry_at[name] = now + RECONNECT_SECONDS
        conn = self._connect()
        setattr(self, name, conn)
        return conn

    def _read(self, key: str) -> tuple | None:
        return self._live("reader").execute(
            "SELECT url, status, headers, content, truncated, history, stored_at "
            "FROM citecheck_http_cache WHERE key = %s", (key,)).fetchone()

    def _write(self, rows: list[tuple[object, ...]]) -> None:
        rows = [(*row[:6], bool(row[6]), *row[7:]) for row in rows]  # truncated: a boolean
        with self._live("conn").cursor() as cur:
            cur.executemany(
                "INSERT INTO citecheck_http_cache (key, service, url, status, headers, content, "
                "truncated, history, stored_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (key) DO UPDATE SET service = EXCLUDED.service, url = EXCLUDED.url, "
                "status = EXCLUDED.status, headers = EXCLUDED.headers, "
                "content = EXCLUDED.content, truncated = EXCLUDED.truncated, "
                "history = EXCLUDED.history, stored_at = EXCLUDED.stored_at "
                "WHERE citecheck_http_cache.stored_at <= EXCLUDED.stored_at", rows)

    def _close(self) -> None:
        self.reader.close()
        self.conn.close()
