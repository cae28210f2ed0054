"""Politeness across worker processes: N workers resolving against rate-limited stand-ins.

Usage (from the repo root; needs Redis on 127.0.0.1:6379)::

    python bench/scale_bench.py                      # 1,000 references, 1 and 3 workers
    python bench/scale_bench.py --refs 300 --workers 1 2 3

What runs: the stand-in catalogues of ``bench/resolve_bench.py`` in their own
process (each on 127.0.0.1 with ``--latency`` and refusing with 429 any request
beyond ``--rate`` a second, as a GCRA); then, for each worker count N, N
separate processes, each resolving its share of the same references with
citecheck's limits shared through Redis (``citecheck.scale.redislimits.RedisLimits``,
a fresh key prefix per run) and its own response cache, all started at once.

Reported per N: wall time (first worker start to last worker end), the
rate-limit bound (the busiest catalogue's answered requests ÷ rate: one
process or many, the catalogue sets the pace), the ratio, and the 429s the
stand-ins sent. Politeness holds when N workers take about as long as one
and draw no 429; without the shared limiter N workers would each send at the
full rate and be refused.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from resolve_bench import references, server_counts  # noqa: E402

from citecheck.config import Settings  # noqa: E402

SERVICES = ("crossref", "openlibrary", "googlebooks", "loc")


def settings_for(urls: dict[str, str], rate: float, cache: Path) -> Settings:
    return Settings(
        cache_dir=cache, mailto="bench@example.org", catalogues=list(SERVICES),
        rate_limits={name: rate for name in (*SERVICES, "openalex")},
        crossref_url=urls["crossref"], openlibrary_url=urls["openlibrary"],
        googlebooks_url=urls["googlebooks"], loc_url=urls["loc"], doi_url=urls["crossref"],
    )


async def worker(args: argparse.Namespace) -> None:
    """One worker process: its share of the references, limits shared through Redis."""
    from citecheck.net import HttpLayer
    from citecheck.resolve import resolve_references
    from citecheck.scale.redislimits import RedisLimits, connect

    refs = references(args.refs, random.Random(args.seed))[args.part::args.of]
    urls = json.loads(args.urls)
    client = connect(args.redis)
    with tempfile.TemporaryDirectory() as cache:
        settings = settings_for(urls, float(args.rate), Path(cache))
        async with HttpLayer(settings, limits=RedisLimits(client, prefix=args.prefix)) as http:
            t0 = time.time()
            matches, _ = await resolve_references(refs, http, settings)
            print(json.dumps({"start": t0, "end": time.time(), "refs": len(refs),
                              "requests": http.stats["requests"]}), flush=True)
    await client.aclose()


async def one_run(n: int, urls: dict[str, str], args: argparse.Namespace) -> dict:
    before = await server_counts(urls)
    prefix = f"citecheck-bench:{secrets.token_hex(4)}:"
    cmd = [sys.executable, __file__, "--worker", "--of", str(n), "--refs", str(args.refs),
           "--seed", str(args.seed), "--rate", str(args.rate), "--redis", args.redis,
           "--prefix", prefix, "--urls", json.dumps(urls)]
    procs = [subprocess.Popen([*cmd, "--part", str(i)], stdout=subprocess.PIPE, text=True)
             for i in range(n)]
    outs = [json.loads(p.communicate(timeout=3600)[0].strip().splitlines()[-1]) for p in procs]
    after = await server_counts(urls)
    answered = {s: sum(v for k, v in after[s].items() if k != 429)
                - sum(v for k, v in before[s].items() if k != 429) for s in SERVICES}
    refused = sum(after[s].get(429, 0) - before[s].get(429, 0) for s in SERVICES)
    wall = max(o["end"] for o in outs) - min(o["start"] for o in outs)
    bound = max(answered.values()) / args.rate
    return {"workers": n, "wall": wall, "bound": bound, "ratio": wall / bound,
            "answered": answered, "429": refused, "refs": sum(o["refs"] for o in outs)}


async def main_async(args: argparse.Namespace) -> str:
    load = os.getloadavg()
    serve = [sys.executable, str(ROOT / "bench" / "resolve_bench.py"), "--serve", "--rate",
             str(args.rate), "--latency", str(args.latency)]
    proc = subprocess.Popen(serve, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        ports = json.loads(proc.stdout.readline())  # type: ignore[union-attr]
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        runs = [await one_run(n, urls, args) for n in args.workers]
    finally:
        proc.stdin.close()  # type: ignore[union-attr]
        proc.wait(timeout=10)
    lines = [
        "# Scale benchmark: worker processes sharing limits through Redis",
        "",
        f"Command: `python bench/scale_bench.py --refs {args.refs} --rate {args.rate} "
        f"--latency {args.latency} --workers {' '.join(map(str, args.workers))}`",
        "",
        f"{args.refs} references (damaged citations of the real recorded records) split across "
        f"N worker processes, against stand-in catalogues on 127.0.0.1 with "
        f"{args.latency * 1000:.0f} ms latency that refuse with 429 any request beyond "
        f"{args.rate}/s (GCRA, burst 2). Each worker has its own response cache; the limits "
        "(per-service rate, per-origin slots, Retry-After) are shared in Redis.",
        "",
        "| workers | wall time | rate-limit bound | ratio | 429s | answered requests (busiest) |",
        "|---:|---:|---:|---:|---:|---:|",
        *(f"| {r['workers']} | {r['wall']:.1f} s | {r['bound']:.1f} s | **{r['ratio']:.3f}×** "
          f"| {r['429']} | {max(r['answered'].values())} |" for r in runs),
        "",
        f"Machine load (1-minute average, 2 shared cores): {load[0]:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refs", type=int, default=1000)
    ap.add_argument("--rate", type=int, default=10)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    ap.add_argument("--redis", default=os.environ.get("CITECHECK_TEST_REDIS",
                                                      "redis://127.0.0.1:6379/0"))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale.md")
    # the worker processes' own arguments
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--of", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--prefix", default="citecheck-bench:", help=argparse.SUPPRESS)
    ap.add_argument("--urls", default="{}", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        asyncio.run(worker(args))
        return
    text = asyncio.run(main_async(args))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
