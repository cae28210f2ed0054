"""Train the shipped parser model: ``python -m citecheck.parse.train``.

Reads the labelled references given with ``--data`` (repeatable: a data
folder holding ``references.jsonl``, such as ``parsing-dev/`` and
``parsing-grobid/``, or the jsonl file itself) plus the project's own
labelled strings in ``citecheck/parse/extra_training.jsonl`` and writes
``citecheck/data/parser.crfsuite`` and its ``.dict.json`` dictionary.
Every corpus is projected onto whitespace tokens with one labelling
convention (:mod:`citecheck.parse.corpus`), so GROBID's strings, whose
punctuation and cue words sit outside the labels, train the same labels as
AnyStyle's. Deterministic: the same inputs give the same model.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import MODEL_PATH
from .corpus import data_file, sequences_from_records
from .crf import train

EXTRA_DATA = Path(__file__).resolve().parent / "extra_training.jsonl"

# GROBID's strings (ids "grobid-…") label by other habits than the strings the
# parser is for (AnyStyle's, onto whose convention every corpus is projected).
# ``copy_weight`` > 0 trains them with a copy of every feature prefixed with
# their domain, at that weight (crf.train's ``domains``), so the shared features
# lean to AnyStyle's habits. Off: screened on 2 of the 5 folds (bench/results/
# parse.md, seventh round), weight 0.3 gave parsing-dev +0.004 and
# parsing-grobid -0.005 fields F1, 0.5 gave +0.006 / -0.009; GROBID's losses
# were real mistakes (a book read as an article), not habits.
GROBID_COPY_WEIGHT = 0.0


def domain_of(record: dict) -> str | None:
    """The labelling domain of a training record: "grobid" for GROBID's, else None."""
    return "grobid" if str(record.get("id", "")).startswith("grobid-") else None


def train_model(records: list[dict], model_path: Path, params: dict | None = None,
                copy_weight: float = GROBID_COPY_WEIGHT) -> Path:
    """Train the labeller on labelled records as the shipped model is trained."""
    sequences, domains = [], []
    for rec in records:
        for seq in sequences_from_records([rec]):
            sequences.append(seq)
            domains.append(domain_of(rec) if copy_weight else None)
    return train(sequences, model_path, params, domains, copy_weight or 1.0)


def read_jsonl(path: Path) -> list[dict]:
    """The records of a data folder or jsonl file."""
    with data_file(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, action="append", required=True,
                    help="labelled references: a data folder or jsonl file (repeatable)")
    ap.add_argument("--extra", type=Path, default=EXTRA_DATA, help="project-written extras")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    records = [rec for path in args.data for rec in read_jsonl(path)]
    if args.extra.exists():
        records += read_jsonl(args.extra)
    train_model(records, args.out)
    print(f"trained on {len(records)} references -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
