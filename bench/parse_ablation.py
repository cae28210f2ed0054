"""Feature-group ablation for the reference parser: k-fold F1 without some groups.

Usage (from the repo root)::

    nice python bench/parse_ablation.py --data DATA/parsing-dev --drop p2,s2    # 5 folds
    nice python bench/parse_ablation.py --data DATA/parsing-dev --data DATA/parsing-grobid \
        --drop 2:cap,-2:cap --prune 0.3 --quick

``--drop`` names feature groups by what comes before ``=`` in a feature name
(``p2`` for ``p2=th``, ``-1:w`` for ``-1:w=smith``, ``cnext|clen``, ``bias``);
the featurizer's output is filtered, so a group can only be removed, not
added back. ``--prune T`` also drops, at tagging time, the attributes whose
summed absolute weight over all labels is below ``T`` (no retraining).

Prints one JSON line: labels and fields micro-F1 and token accuracy from
:func:`parse_f1.cross_validate` (same folds), the mean number of features
per token and the C tagger's time over the dev strings with a model trained
on all of them. The Third round table in bench/results/parse.md was run
against the features of commit b6eeb22 (before the groups it removes were
dropped from citecheck/parse/tokens.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import parse_f1 as bench  # noqa: E402

import citecheck.parse.crf as crf  # noqa: E402
import citecheck.parse.tokens as tokens_mod  # noqa: E402
from citecheck.parse.tokens import tokenize  # noqa: E402


def group(feature: bytes | str) -> str:
    """The group of a feature name: what comes before its first '='."""
    name = feature.decode() if isinstance(feature, bytes) else feature
    return name.split("=", 1)[0]


def drop_groups(drop: set[str]) -> None:
    """Filter the featurizer's output (word, neighbour and chunk features)."""
    word_features = tokens_mod.Featurizer.word_features
    cached = tokens_mod.Featurizer._cached
    chunks = tokens_mod._chunks

    def word(self, token):  # type: ignore[no-untyped-def]
        return [f for f in word_features(self, token) if group(f) not in drop]

    def cache(self, token):  # type: ignore[no-untyped-def]
        own, shifted, info = cached(self, token)
        return own, [[f for f in g if group(f) not in drop] for g in shifted], info

    def chunk(infos, known=None, store=None):  # type: ignore[no-untyped-def]
        return [[f for f in fs if group(f) not in drop] for fs in chunks(infos, known, store)]

    tokens_mod.Featurizer.word_features = word  # type: ignore[method-assign]
    tokens_mod.Featurizer._cached = cache  # type: ignore[method-assign]
    tokens_mod._chunks = chunk


def prune_weights(threshold: float) -> None:
    """Tag with only the attributes whose summed |weight| reaches ``threshold``."""
    init = crf.Labeller.__init__

    def pruned(self, model_path, dictionary, attributes=None):  # type: ignore[no-untyped-def]
        init(self, model_path, dictionary, attributes)
        total: dict[str, float] = defaultdict(float)
        for (attr, _label), weight in self._tagger.info().state_features.items():
            total[attr] += abs(weight)
        fz = self.featurizer
        fz.known = frozenset(a.encode() for a, w in total.items() if w >= threshold)
        fz._known_at = tokens_mod._by_offset(fz.known)
        fz._cache.clear()
        fz._chunk_cache.clear()

    crf.Labeller.__init__ = pruned  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drop", default="", help="comma-separated feature groups to drop")
    ap.add_argument("--prune", type=float, default=0.0, help="min summed |weight| to keep")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--data", type=Path, action="append", required=True,
                    help="labelled references: a data folder or jsonl file (repeatable)")
    ap.add_argument("--quick", action="store_true", help="score only the first 2 folds")
    args = ap.parse_args(argv)
    drop = {g for g in args.drop.split(",") if g}
    if drop:
        drop_groups(drop)
    if args.prune:
        prune_weights(args.prune)
    records = []
    for path in args.data:
        for rec in bench.read_jsonl(path):
            rec["corpus"] = bench.corpus_name(path)
            records.append(rec)
    extra = bench.read_jsonl(bench.EXTRA_DATA)
    res = bench.cross_validate(records, extra, args.folds, only=2 if args.quick else None)[bench.ALL]
    with tempfile.TemporaryDirectory() as tmp:
        model = crf.train(crf.sequences_from_records(records + extra), Path(tmp) / "m.crfsuite")
        labeller = crf.Labeller.load(model)
        feats = [labeller.featurizer.features(toks) for r in records
                 if (toks := tokenize(r["raw"]))]
        per_token = sum(len(x) for f in feats for x in f) / sum(len(f) for f in feats)
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            for f in feats:
                labeller._tagger.tag(f)
            best = min(best, time.perf_counter() - t0)
    print(json.dumps({
        "drop": args.drop, "prune": args.prune,
        "labels_f1": round(res["labels"].micro()[2], 4),
        "fields_f1": round(res["fields"].micro()[2], 4),
        "token_accuracy": round(res["token_accuracy"], 4),
        "features_per_token": round(per_token, 2), "tagger_s": round(best, 3),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
