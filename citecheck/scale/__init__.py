"""Beyond one machine: PostgreSQL job store and HTTP cache, a Redis-shared limiter, a task queue.

The embedded single-machine service (SQLite store, in-process worker pool)
stays the default. With ``--queue postgresql://…`` the service and any
number of ``citecheck worker`` processes share:

* jobs, inputs and results in PostgreSQL (:mod:`.pgstore`, the same
  ``JobStore`` contract as the SQLite store), handed to workers by
  procrastinate (:mod:`.queue`), a maintained PostgreSQL task queue;
* the HTTP response cache in PostgreSQL (:mod:`.pgcache`), so a DOI or a URL
  looked up by one worker serves all of them;
* per-catalogue rates, per-catalogue and per-origin concurrency, and the
  Retry-After / X-Rate-Limit-* a server sent, in Redis (:mod:`.redislimits`),
  so politeness holds for all workers together.

Schema changes go through Alembic (:mod:`.db`), never hand-run SQL.
"""
