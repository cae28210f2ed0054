"""The scaled-out mode tried as an operator and a hostile client would (the servetrial round).

On the real PostgreSQL and Redis of tests/services.py (skipped with the reason
where one is absent). Each test is a case that failed when tried:

* a worker fetched any address a document named (127.0.0.1, private
  networks): the service's address policy was applied only in `serve`;
* with PostgreSQL away for a while, jobs stayed 'queued' or 'running' for
  ever (their queue entries had ended in an error), the API answered 500 after
  a 30 s wait and 500 again once the database was back (a dropped pooled
  connection), and the shared response cache failed every later check;
* `citecheck worker --redis` on an unreachable Redis ended in "internal error".
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.config import RunOptions, Settings
from citecheck.service.store import NewJob
from loopback import Handler, serve
from services import postgres_url  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
DOC = b"Text.\n\nReferences\n\nSmith, John. 1990. A Book About Things. London: Penguin.\n"
OFFLINE = RunOptions(offline=True, links=False, resolve=False).model_dump(mode="json")


class Forwarder:
    """A loopback TCP forwarder to PostgreSQL that can be cut and restored (the database
    'goes away' for the processes using it, while the real server keeps running)."""

    def __init__(self, target: int) -> None:
        self.target = target
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.listener: socket.socket | None = None
        self.conns: list[socket.socket] = []

    def start(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(50)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        """Refuse new connections and drop every open one."""
        assert self.listener is not None
        try:  # wakes the accepting thread (a close alone leaves the socket listening)
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        for s in self.conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self.conns = []


@pytest.fixture
def forwarded(postgres_url: str) -> Iterator[tuple[str, Forwarder]]:  # noqa: F811
    from urllib.parse import urlsplit

    parts = urlsplit(postgres_url)
    fwd = Forwarder(parts.port or 5432)
    fwd.start()
    try:
        yield postgres_url.replace(f":{parts.port}/", f":{fwd.port}/"), fwd
    finally:
        fwd.cut()


async def test_a_workers_layer_refuses_private_addresses_unless_allowed(
        postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    from citecheck.config import running
    from citecheck.scale.db import upgrade
    from citecheck.scale.shared import shared_http_layer
    from citecheck.service.ssrf import AddressRefused

    await asyncio.to_thread(upgrade, postgres_url)
    hits: list[str] = []

    def page(h: Handler) -> None:
        hits.append(h.path)
        h.reply(200, b"<html><title>internal</title></html>")

    settings = Settings(cache_dir=tmp_path)
    with serve({}, fallback=page) as site, running(RunOptions()):
        url = f"http://127.0.0.1:{site.port}/secret"
        layer = await shared_http_layer(settings, postgres_url, None)
        try:
            with pytest.raises(AddressRefused, match="loopback"):
                await layer.fetch(url, cache=False)
        finally:
            await layer.aclose()
        assert hits == []  # nothing reached the internal server
        allowed = await shared_http_layer(settings, postgres_url, None,
                                          allow=[f"127.0.0.1:{site.port}"])
        try:
            assert (await allowed.fetch(url, cache=False)).status == 200
        finally:
            await allowed.aclose()
        assert hits == ["/secret"]


def test_a_worker_process_reports_a_private_address_as_refused(
        postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    """End to end: `citecheck worker` checks a document citing an internal address."""
    from fastapi.testclient import TestClient

    from citecheck.service.app import ServiceConfig, create_app

    hits: list[str] = []

    def page(h: Handler) -> None:
        hits.append(h.path)
        h.reply(200, b"<html><title>internal</title></html>")

    def good(h: Handler) -> None:
        if h.path != "/page":  # a real site: a path that cannot exist is a 404
            h.reply(404, b"<html><title>Not found</title></html>")
            return
        h.reply(200, b"<html><title>a public page</title><body>" + b"text " * 50 + b"</body></html>")

    with serve({}, fallback=page) as site, serve({}, fallback=good) as public:
        # the allowed site stands for the public web (the network is judged usable by it)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CITECHECK_CACHE_DIR": str(tmp_path / "c"),
               "CITECHECK_SERVE_ALLOW": f"127.0.0.1:{public.port}",
               "CITECHECK_RATE_LIMITS": "web=1000"}
        worker = subprocess.Popen([sys.executable, "-m", "citecheck", "worker", "--queue",
                                   postgres_url, "--concurrency", "1"], env=env,
                                  stderr=subprocess.PIPE)
        try:
            cfg = ServiceConfig(data_dir=tmp_path / "data", queue=postgres_url)
            with TestClient(create_app(cfg, Settings(cache_dir=tmp_path / "cache"))) as client:
                doc = (f"References\n\nWriter, Ann. 2010. Report 1 of series 2. Agency. "
                       f"http://127.0.0.1:{site.port}/admin\n\nOther, Bea. 2011. Report 2 of "
                       f"series 2. Agency. http://127.0.0.1:{public.port}/page\n")
                job = client.post("/v1/checks", json={"text": doc, "options": {
                    "resolve": False, "archive": "none"}}).json()["id"]
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    if client.get(f"/v1/checks/{job}").json()["state"] in ("done", "failed"):
                        break
                    time.sleep(0.2)
                report = client.get(f"/v1/checks/{job}/report").json()
                links, client_notices = report["links"], report["notices"]
        finally:
            worker.terminate()
            worker.wait(30)
    status = {link["url"].rsplit("/", 1)[1]: link for link in links}
    assert status["admin"]["status"] == "connection-error", (links, client_notices)
    assert "refused by the service's address policy" in status["admin"]["evidence"]
    assert status["page"]["status"] == "ok"
    assert hits == []  # before: the worker fetched the internal page ('ok')


async def test_jobs_the_queue_lost_are_queued_again(postgres_url: str) -> None:  # noqa: F811
    from citecheck.scale.db import upgrade
    from citecheck.scale.pgstore import PostgresJobStore
    from citecheck.scale.queue import enqueue, make_app, requeue_orphans

    await asyncio.to_thread(upgrade, postgres_url)
    store = await PostgresJobStore(postgres_url).open()
    app = make_app(postgres_url)
    try:
        async with app.open_async():
            for job_id in ("lost-queued", "lost-running", "fresh", "waiting", "finished"):
                await store.create(NewJob(job_id, "", f"{job_id}.txt", DOC, OFFLINE))
            async with store._conn() as conn:  # what an outage leaves behind
                old = time.time() - 120
                await conn.execute("UPDATE citecheck_jobs SET created_at = %s "
                                   "WHERE id <> 'fresh'", (old,))
                await conn.execute("UPDATE citecheck_jobs SET state = 'running', attempts = 1, "
                                   "worker = 'dead', lease_until = %s WHERE id = 'lost-running'",
                                   (old,))
                await conn.execute("UPDATE citecheck_jobs SET state = 'done', finished_at = %s "
                                   "WHERE id = 'finished'", (old,))
            await enqueue(app, "waiting")  # queued and in the queue: left alone
            assert await requeue_orphans(app, store, grace=30) == 2
            assert await requeue_orphans(app, store, grace=30) == 0  # now in the queue
            async with store._conn() as conn:
                cur = await conn.execute("SELECT queueing_lock FROM procrastinate_jobs "
                                         "WHERE status = 'todo' ORDER BY queueing_lock")
                queued = [row[0] for row in await cur.fetchall()]
            assert queued == ["lost-queued", "lost-running", "waiting"]
    finally:
        await store.close()


def test_the_api_answers_503_while_the_database_is_away_and_recovers(
        forwarded: tuple[str, Forwarder], postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    from fastapi.testclient import TestClient

    from citecheck.scale.db import upgrade
    from citecheck.scale.pgstore import PostgresJobStore
    from citecheck.service.app import ServiceConfig, create_app

    url, fwd = forwarded
    upgrade(postgres_url)
    store = PostgresJobStore(url)
    cfg = ServiceConfig(data_dir=tmp_path / "data", queue=postgres_url)
    body = {"references": ["Smith, John. 1990. A Book. London: Penguin."],
            "options": {"offline": True, "links": False, "resolve": False}}
    with TestClient(create_app(cfg, Settings(cache_dir=tmp_path / "c"), store=store)) as client:
        client.portal.call(store.open)
        first = client.post("/v1/checks", json=body)
        assert first.status_code == 202
        fwd.cut()
        started = time.monotonic()
        for method, path in (("POST", "/v1/checks"), ("GET", f"/v1/checks/{first.json()['id']}"),
                             ("GET", "/v1/checks")):
            r = client.request(method, path, json=body if method == "POST" else None)
            assert r.status_code == 503, r.text  # before: 500, after a 30 s wait
            assert r.headers["content-type"] == "application/problem+json"
            assert r.headers["retry-after"] == "5"
        assert client.get("/readyz").status_code == 503
        assert time.monotonic() - started < 40
        fwd.start()
        deadline = time.monotonic() + 60  # the pool reconnects with a back-off: retry shortly
        while True:  # before: 500 for good (the pool handed out the dropped connection)
            again = client.post("/v1/checks", json=body)
            if again.status_code != 503 or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert again.status_code == 202, again.text
        assert client.get(f"/v1/checks/{again.json()['id']}").status_code == 200
        client.portal.call(store.close)


def test_the_shared_cache_comes_back_after_the_database_does(
        forwarded: tuple[str, Forwarder], postgres_url: str) -> None:  # noqa: F811
    from citecheck.net.response import Response
    from citecheck.scale.db import upgrade
    from citecheck.scale.pgcache import PostgresResponseCache

    url, fwd = forwarded
    upgrade(postgres_url)
    cache = PostgresResponseCache(url)
    try:
        resp = Response(url="https://example.org/a", status=200,
                        headers={"content-type": "text/html"}, content=b"<p>a</p>",
                        truncated=False)
        cache.put("k1", "web", resp)
        cache.flush()
        assert cache.get("k1") is not None
        fwd.cut()
        assert cache.get("k1") is None  # before: OperationalError, a failed check
        fwd.start()
        cache._retry_at.clear()  # (the reconnection pause, RECONNECT_SECONDS, is over)
        hit = cache.get("k1")  # before: 'the connection is closed' for the process's life
        assert hit is not None and hit[0].content == b"<p>a</p>"
    finally:
        cache.close()


def test_a_worker_with_an_unreachable_redis_is_one_line(postgres_url: str,
                                                        tmp_path: Path) -> None:  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    proc = subprocess.run(
        [sys.executable, "-m", "citecheck", "worker", "--queue", postgres_url,
         "--redis", f"redis://127.0.0.1:{dead}/0"], capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "CITECHECK_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("citecheck:")]
    assert errors == [errors[0]] and "cannot reach Redis" in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr and "setup plugin" not in proc.stderr


async def test_a_stopping_worker_gives_a_long_job_back_after_its_grace(
        postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    """SIGTERM (here: the stop event) waited for running jobs however long they took; now
    they get the grace period, then go back to the queue and are run again elsewhere."""
    from citecheck.net import HttpLayer
    from citecheck.scale.db import upgrade
    from citecheck.scale.pgstore import PostgresJobStore
    from citecheck.scale.queue import enqueue, make_app, requeue_orphans, run_worker
    from citecheck.service.jobs import JobRunner

    def slow(h: Handler) -> None:
        if "no-such" in h.path:
            h.reply(404, b"<html><title>Not found</title></html>")
            return
        time.sleep(2)
        h.reply(200, b"<html><title>A page</title><body>" + b"text " * 200 + b"</body></html>")

    await asyncio.to_thread(upgrade, postgres_url)
    store = await PostgresJobStore(postgres_url).open()
    with serve({}, fallback=slow) as site:
        web = f"http://127.0.0.1:{site.port}"
        doc = "References\n\n" + "\n\n".join(
            f"Writer, Ann. 20{10 + k}. Report {k}. Agency. {web}/r{k}" for k in range(20)) + "\n"
        options = RunOptions(resolve=False, archive="none").model_dump(mode="json")
        await store.create(NewJob("long", "", "long.txt", doc.encode(), options))
        app = make_app(postgres_url)
        async with app.open_async():
            await enqueue(app, "long")
        settings = Settings(cache_dir=tmp_path, rate_limits={"web": 1000.0})
        async with HttpLayer(settings) as http:
            runner = JobRunner(store, http, settings, workers=1, lease=5)
            runner.start(claim=False)
            stop = asyncio.Event()
            worker = asyncio.create_task(run_worker(postgres_url, store, runner, concurrency=1,
                                                    stop=stop, grace=1.0))
            try:
                for _ in range(200):
                    if (await store.get("long")).state == "running":
                        break
                    await asyncio.sleep(0.05)
                stop.set()
                started = time.monotonic()
                await asyncio.wait_for(worker, 30)  # before: until the job's end (~10 s or more)
                assert time.monotonic() - started < 8
            finally:
                stop.set()
                await runner.drain(1)
        job = await store.get("long")
        assert job.state == "queued" and job.attempts == 0  # given back, not left 'running'
        async with app.open_async():  # the next worker's recovery queues it again
            assert await requeue_orphans(app, store, grace=0) == 1
    await store.close()


async def run_one_job(store: object, http: object, settings: Settings, job_id: str = "j") -> object:
    """Run the embedded job runner until job *job_id* is done or failed (20 s at most); its record."""
    from citecheck.service.jobs import JobRunner

    runner = JobRunner(store, http, settings, workers=1, lease=5, poll=0.05)
    runner.start()
    try:
        for _ in range(400):
            job = await store.get(job_id)
            if job.state in ("done", "failed"):
                break
            await asyncio.sleep(0.05)
    finally:
        await runner.drain(1)
    return job


async def test_a_check_without_its_shared_limits_fails_as_unavailable_not_as_the_documents_fault(
        tmp_path: Path) -> None:
    """Redis away: the check fails with the reason, as a service problem (503, submit again),
    not as 'Document not checked' (422, the document's fault). No server needed."""
    from citecheck.net import HttpLayer
    from citecheck.scale.redislimits import RedisLimits, connect
    from citecheck.service.store import SQLiteJobStore

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    with serve({}, fallback=lambda h: h.reply(200, b"<html><title>a</title></html>")) as site:
        doc = (f"References\n\nWriter, Ann. 2010. Report 1. Agency. "
               f"http://127.0.0.1:{site.port}/r1\n").encode()
        store = SQLiteJobStore(tmp_path / "jobs.sqlite3")
        await store.create(NewJob("j", "", "j.txt", doc,
                                  RunOptions(resolve=False, archive="none").model_dump(mode="json")))
        settings = Settings(cache_dir=tmp_path)
        client = connect(f"redis://127.0.0.1:{dead}/0")
        async with HttpLayer(settings, limits=RedisLimits(client, lease=30)) as http:
            try:
                job = await run_one_job(store, http, settings)
            finally:
                await client.aclose()
        assert job.state == "failed"
        assert job.error["status"] == 503 and job.error["title"] == "Service unavailable"
        assert "shared rate limits (Redis) are unreachable" in job.error["detail"]
        assert "submit it again later" in job.error["detail"]
        await store.close()


async def test_a_check_failing_on_the_services_own_settings_is_no_temporary_outage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ConfigError (the operator's settings) will not pass by resubmitting: 500 with its
    reason, not 503 'submit it again later' (that is for a service that is away)."""
    from citecheck.errors import ConfigError
    from citecheck.net import HttpLayer
    from citecheck.service import jobs
    from citecheck.service.store import SQLiteJobStore

    async def broken(*args: object, **kwargs: object) -> None:
        raise ConfigError("CITECHECK_CATALOGUES names no catalogue this build knows")

    monkeypatch.setattr(jobs, "check", broken)
    store = SQLiteJobStore(tmp_path / "jobs.sqlite3")
    await store.create(NewJob("j", "", "j.txt", b"References\n\nA. 2010. T. P.\n",
                              RunOptions(resolve=False, links=False).model_dump(mode="json")))
    settings = Settings(cache_dir=tmp_path)
    async with HttpLayer(settings) as http:
        job = await run_one_job(store, http, settings)
    assert job.state == "failed"
    assert job.error["status"] == 500 and "CITECHECK_CATALOGUES" in job.error["detail"]
