"""Locate the bibliography and map the footnotes of the sample; print what was found.

Usage: .venv/bin/python bench/locate_seed.py [FILE] [--raw]

Runs on the repaired text (repair stage) unless --raw is given, then prints
the bibliography sections, every entry with its lines, the anomalies, the
footnote marker sections with their missing/repeated/backward numbers, the
notes message and the time taken by locate + find_footnotes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from citecheck.footnotes import find_footnotes
from citecheck.locate import locate
from citecheck.models import CleanText, Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "refs" / "russia-revolution-counter-revolution.txt"


def load(path: Path, raw: bool) -> CleanText:
    lines = path.read_text(encoding="utf-8").splitlines()
    if raw:
        return CleanText(lines=lines)
    from citecheck.repair import repair

    return repair(Document(path=str(path), kind="text", encoding="utf-8", lines=lines))


def main(argv: list[str]) -> None:
    path = Path(next((a for a in argv if not a.startswith("--")), SAMPLE))
    raw = "--raw" in argv
    clean = load(path, raw)
    t0 = time.perf_counter()
    bib = locate(clean)
    t_locate = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = find_footnotes(clean, bib, [])
    t_notes = time.perf_counter() - t0

    print(f"{path.name} ({'raw' if raw else 'repaired'} text, {len(clean.lines)} lines)")
    print(f"time: locate {t_locate:.3f}s, find_footnotes {t_notes:.3f}s\n")
    print(f"== {len(bib.sections)} bibliography sections, {len(bib.entries)} entries ==")
    for k, s in enumerate(bib.sections):
        n = sum(e.section == k for e in bib.entries)
        print(f"[{k}] lines {s.line}-{s.line_end} heading={s.heading!r}: {n} entries")
    for e in bib.entries:
        print(f"  {e.line:>5}-{e.line_end:<5} s{e.section}  {e.text[:95]}")
    print(f"\n== {len(bib.anomalies)} anomalies ==")
    for a in bib.anomalies:
        print(f"  {a.kind} (line {a.line}): {a.message}")

    n = sum(len(s.markers) for s in report.sections)
    print(f"\n== footnotes: {n} markers in {len(report.sections)} sections ==")
    for s in report.sections:
        print(f"  line {s.line:>5} {s.title!r}: {len(s.markers)} markers"
              f" (numbers {min(m.number for m in s.markers)}-{max(m.number for m in s.markers)})")
        if s.missing or s.repeated or s.backward:
            print(f"        missing={s.missing} repeated={s.repeated} backward lines={s.backward}")
    print(f"\nnotes_found={report.notes_found}: {report.message}")


if __name__ == "__main__":
    main(sys.argv[1:])
