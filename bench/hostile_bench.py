"""Hostile-server benchmark: every link ends within the deadline, with the right status.

Starts loopback servers in a child process (127.0.0.1 only; it stops by itself
after ``--lifetime`` seconds), then checks 140 links with citecheck's DEFAULT
settings (``Settings()``: deadline, timeouts, retries, concurrency, the wait
budgets; only the archive endpoints point at a closed loopback port):

* 70 well-behaved pages (each answer delayed ``--latency``) -> ``ok``
* 10 trickle: headers, then one body byte a second        -> ``timeout``
* 10 stall: the request is read, nothing is ever answered -> ``timeout``
*  5 loop: every answer redirects to a new URL            -> ``too-many-redirects``
*  5 bomb: 200 with a gzip body that inflates to 200 MiB  -> ``ok`` (body read up to the cap)
* 40 limited: ONE host answering every request 429 with Retry-After: 5, for ever
  -> ``rate-limited`` (answered 429) or ``unchecked`` (not sent: the run's waiting
  for the host, ``max_host_wait``, was spent); never dead

One server per link, except the limited host (one server for its 40 links). The
claim checked: wall time <= deadline + max_host_wait + the time the well-behaved
links alone take (measured in the same run, first), every status as listed, and
the peak memory (ru_maxrss) of the checking process. Results go to
bench/results/hostile.md.

    python bench/hostile_bench.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "hostile.md"
KINDS = {"ok": 70, "trickle": 10, "stall": 10, "loop": 5, "bomb": 5, "limited": 40}
EXPECTED = {"ok": {"ok"}, "trickle": {"timeout"}, "stall": {"timeout"},
            "loop": {"too-many-redirects"}, "bomb": {"ok"},
            "limited": {"rate-limited", "unchecked"}}
# kinds whose links share one server (one host), the rest have a server each
ONE_HOST = {"limited"}
RETRY_AFTER = 5
PAGE = (b"<!doctype html><html><head><title>Article %d</title></head>"
        b"<body><h1>Article</h1><p>Some text.</p></body></html>")


# --------------------------------------------------------------------------- servers


def gzip_bomb(size: int = 200 * 1024 * 1024) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1 << 20)
    return b"".join(z.compress(block) for _ in range(size // len(block))) + z.flush()


async def _handle(kind: str, latency: float, bomb: bytes, reader: asyncio.StreamReader,
                  writer: asyncio.StreamWriter) -> None:
    try:
        for _ in range(1000):  # bounded keep-alive
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1]
            if kind == "stall":
                await asyncio.sleep(600)  # the server's lifetime ends it first
                return
            await asyncio.sleep(latency)
            if kind == "limited":
                writer.write(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: %d\r\n"
                             b"Content-Length: 0\r\n\r\n" % RETRY_AFTER)
            elif kind == "loop":
                writer.write(b"HTTP/1.1 302 Found\r\nLocation: %s/x\r\nContent-Length: 0\r\n\r\n"
                             % path.rstrip(b"/"))
            elif not (path.startswith(b"/page/") and path[6:].isdigit()):
                writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            elif kind == "ok":
                body = PAGE % len(path)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            elif kind == "bomb":
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(bomb))
                writer.write(bomb)
            elif kind == "trickle":
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: 100000\r\n\r\n")
                for _ in range(600):
                    writer.write(b"x")
                    await writer.drain()
                    await asyncio.sleep(1.0)
                return
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def _serve(latency: float, ports_file: str, lifetime: float) -> None:
    bomb = gzip_bomb()
    servers: dict[str, list[int]] = {}
    for kind, count in KINDS.items():
        for _ in range(1 if kind in ONE_HOST else count):
            srv = await asyncio.start_server(
                lambda r, w, k=kind: _handle(k, latency, bomb, r, w), "127.0.0.1", 0)
            servers.setdefault(kind, []).append(srv.sockets[0].getsockname()[1])
    Path(ports_file).write_text(json.dumps(servers))
    await asyncio.sleep(lifetime)


def start_servers(latency: float, lifetime: float, workdir: Path
                  ) -> tuple[subprocess.Popen, dict[str, list[int]]]:
    ports_file = workdir / "ports.json"
    proc = subprocess.Popen([sys.executable, __file__, "--serve", "--latency", str(latency),
                             "--lifetime", str(lifetime), "--ports-file", str(ports_file)])
    until = time.monotonic() + 30
    while not ports_file.exists() or not ports_file.read_text():
        if time.monotonic() > until or proc.poll() is not None:
            proc.kill()
            raise SystemExit("servers did not start")
        time.sleep(0.05)
    return proc, json.loads(ports_file.read_text())


# --------------------------------------------------------------------------- checker


async def _check(urls: list[str], cache_dir: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from citecheck.config import RunOptions, Settings, running
    from citecheck.links import run_link_stage
    from citecheck.net import HttpLayer

    nowhere = "http://127.0.0.1:9"
    settings = Settings(cache_dir=Path(cache_dir), cdx_url=f"{nowhere}/cdx",
                        wayback_url=f"{nowhere}/available", memento_url=f"{nowhere}/timemap")
    started = time.perf_counter()
    async with HttpLayer(settings) as http:
        # refresh: nothing from the cache; archive look-ups off so only the links are timed
        with running(RunOptions(refresh=True, archive="none")):
            stage = await run_link_stage(urls, http, settings)
    wall = time.perf_counter() - started
    return {"wall": wall, "deadline": settings.deadline,
            "max_host_wait": getattr(settings, "max_host_wait", None),
            "checks": [(c.url, c.status, c.evidence[:120]) for c in stage.checks],
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def run_check(urls: list[str], workdir: Path, name: str) -> dict:
    url_file = workdir / f"{name}.txt"
    url_file.write_text("\n".join(urls))
    out = subprocess.run([sys.executable, __file__, "--worker", str(url_file), "--cache-dir",
                          str(workdir / f"cache-{name}")],
                         capture_output=True, text=True, timeout=600, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--lifetime", type=float, default=300.0)
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--ports-file", help=argparse.SUPPRESS)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        asyncio.run(_serve(args.latency, args.ports_file, args.lifetime))
        return
    if args.worker:
        urls = Path(args.worker).read_text().split()
        print(json.dumps(asyncio.run(_check(urls, args.cache_dir))))
        return

    workdir = Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    server, ports = start_servers(args.latency, args.lifetime, workdir)
    try:
        links = [(kind, f"http://127.0.0.1:{port}/page/{i}")
                 for kind, plist in ports.items()
                 for i, port in enumerate(plist * KINDS[kind] if kind in ONE_HOST else plist)]
        kind_of = {url: kind for kind, url in links}
        calm = run_check([u for k, u in links if k == "ok"], workdir, "calm")
        hostile = run_check([u for _, u in links], workdir, "all")
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    wrong = [(kind_of[u], s, e) for u, s, e in hostile["checks"] if s not in EXPECTED[kind_of[u]]]
    per_kind: dict[str, Counter[str]] = {}
    for u, s, _ in hostile["checks"]:
        per_kind.setdefault(kind_of[u], Counter())[s] += 1
    waits = hostile["max_host_wait"]
    bound = hostile["deadline"] + (waits or 0) + calm["wall"]
    evidence: dict[str, dict[str, str]] = {}
    for u, s, e in hostile["checks"]:
        evidence.setdefault(kind_of[u], {}).setdefault(s, e)
    lines = [
        "# Hostile servers: bounded time, honest statuses (loopback only)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M:%S')} on {platform.platform()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end (a shared machine).",
        "",
        f"Setup: {sum(KINDS.values())} links on loopback servers: 70 well-behaved pages "
        f"(answers delayed {args.latency * 1000:.0f} ms), 10 trickle one body byte a second, "
        "10 stall after reading the request, 5 redirect forever to new URLs, 5 send a 200 "
        "gzip body that inflates to 200 MiB (a server each), and 40 on one host that answers "
        f"429 with Retry-After: {RETRY_AFTER} for ever. citecheck with its default settings "
        f"(deadline {hostile['deadline']:g} s, max_host_wait "
        f"{'none' if waits is None else f'{waits:g} s'}; archive look-ups off so only the "
        "links are timed).",
        "",
        "| kind | links | expected | statuses | evidence (first) |",
        "| --- | ---: | --- | --- | --- |",
    ]
    for kind, count in KINDS.items():
        said = " / ".join(f"{s}: {e}" for s, e in evidence.get(kind, {}).items())
        lines.append(f"| {kind} | {count} | {' or '.join(sorted(EXPECTED[kind]))} | "
                     f"{dict(per_kind.get(kind, {}))} | {said.replace('|', '/')} |")
    lines += [
        "",
        f"- well-behaved links alone: **{calm['wall']:.2f} s**",
        f"- all {sum(KINDS.values())} links: **{hostile['wall']:.2f} s**; bound = deadline + "
        f"max_host_wait + well-behaved = {bound:.2f} s: "
        f"**{'within' if hostile['wall'] <= bound else 'OVER'}**",
        f"- statuses wrong: **{len(wrong)}**" + (f" {wrong[:5]}" if wrong else ""),
        f"- peak memory (ru_maxrss) of the checking process: "
        f"**{hostile['maxrss_kb'] / 1024:.0f} MB**",
        "",
        "Reproduce: `python bench/hostile_bench.py` (options: --latency).",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
