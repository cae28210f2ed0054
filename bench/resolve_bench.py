"""Measure catalogue resolution against local stand-in catalogues on loopback.

Usage (from the repo root)::

    .venv/bin/python bench/resolve_bench.py              # 1,000 references, writes bench/results/resolve.md
    .venv/bin/python bench/resolve_bench.py --refs 200 --rate 10 --latency 0.2

What runs:

* one stand-in server per catalogue (Crossref, Open Library, Google Books,
  the Library of Congress),
  each on its own 127.0.0.1 port, answering every request after ``--latency``
  seconds and refusing with 429 (+ ``Retry-After: 1``) requests beyond
  ``--rate`` a second: by default as a GCRA with a burst of 2 (sustained rate
  exact, a request up to one interval early tolerated), with
  ``--strict-window`` the 11th request in any sliding one-second window;
* the servers "answer like the catalogues": each holds the real records of
  ``tests/fixtures/catalogues/`` in the real response shapes and ranks
  them against the query's words (Crossref ``/works``, Open Library
  ``/search.json`` and ``/works/OL…W/editions.json``, Google Books
  ``/volumes``); no identifier is made up (the routes are ``tests/standins.py``,
  shared with the end-to-end test);
* the references are citations of those real records, each damaged
  differently (typos, dropped subtitle, other year … as in match_bench.py), so
  every one is a distinct request;
* a contact address is configured (Crossref's polite pool: 3 requests in
  flight), citecheck's rate limits are set to ``--rate`` for every service and
  ``resolve_references`` runs over all references at once; then a second run
  with a fresh HTTP layer on the same cache directory.

Reported: wall time against the rate-limit bound (the busiest catalogue's
requests ÷ rate — catalogues are paced independently, in parallel), the
number of 429s, and the cached second run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import json
import random
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote, urlsplit


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from match_bench import POSITIVE_KINDS, cite, damaged, load_records  # noqa: E402

from citecheck.config import Settings  # noqa: E402
from citecheck.models import Reference  # noqa: E402
from citecheck.net import HttpLayer  # noqa: E402
from citecheck.resolve import resolve_references  # noqa: E402
from standins import catalogue_routes  # noqa: E402  (the routes, shared with the tests)


# --------------------------------------------------------------------------- stand-in servers


class SlidingWindow:
    """At most ``rate`` requests in any one-second window (refused ones count too)."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.times: deque[float] = deque()

    def allow(self, now: float) -> bool:
        while self.times and now - self.times[0] >= 1.0:
            self.times.popleft()
        self.times.append(now)
        return len(self.times) <= self.rate


class Gcra:
    """The generic cell rate algorithm: ``rate``/s sustained, ``burst`` back-to-back.

    A request is refused when it comes more than (burst-1)/rate seconds ahead
    of its theoretical arrival time; refused requests use no capacity. Over any
    window of t seconds at most rate*t + burst requests pass. This is how
    "N requests a second" is usually enforced (nginx ``limit_req`` with a
    burst, API gateways), tolerant of a few ms of network/event-loop jitter.
    """

    def __init__(self, rate: int, burst: int = 2) -> None:
        self.interval = 1.0 / rate
        self.tolerance = self.interval * (burst - 1)
        self.tat = 0.0

    def allow(self, now: float) -> bool:
        tat = max(self.tat, now)
        if tat - now > self.tolerance:
            return False
        self.tat = tat + self.interval
        return True


