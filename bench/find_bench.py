"""Bibliography finder on labelled real documents: entry-boundary F1, reference-line F1, timing.

Usage: python bench/find_bench.py DATA_DIR [--sample N] [--raw] [--worst K]
                                  [--no-timing] [--sizes 1,2,4,8,16] [--markdown OUT]
                                  [--details FILE]

DATA_DIR holds ``reference-segmenter.jsonl`` (bibliography zones, every entry's
first and last line) and ``segmentation.jsonl`` (whole documents with the
bibliography zone marked) -- the finding-dev format (GROBID training data,
CC BY 4.0). Each document's lines go through citecheck's own stages as
``report`` runs them (``repair`` then ``locate``; ``--raw`` skips repair), in
process, and the entries found are scored as the data's ``score.py`` scores
them:

* entries: an entry is right when both its first and last line equal a gold
  entry's; micro P/R/F1 against the GROBID ``<bibl>`` entries and against
  ``entries_merged`` (compound references folded, what a line-based splitter
  can produce). The finder gives a compound reference one entry per work it
  cites (``part`` 1, 2, … under one label): the ``<bibl>`` view scores those
  entries, the merged view the same entries with each list number's works
  folded into one.
* reference lines: P/R/F1 over the union of lines the entries cover. For
  whole documents the gold is the ``listBibl`` zone minus page furniture and
  minus a heading line at the start of each zone; furniture is ignored on
  the predicted side too. Documents without any bibliography are included:
  whatever is found in them counts against precision.

Timing: ``locate`` alone on synthetic documents of 1, 2, 4, 8 and 16 MB in
three shapes (prose with a short reference list at the end; prose with no
blank line and quotes that never close, one block; one long numbered list),
median of 3 runs, and the fitted growth exponent per shape (1.0 = linear).

``--markdown OUT`` writes the tables (e.g. bench/results/find.md).
``--details FILE`` writes one JSON line per document (its figures and the
predicted spans) to compare runs document by document.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from pathlib import Path

from citecheck.locate import locate
from citecheck.models import CleanText, Document, RawReference

# the scorer's own test for a heading line at the start of a gold zone (score.py)
GOLD_HEADING = re.compile(
    r"^\W{0,3}(?:[0-9IVXivx]+\.?\s*)?(?:r\s*e\s*f\s*e\s*r\s*e\s*n\s*c\s*e\s*s?|bibliography|"
    r"literature(?: cited)?|references? (?:and notes|cited)|works cited|"
    r"literaturverzeichnis|literatur|bibliographie|références|referencias|citations)"
    r"\s*[:.]?\s*$", re.I)


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pick(records: list[dict], sample: int) -> list[dict]:
    if not sample or sample >= len(records):
        return records
    step = len(records) / sample
    return [records[int(i * step)] for i in range(sample)]


def find(lines: list[str], raw: bool) -> list[RawReference]:
    if raw:
        clean = CleanText(lines=lines)
    else:
        from citecheck.repair import repair

        clean = repair(Document(path="doc.txt", kind="text", encoding="utf-8", lines=lines))
    return locate(clean).entries


def spans(entries: list[RawReference]) -> list[tuple[int, int]]:
    """Each entry's (first line, last line): one per work a compound reference cites."""
    return [(e.line, e.line_end) for e in entries]


def folded(entries: list[RawReference]) -> list[tuple[int, int]]:
    """(first line, last line) per list entry: a compound reference's works folded into one."""
    out: list[tuple[int, int]] = []
    for e in entries:
        if (e.part or 1) > 1 and out:  # a later work of the compound reference before it
            out[-1] = (out[-1][0], max(out[-1][1], e.line_end))
        else:
            out.append((e.line, e.line_end))
    return out


