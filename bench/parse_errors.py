"""Held-out error analysis of the reference parser (screening aid, not a benchmark).

Usage (repo root)::

    python bench/parse_errors.py --data DATA/parsing-dev --data DATA/parsing-grobid \
        --folds 5 --only 2 --models /tmp/models --dump /tmp/pred.jsonl

Same folds and same scoring as ``bench/parse_f1.py --quick`` (it reuses its
functions), but each fold's model is kept in ``--models`` (keyed by a tag you
give with ``--tag``; an existing model is reused, so rule changes in
fields.py / normalize.py can be rescored without retraining), and every
held-out record's gold and predicted labels and fields are written to
``--dump``. ``--report`` prints, per field, the commonest confusions: which
predicted label the gold tokens of a label got, and the field values that
differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from parse_f1 import ALL, Tally, field_values, folds_of, label_values  # noqa: E402

from citecheck.parse import parse_reference  # noqa: E402
from citecheck.parse.corpus import corpus_name, sequences_from_records  # noqa: E402
from citecheck.parse.crf import Labeller  # noqa: E402
from citecheck.parse.fields import repair_labels, to_fields  # noqa: E402
from citecheck.parse.train import EXTRA_DATA, GROBID_COPY_WEIGHT, read_jsonl, train_model  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, action="append", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only", type=int, default=2)
    ap.add_argument("--models", type=Path, required=True)
    ap.add_argument("--tag", default="base")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--copy-weight", type=float, default=GROBID_COPY_WEIGHT,
                    help="weight of GROBID's domain copies of the features (0: none)")
    ap.add_argument("--params", default="{}", help="crfsuite parameters over TRAIN_PARAMS, as JSON")
    args = ap.parse_args(argv)
    records = []
    for path in args.data:
        name = corpus_name(path)
        for rec in read_jsonl(path):
            rec["corpus"] = name
            records.append(rec)
    extra = read_jsonl(EXTRA_DATA) if EXTRA_DATA.exists() else []
    folds = folds_of(records, args.folds)
    tallies = defaultdict(lambda: {"labels": Tally(), "fields": Tally()})
    out = args.dump.open("w", encoding="utf-8") if args.dump else None
    for i, test in enumerate(folds[: args.only]):
        model = args.models / args.tag / f"fold{i}.crfsuite"
        if not model.exists():
            training = [r for j, f in enumerate(folds) if j != i for r in f] + extra
            train_model(training, model, params=json.loads(args.params), copy_weight=args.copy_weight)
        labeller = Labeller.load(model)
        for rec in test:
            seqs = sequences_from_records([rec])
            if not seqs:
                continue
            (tokens, gold), = seqs
            raw_pred = labeller.tag(tokens)
            pred = repair_labels(tokens, list(raw_pred))
            g, p = label_values(tokens, gold), label_values(tokens, pred)
            gold_kind, gold_values, _ = to_fields(tokens, gold)
            ref = parse_reference(rec["raw"], labeller)
            gf = field_values(gold_kind, gold_values)
            pf = field_values(ref.type, dict(ref.fields)) if not ref.error else {}
            for name in (rec["corpus"], ALL):
                tallies[name]["labels"].add(g, p)
                tallies[name]["fields"].add(gf, pf)
            if out:
                out.write(json.dumps({"fold": i, "id": rec["id"], "corpus": rec["corpus"],
                                      "category": rec["category"], "raw": rec["raw"],
                                      "tokens": tokens, "gold": gold, "crf": raw_pred, "pred": pred,
                                      "gf": gf, "pf": pf}, ensure_ascii=False) + "\n")
    for name, t in tallies.items():
        print(f"{args.tag} {name}: labels {t['labels'].micro()[2]:.4f} fields {t['fields'].micro()[2]:.4f}")
    for name, t in tallies.items():
        print(name, " ".join(f"{k}={f:.3f}" for k, n, _p, _r, f in t["fields"].rows()[:16]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