class StandIn:
    """A minimal HTTP/1.1 keep-alive server: route(path, params) -> (status, json)."""

    def __init__(self, name: str, route: Callable[[str, dict[str, str]], tuple[int, Any]],
                 rate: int, latency: float, strict: bool = False) -> None:
        self.name, self.route, self.latency = name, route, latency
        self.window: SlidingWindow | Gcra = SlidingWindow(rate) if strict else Gcra(rate)
        self.counts: Counter[int] = Counter()
        self.server: asyncio.base_events.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                _method, target, _ = line.decode("latin-1").split(" ", 2)
                while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                if target == "/__stats":  # the bench's own bookkeeping: not rate limited
                    status, body = 200, {str(k): v for k, v in self.counts.items()}
                    data = json.dumps(body).encode()
                    writer.write(f"HTTP/1.1 200 OK\r\ncontent-length: {len(data)}\r\n\r\n".encode() + data)
                    await writer.drain()
                    continue
                allowed = self.window.allow(time.monotonic())
                await asyncio.sleep(self.latency)
                if allowed:
                    parts = urlsplit(target)
                    status, body = self.route(unquote(parts.path), dict(parse_qsl(parts.query)))
                else:
                    status, body = 429, {"message": "rate limit exceeded"}
                self.counts[status] += 1
                data = json.dumps(body).encode()
                head = (f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n"
                        f"content-length: {len(data)}\r\n"
                        + ("retry-after: 1\r\n" if status == 429 else "") + "\r\n")
                writer.write(head.encode() + data)
                await writer.drain()
        except (ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def stop(self) -> None:
        if self.server:
            self.server.close()
            await self.server.wait_closed()


# --------------------------------------------------------------------------- references


def references(n: int, rng: random.Random) -> list[Reference]:
    """n distinct damaged citations of real Crossref, Open Library and Google Books records."""
    records = [r for r in load_records() if r.authors and r.source != "openalex"]
    out, seen = [], set()
    attempts = 0
    while len(out) < n and attempts < n * 50:
        attempts += 1
        rec = rng.choice(records)
        kind = rng.choice(POSITIVE_KINDS)
        ref = damaged(cite(rec), kind, rng)
        if ref is None:
            continue
        if kind != "exact":  # a second slip makes most citations distinct
            ref = damaged(ref, rng.choice(["title-typo", "author-typo", "other-year"]), rng) or ref
        key = ref.model_dump_json()
        if key in seen:
            continue
        seen.add(key)
        out.append(ref)
    return out


# --------------------------------------------------------------------------- run


async def lag_monitor(lags: list[float], period: float = 0.01,
                      when: list[float] | None = None) -> None:
    """How late the event loop wakes a 10 ms timer: CPU work between awaits delays
    every request the rate limiter has already scheduled."""
    t0 = time.perf_counter()
    while True:
        t = time.perf_counter()
        await asyncio.sleep(period)
        lags.append(time.perf_counter() - t - period)
        if when is not None:
            when.append(t - t0)


async def resolve_run(refs: list[Reference], settings: Settings) -> tuple[float, list, dict]:
    lags: list[float] = []
    when: list[float] = []
    monitor = asyncio.create_task(lag_monitor(lags, when=when))
    async with HttpLayer(settings) as http:
        t0, c0 = time.perf_counter(), time.process_time()
        matches, messages = await resolve_references(refs, http, settings)
        elapsed = time.perf_counter() - t0
        stats = dict(http.stats)
        stats["cpu_s"] = round(time.process_time() - c0, 2)
    monitor.cancel()
    if lags:
        worst = max(range(len(lags)), key=lags.__getitem__)
        stats["loop_lag_max_at_s"] = round(when[worst], 1)
        stats["loop_lags_over_100ms"] = sum(lag > 0.1 for lag in lags)
    lags.sort()
    if lags:
        stats["loop_lag_p99_ms"] = round(1000 * lags[int(len(lags) * 0.99)], 1)
        stats["loop_lag_max_ms"] = round(1000 * lags[-1], 1)
    return elapsed, matches, stats


def build_servers(args: argparse.Namespace) -> dict[str, StandIn]:
    routes = catalogue_routes()
    return {
        name: StandIn(name, routes[name], args.rate, args.latency, args.strict_window)
        for name in ("crossref", "openlibrary", "googlebooks", "loc")
    }


async def serve(args: argparse.Namespace) -> None:
    """The stand-in catalogues, in their own process: the client's CPU work (JSON,
    scoring) must not delay the servers' clocks, or arrivals would bunch up."""
    servers = build_servers(args)
    for s in servers.values():
        await s.start()
    print(json.dumps({n: s.port for n, s in servers.items()}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes it


async def server_counts(http_urls: dict[str, str]) -> dict[str, dict[int, int]]:
    import httpx

    async with httpx.AsyncClient() as client:
        out = {}
        for name, url in http_urls.items():
            r = await client.get(f"{url}/__stats")
            out[name] = {int(k): v for k, v in r.json().items()}
        return out


async def main_async(args: argparse.Namespace) -> str:
    import subprocess

    rng = random.Random(args.seed)
    load = os.getloadavg()
    cmd = [sys.executable, __file__, "--serve", "--rate", str(args.rate),
           "--latency", str(args.latency)] + (["--strict-window"] if args.strict_window else [])
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        ports = json.loads(proc.stdout.readline())
        urls = {n: f"http://127.0.0.1:{p}" for n, p in ports.items()}
        servers = dict.fromkeys(urls)
        refs = references(args.refs, rng)
        with tempfile.TemporaryDirectory() as cache:
            settings = Settings(
                cache_dir=Path(cache),
                mailto="bench@example.org",
                catalogues=["crossref", "openlibrary", "googlebooks", "loc"],
                rate_limits={name: float(args.rate) for name in
                             ("crossref", "openalex", "openlibrary", "googlebooks", "loc")},
                crossref_url=urls["crossref"],
                openlibrary_url=urls["openlibrary"],
                googlebooks_url=urls["googlebooks"],
                loc_url=urls["loc"],
                doi_url=urls["crossref"],  # a cited DOI never reaches doi.org here
            )
            first, matches, stats1 = await resolve_run(refs, settings)
            counts1 = await server_counts(urls)
            second, matches2, stats2 = await resolve_run(refs, settings)
            counts2 = {n: sum(c.values()) for n, c in (await server_counts(urls)).items()}
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)

    requests = {n: sum(c.values()) for n, c in counts1.items()}
    # The bound counts the requests the work needs (answered ones); a refused
    # request and its retry would otherwise raise the bound they slow down.
    answered = {n: sum(v for k, v in c.items() if k != 429) for n, c in counts1.items()}
    bound = max(answered.values()) / args.rate
    total_429 = sum(c.get(429, 0) for c in counts1.values())
    verdicts = Counter(m.verdict for m in matches)
    same = sum(a == b for a, b in zip(matches, matches2))
    extra = {n: counts2[n] - requests[n] for n in servers}
    types = Counter(r.type for r in refs)
    lines = [
        "# Resolve benchmark: pacing against rate-limited stand-in catalogues",
        "",
        f"Command: `.venv/bin/python bench/resolve_bench.py --refs {args.refs} --rate {args.rate} "
        f"--latency {args.latency} --seed {args.seed}"
        + (" --strict-window" if args.strict_window else "") + "`",
        "",
        f"{len(refs)} references ({', '.join(f'{v} {k}' for k, v in sorted(types.items()))}); "
        f"stand-in servers on 127.0.0.1 with {args.latency * 1000:.0f} ms latency, each "
        + (f"refusing the {args.rate + 1}th request in any one-second window"
           if args.strict_window else
           f"enforcing {args.rate} requests/s as a GCRA with a burst of 2 (a request more than "
           f"{1000 / args.rate:.0f} ms early is refused)")
        + f" with 429 + Retry-After: 1; citecheck limits {args.rate}/s per service.",
        "",
        "| | value |",
        "|---|---:|",
        *(f"| requests to {n} (answered / all) | {answered[n]} / {requests[n]} |" for n in servers),
        f"| rate-limit bound (busiest catalogue's answered requests ÷ {args.rate}/s) | {bound:.1f} s |",
        f"| **first run wall time** | **{first:.1f} s ({first / bound:.3f}× the bound)** |",
        f"| 429 answers | {total_429} |",
        f"| **second run (cache) wall time** | **{second:.2f} s** |",
        f"| requests reaching the servers in the second run | {sum(extra.values())} |",
        f"| second run verdicts identical to the first | {same}/{len(refs)} |",
        "",
        "Verdicts (first run): " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())),
        "",
        f"Machine load (1-minute load average, 2 cores shared with other work): "
        f"{load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. `cpu_s` below is "
        "the client's own CPU time; wall time above it on the cached run is waiting for a core.",
        "",
        f"HTTP layer stats, first run: {stats1}; second run: {stats2}",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refs", type=int, default=1000)
    ap.add_argument("--rate", type=int, default=10)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--strict-window", action="store_true",
                    help="refuse the 11th request in any 1-second window (no jitter tolerance)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "resolve.md")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        asyncio.run(serve(args))
        return
    text = asyncio.run(main_async(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