def span_lines(spans, n: int) -> set[int]:
    out: set[int] = set()
    for a, b in spans:
        out.update(range(max(a, 1), min(b, n) + 1))
    return out


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_segmenter(rec: dict, pred: list[tuple[int, int]], folded: list[tuple[int, int]]) -> dict:
    """Scores against both views: ``pred`` one entry per work, ``folded`` one per list number."""
    n = len(rec["lines"])
    gold = {tuple(x) for x in rec["entries"]}
    merged = {tuple(x) for x in rec["entries_merged"]}
    ps, fs = set(pred), set(folded)
    gl, pl = span_lines(gold, n), span_lines(pred, n)
    return {"e_tp": len(gold & ps), "m_tp": len(merged & fs), "np": len(ps), "nf": len(fs),
            "ng": len(gold), "nm": len(merged),
            "l_tp": len(gl & pl), "l_np": len(pl), "l_ng": len(gl)}


def score_segmentation(rec: dict, pred: list[tuple[int, int]]) -> dict:
    n = len(rec["lines"])
    furn = set(rec.get("furniture", []))
    gl: set[int] = set()
    for a, b in rec["bibliography"]:
        zone = [i for i in range(a, b + 1) if i not in furn]
        if zone and GOLD_HEADING.match(rec["lines"][zone[0] - 1]):
            zone = zone[1:]
        gl.update(zone)
    pl = span_lines(pred, n) - furn
    return {"l_tp": len(gl & pl), "l_np": len(pl), "l_ng": len(gl), "has_gold": bool(gl),
            "found": bool(gl & pl),
            "start_ok": bool(gl and pl) and min(gl) == min(pl),
            "end_ok": bool(gl and pl) and max(gl) == max(pl)}


def name(rec: dict) -> str:
    return rec["source"].rsplit("/", 1)[-1].split(".training")[0]


def f1_of(r: dict, tp: str, np_: str, ng: str) -> float:
    return prf(r[tp], r[np_], r[ng])[2]


def run_segmenter(records, raw, worst, out, details=None):
    rows = []
    t0 = time.perf_counter()
    for rec in records:
        found = find(list(rec["lines"]), raw)
        res = score_segmenter(rec, spans(found), folded(found))
        res["doc"] = name(rec)
        rows.append(res)
        if details is not None:
            details.append({"file": "reference-segmenter", **res, "pred": folded(found)})
    dt = time.perf_counter() - t0
    tot = {k: sum(r[k] for r in rows)
           for k in ("e_tp", "m_tp", "np", "nf", "ng", "nm", "l_tp", "l_np", "l_ng")}
    e = prf(tot["e_tp"], tot["np"], tot["ng"])
    m = prf(tot["m_tp"], tot["nf"], tot["nm"])
    li = prf(tot["l_tp"], tot["l_np"], tot["l_ng"])
    right = sum(r["m_tp"] == r["nm"] == r["nf"] for r in rows)
    none = sum(r["np"] == 0 for r in rows)
    out.append(f"### reference-segmenter: {len(rows)} bibliography zones ({dt:.1f} s)\n")
    out.append("| measure | P | R | F1 | counts |\n|---|---|---|---|---|")
    out.append(f"| entries (GROBID `<bibl>`) | {e[0]:.3f} | {e[1]:.3f} | **{e[2]:.3f}** | "
               f"tp {tot['e_tp']}, predicted {tot['np']}, gold {tot['ng']} |")
    out.append(f"| entries (merged) | {m[0]:.3f} | {m[1]:.3f} | **{m[2]:.3f}** | "
               f"tp {tot['m_tp']}, predicted {tot['nf']}, gold {tot['nm']} |")
    out.append(f"| reference lines | {li[0]:.3f} | {li[1]:.3f} | **{li[2]:.3f}** | "
               f"tp {tot['l_tp']}, predicted {tot['l_np']}, gold {tot['l_ng']} |")
    out.append(f"\nDocuments fully right (merged view): {right}/{len(rows)}; nothing found: {none}.\n")
    rows.sort(key=lambda r: (f1_of(r, "m_tp", "nf", "nm"), r["doc"]))
    out.append(f"Worst {worst} documents (merged-entry F1):\n")
    out.append("| document | entries F1 | merged F1 | lines F1 | predicted / gold (merged) |\n|---|---|---|---|---|")
    for r in rows[:worst]:
        out.append(f"| {r['doc']} | {f1_of(r, 'e_tp', 'np', 'ng'):.2f} | {f1_of(r, 'm_tp', 'nf', 'nm'):.2f}"
                   f" | {f1_of(r, 'l_tp', 'l_np', 'l_ng'):.2f} | {r['nf']} / {r['nm']} |")
    out.append("")
    return {"entries_f1": e[2], "merged_f1": m[2], "lines_f1": li[2]}


