"""Instructions executed by each stage of an offline report (valgrind callgrind): load-proof.

Usage: python bench/report_instructions.py [FILE] [--tree DIR]

Wall time on a shared machine moves by tens of per cent with the other jobs;
the number of instructions a run executes does not. This runs the stages of
``citecheck report FILE --offline --no-links --no-resolve`` (as
``bench/report_speed.py`` runs them, in one process) under
``valgrind --tool=callgrind`` and has callgrind write its counts after each
stage (``callgrind_control --dump``), then prints the instructions of each
stage: interpreter start, import of ``citecheck.cli``, settings and ingest,
repair, locate, parse, finish (keys, missing fields), footnotes, report and
render, and interpreter exit. ``--tree DIR`` measures another copy of the code
(DIR holds its ``citecheck`` package), e.g. an older commit from ``git archive``.
``--split-imports`` also dumps after importing each stage's modules (pydantic, the
models, the rest of the CLI, repair, locate, parse, pipeline, footnotes), so that
the import rows ("import locate": compiling the module and its regular expressions)
stand apart from the stages' work.
Needs ``valgrind``; takes about a minute (callgrind runs ~50x slower).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "refs" / "russia-revolution-counter-revolution.txt"


def dump(name: str) -> None:
    """Ask the callgrind instance running this process to write its counts so far."""
    subprocess.run(["callgrind_control", "--dump=" + name, str(os.getpid())],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def stages(path: Path, split: bool = False) -> None:
    """The child: the report's stages, a dump after each (runs under callgrind)."""
    dump("start")

    def imported(name: str, module: str) -> None:
        if split:
            __import__(module)
            dump("import " + name)

    imported("pydantic", "pydantic")
    imported("models", "citecheck.models")
    import citecheck.cli as cli

    if hasattr(cli, "tune_gc"):
        cli.tune_gc()
    dump("import cli" if split else "import")
    args = cli.build_parser().parse_args(["report", str(path), "--offline", "--no-links",
                                          "--no-resolve"])
    cli._config(args)
    from citecheck.ingest import read_document

    doc = read_document(path)
    dump("settings+ingest")
    imported("repair", "citecheck.repair")
    from citecheck.repair import repair

    clean = repair(doc)
    dump("repair")
    imported("locate", "citecheck.locate")
    from citecheck.locate import locate

    bibliography = locate(clean)
    dump("locate")
    imported("parse", "citecheck.parse")
    from citecheck.parse import parse_references

    parsed = parse_references([raw.text for raw in bibliography.entries])
    refs = [ref.model_copy(update={"line": raw.line, "line_end": raw.line_end})
            for raw, ref in zip(bibliography.entries, parsed)]
    dump("parse")
    imported("pipeline", "citecheck.pipeline")
    from citecheck import pipeline

    refs = pipeline._finish(refs, keep_keys=False)
    dump("finish")
    imported("footnotes", "citecheck.footnotes")
    from citecheck.footnotes import find_footnotes

    footnotes = find_footnotes(clean, bibliography, refs)
    dump("footnotes")
    from citecheck.models import Notice
    from citecheck.render import render

    notices = [Notice(code="footnotes", text=footnotes.message)] if footnotes.message else []
    report = pipeline.to_report(doc, clean, bibliography, refs, footnotes, [],
                                [None] * len(refs), notices)
    render(report, "text")
    cli.problems(report, cli.DEFAULT_FAIL_ON)
    dump("report+render")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        stages(Path(argv[1]), "--split-imports" in argv)
        return
    tree = Path(argv[argv.index("--tree") + 1]).resolve() if "--tree" in argv else None
    names = [a for a in argv if not a.startswith("--") and (tree is None or Path(a).resolve() != tree)]
    path = Path(names[0]).resolve() if names else SAMPLE
    out = Path(tempfile.mkdtemp(prefix="report_instructions_"))
    # this tree's code (or DIR's), never an installed copy; sources compiled as report_speed.py does
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(tree or ROOT))
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg.%p", sys.executable,
         __file__, "--child", str(path), *(["--split-imports"] if "--split-imports" in argv else [])],
        cwd=tree or ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
    )
    rows: list[tuple[str, int]] = []
    for f in out.iterdir():
        text = f.read_text(errors="replace")[:4000]
        trigger = re.search(r"^desc: Trigger: (.*)$", text, re.M)
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        if trigger and total:
            name = trigger.group(1).removeprefix("dump ").replace("Program termination", "exit")
            part = re.search(r"^part: (\d+)", text, re.M)
            rows.append((name, int(total.group(1)), int(part.group(1)) if part else 1 << 30))
    rows.sort(key=lambda r: r[2])
    print(f"instructions per stage (callgrind), {path.name}, code in {tree or ROOT}")
    print("| stage | instructions (M) |\n|---|---:|")
    for name, total, _ in rows:
        print(f"| {name} | {total / 1e6:,.0f} |")
    print(f"| **total** | {sum(r[1] for r in rows) / 1e6:,.0f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
