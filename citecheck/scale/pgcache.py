"""The HTTP response cache in PostgreSQL: what one worker looked up serves every worker.

The same interface as the SQLite :class:`citecheck.net.ResponseCache`
(``get``, ``put``, ``flush``, ``close``), on the ``citecheck_http_cache``
table the migrations create. Reads go to the database (a DOI another worker
resolved a second ago is found); writes are batched like the SQLite cache's
and upserted in one statement, the newest answer winning.
"""

from __future__ import annotations

import json
import time

import psycopg

from ..net import Response
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
        if row is None:
            return None
        url, status, headers, content, truncated, history, stored_at = row
        resp = Response(url=url, status=status, headers=json.loads(headers),
                        content=bytes(content), truncated=bool(truncated),
                        history=[tuple(h) for h in json.loads(history)],  # type: ignore[misc]
                        from_cache=True)
        return resp, stored_at

    def put(self, key: str, service: str, resp: Response) -> None:
        self._pending[key] = (key, service, resp.url, resp.status, json.dumps(resp.headers),
                              resp.content, bool(resp.truncated), json.dumps(resp.history),
                              time.time())
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
