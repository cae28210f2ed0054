"""Load on `citecheck serve`: concurrent clients on loopback, with rate-limited stand-ins; optional kill -9.

Usage (from the repo root)::

    python bench/serve_bench.py refs/                       # 50 clients, 60 s, writes bench/results/serve.md
    python bench/serve_bench.py refs/ --clients 50 --duration 60 --kill-after 20   # crash under load
    python bench/serve_bench.py refs/ --offline            # no network stages at all

What runs, all on 127.0.0.1:

* the service, ``python -m citecheck serve`` in a subprocess on a fresh data
  directory (``--workers`` checks at once), with the address policy on and only
  the stand-ins allow-listed;
* a Crossref stand-in that answers every search with no match after
  ``--latency`` seconds and *enforces* ``--rate`` requests a second (a request
  beyond ``rate`` in any sliding second, with one request of tolerance for
  arrival jitter, is refused with 429 and counted as a violation); citecheck is
  configured with the same rate;
* a web site for the cited links that answers after ``--latency`` seconds and
  enforces at most ``host_concurrency`` (4) requests in flight (one more is
  refused with 503 and counted);
* an archive stand-in (CDX, Wayback, Memento) with nothing archived.

Each client loops until the time is up: submit (the sample document from the
folder given — links off, since its URLs are on the internet — or, four times
in five, a small generated document of 4 references and 4 links on the
stand-in site, as text, references list or .bib), follow the job by polling,
fetch the report. A submission that fails to connect (the server is being
killed and restarted) is retried with the same Idempotency-Key. At the end,
every job the server accepted is checked: done (not lost), its report fetched.

Reported: submissions, p50/p95 submit latency and time to report, lost jobs,
5xx answers, stand-in violations, the server's peak memory (VmHWM, Linux).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from loopback import Handler, serve  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Enforcer:
    """Counts requests, requests in flight and limit violations for one stand-in."""

    def __init__(self, rate: float | None = None, concurrency: int | None = None) -> None:
        self.rate, self.concurrency = rate, concurrency
        self.lock = threading.Lock()
        self.starts: deque[float] = deque()
        self.inflight = self.peak = self.requests = self.violations = 0

    def enter(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.requests += 1
            while self.starts and now - self.starts[0] > 1.0:
                self.starts.popleft()
            self.starts.append(now)
            over_rate = self.rate is not None and len(self.starts) > self.rate + 1
            over_conc = self.concurrency is not None and self.inflight >= self.concurrency
            if over_rate or over_conc:
                self.violations += 1
                return False
            self.inflight += 1
            self.peak = max(self.peak, self.inflight)
            return True

    def leave(self) -> None:
        with self.lock:
            self.inflight -= 1


def crossref_route(enf: Enforcer, latency: float):  # type: ignore[no-untyped-def]
    def route(h: Handler) -> None:
        if not enf.enter():
            h.reply(429, b'{"status":"error"}', {"Retry-After": "1"}, "application/json")
            return
        try:
            time.sleep(latency)
            h.reply(200, b'{"status":"ok","message":{"items":[],"total-results":0}}',
                    content_type="application/json")
        finally:
            enf.leave()
    return route


def site_route(enf: Enforcer, latency: float):  # type: ignore[no-untyped-def]
    def route(h: Handler) -> None:
        if not enf.enter():
            h.reply(503, b"busy", {"Retry-After": "1"})
            return
        try:
            time.sleep(latency)
            h.reply(200, b"<html><head><title>A report page</title></head><body>"
                    + b"Figures and tables. " * 40 + b"</body></html>")
        finally:
            enf.leave()
    return route


def archive_route(h: Handler) -> None:
    if h.path.startswith("/cdx"):
        h.reply(200, b"[]", content_type="application/json")
    elif h.path.startswith("/wb"):
        h.reply(200, b'{"archived_snapshots":{}}', content_type="application/json")
    else:
        h.reply(404, b"not found")


def small_document(site: str, kind: str) -> dict:
    uid = uuid.uuid4().hex[:10]
    refs = [f"Author{uid[k]}, Alex. 20{10 + k}. Report {uid} number {k} on harbour water. "
            f"Harbour Agency. {site}/{uid}/{k}" for k in range(4)]
    if kind == "references":
        return {"references": refs}
    if kind == "bib":
        bib = "\n".join(
            f"@misc{{r{uid}{k}, author = {{Author, Alex}}, title = {{Report {uid} number {k}}}, "
            f"year = {{20{10 + k}}}, url = {{{site}/{uid}/{k}}}}}" for k in range(4))
        return {"bibtex": bib}
    return {"text": "Notes on the harbour\n\nReferences\n\n" + "\n\n".join(refs) + "\n"}


class Stats:
    def __init__(self) -> None:
        self.submit: list[float] = []
        self.to_report: list[float] = []
        self.server_errors = 0
        self.retries = 0
        self.accepted: set[str] = set()
        self.reported: set[str] = set()
        self.failed: list[str] = []


async def client_loop(n: int, base: str, docs: list[tuple[str, dict]], site: str, end: float,
                      stats: Stats, options: dict, http: httpx.AsyncClient) -> None:
    rng = random.Random(n)
    while time.monotonic() < end:
        if rng.random() < 0.2 and docs:
            name, body = rng.choice(docs)
            body = {**body, "name": name, "options": {**options, "links": False}}
        else:
            body = {**small_document(site, rng.choice(["text", "references", "bib"])),
                    "options": options}
        key = uuid.uuid4().hex
        started = time.monotonic()
        job_id = None
        while job_id is None:
            try:
                r = await http.post(f"{base}/v1/checks", json=body,
                                    headers={"Idempotency-Key": key})
            except httpx.TransportError:
                stats.retries += 1
                await asyncio.sleep(0.5)
                continue
            if r.status_code >= 500 and r.status_code != 503:
                stats.server_errors += 1
            if r.status_code in (200, 202):
                job_id = r.json()["id"]
            else:
                await asyncio.sleep(0.5)
                stats.retries += 1
        stats.submit.append(time.monotonic() - started)
        stats.accepted.add(job_id)
        state = await follow(base, job_id, http, stats)
        if state == "done":
            r = await get(http, f"{base}/v1/checks/{job_id}/report", stats)
            if r.status_code == 200:
                stats.reported.add(job_id)
                stats.to_report.append(time.monotonic() - started)
        else:
            stats.failed.append(job_id)


async def get(http: httpx.AsyncClient, url: str, stats: Stats) -> httpx.Response:
    while True:
        try:
            r = await http.get(url)
        except httpx.TransportError:
            stats.retries += 1
            await asyncio.sleep(0.5)
            continue
        if r.status_code >= 500:
            stats.server_errors += 1
            await asyncio.sleep(0.5)
            continue
        return r


async def follow(base: str, job_id: str, http: httpx.AsyncClient, stats: Stats,
                 deadline: float | None = None) -> str:
    while deadline is None or time.monotonic() < deadline:
        r = await get(http, f"{base}/v1/checks/{job_id}", stats)
        state = r.json().get("state") if r.status_code == 200 else "lost"
        if state in ("done", "failed", "lost"):
            return state
        await asyncio.sleep(0.5)
    return "timeout"


def peak_memory_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 \
        else values[0]


def start_server(port: int, data: Path, env: dict[str, str], workers: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "citecheck", "serve", "--port", str(port), "--data-dir",
         str(data / "jobs"), "--workers", str(workers)],
        cwd=data, env=env, stdout=(data / "server.log").open("ab"), stderr=subprocess.STDOUT)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited: see {data / 'server.log'}")
        time.sleep(0.1)
    raise SystemExit("server did not become ready")


async def run(args: argparse.Namespace) -> str:
    docs = []
    for path in sorted(Path(args.folder).iterdir()):
        if path.suffix.lower() in (".txt", ".md", ".bib") and path.stat().st_size < 2_000_000 \
                and not path.name.lower().startswith("readme"):
            key = "bibtex" if path.suffix.lower() == ".bib" else "text"
            docs.append((path.name, {key: path.read_text("utf-8", errors="replace")}))
    crossref = Enforcer(rate=args.rate)
    site = Enforcer(concurrency=4)
    data = Path(tempfile.mkdtemp(prefix="citecheck-serve-bench-"))
    with serve({}, fallback=crossref_route(crossref, args.latency)) as cr, \
            serve({}, fallback=site_route(site, args.latency)) as web, \
            serve({}, fallback=archive_route) as arch:
        a = f"http://127.0.0.1:{arch.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_")}
        env.update({
            "PYTHONPATH": str(ROOT),
            "CITECHECK_SERVE_ALLOW": f"127.0.0.1:{web.port}",
            "CITECHECK_SERVE_SUBMITS_PER_MINUTE": "1000000",
            "CITECHECK_SERVE_REQUESTS_PER_MINUTE": "1000000",
            "CITECHECK_SERVE_LEASE": "5",
            "CITECHECK_CACHE_DIR": str(data / "cache"),
            "CITECHECK_CROSSREF_URL": f"http://127.0.0.1:{cr.port}",
            "CITECHECK_MAILTO": "bench@example.org",
            "CITECHECK_CDX_URL": f"{a}/cdx", "CITECHECK_WAYBACK_URL": f"{a}/wb",
            "CITECHECK_MEMENTO_URL": f"{a}/tm",
            "CITECHECK_RATE_LIMITS": f"crossref={args.rate},cdx=1000,wayback=1000,memento=1000,"
                                     "web=1000",
        })
        (data / "citecheck.toml").write_text('catalogues = ["crossref"]\n')
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(port, data, env, args.workers)
        options = {"offline": True} if args.offline else {}
        stats = Stats()
        peak = 0
        began = time.monotonic()
        end = began + args.duration
        killed = False
        limits = httpx.Limits(max_connections=args.clients * 2)
        async with httpx.AsyncClient(timeout=60, limits=limits) as http:
            tasks = [asyncio.create_task(client_loop(i, base, docs, f"http://127.0.0.1:{web.port}",
                                                     end, stats, options, http))
                     for i in range(args.clients)]
            while not all(t.done() for t in tasks):
                await asyncio.sleep(0.5)
                peak = max(peak, peak_memory_kib(proc.pid) or 0)
                if args.kill_after and not killed and time.monotonic() - began > args.kill_after:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    killed = True
                    proc = await asyncio.to_thread(start_server, port, data, env, args.workers)
            await asyncio.gather(*tasks)
            # every job the server ever accepted: listed, and finished
            listed: set[str] = set()
            cursor = None
            while True:
                url = f"{base}/v1/checks?limit=200" + (f"&cursor={cursor}" if cursor else "")
                page = (await get(http, url, stats)).json()
                listed |= {j["id"] for j in page["items"]}
                cursor = page["next"]
                if not cursor:
                    break
            states = {j: await follow(base, j, http, stats, time.monotonic() + 120)
                      for j in listed}
        wall = time.monotonic() - began
        peak = max(peak, peak_memory_kib(proc.pid) or 0)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    # lost: accepted but gone from the store, or never finished (done, or failed with a reason)
    lost = len(stats.accepted - listed) + sum(1 for s in states.values()
                                              if s not in ("done", "failed"))
    lines = [
        f"- clients: {args.clients}, duration {args.duration:.0f} s (wall {wall:.0f} s with the "
        f"drain), workers {args.workers}, {'offline' if args.offline else 'network stages on'}"
        + (f", **server killed with SIGKILL at {args.kill_after:.0f} s and restarted**"
           if args.kill_after else ""),
        f"- jobs accepted: {len(stats.accepted)}; reports fetched: {len(stats.reported)}; "
        f"finished as failed: {len(stats.failed)}",
        f"- submit latency: p50 {percentile(stats.submit, 50) * 1000:.0f} ms, "
        f"p95 {percentile(stats.submit, 95) * 1000:.0f} ms",
        f"- time to report: p50 {percentile(stats.to_report, 50):.1f} s, "
        f"p95 {percentile(stats.to_report, 95):.1f} s",
        f"- lost jobs: {lost}; server errors (5xx): {stats.server_errors}; client retries "
        f"(connection refused while restarting, 503 while draining): {stats.retries}",
        f"- Crossref stand-in: {crossref.requests} requests, {crossref.violations} over its "
        f"{args.rate:g}/s limit; web site: {site.requests} requests, peak {site.peak} in flight, "
        f"{site.violations} over its 4-in-flight limit",
        f"- server peak memory (VmHWM): {peak / 1024:.0f} MiB",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="folder of sample documents (.txt/.md/.bib), e.g. refs/")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of submitting")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=5.0, help="Crossref stand-in requests/s")
    parser.add_argument("--latency", type=float, default=0.05, help="stand-in answer delay, s")
    parser.add_argument("--offline", action="store_true", help="no network stages")
    parser.add_argument("--kill-after", type=float, default=0.0,
                        help="kill -9 the server this many seconds in, and restart it")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "serve.md")
    args = parser.parse_args()
    text = asyncio.run(run(args))
    command = "python bench/serve_bench.py " + " ".join(sys.argv[1:])
    section = f"\n## `{command}`\n\n{text}\n"
    print(section)
    if not args.out.exists():
        args.out.write_text(
            "# citecheck serve under load (loopback)\n\nMethod: bench/serve_bench.py "
            "(docstring). Machine: 2 shared cores, other jobs running.\n", "utf-8")
    with args.out.open("a", encoding="utf-8") as f:
        f.write(section)


if __name__ == "__main__":
    main()
