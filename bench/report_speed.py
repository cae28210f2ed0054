"""Wall time of an offline report, process start included, and where it goes.

Usage: .venv/bin/python bench/report_speed.py [FILE] [--runs N] [--markdown] [--tree DIR] [--pyc]

1. Runs ``citecheck report FILE --offline --no-links --no-resolve`` N times
   (default 7), each in a fresh process, and prints the median and minimum
   wall time and the child's CPU time (user + sys), beside a bare
   ``python -c pass`` for the interpreter's own start-up.
2. Runs the stages one by one, N times, each time in a fresh process (so the
   first-call costs -- imports, word list and model loads -- are counted, as
   a user pays them), and prints the median time of each stage: import (what
   ``citecheck.cli`` loads before any work), settings, ingest, repair,
   locate, parse (CRF model load included), finish (keys, missing fields),
   footnotes, report (shaping the Report model) and render (text format).
   A stage's time includes importing the modules it loads lazily.

The machine may be shared, so medians are the figures to compare; the CPU
time is less sensitive to other load than the wall time.
``--markdown`` prints the tables as Markdown (for bench/results/report_speed.md).
``--tree DIR`` measures another copy of the code (DIR holds its ``citecheck``
package, e.g. an older commit from ``git archive``): everything then runs with
DIR as the working directory, so that copy is imported, and the command is
the console script's two lines (``sys.exit(run())``, or ``main()`` where there
is no ``run``) instead of the installed ``citecheck``.
``--pyc`` runs with a bytecode cache (in a temporary ``PYTHONPYCACHEPREFIX``
folder, warmed by one untimed run), as an installed copy has: without it,
where ``PYTHONDONTWRITEBYTECODE`` is set (as on the shared dev machine) every
run compiles citecheck's sources again (~0.06 s).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "refs" / "russia-revolution-counter-revolution.txt"
BIN = Path(sys.executable).parent
FLAGS = ["--offline", "--no-links", "--no-resolve"]


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# what the console script runs, for a copy of the code that is not installed
ENTRY = (
    "import sys\nimport citecheck.cli as cli\nsys.argv[0] = 'citecheck'\n"
    "sys.exit(getattr(cli, 'run', cli.main)())"
)


def timed_run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one fresh process running `cmd`; output discarded."""
    cpu0, t0 = _child_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall, cpu = time.perf_counter() - t0, _child_cpu() - cpu0
    if done.returncode not in (0, 1):  # 1: problems found, still a full report
        raise SystemExit(f"{cmd} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return wall, cpu


def stages_in_process(path: Path) -> dict[str, float]:
    """Seconds per stage of one report, run as the pipeline runs it (call in a fresh process)."""
    times: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        times[name] = now - t
        t = now

    import citecheck.cli as cli

    if hasattr(cli, "tune_gc"):  # as the citecheck program does (older code has no such step)
        cli.tune_gc()
    lap("import")
    args = cli.build_parser().parse_args(["report", str(path), *FLAGS])
    cli._config(args)
    lap("settings")
    from citecheck.ingest import read_document

    doc = read_document(path)
    lap("ingest")
    from citecheck.repair import repair

    clean = repair(doc)
    lap("repair")
    from citecheck.locate import locate

    bibliography = locate(clean)
    lap("locate")
    from citecheck.parse import parse_reference

    refs = [
        parse_reference(raw.text).model_copy(update={"line": raw.line, "line_end": raw.line_end})
        for raw in bibliography.entries
    ]
    lap("parse")
    from citecheck import pipeline

    refs = pipeline._finish(refs, keep_keys=False)
    lap("finish")
    from citecheck.footnotes import find_footnotes

    footnotes = find_footnotes(clean, bibliography, refs)
    lap("footnotes")
    from citecheck.models import Notice

    notices = [Notice(code="footnotes", text=footnotes.message)] if footnotes.message else []
    report = pipeline.to_report(doc, clean, bibliography, refs, footnotes, [], [None] * len(refs),
                                notices)
    lap("report")
    from citecheck.render import render

    render(report, "text")
    cli.problems(report, cli.DEFAULT_FAIL_ON)
    lap("render")
    return times


def _median_table(rows: list[dict[str, float]]) -> list[tuple[str, float, float]]:
    return [
        (name, statistics.median(r[name] for r in rows), min(r[name] for r in rows))
        for name in rows[0]
    ]


def main(argv: list[str]) -> None:
    if argv[:1] == ["--stages"]:  # the child side of step 2
        print(json.dumps(stages_in_process(Path(argv[1]))))
        return
    options = {a: argv[i + 1] for i, a in enumerate(argv) if a in ("--runs", "--tree")}
    values = set(options.values())
    names = [a for a in argv if not a.startswith("--") and a not in values]
    runs = int(options.get("--runs", 7))
    tree = Path(options["--tree"]).resolve() if "--tree" in options else None
    path = Path(names[0]).resolve() if names else SAMPLE
    md = "--markdown" in argv
    cwd = tree or ROOT
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # never write .pyc files into a tree
    if "--pyc" in argv:
        del env["PYTHONDONTWRITEBYTECODE"]
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="report_speed_pyc_")

    python = [sys.executable, "-c", "pass"]
    entry = [sys.executable, "-c", ENTRY] if tree else [str(BIN / "citecheck")]
    report = [*entry, "report", str(path), *FLAGS]
    stages = [
        sys.executable, "-c",
        f"import runpy, sys; sys.argv = {[__file__, '--stages', str(path)]!r}; "
        f"runpy.run_path({__file__!r}, run_name='__main__')",
    ]
    if "--pyc" in argv:  # fill the bytecode cache first
        timed_run(report, cwd, env)
        subprocess.run(stages, cwd=cwd, env=env, capture_output=True, check=True)
    bare = [timed_run(python, cwd, env) for _ in range(runs)]
    full = [timed_run(report, cwd, env) for _ in range(runs)]
    rows = []
    for _ in range(runs):
        out = subprocess.run(stages, cwd=cwd, env=env, capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout))

    def stat(xs: list[tuple[float, float]]) -> tuple[float, float, float]:
        return (
            statistics.median(w for w, _ in xs),
            min(w for w, _ in xs),
            statistics.median(c for _, c in xs),
        )

    table = _median_table(rows)
    total = sum(m for _, m, _ in table)
    if md:
        code = f"code in {tree}" if tree else "installed code"
        code += ", bytecode cached" if "--pyc" in argv else ", no bytecode cache"
        command = " ".join(["citecheck", "report", path.name, *FLAGS])
        print(f"`{command}`, {runs} fresh processes, {code}\n")
        print("| command | median wall s | min wall s | median CPU s |\n|---|---:|---:|---:|")
        for label, xs in (("python -c pass", bare), ("citecheck report", full)):
            med, lo, cpu = stat(xs)
            print(f"| {label} | {med:.3f} | {lo:.3f} | {cpu:.3f} |")
        print("\n| stage (in-process, fresh process each run) | median s | min s |")
        print("|---|---:|---:|")
        for name, med, lo in table:
            print(f"| {name} | {med:.3f} | {lo:.3f} |")
        print(f"| **sum of medians** | {total:.3f} | |")
        return
    print(f"{runs} fresh processes each: {' '.join(report[1:])}")
    for label, xs in (("python -c pass", bare), ("citecheck report", full)):
        med, lo, cpu = stat(xs)
        print(f"  {label:18s} wall median {med:.3f} s  min {lo:.3f} s  cpu median {cpu:.3f} s")
    print("stages in-process (median / min of the runs, seconds):")
    for name, med, lo in table:
        print(f"  {name:10s} {med:7.3f} {lo:7.3f}")
    print(f"  {'sum':10s} {total:7.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