def run_segmentation(records, raw, worst, out, details=None):
    rows = []
    t0 = time.perf_counter()
    for rec in records:
        pred = spans(find(list(rec["lines"]), raw))
        res = score_segmentation(rec, pred)
        res["doc"] = name(rec)
        res["ietf"] = rec.get("subset") == "ietf"
        rows.append(res)
        if details is not None:
            details.append({"file": "segmentation", **res, "pred": pred})
    dt = time.perf_counter() - t0
    li = prf(*(sum(r[k] for r in rows) for k in ("l_tp", "l_np", "l_ng")))
    g = [r for r in rows if r["has_gold"]]
    out.append(f"### segmentation: {len(rows)} whole documents ({dt:.1f} s)\n")
    out.append("| measure | P | R | F1 | counts |\n|---|---|---|---|---|")
    for label, sub in (("reference lines, all", rows),
                       ("reference lines, articles", [r for r in rows if not r["ietf"]]),
                       ("reference lines, IETF", [r for r in rows if r["ietf"]])):
        if not sub:
            continue
        t = [sum(r[k] for r in sub) for k in ("l_tp", "l_np", "l_ng")]
        p = prf(*t)
        out.append(f"| {label} | {p[0]:.3f} | {p[1]:.3f} | **{p[2]:.3f}** | "
                   f"tp {t[0]}, predicted {t[1]}, gold {t[2]} |")
    out.append(f"\nZone found in {sum(r['found'] for r in g)}/{len(g)} documents; first line exact "
               f"{sum(r['start_ok'] for r in g)}, last line exact {sum(r['end_ok'] for r in g)}; "
               f"documents without a bibliography where something was found: "
               f"{sum(1 for r in rows if not r['has_gold'] and r['l_np'])}.\n")
    rows.sort(key=lambda r: (f1_of(r, "l_tp", "l_np", "l_ng") if r["has_gold"] else
                             (0.0 if r["l_np"] else 1.0), r["doc"]))
    out.append(f"Worst {worst} documents (reference-line F1):\n")
    out.append("| document | lines P | lines R | lines F1 | predicted / gold lines |\n|---|---|---|---|---|")
    for r in rows[:worst]:
        p = prf(r["l_tp"], r["l_np"], r["l_ng"])
        out.append(f"| {r['doc']} | {p[0]:.2f} | {p[1]:.2f} | {p[2]:.2f} | {r['l_np']} / {r['l_ng']} |")
    out.append("")
    return {"lines_f1": li[2]}


PROSE = (
    "The committees were set up in 1917 and spread quickly through the cities, and by the end of "
    "the year most of the large factories had one. The workers who sat on them were elected by "
    "assemblies that met in the workshops every week or so (Smith 2001, p. 4).\n"
    "Historians have argued about what they did since then, and the argument is not over; see "
    "the discussion in chapter 3, pages 45-67, and the notes to it.\n\n"
)
REFS = (
    "References\n"
    "Avrich, Paul, Kronstadt, 1921, W.W. Norton & Company, New York 1970.\n"
    "Brovkin, Vladimir, \"Politics, Not Economics\", Slavic Review, Vol. 44, 1985, 244-250.\n"
    "Carr, E.H., The Bolshevik Revolution, Macmillan, London 1950.\n"
)


def _prose_doc(mb: int) -> list[str]:
    reps = mb * 2**20 // len(PROSE.encode()) + 1
    return (PROSE * reps + REFS).split("\n")


