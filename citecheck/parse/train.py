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
    train(sequences_from_records(records), args.out)
    print(f"trained on {len(records)} references -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
