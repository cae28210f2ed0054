"""A corpus on the task queue: 200 documents checked by 1 and by 2 worker processes.

Usage (from the repo root; needs PostgreSQL on 127.0.0.1:5432, database ``test``, and Redis)::

    python bench/batch_bench.py                   # 200 documents, 1 and 2 workers
    python bench/batch_bench.py --docs 50 --workers 1 2

What runs: a corpus of synthetic documents of mixed sizes (5 to 60 entries,
author–year, each entry citing a page on a loopback web site that answers
after ``--latency`` seconds), a fresh database per run, N ``citecheck worker``
processes, and ``citecheck batch DIR --queue URL`` submitting the corpus and
collecting the results (catalogue lookups off: the catalogue pace is measured
by bench/scale_bench.py). Reported per N: wall time of the batch, and where
the time goes — the stage durations the workers recorded in each job's
progress (reading and repairing, checking links), summed over the corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from loopback import Handler, serve  # noqa: E402

SURNAMES = ["Smith", "Kowalski", "Nguyen", "Garcia", "Müller", "Rossi", "Dubois", "Ivanova",
            "Okafor", "Tanaka", "Larsen", "Haddad", "Silva", "Novak", "Fischer", "Moreau"]
WORDS = ["history", "archive", "networks", "citation", "decay", "libraries", "method", "memory",
         "publishing", "records", "survey", "evidence", "language", "science", "practice"]


def document(rng: random.Random, webs: list[str], n: int, i: int) -> str:
    entries = []
    for k in range(n):
        year = rng.randint(1990, 2024)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
        entries.append(f"{rng.choice(SURNAMES)}, {rng.choice('ABCDEFGH')}. ({year}). {title}. "
                       f"Journal of {rng.choice(WORDS).capitalize()}, {rng.randint(1, 40)}"
                       f"({rng.randint(1, 4)}), {rng.randint(1, 300)}-{rng.randint(301, 600)}. "
                       f"{rng.choice(webs)}/d{i}/e{k}")
    body = "\n\n".join(f"Paragraph {p} of the text, citing earlier work. " * 3 for p in range(10))
    return f"Document {i}\n\n{body}\n\nReferences\n\n" + "\n\n".join(entries) + "\n"


def one_run(workers: int, folder: Path, args: argparse.Namespace, allow: list[str]) -> dict:
    import psycopg

    name = f"citecheck_bench_{secrets.token_hex(4)}"
    admin_url = args.postgres
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    # workers refuse loopback addresses (the service's address policy) unless allow-listed
    env = {**os.environ, "CITECHECK_CACHE_DIR": tempfile.mkdtemp(),
           "CITECHECK_SERVE_ALLOW": ",".join(allow)}
    procs = [subprocess.Popen([sys.executable, "-m", "citecheck", "worker", "--queue", url,
                               "--redis", args.redis, "--concurrency", str(args.concurrency)],
                              env=env,
                              stderr=subprocess.DEVNULL) for _ in range(workers)]
    out = Path(tempfile.mkdtemp()) / "out"
    try:
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-m", "citecheck", "batch", str(folder), "-o", str(out),
                        "--queue", url, "--no-resolve", "--quiet"], env=env, check=False)
        wall = time.monotonic() - t0
        stages: Counter[str] = Counter()
        with psycopg.connect(url) as conn:
            for (progress,) in conn.execute("SELECT progress FROM citecheck_jobs"):
                for stage in json.loads(progress or "{}").get("stages", []):
                    stages[stage["name"]] += stage.get("seconds") or 0.0
        done = (out / "documents.csv").read_text("utf-8").count(",done,")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {"workers": workers, "wall": wall, "done": done, "stages": dict(stages)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--concurrency", type=int, default=4, help="jobs per worker process")
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--postgres", default=os.environ.get(
        "CITECHECK_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test"))
    ap.add_argument("--sites", type=int, default=10, help="loopback web sites the links go to")
    ap.add_argument("--redis", default=os.environ.get("CITECHECK_TEST_REDIS",
                                                      "redis://127.0.0.1:6379/0"))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "batch.md")
    args = ap.parse_args()

    def page(h: Handler) -> None:
        time.sleep(args.latency)
        if h.path.endswith("/missing"):
            h.reply(404, b"<html><title>Not found</title></html>")
        else:
            h.reply(200, b"<html><head><title>A page</title></head><body>" + b"words " * 200
                    + b"</body></html>")

    rng = random.Random(args.seed)
    load = os.getloadavg()
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        sites = [stack.enter_context(serve({}, fallback=page)) for _ in range(args.sites)]
        webs = [f"http://127.0.0.1:{site.port}" for site in sites]
        folder = Path(tmp)
        sizes = [rng.choice([5, 10, 20, 60]) for _ in range(args.docs)]
        for i, n in enumerate(sizes):
            (folder / f"doc{i:03}.txt").write_text(document(rng, webs, n, i), "utf-8")
        runs = [one_run(w, folder, args, [f"127.0.0.1:{site.port}" for site in sites])
                for w in args.workers]
    names = sorted({s for r in runs for s in r["stages"]})
    lines = [
        "# Batch benchmark: a corpus on the task queue, 1 and 2 worker processes",
        "",
        f"Command: `python bench/batch_bench.py --docs {args.docs} --workers "
        f"{' '.join(map(str, args.workers))} --concurrency {args.concurrency} "
        f"--latency {args.latency}`",
        "",
        f"{args.docs} synthetic author–year documents ({sum(sizes)} entries, sizes "
        f"{dict(sorted(Counter(sizes).items()))} entries), every entry citing a page on one of "
        f"{args.sites} loopback sites answering after {args.latency * 1000:.0f} ms; catalogue "
        f"lookups off; {args.concurrency} jobs at once per worker process; per-origin limits "
        "shared in Redis; a fresh PostgreSQL database per run.",
        "",
        "| workers | wall time | documents done | " + " | ".join(
            f"{n} (s, summed)" for n in names) + " |",
        "|---:|---:|---:|" + "---:|" * len(names),
        *(f"| {r['workers']} | {r['wall']:.1f} s | {r['done']}/{args.docs} | " + " | ".join(
            f"{r['stages'].get(n, 0):.0f}" for n in names) + " |" for r in runs),
        "",
        "Stage times are summed over jobs that overlap, so they exceed the wall time; their "
        "ratio says where the time goes (the pure stages are CPU on 2 shared cores; link "
        "checks wait on the network).",
        "",
        f"Machine load (1-minute average, 2 shared cores): {load[0]:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end.",
        "",
    ]
    text = "\n".join(lines)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
