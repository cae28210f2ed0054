"""Train the shipped parser model: ``python -m citecheck.parse.train``.

Reads the labelled references given with ``--data`` (a jsonl file, e.g.
``parsing-dev/references.jsonl`` from the project's data folder) plus the project's own labelled strings in
``citecheck/parse/extra_training.jsonl`` and writes
``citecheck/data/parser.crfsuite`` and its ``.dict.json`` dictionary.
Deterministic: the same inputs give the same model.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import MODEL_PATH
from .crf import sequences_from_records, train

EXTRA_DATA = Path(__file__).resolve().parent / "extra_training.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="labelled references (jsonl)")
    ap.add_argument("--extra", type=Path, default=EXTRA_DATA, help="project-written extras")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    records = read_jsonl(args.data)
    if args.extra.exists():
        records += read_jsonl(args.extra)
    train(sequences_from_records(records), args.out)
    print(f"trained on {len(records)} references -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
