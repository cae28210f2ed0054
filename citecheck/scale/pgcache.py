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

from ..net import Response
from ..net.cache import cache_row, cached_response
from .db import conninfo

BATCH_ROWS = 64
BATCH_SECONDS = 1.0


class PostgresResponseCache:
    """A response cache shared by every process that points at one database."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(conninfo(url), autocommit=True, connect_timeout=10)
        self._pending: dict[str, tuple[object, ...]] = {}
        self._last_flush = time.monotonic()

    def get(self, key: str) -> tuple[Response, float] | None:
        row = self._pending.get(key)
        if row is not None:
            row = row[2:]
        else:
            row = self.conn.execute(
                "SELECT url, status, headers, content, truncated, history, stored_at "
                "FROM citecheck_http_cache WHERE key = %s", (key,)).fetchone()
        return None if row is None else cached_response(row)

    def put(self, key: str, service: str, resp: Response) -> None:
        row = cache_row(key, service, resp)
        self._pending[key] = (*row[:6], bool(row[6]), *row[7:])  # truncated: a boolean column
        if len(self._pending) >= BATCH_ROWS or time.monotonic() - self._last_flush >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        rows, self._pending = list(self._pending.values()), {}
        self._last_flush = time.monotonic()
        if not rows:
            return
        with self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO citecheck_http_cache (key, service, url, status, headers, content, "
                "truncated, history, stored_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (key) DO UPDATE SET service = EXCLUDED.service, url = EXCLUDED.url, "
                "status = EXCLUDED.status, headers = EXCLUDED.headers, "
                "content = EXCLUDED.content, truncated = EXCLUDED.truncated, "
                "history = EXCLUDED.history, stored_at = EXCLUDED.stored_at "
                "WHERE citecheck_http_cache.stored_at <= EXCLUDED.stored_at", rows)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.conn.close()
