"""LaTeX left in CSL-JSON and RIS exports of real .bib files: backslashes and the commands they start.

Usage (from the repo root)::

    PYTHONPATH=. python bench/bib_export_latex.py tests/fixtures/bib-corpus
    PYTHONPATH=. python bench/bib_export_latex.py tests/fixtures/bib-corpus --write bench/results/bib_export_latex.md

Each ``*.bib`` is exported offline as ``citecheck export FILE -t csl-json`` and
``-t ris`` would (the same ``cli.main``), and the text values of the output are
searched for what a reader should never see: a backslash (a LaTeX command or
escape left raw), counted per file and format, with the commands named. In
CSL-JSON the JSON escaping is undone first (a ``\\\\`` in the file is one
backslash in the value). Also counted: CSL names whose family still starts
with a lower-case particle (``van der Berg``) and no ``non-dropping-particle``
beside it, and names still holding a brace.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import re
import sys
import tempfile
from pathlib import Path

COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def _export(path: Path, to: str) -> str:
    from citecheck import cli

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ("out.json" if to == "csl-json" else "out.ris")
        with contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["export", str(path), "-o", str(out), "-t", to, "--offline"])
        if code not in (0, None):
            raise SystemExit(f"{path}: export -t {to} exited {code}")
        return out.read_text(encoding="utf-8")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def measure(path: Path) -> dict[str, object]:
    csl = json.loads(_export(path, "csl-json"))
    ris = _export(path, "ris")
    csl_text = [s for item in csl for s in _strings(item)]
    out: dict[str, object] = {"file": path.name}
    for fmt, texts in (("csl-json", csl_text), ("ris", [ris])):
        commands: collections.Counter[str] = collections.Counter()
        for t in texts:
            commands.update("\\" + m.group(1) for m in COMMAND.finditer(t))
        out[fmt] = (sum(t.count("\\") for t in texts), commands)
    particles = braces = 0
    for item in csl:
        for role in ("author", "editor", "translator"):
            for name in item.get(role, []):
                fam = name.get("family", "")
                if fam[:1].islower() and " " in fam and "non-dropping-particle" not in name:
                    particles += 1
                if any("{" in str(v) or "}" in str(v) for v in name.values()):
                    braces += 1
    out["names"] = (particles, braces)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--write", type=Path, help="also write the table as Markdown here")
    args = ap.parse_args(argv)
    files = sorted(p for d in args.dirs for p in (d.rglob("*.bib") if d.is_dir() else [d]))
    rows = ["| file | backslashes in CSL-JSON | backslashes in RIS | CSL family with an unsplit "
            "particle | CSL name with a brace | commands left (CSL-JSON; RIS) |",
            "|---|---|---|---|---|---|"]
    totals = [0, 0, 0, 0]
    for path in files:
        m = measure(path)
        (csl_n, csl_cmds), (ris_n, ris_cmds) = m["csl-json"], m["ris"]  # type: ignore[misc]
        particles, braces = m["names"]  # type: ignore[misc]
        for i, v in enumerate((csl_n, ris_n, particles, braces)):
            totals[i] += v

        def top(c: collections.Counter[str]) -> str:
            return ", ".join(f"`{k}` {v}" for k, v in c.most_common(12)) or "-"
        rows.append(f"| {path.name} | {csl_n} | {ris_n} | {particles} | {braces} | "
                    f"{top(csl_cmds)}; {top(ris_cmds)} |")
    rows.append(f"| **total** | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} | |")
    table = "\n".join(rows) + "\n"
    sys.stdout.write(table)
    if args.write:
        args.write.write_text(
            "# LaTeX left in CSL-JSON and RIS exports\n\n"
            f"`PYTHONPATH=. python bench/bib_export_latex.py {' '.join(map(str, args.dirs))}`\n\n"
            + table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
