"""Stress the repair stage's precision on clean English text.

Usage: .venv/bin/python bench/repair_precision.py FILE [FILE ...]

Each file is assumed free of ligature damage, so every applied ligature
repair is a false change. To exercise the frequency-based repairs (which stay
off in a document without damage) one line with glyph damage is put first.
Prints the tokens checked, the false changes, and the doubtful reports.
"""

from __future__ import annotations

import sys
from pathlib import Path

from citecheck.models import Document
from citecheck.repair import repair

DAMAGED = "Their deϐinitive history of the conϐlict was ofϐicial."


def main(paths: list[str]) -> None:
    total_lines = false = doubtful = 0
    for path in paths:
        lines = [DAMAGED, *Path(path).read_text(encoding="utf-8", errors="replace").splitlines()]
        clean = repair(Document(path=path, kind="text", encoding="utf-8", lines=lines))
        total_lines += len(lines) - 1
        for r in clean.repairs:
            if r.kind != "ligature" or r.line == 1:
                continue
            if r.applied:
                false += 1
                print(f"FALSE {path}:{r.line}: {r.before!r} -> {r.after!r} [{r.reason}]")
            else:
                doubtful += 1
                print(f"doubt {path}:{r.line}: {r.before!r} -> {r.after!r} [{r.reason}]")
    print(f"lines {total_lines}, false ligature changes {false}, doubtful reports {doubtful}")


if __name__ == "__main__":
    main(sys.argv[1:])
