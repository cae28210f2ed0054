"""Precision and recall of citation linking on hand-labelled documents (numbered, author–year, notes, Markdown).

Usage: python bench/citations_bench.py [--data DIR] [--out FILE]

DIR (default ``tests/fixtures/citations``) holds documents with a
``NAME.gold.json`` beside each (see that folder's PROVENANCE.md). A gold file
lists ``links`` -- ``[citation line, first line of the entry it cites]``, one
per cited work (``[2, 3]`` is two links; a note marker links through its note)
-- and ``problems`` -- ``[kind, line]`` with kind ``not-listed``,
``out-of-range``, ``year-mismatch``, ``uncertain`` (a number glued to a word)
or ``uncited`` (line of the entry never cited). A gold file may also give
``entries`` -- ``[first line, last line]`` of every entry of the list (for
notes that are themselves the list, of every note holding a full
citation) -- scored as the finder's entry boundaries (an entry is right when
both its lines equal a gold entry's).

Each document runs through the whole offline pipeline (``report --offline
--no-links --no-resolve``). Predicted links are the citations with status
``linked`` and the note markers whose note cites an entry; a link is right
when its line and its entry's first line equal a gold link's (multiset
match, so citing the same entry twice on a line counts twice). A citation
the gold calls a problem (a year that differs, a name not listed) and the
tool links anyway is a false link: the traps offer the wrong answer.
Predicted problems are the citations with a problem status, the entries
never cited (for notes that are themselves the list, as Markdown
definitions are, a note no marker points to) and the notes' works missing
from the bibliography.

Results go to ``bench/results/citations.md`` (method, command, per-document
and total figures, every miss and false hit).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from citecheck import pipeline
from citecheck.config import RunOptions, Settings
from citecheck.models import Report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "tests" / "fixtures" / "citations"
DEFAULT_OUT = ROOT / "bench" / "results" / "citations.md"
PROBLEMS = ("not-listed", "out-of-range", "year-mismatch", "uncertain")


def predicted(report: Report) -> tuple[Counter, Counter]:
    """(links, problems) the report gives, as multisets of tuples."""
    entry_line = {e.key: e.line for e in report.entries}
    fn = report.footnotes
    links: Counter = Counter()
    problems: Counter = Counter()
    for c in fn.citations:
        if c.status == "linked" and c.cites in entry_line:
            links[(c.line, entry_line[c.cites])] += 1
        elif c.status in PROBLEMS:
            problems[(c.status, c.line)] += 1
    if fn.style == "notes":
        for s in fn.sections:
            for m in s.markers:
                if m.note_line is None:
                    continue
                # (the note on that line with the marker's number: two inline notes may share a line)
                at = [n for x in fn.sections for n in x.notes if n.line == m.note_line]
                note = next((n for n in at if n.number == m.number), at[0] if at else None)
                for key in (note.cites if note else [m.cites] if m.cites else []):
                    if key in entry_line:
                        links[(m.line, entry_line[key])] += 1
        for text in fn.missing_from_bibliography:
            m = re.search(r"line (\d+)\)", text)
            if m:
                problems[("not-listed", int(m.group(1)))] += 1
    for key in fn.uncited_entries:
        if key in entry_line:
            problems[("uncited", entry_line[key])] += 1
    return links, problems


def entry_spans(report: Report) -> Counter:
    """The entries found, as a multiset of (first line, last line)."""
    return Counter((e.line, e.line_end or e.line) for e in report.entries)


def score(gold: Counter, pred: Counter) -> tuple[int, int, int]:
    tp = sum((gold & pred).values())
    return tp, sum(pred.values()) - tp, sum(gold.values()) - tp


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--only", default="*", help="score only the documents whose gold file matches this glob "
                    "(without .gold.json), e.g. 'es-*'")
    args = ap.parse_args(argv)
    golds = sorted(args.data.glob(f"{args.only}.gold.json"))
    if not golds:
        print(f"citations_bench: no *.gold.json in {args.data}", file=sys.stderr)
        return 2
    rows, details = [], []
    totals = {"links": [0, 0, 0], "problems": [0, 0, 0]}
    entries_total, entries_docs = [0, 0, 0], 0
    held = {"links": [0, 0, 0], "problems": [0, 0, 0]}
    found = {"links": [0, 0, 0], "problems": [0, 0, 0]}  # the bibliography found right
    finder_fails: list[str] = []
    by_style: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cache_dir=Path(tmp))
        options = RunOptions(offline=True, links=False, resolve=False)
        for gpath in golds:
            g = json.loads(gpath.read_text(encoding="utf-8"))
            doc = args.data / g["document"]
            t0 = time.perf_counter()
            report = pipeline.build_report(doc, settings, options=options)
            ms = (time.perf_counter() - t0) * 1000
            links, problems = predicted(report)
            gl = Counter(tuple(x) for x in g["links"])
            gp = Counter(tuple(x) for x in g["problems"])
            sl, sp = score(gl, links), score(gp, problems)
            for name, s in (("links", sl), ("problems", sp)):
                totals[name] = [a + b for a, b in zip(totals[name], s)]
                if g.get("held_out"):
                    held[name] = [a + b for a, b in zip(held[name], s)]
                if not g.get("known_locate_failure"):
                    found[name] = [a + b for a, b in zip(found[name], s)]
            if "entries" in g:
                ge = Counter(tuple(x) for x in g["entries"])
                pe = entry_spans(report)
                entries_total = [a + b for a, b in zip(entries_total, score(ge, pe))]
                entries_docs += 1
                for item in sorted((ge - pe).elements()):
                    details.append(f"- {g['document']}: missed entry {item}")
                for item in sorted((pe - ge).elements()):
                    details.append(f"- {g['document']}: false entry {item}")
            st = by_style.setdefault(g["style"], [0, 0, 0])
            by_style[g["style"]] = [a + b for a, b in zip(st, sl)]
            if g.get("known_locate_failure"):
                finder_fails.append(f"- {g['document']}: {g['known_locate_failure']}")
            rows.append((g["document"] + (" (held out)" if g.get("held_out") else "")
                         + (" (finder fails)" if g.get("known_locate_failure") else ""),
                         g["style"], report.footnotes.style, sl, sp, ms))
            for what, gc, pc in (("link", gl, links), ("problem", gp, problems)):
                for item in sorted((gc - pc).elements()):
                    details.append(f"- {g['document']}: missed {what} {item}")
                for item in sorted((pc - gc).elements()):
                    details.append(f"- {g['document']}: false {what} {item}")
    out = [
        "# Citation linking: precision and recall on hand-labelled documents",
        "",
        f"Command: `python bench/citations_bench.py --data {args.data.relative_to(ROOT) if args.data.is_relative_to(ROOT) else args.data}"
        + (f" --only '{args.only}'" if args.only != "*" else "") + "`",
        "",
        "Method: every document runs through the whole offline pipeline (ingest, repair, locate,",
        "parse, footnotes/citations). A link is (citation line, first line of the cited entry), matched",
        "as a multiset against the hand labels; a note marker links through its note. Problems are",
        "(kind, line): not-listed, out-of-range, year-mismatch, uncertain (glued marker), uncited",
        "(entry line). Documents and labels: `tests/fixtures/citations/PROVENANCE.md`. The traps",
        "(a year that differs, a name cited but not listed, a number out of range, a glued marker, a",
        "misspelt surname, `[2019]` and `[0, 1]` brackets, `February (2020)`) offer a wrong link: linking",
        "them counts as a false link.",
        "",
        "| document | style (gold / found) | links P | links R | links TP/FP/FN | problems P | problems R | problems TP/FP/FN | ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, gstyle, fstyle, sl, sp, ms in rows:
        lp, lr, _ = prf(*sl)
        pp, pr, _ = prf(*sp)
        out.append(f"| {name} | {gstyle} / {fstyle} | {lp:.3f} | {lr:.3f} | {'/'.join(map(str, sl))} "
                   f"| {pp:.3f} | {pr:.3f} | {'/'.join(map(str, sp))} | {ms:.0f} |")
    lp, lr, lf = prf(*totals["links"])
    pp, pr, pf = prf(*totals["problems"])
    out += [
        f"| **all** | | **{lp:.3f}** | **{lr:.3f}** | {'/'.join(map(str, totals['links']))} "
        f"| **{pp:.3f}** | **{pr:.3f}** | {'/'.join(map(str, totals['problems']))} | |",
        "",
        f"Links: precision {lp:.3f}, recall {lr:.3f}, F1 {lf:.3f}. "
        f"Problems: precision {pp:.3f}, recall {pr:.3f}, F1 {pf:.3f}.",
        "",
        "Held out (labelled before the tool ever ran on them, never tuned on): links "
        f"P {prf(*held['links'])[0]:.3f} R {prf(*held['links'])[1]:.3f} "
        f"({'/'.join(map(str, held['links']))}), problems P {prf(*held['problems'])[0]:.3f} "
        f"R {prf(*held['problems'])[1]:.3f} ({'/'.join(map(str, held['problems']))}). The other documents "
        "are the development set: the tool was fixed while looking at them.",
        "",
        "Where the bibliography finder (locate.py, not this stage) splits the list right -- all "
        f"but {len(finder_fails)} documents: links P {prf(*found['links'])[0]:.3f} R "
        f"{prf(*found['links'])[1]:.3f} ({'/'.join(map(str, found['links']))}), problems P "
        f"{prf(*found['problems'])[0]:.3f} R {prf(*found['problems'])[1]:.3f} "
        f"({'/'.join(map(str, found['problems']))}).",
        "",
        *(["Documents whose bibliography the finder gets wrong (marked in their gold file):",
           *finder_fails, ""] if finder_fails else []),
        *([f"Entry boundaries, on the {entries_docs} documents whose gold gives them: "
           f"P {prf(*entries_total)[0]:.3f} R {prf(*entries_total)[1]:.3f} F1 {prf(*entries_total)[2]:.3f} "
           f"({'/'.join(map(str, entries_total))}).", ""] if entries_docs else []),
        "Links by style: " + "; ".join(
            f"{k} P {prf(*v)[0]:.3f} R {prf(*v)[1]:.3f}" for k, v in sorted(by_style.items())
        ) + ".",
        "",
        "## Every miss and false hit",
        "",
        *(details or ["(none)"]),
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(out), encoding="utf-8")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
