"""Parse stage: reference strings -> :class:`citecheck.models.Reference`.

Takes the text of one bibliography entry (already joined from its lines)
and returns a Reference with its entry ``type`` and typed ``fields``. A
string that cannot be read as a reference comes back with ``error`` set and
empty fields: failure is a value, never an exception. ``line``, ``key`` and
``missing`` are left to the caller.

Pipeline inside: tokenise (:mod:`.tokens`), label each token with a linear-
chain CRF (:mod:`.crf`, model shipped in ``citecheck/data/parser.crfsuite``
and loaded lazily once), repair labels and group them into fields
(:mod:`.fields`), then normalise names, pages, volumes, dates and
identifiers (:mod:`.normalize`). Pure and offline.

Over-long strings: a reference string longer than ``max_chars`` (default
:data:`MAX_REFERENCE_CHARS`, far above any real reference) is never fed
whole to the tagger. Only its first ``max_chars`` characters, cut at a space,
are parsed, and the Reference says so in ``notice`` (naming the line when the
caller gives it), so time and memory per entry stay bounded.

Repeated authors: a bibliography prints "———." (or "---,", "——") for "the
same author(s) as the entry above". :func:`parse_reference` sees one string
and leaves such an author list empty; :func:`parse_references`, given a
bibliography's entries in order, fills it with the previous entry's authors
(its editors when the dash is followed by "ed."/"eds.").
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from ..models import Fields, Reference
from .caseless import parse_caseless
from .crf import Labeller
from .fields import to_fields
from .tokens import tokenize

__all__ = [
    "parse_reference", "parse_references", "fill_repeated_author", "same_authors", "MODEL_PATH",
    "load_labeller",
    "MAX_REFERENCE_CHARS",
]

# The longest reference in the 9,091 labelled strings is 909 characters.
MAX_REFERENCE_CHARS = 2000

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "parser.crfsuite"

_lock = threading.Lock()
_labeller: Labeller | None = None
_WORDY = re.compile(r"[^\W\d_]{2,}")
# "———." "---," "——" "— ." at the start of an entry: two or more dashes (or
# one long dash followed by punctuation) standing in for the author list
_REPEATED_AUTHOR = re.compile(r"^\s*(?:[-‐‑‒–—―_]{2,}|[—―]\s*(?=[.,(]))\s*[.,]?")
_IBID_START = re.compile(r"^\s*(?:\[\d+\]\s*)?ibid\b", re.I)
_EDITOR_CUE = re.compile(r"^\s*\(?(?:eds?|editors?|hrsg|hg)\b\.?\)?", re.I)


def load_labeller(model_path: Path | None = None) -> Labeller:
    """The shipped labeller, loaded on first use (or a given model, uncached)."""
    global _labeller
    if model_path is not None:
        return Labeller.load(model_path)
    if _labeller is None:
        with _lock:
            if _labeller is None:
                _labeller = Labeller.load(MODEL_PATH)
    return _labeller


def _failure(text: str, reason: str) -> Reference:
    return Reference(raw=text, type="misc", fields=Fields(), error=reason)


def truncate(text: str, max_chars: int) -> str:
    """The first ``max_chars`` characters of ``text``, cut at the last space if there is one."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    space = head.rfind(" ")
    return head[:space] if space > max_chars // 2 else head


