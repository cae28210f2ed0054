"""Benchmark the reference parser: k-fold field F1 on each data set and on all, and throughput.

Usage (from the repo root; DATA is the project's data folder)::

    nice python bench/parse_f1.py --data DATA/parsing-dev --data DATA/parsing-grobid
    nice python bench/parse_f1.py --data DATA/parsing-dev --folds 10 --no-extra
    nice python bench/parse_f1.py --data DATA/parsing-dev --data DATA/parsing-grobid --quick

``--data`` is repeatable (a data folder holding ``references.jsonl``, or the
file). All the records given are pooled and dealt into k folds
(deterministically, by id); for each fold a model is trained on the other
k-1 folds (plus the project's own ``extra_training.jsonl`` unless
``--no-extra``) and scored on the held-out fold, so no record is ever scored
by a model that saw it. Scores are then reported for each data set and for
all together: the model that is shipped is trained on all of them, and this
is how it does on strings of each kind it has not seen. ``--quick`` scores
only the first 2 folds and writes nothing (screening).

Every corpus is first projected onto tokens with one labelling convention
(:mod:`citecheck.parse.corpus`: GROBID's untagged punctuation and cue words
join the field they open or close, as in AnyStyle's data, and its ``issue``
joins ``volume``), so training on both is consistent and the scores of both
are on the same footing. Two scores:

* **labels** - the labeller's segments against the gold segments, per
  dataset label (author, title, date, …). Texts are compared after "soft"
  normalisation: lower-case, cue words (In, ed., pp., vol., doi: …) dropped,
  then everything but letters and digits dropped; the GROBID-style soft
  match the dev README suggests. A label counts once per reference.
* **fields** - the final BibTeX fields from ``parse_reference`` against the
  fields our own mapping derives from the gold labels (journal /
  container-title -> journal / booktitle, date -> year + month, location ->
  address, volume -> volume + number …), soft-normalised the same way.
  This checks the whole stage (labels + normalisers) but shares the
  normalisers with the gold side, so read it next to the labels score.

Throughput is ``parse_references`` over all dev strings with the shipped
model, in this one process (one core). Two figures: the first pass, which
includes loading the model and filling the token-feature cache, and the
best of three warm passes. Note that the warm passes re-see strings whose
tokens are cached; a real bibliography of new strings lands in between. The
C tagger's share is timed alone, on features built beforehand.

The report replaces the generated sections of ``--out`` and keeps any
hand-written sections after them (``## Second round …``), so a rerun does not
erase the notes of earlier rounds.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citecheck.parse import load_labeller, parse_reference, parse_references  # noqa: E402
from citecheck.parse.corpus import corpus_name, sequences_from_records  # noqa: E402
from citecheck.parse.crf import Labeller  # noqa: E402
from citecheck.parse.fields import repair_labels, to_fields  # noqa: E402
from citecheck.parse.train import EXTRA_DATA, read_jsonl, train_model  # noqa: E402

CUE_WORDS = frozenset(
    "in ed eds edited by editor editors hrsg hg trans translated tr pp p pages page vol vols "
    "volume no nos issue doi isbn url available at retrieved from accessed edn edition".split()
)
_WORD = re.compile(r"[^\W_]+")


def soft(text: str) -> str:
    """Lower-case, drop cue words, keep only letters and digits."""
    words = [w for w in _WORD.findall(text.lower()) if w not in CUE_WORDS]
    return "".join(words)


def label_values(tokens: list[str], labels: list[str]) -> dict[str, str]:
    joined: dict[str, list[str]] = defaultdict(list)
    for tok, lab in zip(tokens, labels):
        joined[lab].append(tok)
    return {lab: soft(" ".join(toks)) for lab, toks in joined.items()}


def field_values(kind: str, values: dict[str, object]) -> dict[str, str]:
    out = {"entrytype": kind}
    for key, value in values.items():
        # flags ("others", "editor_others" …: a list ended "and others") are not fields
        if key == "years" or isinstance(value, bool) or value in (None, "", []):
            continue
        if isinstance(value, list):
            value = "; ".join(f"{n.prefix} {n.family} {n.given}" for n in value)  # type: ignore[attr-defined]
        out[key] = soft(str(value))
    return {k: v for k, v in out.items() if v}


class Tally:
    """True/false positives and false negatives per key, micro-averaged on demand."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, gold: dict[str, str], pred: dict[str, str]) -> None:
        for key in gold.keys() | pred.keys():
            if key in gold and key in pred and gold[key] == pred[key]:
                self.tp[key] += 1
                continue
            if key in pred:
                self.fp[key] += 1
            if key in gold:
                self.fn[key] += 1

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def micro(self, exclude: frozenset[str] = frozenset()) -> tuple[float, float, float]:
        keys = [k for k in self.tp.keys() | self.fp.keys() | self.fn.keys() if k not in exclude]
        return self.prf(*(sum(c[k] for k in keys) for c in (self.tp, self.fp, self.fn)))

    def rows(self) -> list[tuple[str, int, float, float, float]]:
        keys = sorted(self.tp.keys() | self.fn.keys(), key=lambda k: -(self.tp[k] + self.fn[k]))
        return [(k, self.tp[k] + self.fn[k], *self.prf(self.tp[k], self.fp[k], self.fn[k]))
                for k in keys]


