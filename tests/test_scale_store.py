"""The JobStore contract, on the embedded SQLite store and on PostgreSQL (a real server).

The same tests run on both backends: an accepted job is never lost, a
retried submission with the same Idempotency-Key returns the same job, a
lease keeps other workers off a job until its worker dies, only the lease
holder finishes a job (a dead worker's late answer is dropped), a job whose
workers keep dying is failed, not retried for ever, and finished jobs expire.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from citecheck.service.store import NewJob, SQLiteJobStore
from services import postgres_url  # noqa: F401  (fixture)


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[object]:
    if request.param == "sqlite":
        s: object = SQLiteJobStore(tmp_path / "jobs.sqlite3")
    else:
        from citecheck.scale.db import upgrade
        from citecheck.scale.pgstore import PostgresJobStore

        url = request.getfixturevalue("postgres_url")
        await asyncio.to_thread(upgrade, url)
        s = await PostgresJobStore(url).open()
    yield s
    await s.close()  # type: ignore[attr-defined]


async def test_idempotent_create_lease_finish_once_and_expiry(store) -> None:
    record, created = await store.create(NewJob("j1", "", "a.txt", b"data", {"offline": True}, "key"))
    assert created and record.state == "queued" and record.options == {"offline": True}
    again, created = await store.create(NewJob("j2", "", "a.txt", b"data", {}, "key"))
    assert not created and again.id == "j1"
    assert await store.get_input("j1") == ("a.txt", b"data")
    claimed = await store.claim("w1", lease=0.3, max_attempts=3)
    assert claimed is not None and claimed.id == "j1" and claimed.attempts == 1
    assert await store.claim("w2", lease=0.3, max_attempts=3) is None  # leased
    assert await store.update("j1", "w1", {"stage": "links"})
    await asyncio.sleep(0.4)  # w1 died: its lease ran out
    stolen = await store.claim("w2", lease=5, max_attempts=3)
    assert stolen is not None and stolen.attempts == 2 and stolen.progress == {"stage": "links"}
    assert not await store.finish("j1", "w1", "done", result="{}")  # the dead worker's answer
    assert await store.finish("j1", "w2", "done", result='{"ok": 1}')
    assert not await store.finish("j1", "w2", "done", result='{"ok": 2}')  # finished once
    assert await store.get_result("j1") == '{"ok": 1}'
    assert (await store.counts())["done"] == 1
    assert await store.expire(time.time() + 1) == 1
    assert await store.get("j1") is None


async def test_a_job_whose_workers_keep_dying_is_failed(store) -> None:
    await store.create(NewJob("p", "", "p.txt", b"x", {}))
    for _ in range(2):
        assert await store.claim("w", lease=0.0, max_attempts=2) is not None
        await asyncio.sleep(0.01)
    assert await store.claim("w", lease=0.0, max_attempts=2) is None
    poisoned = await store.get("p")
    assert poisoned is not None and poisoned.state == "failed" and poisoned.error


async def test_release_requeues_and_listing_pages_newest_first(store) -> None:
    for i in range(5):
        await store.create(NewJob(f"j{i}", "alice" if i % 2 else "bob", f"{i}.txt", b"x", {}))
    page, cursor = await store.list(None, limit=2)
    assert [r.id for r in page] == ["j4", "j3"] and cursor
    page2, _ = await store.list(None, limit=2, cursor=cursor)
    assert [r.id for r in page2] == ["j2", "j1"]
    mine, _ = await store.list("alice", limit=10)
    assert [r.id for r in mine] == ["j3", "j1"]
    claimed = await store.claim("w", lease=30, max_attempts=3)
    assert claimed is not None and await store.release(claimed.id, "w")
    assert (await store.get(claimed.id)).state == "queued"  # type: ignore[union-attr]
    assert await store.delete("j0") and await store.get("j0") is None
    assert await store.ping()


async def test_many_workers_claim_each_job_once(store) -> None:
    for i in range(20):
        await store.create(NewJob(f"c{i}", "", "x.txt", b"x", {}))

    async def worker(name: str) -> list[str]:
        got = []
        while (record := await store.claim(name, lease=30, max_attempts=3)) is not None:
            got.append(record.id)
        return got

    claimed = await asyncio.gather(*(worker(f"w{i}") for i in range(4)))
    everything = [job for batch in claimed for job in batch]
    assert sorted(everything) == sorted(f"c{i}" for i in range(20))  # each once, none lost


def test_the_response_cache_is_shared_by_workers(postgres_url: str) -> None:  # noqa: F811
    from citecheck.net import Response
    from citecheck.scale.db import upgrade
    from citecheck.scale.pgcache import PostgresResponseCache

    upgrade(postgres_url)
    upgrade(postgres_url)  # idempotent: every process runs it at start
    one, two = PostgresResponseCache(postgres_url), PostgresResponseCache(postgres_url)
    answer = Response(url="https://api.crossref.org/works/10.1/x", status=200,
                      headers={"content-type": "application/json"}, content=b'{"ok": 1}',
                      truncated=False, history=[(301, "http://x")])
    one.put("k", "crossref", answer)
    assert two.get("k") is None  # not yet written (batched)
    one.flush()
    hit = two.get("k")
    assert hit is not None
    resp, stored_at = hit
    assert resp.content == b'{"ok": 1}' and resp.from_cache and resp.history == [(301, "http://x")]
    assert abs(stored_at - time.time()) < 60
    one.close()
    two.close()
