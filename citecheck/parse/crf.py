"""Linear-chain CRF sequence labeller (python-crfsuite).

Takes token lists and returns one label per token (``author``, ``title``,
``journal``, ``date`` … the label set of the training data). A trained
labeller is two files: the crfsuite model and the word dictionary its
features were built with (:func:`citecheck.parse.tokens.build_dictionary`).
Both are produced by :mod:`citecheck.parse.train`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

from .tokens import Featurizer, build_dictionary

# L1/L2 regularisation and iteration cap; chosen by 5-fold cross-validation
# on the dev data (bench/parse_f1.py), and fixed so the model is reproducible.
TRAIN_PARAMS: dict[str, float | int | bool] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}

Sequence_ = tuple[list[str], list[str]]  # (tokens, labels)


class Labeller:
    """A loaded CRF model plus the featurizer it was trained with."""

    def __init__(self, model_path: Path, dictionary: dict[str, str]) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        known = frozenset(attr for attr, _label in self._tagger.info().state_features)
        self.featurizer = Featurizer(dictionary, known)

    @classmethod
    def load(cls, model_path: Path) -> "Labeller":
        """Open ``model_path`` and the ``.dict.json`` dictionary beside it."""
        dictionary = json.loads(dict_path(model_path).read_text(encoding="utf-8"))
        return cls(model_path, dictionary)

    def tag(self, tokens: list[str]) -> list[str]:
        """One label per token; an empty list for no tokens."""
        if not tokens:
            return []
        return list(self._tagger.tag(self.featurizer.features(tokens)))


def dict_path(model_path: Path) -> Path:
    return model_path.with_suffix(".dict.json")


def train(
    sequences: Sequence[Sequence_],
    model_path: Path,
    params: dict[str, float | int | bool] | None = None,
) -> Path:
    """Train on (tokens, labels) pairs and write the model and its dictionary.

    Deterministic: crfsuite's L-BFGS has no random state, and the training
    order is the order given.
    """
    dictionary = build_dictionary(sequences)
    featurizer = Featurizer(dictionary)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(dict(TRAIN_PARAMS, **(params or {})))
    for tokens, labels in sequences:
        trainer.append(featurizer.features(tokens), labels)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    dict_path(model_path).write_text(
        json.dumps(dictionary, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8"
    )
    return model_path


def sequences_from_records(records: Iterable[dict]) -> list[Sequence_]:
    """Training-data records (``segments``: [[label, text], …]) -> (tokens, labels)."""
    out: list[Sequence_] = []
    for rec in records:
        tokens: list[str] = []
        labels: list[str] = []
        for label, text in rec["segments"]:
            words = text.split()
            tokens += words
            labels += [label] * len(words)
        if tokens:
            out.append((tokens, labels))
    return out