def folds_of(records: list[dict], k: int) -> list[list[dict]]:
    """Deterministic folds: records sorted by id, dealt round-robin."""
    ordered = sorted(records, key=lambda r: r["id"])
    return [ordered[i::k] for i in range(k)]


ALL = "all"


def cross_validate(
    records: list[dict], extra: list[dict], k: int, only: int | None = None
) -> dict[str, dict]:
    """Train on k-1 folds, score the held-out one; ``only`` scores just the first folds.

    Returns, per corpus (each record's ``corpus``) and for ``"all"``, the
    label and field tallies overall and per category, and token accuracy.
    """
    res: dict[str, dict] = {}

    def slot(name: str) -> dict:
        if name not in res:
            res[name] = {"labels": Tally(), "fields": Tally(), "cat_labels": defaultdict(Tally),
                         "cat_fields": defaultdict(Tally), "tok": [0, 0], "cat_n": Counter()}
        return res[name]

    folds = folds_of(records, k)
    with tempfile.TemporaryDirectory() as tmp:
        for i, test in enumerate(folds[:only]):
            training = [r for j, f in enumerate(folds) if j != i for r in f] + extra
            model = train_model(training, Path(tmp) / f"fold{i}.crfsuite")
            labeller = Labeller.load(model)
            for rec in test:
                seqs = sequences_from_records([rec])
                if not seqs:
                    continue
                (tokens, gold), = seqs
                pred = repair_labels(tokens, labeller.tag(tokens))
                g, p = label_values(tokens, gold), label_values(tokens, pred)
                gold_kind, gold_values, _ = to_fields(tokens, gold)
                ref = parse_reference(rec["raw"], labeller)
                gf = field_values(gold_kind, gold_values)
                pf = field_values(ref.type, dict(ref.fields)) if not ref.error else {}
                for name in (rec["corpus"], ALL):
                    r = slot(name)
                    r["tok"][0] += sum(a == b for a, b in zip(pred, gold))
                    r["tok"][1] += len(gold)
                    r["labels"].add(g, p)
                    r["cat_labels"][rec["category"]].add(g, p)
                    r["fields"].add(gf, pf)
                    r["cat_fields"][rec["category"]].add(gf, pf)
                    r["cat_n"][rec["category"]] += 1
            print(f"fold {i + 1}/{k}: labels micro-F1 so far {slot(ALL)['labels'].micro()[2]:.4f}, "
                  f"fields {slot(ALL)['fields'].micro()[2]:.4f}", file=sys.stderr)
    for r in res.values():
        r["token_accuracy"] = r["tok"][0] / max(1, r["tok"][1])
    return res


# CPU time of this process, not wall time: the machine is shared, and "one core"
# is what the figure promises; wall time would measure the other users' load.
_clock = time.process_time


def throughput(texts: list[str], repeats: int = 3) -> tuple[float, float, float, float]:
    """(model load s, cold-pass refs/s, best warm-pass refs/s, tagger s per 1,000 refs).

    The cold pass starts with empty token caches, as a new document does;
    warm passes re-see the same tokens, so their caches are full.
    """
    import citecheck.parse as parse_pkg
    from citecheck.parse import tokens as tokens_mod

    parse_pkg._labeller = None
    for fn in (tokens_mod.strip_word, tokens_mod._word_class, tokens_mod.ends_chunk,
               tokens_mod._state_flags, tokens_mod._has_year, tokens_mod._has_digit):
        fn.cache_clear()
    t0 = _clock()
    load_labeller()
    load = _clock() - t0
    t0 = _clock()
    parse_references(texts)
    cold = len(texts) / (_clock() - t0)
    best = 0.0
    for _ in range(repeats):
        t0 = _clock()
        parse_references(texts)
        best = max(best, len(texts) / (_clock() - t0))
    labeller = load_labeller()
    feats = [labeller.featurizer.features(t.split()) for t in texts if t.split()]
    best_tag = float("inf")
    for _ in range(repeats):
        t0 = _clock()
        for f in feats:
            labeller._tagger.tag(f)
        best_tag = min(best_tag, _clock() - t0)
    return load, cold, best, best_tag * 1000 / len(texts)


