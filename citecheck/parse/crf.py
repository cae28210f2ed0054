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

from .corpus import Sequence_, sequences_from_records
from .tokens import Featurizer, build_dictionary

__all__ = ["Labeller", "train", "sequences_from_records", "TRAIN_PARAMS"]

# L1/L2 regularisation and iteration cap; chosen by 5-fold cross-validation
# on the dev data (bench/parse_f1.py), and fixed so the model is reproducible.
TRAIN_PARAMS: dict[str, float | int | bool] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}

class Labeller:
    """A loaded CRF model plus the featurizer it was trained with."""

    def __init__(
        self, model_path: Path, dictionary: dict[str, str], attributes: Iterable[str] | None = None
    ) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        if attributes is None:  # a model saved without its attribute list: ask crfsuite (slow)
            attributes = model_attributes(self._tagger)
        self.featurizer = Featurizer(dictionary, frozenset(attributes))

    @classmethod
    def load(cls, model_path: Path) -> "Labeller":
        """Open ``model_path`` and the ``.dict.json`` file beside it."""
        saved = json.loads(dict_path(model_path).read_text(encoding="utf-8"))
        if saved.get("format") == _DICT_FORMAT:
            return cls(model_path, saved["dictionary"], saved["attributes"])
        return cls(model_path, saved)  # the older file: the dictionary alone

    def tag(self, tokens: list[str]) -> list[str]:
        """One label per token; an empty list for no tokens."""
        if not tokens:
            return []
        return self._tagger.tag(self.featurizer.features(tokens))


# The .dict.json beside a model holds the word dictionary and the model's
# attribute names: reading them back is cheaper than crfsuite's
# ``Tagger.info()``, which decodes every weight (about 20 ms per load).
_DICT_FORMAT = 2


def model_attributes(tagger: pycrfsuite.Tagger) -> list[str]:
    """The attributes a model has a non-zero weight for, sorted."""
    return sorted({attr for attr, _label in tagger.info().state_features})


# separates a domain name from the feature it copies ("grobid|w=in")
DOMAIN_MARK = b"|"


def dict_path(model_path: Path) -> Path:
    return model_path.with_suffix(".dict.json")


def train(
    sequences: Sequence[Sequence_],
    model_path: Path,
    params: dict[str, float | int | bool] | None = None,
    domains: Sequence[str | None] | None = None,
    copy_weight: float = 1.0,
) -> Path:
    """Train on (tokens, labels) pairs and write the model and its dictionary.

    ``domains`` (one per sequence, or None) names the corpus of each
    sequence whose labelling habits differ from the strings the model is
    for. Such a sequence's tokens carry, beside every feature, a copy
    prefixed with the domain ("grobid|w=in"). The copies can absorb what is
    particular to that corpus, so the shared features learn what holds
    everywhere; tagging never produces them (the "frustratingly easy"
    domain adaptation of Daumé III, 2007, applied to the source side only),
    so tagging costs the same.

    Deterministic: crfsuite's L-BFGS has no random state, and the training
    order is the order given.
    """
    dictionary = build_dictionary(sequences)
    featurizer = Featurizer(dictionary)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(dict(TRAIN_PARAMS, **(params or {})))
    for k, (tokens, labels) in enumerate(sequences):
        feats = featurizer.features(tokens)
        domain = domains[k] if domains is not None else None
        if domain:
            prefix = domain.encode() + DOMAIN_MARK
            if copy_weight == 1.0:
                feats = [fs + [prefix + f for f in fs] for fs in feats]
            else:
                feats = [{**dict.fromkeys(fs, 1.0), **dict.fromkeys([prefix + f for f in fs], copy_weight)}
                         for fs in feats]
        trainer.append(feats, labels)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    # the domain copies are never tagged with: not listed
    copies = tuple({d + DOMAIN_MARK.decode() for d in domains or () if d})
    attributes = [a for a in model_attributes(tagger) if not (copies and a.startswith(copies))]
    saved = {"format": _DICT_FORMAT, "dictionary": dictionary, "attributes": attributes}
    tagger.close()
    dict_path(model_path).write_text(
        json.dumps(saved, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8"
    )
    return model_path
