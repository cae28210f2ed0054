"""Real PostgreSQL and Redis for the scaled-out tests, each test with a place of its own.

The development and CI machines run PostgreSQL on 127.0.0.1:5432 (trust
authentication, database ``test``) and Redis on 127.0.0.1:6379; the URLs can
be moved with CITECHECK_TEST_POSTGRES / CITECHECK_TEST_REDIS. Where a server
does not answer, its tests are skipped with the reason; with
CITECHECK_REQUIRE_SERVICES=1 (``.ci/run`` sets it) that skip is a failure,
so CI always runs them.

Each test gets a fresh database (created from ``test``, dropped after) and a
Redis key prefix of its own, so tests never see each other's data.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator

import pytest

POSTGRES = os.environ.get("CITECHECK_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test")
REDIS = os.environ.get("CITECHECK_TEST_REDIS", "redis://127.0.0.1:6379/0")
REQUIRED = os.environ.get("CITECHECK_REQUIRE_SERVICES") == "1"


def _absent(what: str, why: object) -> None:
    reason = f"{what} not reachable ({why}); start it or set CITECHECK_TEST_*"
    if REQUIRED:
        pytest.fail(f"CITECHECK_REQUIRE_SERVICES=1 and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        _absent("PostgreSQL driver", exc)
    name = f"citecheck_t_{secrets.token_hex(6)}"
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        _absent(f"PostgreSQL at {POSTGRES}", str(exc).strip().splitlines()[0])
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def redis_client() -> AsyncIterator[object]:
    """A Redis client and, as ``client.test_prefix``, a key prefix no other test uses."""
    try:
        import redis.asyncio as aioredis
    except ImportError as exc:  # pragma: no cover
        _absent("Redis client", exc)
    client = aioredis.from_url(REDIS)
    try:
        await client.ping()
    except Exception as exc:
        await client.aclose()
        _absent(f"Redis at {REDIS}", exc)
    prefix = f"citecheck-test:{secrets.token_hex(6)}:"
    client.test_prefix = prefix  # type: ignore[attr-defined]
    try:
        yield client
    finally:
        keys = [k async for k in client.scan_iter(f"{prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()