def table(rows: list[tuple[str, int, float, float, float]], head: str) -> list[str]:
    out = [f"| {head} | gold | P | R | F1 |", "|---|---:|---:|---:|---:|"]
    out += [f"| {k} | {n} | {p:.3f} | {r:.3f} | {f:.3f} |" for k, n, p, r, f in rows]
    return out


def f1_columns(res: dict[str, dict], names: list[str], kind: str, head: str) -> list[str]:
    """One row per label or field, gold count and F1 in each corpus."""
    all_rows = {key: (n, f) for key, n, _p, _r, f in res[ALL][kind].rows()}
    order = sorted(all_rows, key=lambda key: -all_rows[key][0])
    cols = [n for n in names if n != ALL]
    out = [f"| {head} | " + " | ".join(f"{c} gold | {c} F1" for c in cols) + " | all gold | all F1 |",
           "|---|" + "---:|---:|" * (len(cols) + 1)]
    for key in order:
        cells = []
        for c in cols:
            rows = {k: (n, f) for k, n, _p, _r, f in res[c][kind].rows()}
            n, f = rows.get(key, (0, 0.0))
            cells.append(f"{n} | {f:.3f}" if n else "0 | –")
        n, f = all_rows[key]
        out.append(f"| {key} | " + " | ".join(cells) + f" | {n} | {f:.3f} |")
    return out


