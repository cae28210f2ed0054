"""Workers on the task queue (procrastinate on a real PostgreSQL): jobs run once, none lost.

In-process: jobs submitted to the PostgreSQL store and queued are run by a
worker, finished once, with their Result stored. Across processes: two
``citecheck worker`` processes share the queue; one is killed with SIGKILL
while it runs a job; its job is found stalled, redelivered and finished by
the other, and every job ends ``done`` exactly once.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from citecheck.config import RunOptions, Settings
from citecheck.service.store import NewJob
from loopback import Handler, serve
from services import postgres_url  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
DOC = b"Text.\n\nReferences\n\nSmith, John. 1990. A Book About Things. London: Penguin.\n"
OFFLINE = RunOptions(offline=True, links=False, resolve=False).model_dump(mode="json")


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM (a worker drains and exits), then SIGKILL if it has not within 20 s."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


async def _setup(url: str, n: int, doc: bytes = DOC,
                 options: dict | None = None) -> tuple[object, object]:
    from citecheck.scale.db import upgrade
    from citecheck.scale.pgstore import PostgresJobStore
    from citecheck.scale.queue import enqueue, make_app

    await asyncio.to_thread(upgrade, url)
    store = await PostgresJobStore(url).open()
    app = make_app(url)
    async with app.open_async():
        for i in range(n):
            await store.create(NewJob(f"job{i}", "", f"d{i}.txt", doc.replace(b"Things", f"Things {i}".encode()), options or OFFLINE))
            await enqueue(app, f"job{i}")
            await enqueue(app, f"job{i}")  # a retried submission queues nothing more
    return store, app


async def run_worker_until(url: str, store: object, tmp_path: Path, finished: object, *,
                           concurrency: int = 2, **worker: float) -> None:
    """An in-process worker on the queue until ``await finished()`` is true (20 s at most)."""
    from citecheck.scale.queue import run_worker
    from citecheck.service.jobs import JobRunner

    runner = JobRunner(store, None, Settings(cache_dir=tmp_path), workers=concurrency, lease=5)
    runner.start(claim=False)
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(url, store, runner, concurrency=concurrency,
                                          stop=stop, **worker))
    try:
        for _ in range(200):
            if await finished():
                break
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await task
        await runner.drain(1)


async def test_a_worker_runs_queued_jobs_once(postgres_url: str, tmp_path: Path) -> None:
    store, _ = await _setup(postgres_url, 3)

    async def all_done() -> bool:
        return (await store.counts())["done"] == 3

    await run_worker_until(postgres_url, store, tmp_path, all_done)
    counts = await store.counts()
    assert counts["done"] == 3 and counts["failed"] == 0
    result = json.loads(await store.get_result("job1"))
    assert result["report"]["entries"][0]["fields"]["title"].startswith("A Book About Things")
    assert (await store.get("job1")).attempts == 1
    await store.close()


async def test_a_killed_workers_job_is_redelivered_and_finished_once(
        postgres_url: str, tmp_path: Path) -> None:
    def slow(h: Handler) -> None:  # each job's link takes 1.5 s: time to kill a worker mid-run
        time.sleep(1.5)
        h.reply(200, b"<html><title>A page</title><body>" + b"text " * 200 + b"</body></html>")

    with serve({}, fallback=slow) as site:
        await _killed_worker(postgres_url, tmp_path, f"http://127.0.0.1:{site.port}")


async def _killed_worker(postgres_url: str, tmp_path: Path, web: str) -> None:
    online = RunOptions(links=True, resolve=False, archive="none").model_dump(mode="json")
    doc = DOC.replace(b"Penguin.", f"Penguin. {web}/page".encode())
    store, _ = await _setup(postgres_url, 6, doc, online)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITECHECK_CACHE_DIR": str(tmp_path / "c"),
           "CITECHECK_CDX_URL": f"{web}/cdx", "CITECHECK_WAYBACK_URL": f"{web}/wb",
           "CITECHECK_MEMENTO_URL": f"{web}/tm"}
    cmd = [sys.executable, "-m", "citecheck", "worker", "--queue", postgres_url,
           "--concurrency", "1", "--lease", "3", "--heartbeat", "0.5", "--stalled-after", "2"]
    first = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE)
    second = None
    try:
        for _ in range(200):  # wait until the first worker is running a job
            if (await store.counts())["running"]:
                break
            await asyncio.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        killed = [r for r in (await store.list(None, limit=10))[0] if r.state == "running"]
        assert len(killed) == 1
        second = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while (await store.counts())["done"] < 6 and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        counts = await store.counts()
        assert counts == {"queued": 0, "running": 0, "done": 6, "failed": 0}, counts
        again = await store.get(killed[0].id)
        assert again.attempts == 2  # run by the dead worker, then once more
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                _stop(proc)
        await store.close()


def test_serve_with_a_queue_hands_jobs_to_worker_processes(postgres_url: str,
                                                           tmp_path: Path) -> None:
    """`serve --queue URL` stores and queues; a `citecheck worker` process runs the checks."""
    from fastapi.testclient import TestClient

    from citecheck.service.app import ServiceConfig, create_app

    cfg = ServiceConfig(data_dir=tmp_path / "data", queue=postgres_url)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITECHECK_CACHE_DIR": str(tmp_path / "c")}
    worker = subprocess.Popen([sys.executable, "-m", "citecheck", "worker", "--queue",
                               postgres_url, "--concurrency", "2"], env=env,
                              stderr=subprocess.PIPE)
    try:
        with TestClient(create_app(cfg, Settings(cache_dir=tmp_path / "cache"))) as client:
            ids = []
            for i in range(3):
                r = client.post("/v1/checks", json={
                    "references": [f"Smith, John. 199{i}. A Book About Things {i}. London: Penguin."],
                    "options": {"offline": True, "links": False, "resolve": False}},
                    headers={"Idempotency-Key": f"k{i}"})
                assert r.status_code == 202, r.text
                ids.append(r.json()["id"])
            retry = client.post("/v1/checks", json={
                "references": ["Smith, John. 1990. A Book About Things 0. London: Penguin."],
                "options": {"offline": True, "links": False, "resolve": False}},
                headers={"Idempotency-Key": "k0"})
            assert retry.json()["id"] == ids[0]  # the same job, not a second one
            deadline = time.monotonic() + 60
            states: dict[str, str] = {}
            while time.monotonic() < deadline:
                states = {j: client.get(f"/v1/checks/{j}").json()["state"] for j in ids}
                if set(states.values()) <= {"done", "failed"}:
                    break
                time.sleep(0.2)
            assert set(states.values()) == {"done"}, states
            bib = client.get(f"/v1/checks/{ids[2]}/export", params={"to": "bibtex"})
            assert bib.status_code == 200 and "A Book About Things 2" in bib.text
            assert client.get("/readyz").status_code == 200
    finally:
        _stop(worker)


def test_batch_submits_a_corpus_to_the_queue_and_resumes(postgres_url: str, tmp_path: Path,
                                                         capsys) -> None:
    """`batch --queue URL`: workers run the documents; a rerun submits nothing again."""
    from citecheck.cli import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(4):
        (folder / f"d{i}.txt").write_bytes(DOC.replace(b"Things", f"Things {i}".encode()))
    (folder / "empty.md").write_text("no list here\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITECHECK_CACHE_DIR": str(tmp_path / "c")}
    worker = subprocess.Popen([sys.executable, "-m", "citecheck", "worker", "--queue",
                               postgres_url, "--concurrency", "2"], env=env,
                              stderr=subprocess.PIPE)
    out = tmp_path / "out"
    argv = ["batch", str(folder), "-o", str(out), "--queue", postgres_url, "--offline",
            "--no-links", "--no-resolve", "--cache-dir", str(tmp_path / "c2")]
    try:
        assert main(argv) == 1  # empty.md has no bibliography: failed, said, the rest done
        err = capsys.readouterr().err
        assert "4 checked, 0 already done, 1 failed" in err and "no bibliography" in err
        rows = (out / "documents.csv").read_text("utf-8")
        assert rows.count(",done,") == 4
        main(argv)
        assert "0 checked, 4 already done, 1 failed" in capsys.readouterr().err
    finally:
        _stop(worker)
