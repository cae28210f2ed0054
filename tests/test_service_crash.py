"""Jobs survive: `citecheck serve` in a subprocess, killed with SIGKILL mid-run, then SIGTERM.

A loopback site answers slowly so that checks are running when the server
is killed. After a restart on the same data directory every accepted job
finishes, once, with the result a run without a crash gives; retried
submissions (same Idempotency-Key) get the same jobs back. SIGTERM stops
accepting, re-queues what cannot finish within the drain time, and exits;
the next start completes it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("uvicorn", reason="the service needs uvicorn (pip install -e .)")

from loopback import Handler, serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LINKS_PER_JOB = 8  # two rounds of four at 0.4 s: a check seen half-way has a round left


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m citecheck serve` on a free port, with the slow site allow-listed."""

    def __init__(self, data: Path, site_port: int, **env: str) -> None:
        self.data, self.site_port, self.extra = data, site_port, env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        site = f"http://127.0.0.1:{self.site_port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_")}
        env.update({
            "PYTHONPATH": str(ROOT), "CITECHECK_SERVE_ALLOW": f"127.0.0.1:{self.site_port}",
            "CITECHECK_SERVE_LEASE": "1.5", "CITECHECK_SERVE_POLL": "0.2",
            "CITECHECK_CACHE_DIR": str(self.data / "cache"), "CITECHECK_CDX_URL": f"{site}/cdx",
            "CITECHECK_WAYBACK_URL": f"{site}/wb", "CITECHECK_MEMENTO_URL": f"{site}/tm",
            "CITECHECK_RATE_LIMITS": "web=1000,cdx=1000,wayback=1000,memento=1000", **self.extra,
        })
        log = (self.data / "server.log").open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "citecheck", "serve", "--port", str(self.port),
             "--data-dir", str(self.data / "jobs"), "--workers", "2"],
            cwd=self.data, env=env, stdout=log, stderr=subprocess.STDOUT)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            try:
                if httpx.get(f"{self.base}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert self.proc.poll() is None, (self.data / "server.log").read_text()
            time.sleep(0.1)
        raise AssertionError("server did not become ready")

    def stop(self, sig: int = signal.SIGKILL) -> int:
        assert self.proc is not None
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=60)

    def get(self, path: str) -> Any:
        return httpx.get(self.base + path, timeout=10)

    def post(self, path: str, **kw: Any) -> Any:
        return httpx.post(self.base + path, timeout=10, **kw)


@pytest.fixture
def slow_site() -> Iterator[Any]:
    def page(h: Handler) -> None:
        if h.path.startswith(("/cdx", "/wb", "/tm")):  # the archive stand-ins: nothing archived
            h.reply(200, b"[]", content_type="application/json")
            return
        if "no-such-page" in h.path:  # a real site: a path that cannot exist is a 404
            h.reply(404, b"<html><title>Not found</title></html>")  # (else: soft-404 by probe)
            return
        time.sleep(0.4)
        h.reply(200, b"<html><head><title>Slow page</title></head><body>" + b"words " * 50
                + b"</body></html>")

    with serve({}, fallback=page) as site:
        yield site


def document(i: int, site: int) -> str:
    entries = "\n\n".join(
        f"Writer{i}, Ann. 20{10 + k}. Report {k} of series {i}. Agency. "
        f"http://127.0.0.1:{site}/s{i}/r{k}" for k in range(LINKS_PER_JOB))
    return f"Series {i}\n\nReferences\n\n{entries}\n"


OPTIONS = {"resolve": False, "archive": "none", "footnotes": False}


def wait_all(server: Server, ids: list[str], timeout: float = 120) -> dict[str, dict]:
    end = time.monotonic() + timeout
    states: dict[str, dict] = {}
    while time.monotonic() < end:
        states = {i: server.get(f"/v1/checks/{i}").json() for i in ids}
        if all(s["state"] in ("done", "failed") for s in states.values()):
            return states
        time.sleep(0.3)
    raise AssertionError(f"not finished: {[s['state'] for s in states.values()]}")


def test_kill_9_mid_run_then_restart_finishes_every_accepted_job(
        tmp_path: Path, slow_site: Any) -> None:
    server = Server(tmp_path, slow_site.port)
    server.start()
    ids = []
    for i in range(8):
        r = server.post("/v1/checks", json={"text": document(i, slow_site.port),
                                            "options": OPTIONS},
                        headers={"Idempotency-Key": f"job-{i}"})
        assert r.status_code == 202, r.text
        ids.append(r.json()["id"])
    end = time.monotonic() + 30  # wait until checks are part-way through their links
    while time.monotonic() < end:
        running = [s for s in server.get("/v1/checks?limit=50").json()["items"]
                   if s["state"] == "running" and any(
                       # part-way: a check whose links are all done may end before the kill
                       st["name"] == "links" and 0 < st["done"] < LINKS_PER_JOB
                       for st in s["stages"])]
        if running:  # one site's slots serve one check at a time: often one is part-way
            break
        time.sleep(0.05)
    assert running
    interrupted = {s["id"] for s in running}
    assert server.stop(signal.SIGKILL) == -signal.SIGKILL

    server.start()  # same data directory, a new process
    for i in range(8):  # a client retrying after the outage gets its jobs back
        again = server.post("/v1/checks", json={"text": document(i, slow_site.port),
                                                "options": OPTIONS},
                            headers={"Idempotency-Key": f"job-{i}"})
        assert again.status_code == 200 and again.json()["id"] == ids[i]
    states = wait_all(server, ids)
    assert all(s["state"] == "done" for s in states.values()), states
    for job_id in interrupted:
        assert states[job_id]["attempts"] == 2  # run again after the crash, not lost
    for i, job_id in enumerate(ids):
        report = server.get(f"/v1/checks/{job_id}/report").json()
        links = sorted((l["original"], l["status"]) for l in report["links"])
        assert links == sorted((f"http://127.0.0.1:{slow_site.port}/s{i}/r{k}", "ok")
                               for k in range(LINKS_PER_JOB))
    listed = server.get("/v1/checks?limit=50").json()["items"]
    assert sorted(j["id"] for j in listed) == sorted(ids)  # none lost, none duplicated
    server.stop(signal.SIGTERM)


def test_sigterm_stops_accepting_requeues_and_exits(tmp_path: Path, slow_site: Any) -> None:
    server = Server(tmp_path, slow_site.port, CITECHECK_SERVE_DRAIN_SECONDS="0.5")
    server.start()
    r = server.post("/v1/checks", json={"text": document(1, slow_site.port) + "\n\n".join(
        f"Extra, E. 2001. Page {k}. http://127.0.0.1:{slow_site.port}/x/{k}" for k in range(30)),
        "options": OPTIONS})
    job_id = r.json()["id"]
    end = time.monotonic() + 30
    while server.get(f"/v1/checks/{job_id}").json()["state"] != "running":
        assert time.monotonic() < end
        time.sleep(0.05)
    started = time.monotonic()
    code = server.stop(signal.SIGTERM)
    assert time.monotonic() - started < 20
    assert code in (0, -signal.SIGTERM)
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log
    server.start()
    state = wait_all(server, [job_id])[job_id]
    assert state["state"] == "done" and state["attempts"] == 1  # re-queued, not counted as a crash
    server.stop(signal.SIGTERM)