def report(
    res: dict[str, dict], k: int, extra_n: int, speed: tuple[float, float, float, float],
    sizes: dict[str, int], command: str, model_bytes: int,
) -> str:
    names = [n for n in sizes] + [ALL]
    described = ", ".join(f"`{n}` ({sizes[n]:,} references)" for n in sizes)
    lines = [
        "# Reference parser benchmark",
        "",
        "Generated by `bench/parse_f1.py` (see its docstring for the method). "
        f"Data: {described}, pooled and dealt into {k} folds by id; each fold is scored by a "
        f"model trained on the other {k - 1} folds of all data sets, so every figure is on "
        "held-out strings, never on the model's own training lines. Each fold's model also saw "
        f"the project's {extra_n} own labelled strings (`citecheck/parse/extra_training.jsonl`, "
        "invented works in the styles the corpora lack), which are never scored. GROBID's "
        "strings are projected onto AnyStyle's labelling convention first "
        "(`citecheck/parse/corpus.py`).",
        "",
        f"Command: `{command}`",
        "",
        "## Overall (micro-F1)",
        "",
        "| data set | refs | labels P | labels R | labels F1 | labels F1 w/o citation-number "
        "| fields P | fields R | fields F1 | fields F1 w/o entry type | token accuracy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        r = res[name]
        lp, lr, lf = r["labels"].micro()
        lf2 = r["labels"].micro(frozenset({"citation-number"}))[2]
        fp_, fr, ff = r["fields"].micro()
        ff2 = r["fields"].micro(frozenset({"entrytype"}))[2]
        lines.append(
            f"| {name} | {sum(r['cat_n'].values()):,} | {lp:.4f} | {lr:.4f} | {lf:.4f} | {lf2:.4f} "
            f"| {fp_:.4f} | {fr:.4f} | {ff:.4f} | {ff2:.4f} | {r['token_accuracy']:.4f} |")
    lines += [
        "",
        "*labels*: the labeller's segments against the gold segments, per dataset label, "
        "soft-matched (lower-case, cue words dropped, letters and digits only), once per "
        "reference. *fields*: the BibTeX fields `parse_reference` returns against the fields "
        "the same normalisers derive from the gold labels (so it shares the normalisers with "
        "the gold side: read it next to the labels score). Field names are BibTeX's; "
        "`entrytype` is the entry type (article, book …), `type` the printed genre.",
        "",
        f"Throughput (CPU time of this one process, so another user's load on the shared "
        f"machine does not count; `parse_references` over the {sizes.get('parsing-dev', 0) or sum(sizes.values()):,} "
        "strings of the first data set with the shipped model, one process, one core): "
        f"model load {speed[0] * 1000:.0f} ms once; cold pass (empty caches) {speed[1]:,.0f} refs/s; "
        f"best of 3 warm passes **{speed[2]:,.0f} refs/s**. Timings vary with the machine's load "
        f"(it is shared); the C tagger alone takes {speed[3]:.2f} s per 1,000 references. "
        f"Shipped model: {model_bytes / 1e6:.2f} MB (crfsuite model and its dictionary).",
        "",
        "## Per category (micro-F1)",
        "",
        "| data set | category | refs | labels F1 | fields F1 |",
        "|---|---|---:|---:|---:|",
    ]
    for name in names:
        r = res[name]
        for cat, cnt in r["cat_n"].most_common():
            lines.append(f"| {name} | {cat} | {cnt:,} | {r['cat_labels'][cat].micro()[2]:.4f} | "
                         f"{r['cat_fields'][cat].micro()[2]:.4f} |")
    lines += ["", "## Per label (labeller output vs gold segments), F1", ""]
    lines += f1_columns(res, names, "labels", "label")
    lines += ["", "## Per BibTeX field (parse_reference output vs gold mapped to fields), F1", ""]
    lines += f1_columns(res, names, "fields", "field")
    lines += ["", "## Per BibTeX field, all data sets together", ""]
    lines += table(res[ALL]["fields"].rows(), "field")
    lines += [
        "",
        "Reproduce: `nice python -m citecheck.parse.train --data DATA/parsing-dev --data "
        "DATA/parsing-grobid` (the shipped model), then the command above.",
        "",
    ]
    return "\n".join(lines)


def keep_notes(old: str, generated: str) -> str:
    """``generated`` followed by the sections of ``old`` it does not itself write."""
    own = {line for line in generated.splitlines() if line.startswith("## ")}
    notes: list[str] = []
    keeping = False
    for line in old.splitlines():
        if line.startswith("## "):
            keeping = line not in own
        if keeping:
            notes.append(line)
    return generated + ("\n" + "\n".join(notes) + "\n" if notes else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="k-fold F1 and throughput of the reference parser")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--data", type=Path, action="append", required=True,
                    help="labelled references: a data folder (DATA/parsing-dev) or its "
                    "references.jsonl; repeatable")
    ap.add_argument("--no-extra", action="store_true", help="train without extra_training.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "parse.md")
    ap.add_argument("--quick", action="store_true",
                    help="screening: score only the first 2 of the folds, print, write nothing")
    ap.add_argument("--throughput-only", action="store_true",
                    help="only time the shipped model on the first data set's strings; print")
    args = ap.parse_args(argv)
    if args.throughput_only:
        texts = [r["raw"] for r in read_jsonl(args.data[0])]
        load, cold, warm, tag = throughput(texts)
        print(f"{len(texts)} strings, CPU time of one process: model load {load * 1000:.0f} ms; "
              f"cold {cold:,.0f} refs/s; best of 3 warm passes {warm:,.0f} refs/s; "
              f"C tagger {tag:.2f} s per 1,000 references")
        return 0
    records: list[dict] = []
    sizes: dict[str, int] = {}
    for path in args.data:
        name = corpus_name(path)
        recs = read_jsonl(path)
        for rec in recs:
            rec["corpus"] = name
        sizes[name] = sizes.get(name, 0) + len(recs)
        records += recs
    extra = [] if args.no_extra or not EXTRA_DATA.exists() else read_jsonl(EXTRA_DATA)
    res = cross_validate(records, extra, args.folds, only=2 if args.quick else None)
    if args.quick:
        for name, r in res.items():
            print(f"quick (2 of {args.folds} folds) {name}: labels micro-F1 "
                  f"{r['labels'].micro()[2]:.4f}, fields micro-F1 {r['fields'].micro()[2]:.4f}")
        return 0
    first = [r["raw"] for r in records if r["corpus"] == next(iter(sizes))]
    speed = throughput(first)
    from citecheck.parse import MODEL_PATH
    from citecheck.parse.crf import dict_path

    model_bytes = MODEL_PATH.stat().st_size + dict_path(MODEL_PATH).stat().st_size
    command = "nice python bench/parse_f1.py " + " ".join(
        f"--data DATA/{corpus_name(p)}" for p in args.data) + f" --folds {args.folds}" + (
        " --no-extra" if args.no_extra else "")
    text = report(res, args.folds, len(extra), speed, sizes, command, model_bytes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.exists():
        text = keep_notes(args.out.read_text(encoding="utf-8"), text)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