def _one_block_doc(mb: int) -> list[str]:
    """Prose with no blank line anywhere, and typographic quotes that open and never close."""
    unit = [line for line in PROSE.replace("(Smith", "\u201cSmith").split("\n") if line.strip()]
    size = sum(len(line.encode()) + 1 for line in unit)
    return unit * (mb * 2**20 // size + 1) + REFS.split("\n")


def _long_list_doc(mb: int) -> list[str]:
    """One numbered reference list of mb MB (every entry two lines)."""
    out = ["References"]
    size, k = 0, 0
    while size < mb * 2**20:
        k += 1
        a = f"[{k}] Author{k % 97}, A. B., and Other{k % 89}, C. ({1950 + k % 70}). A title number {k} that"
        b = f"    wraps. Journal of Things {k % 40}({k % 12}), {k % 300}-{k % 300 + 9}."
        out += [a, b]
        size += len(a) + len(b) + 2
    return out


SHAPES = {
    "prose, short list": _prose_doc,
    "one block, open quotes": _one_block_doc,
    "long numbered list": _long_list_doc,
}


def timing(sizes: list[int], out: list[str], reps: int = 3) -> None:
    out.append(f"### locate time by input size (median of {reps} runs, locate alone)\n")
    out.append("| shape | size | lines | locate s | s per MB | entries |\n|---|---|---|---|---|---|")
    exponents = []
    for shape, make in SHAPES.items():
        rows = []
        for mb in sizes:
            clean = CleanText(lines=make(mb))
            times = []
            for _ in range(reps):
                t0 = time.perf_counter()
                bib = locate(clean)
                times.append(time.perf_counter() - t0)
            rows.append((mb, len(clean.lines), statistics.median(times), len(bib.entries)))
            del clean
        for mb, n, t, k in rows:
            out.append(f"| {shape} | {mb} MB | {n:,} | {t:.2f} | {t / mb:.2f} | {k:,} |")
        if len(rows) >= 2:
            xs = [math.log(r[0]) for r in rows]
            ys = [math.log(r[2]) for r in rows]
            mx, my = statistics.mean(xs), statistics.mean(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            exponents.append(f"{shape}: {slope:.2f}")
    out.append("\nFitted growth exponent (slope of log time on log size; 1.0 = linear): "
               + "; ".join(exponents) + "\n")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="folder with reference-segmenter.jsonl and segmentation.jsonl")
    ap.add_argument("--sample", type=int, default=0, help="N documents per file, spread evenly (0 = all)")
    ap.add_argument("--raw", action="store_true", help="skip the repair stage")
    ap.add_argument("--worst", type=int, default=12)
    ap.add_argument("--only", choices=["segmenter", "segmentation", "timing"], default=None)
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--sizes", default="1,2,4,8,16", help="MB sizes for the timing table")
    ap.add_argument("--reps", type=int, default=3, help="timing runs per size (the median is shown)")
    ap.add_argument("--markdown", type=Path, help="also write the tables to this file")
    ap.add_argument("--details", type=Path, help="write per-document figures (JSON lines) to this file")
    a = ap.parse_args(argv)
    seg_path, ref_path = a.data / "segmentation.jsonl", a.data / "reference-segmenter.jsonl"
    if not ref_path.is_file() or not seg_path.is_file():
        print(f"find_bench: {a.data} has no reference-segmenter.jsonl / segmentation.jsonl", file=sys.stderr)
        return 2
    out = [f"Command: `python bench/find_bench.py DATA_DIR{' --raw' if a.raw else ''}"
           f"{f' --sample {a.sample}' if a.sample else ''}` (stages: "
           f"{'locate' if a.raw else 'repair + locate'}, in process)\n"]
    details: list[dict] | None = [] if a.details else None
    if a.only in (None, "segmenter"):
        run_segmenter(pick(load(ref_path), a.sample), a.raw, a.worst, out, details)
    if a.only in (None, "segmentation"):
        run_segmentation(pick(load(seg_path), a.sample), a.raw, a.worst, out, details)
    if a.details:
        with a.details.open("w", encoding="utf-8") as f:
            for row in details or []:
                f.write(json.dumps(row) + "\n")
    if not a.no_timing and a.only in (None, "timing"):
        timing([int(s) for s in a.sizes.split(",")], out, a.reps)
    text = "\n".join(out)
    print(text)
    if a.markdown:
        a.markdown.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