def parse_reference(
    text: str,
    labeller: Labeller | None = None,
    *,
    max_chars: int = MAX_REFERENCE_CHARS,
    line: int | None = None,
) -> Reference:
    """Parse one reference string into a typed Reference.

    ``error`` is set (and ``fields`` left empty) when the string is empty,
    has no words, or yields no title, author, container or identifier.
    A string over ``max_chars`` characters is parsed from its first
    ``max_chars`` only, with ``notice`` saying so (and naming ``line``).
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    notice = None
    if len(text) > max_chars:
        where = f"line {line}: " if line is not None else ""
        notice = (f"{where}reference string of {len(text):,} characters is over the limit of "
                  f"{max_chars:,}: only its first {max_chars:,} were parsed")
        ref = _parse(text, truncate(text, max_chars), labeller)
        return ref.model_copy(update={"notice": notice})
    return _parse(text, text, labeller)


def _parse(raw: str, text: str, labeller: Labeller | None) -> Reference:
    ref = _parse_text(text, labeller)
    return ref if raw is text else ref.model_copy(update={"raw": raw})


def _parse_text(text: str, labeller: Labeller | None = None) -> Reference:
    tokens = tokenize(text)
    if not tokens:
        return _failure(text, "empty reference")
    if len(_WORDY.findall(text)) < 1:
        return _failure(text, "no words: not a reference")
    if not text.isascii() and (caseless := parse_caseless(text)) is not None:
        kind, values = caseless  # a script without capitals, its parts marked (caseless.py)
        try:
            return Reference(raw=text, type=kind, fields=Fields(**values))  # type: ignore[arg-type]
        except ValueError:
            pass  # the labeller's reading, then
    labels = (labeller or load_labeller()).tag(tokens)
    kind, values, failures = to_fields(tokens, labels)
    essential = ("title", "author", "editor", "journal", "booktitle", "url", "doi", "isbn")
    if not any(values.get(k) for k in essential):
        return _failure(text, "no title, author, container or identifier found")
    reason = "; ".join(failures) if failures else None
    try:
        fields = Fields(**values)
    except ValueError as exc:  # a normaliser produced a bad value: report, don't crash
        return _failure(text, f"invalid field values: {exc}")
    return Reference(raw=text, type=kind, fields=fields, error=reason)


def parse_references(
    texts: list[str], labeller: Labeller | None = None, *, max_chars: int = MAX_REFERENCE_CHARS
) -> list[Reference]:
    """Parse a bibliography's entries, in order; one result per input.

    As :func:`parse_reference`, and an entry that opens with a dash run
    ("———. Title …") takes the previous entry's authors (or, after
    "———, ed.", them as its editors). Chains of dash entries all take the
    last named authors.
    """
    lab = labeller or load_labeller()
    out: list[Reference] = []
    for text in texts:
        ref = parse_reference(text, lab, max_chars=max_chars)
        if out:
            ref = fill_repeated_author(ref, out[-1])
        out.append(ref)
    return out


def same_authors(ref: Reference, previous: Reference) -> Reference:
    """A compound reference's later work printed without its authors takes ``previous``'s.

    "[8] T. C. Kraan and P. van Baal, Nucl. Phys. B533, 627 (1998); Phys. Lett.
    B 435, 389 (1998)." is two works by the same authors; "…; ibid 81, 155303
    (2010)" is in the same journal as well. Unchanged when ``ref`` has names.
    """
    fields = ref.fields
    # ("ibid." is read as an author's name or as the journal: either way it is the work before's)
    ibid = bool(_IBID_START.match(ref.raw)) or (fields.journal or "").lower().rstrip(".") == "ibid"
    if ref.error or not previous.fields.author or (not ibid and (fields.author or fields.editor)):
        return ref
    update: dict[str, object] = {"author": list(previous.fields.author),
                                 "others": previous.fields.others}
    if ibid and previous.fields.journal:
        update["journal"] = previous.fields.journal
    return ref.model_copy(update={"fields": fields.model_copy(update=update)})


def fill_repeated_author(ref: Reference, previous: Reference) -> Reference:
    """``ref`` with its dash author list replaced by ``previous``'s names.

    Unchanged when ``ref.raw`` does not open with a dash run, when ``ref``
    has names of its own, or when ``previous`` has no authors or editors.
    """
    m = _REPEATED_AUTHOR.match(ref.raw)
    if not m or ref.error:
        return ref
    names = previous.fields.author or previous.fields.editor
    as_editor = bool(_EDITOR_CUE.match(ref.raw[m.end() :]))
    role = "editor" if as_editor else "author"
    if not names or getattr(ref.fields, role):
        return ref
    update: dict[str, object] = {role: list(names)}
    if role == "author" and previous.fields.author:
        update["others"] = previous.fields.others
    return ref.model_copy(update={"fields": ref.fields.model_copy(update=update)})
