"""Labelled training records -> (tokens, labels) sequences, one convention for every corpus.

Takes records of the project's data format (``raw`` and ``segments``:
``[[label, text], …]``) and projects the segments onto the tokens of ``raw``
(:func:`citecheck.parse.tokens.token_spans`), the unit the labeller tags. Two corpora with different habits
come out labelled the same way:

* AnyStyle (``parsing-dev``): ``raw`` is the segments joined by spaces and
  every character is labelled, punctuation and cue words included
  ("pp. 45–67.", "In Title,", "(2009)."). Projection changes nothing.
* GROBID (``parsing-grobid``): punctuation and cue words sit *outside* the
  labels ("(", "pp.", "In", "Vol.", "eds."), and volume and issue are two
  labels. They are mapped to AnyStyle's convention:

  - a token takes the label of the segment it overlaps most;
  - an unlabelled token that is a cue opening the next field ("pp.",
    "In", "Vol.", "no.", "edited by", "doi:", an opening bracket or quote)
    takes the next segment's label; an access cue ("Retrieved from",
    "Available at") is ``note``, as in AnyStyle's data; any other unlabelled
    token (closing punctuation, "eds.", "(ed.),") the previous one's, as
    AnyStyle keeps "(Eds.)" with the editors and the final period with the
    field it ends;
  - ``issue`` becomes ``volume`` (AnyStyle prints "61(3)" as one volume
    and the normaliser splits it into volume and number), and so does the
    text between them ("no.", "(");
  - a list marker before the first segment ("[12]", "3.", "(4)") is
    ``citation-number``, as in AnyStyle's data.

Pure; used by training (:mod:`citecheck.parse.train`) and the benchmarks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .tokens import token_spans

Sequence_ = tuple[list[str], list[str]]  # (tokens, labels)

# Cue words that open the field after them (lower-case, outer punctuation stripped).
LEADING_CUES = frozenset(
    """p pp pages page pgs s in in: dans vol vols volume volumes v bd tome no nos nr number
    issue iss n° n heft doi isbn issn edited by preprint arxiv 제 第 pmid pmcid""".split()
)
_OPENING = frozenset("([{“‘«„\"'<")
_WORD = re.compile(r"[^\W_]+(?:[.:°][^\W_]+)*")
_MARKER = re.compile(r"^(?:\[[^\]\s]{1,12}\]|\(\d{1,4}\)|\d{1,4}[.)]?)$")


ACCESS_WORDS = frozenset("retrieved from available at accessed online url viewed on".split())


def _access(token: str) -> bool:
    """An unlabelled access cue ("Retrieved from", "[Online]. Available:")."""
    words = [w.lower() for w in _WORD.findall(token)]
    return bool(words) and all(w in ACCESS_WORDS for w in words) and words[0] != "on"


def _cue(token: str) -> bool:
    """An unlabelled token that opens the next field."""
    words = [w.lower() for w in _WORD.findall(token)]
    if token[0] in "([" and not any(c in token for c in ")]"):
        return True  # "(eds." opens what follows; "(eds.)," closes what came before
    if words:
        return words[0] in LEADING_CUES or words[-1] in LEADING_CUES
    return token[-1] in _OPENING  # only punctuation: "(" "[" "“" open, ")." "," close


def project(raw: str, segments: list[list[str]]) -> Sequence_:
    """Label the whitespace tokens of ``raw`` from its labelled ``segments``.

    Each segment's text is looked up in ``raw`` after the previous one
    (segments come in document order); a segment that cannot be found is
    skipped, so a damaged record loses a label, never the whole record.
    """
    owner: list[int] = [-1] * len(raw)  # index of the segment each character belongs to
    labels = [label for label, _ in segments]
    pos = 0
    for k, (_, text) in enumerate(segments):
        text = " ".join(text.split())
        if not text:
            continue
        at = raw.find(text, pos)
        if at < 0:
            continue
        owner[at : at + len(text)] = [k] * len(text)
        pos = at + len(text)
    tokens: list[str] = []
    slots: list[int | None] = []  # segment index per token, None if unlabelled
    for a, b in token_spans(raw):
        counts: dict[int, int] = {}
        for k in owner[a:b]:
            if k >= 0:
                counts[k] = counts.get(k, 0) + 1
        tokens.append(raw[a:b])
        slots.append(max(counts, key=lambda k: (counts[k], -k)) if counts else None)
    if not tokens:
        return [], []
    out: list[str | None] = [labels[s] if s is not None else None for s in slots]
    # unlabelled tokens: a leading list marker, then cues forward, the rest backward
    first = next((i for i, s in enumerate(slots) if s is not None), None)
    if first is None:
        return [], []
    for i in range(first):
        if _MARKER.match(tokens[i]) and i == 0:
            out[i] = "citation-number"
    prev: str | None = None
    for i, tok in enumerate(tokens):
        if out[i] is not None:
            prev = out[i]
            continue
        nxt = next((out[j] for j in range(i + 1, len(tokens)) if slots[j] is not None), None)
        if _access(tok):
            out[i] = "note"  # AnyStyle labels "Retrieved from", "Available at" note
        elif prev is None or (nxt is not None and _cue(tok)):
            out[i] = nxt
        else:
            out[i] = prev
        # a run of cue words ("edited by", "Available at") follows the same rule
        if out[i] == nxt and prev is not None:
            continue
        prev = out[i]
    return tokens, _merge_issue([lab or "note" for lab in out])


def _merge_issue(labels: list[str]) -> list[str]:
    """issue -> volume (AnyStyle's one label for "61(3)", "vol. 36, no. 9")."""
    return ["volume" if lab == "issue" else lab for lab in labels]


def sequences_from_records(records: Iterable[dict]) -> list[Sequence_]:
    """Training-data records -> (tokens, labels), one per record with tokens."""
    out: list[Sequence_] = []
    for rec in records:
        tokens, labels = project(rec["raw"], rec["segments"])
        if tokens:
            out.append((tokens, labels))
    return out


def data_file(path: Path) -> Path:
    """A data folder (holding ``references.jsonl``) or the jsonl file itself."""
    return path / "references.jsonl" if path.is_dir() else path


def corpus_name(path: Path) -> str:
    """'parsing-grobid' for DIR/parsing-grobid or DIR/parsing-grobid/references.jsonl."""
    path = data_file(path)
    return path.parent.name if path.name == "references.jsonl" else path.stem
