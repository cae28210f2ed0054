"""Repair the text of a messy PDF-to-text extraction.

Takes a :class:`~citecheck.models.Document` and returns a
:class:`~citecheck.models.CleanText` with exactly one output line per input
line. Four kinds of damage are repaired, in this order:

``header``
    Page headers/footers (a page number, a running title, or both) become
    ``""`` and their line numbers go into ``CleanText.removed``.
``url``
    A URL broken across a line end is rejoined on its first line; the next
    line keeps only what follows the URL (``", 1927."``).
``ligature``
    Damage to printed fi/fl/ff/ffi/ffl ligatures: Unicode ligature code points
    (``ﬁ``), a stray glyph standing for the "f" (``deϐinitive``), or the glyph
    lost altogether, leaving a space or nothing (``of icial``, ``irst``).
``hyphenation``
    A word split over a line end with a hyphen is moved onto the first line,
    joined (``organ-``/``isation`` -> ``organisation``) or, for a real
    compound, with its hyphen kept (``anti-``/``capitalist``). Soft hyphens
    (U+00AD) are dropped inside words and always joined at a line end.

Every change is recorded as a :class:`~citecheck.models.Repair`. Readings
that are plausible but not clear are reported with ``applied=False`` and not
made: a word that was already right must never change, so precision wins over
recall. Word decisions use word frequencies from ``wordfreq`` plus evidence
from the document itself (its other words, and which kind of ligature damage
it shows). Those repairs run only when the text reads as the word list's
language (``lang``, English by default) and shows ligature damage somewhere;
otherwise only the certain repairs are made (code points, a glyph before
i/l/f, headers, URLs). The stage is pure: no I/O, no network.

The stage is a package, one module per job: ``headers``, ``urls``,
``ligatures`` and ``hyphenation`` (each finds and repairs its kind of damage),
``words`` (tokens, word frequencies and thresholds they share); ``repair``
here runs them in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..models import CleanText, Document, Repair
from .headers import find_headers
from .hyphenation import drop_soft_hyphens, join_hyphens
from .ligatures import fix_ligatures
from .urls import join_urls
from .words import KEPT_IN, supported, written_in

__all__ = ["repair", "repair_summary", "find_headers"]


def repair(doc: Document, lang: str = "en", *, cache_dir: Path | None = None) -> CleanText:
    """Repair `doc`'s text; return one line per input line plus every repair made or declined.

    `lang` is the wordfreq language code used to judge words; for a language
    wordfreq does not know, only the deterministic repairs (code points,
    glyphs before i/l/f, headers, URLs) are made. `cache_dir` is where the
    word list is kept between runs (see words.py; default: as ``Settings``).
    """
    token = KEPT_IN.set(cache_dir)
    try:
        return _repair(doc, lang)
    finally:
        KEPT_IN.reset(token)


def _repair(doc: Document, lang: str) -> CleanText:
    lines = list(doc.lines)
    repairs: list[Repair] = []

    heads = find_headers(lines, doc.pages)
    for i, reason in heads.items():
        repairs.append(Repair(line=i + 1, kind="header", before=lines[i], after="", reason=reason))
        lines[i] = ""
    removed = set(heads)

    repairs += join_urls(lines, removed)

    use_freq = supported(lang) and written_in(lines, lang)
    repairs += fix_ligatures(doc.lines, lines, lang, use_freq)

    repairs += join_hyphens(lines, removed, lang, use_freq)
    for i, line in enumerate(lines):
        lines[i], found = drop_soft_hyphens(line, i + 1)
        repairs += found
    repairs.sort(key=lambda r: r.line)
    return CleanText(lines=lines, repairs=repairs, removed=[i + 1 for i in sorted(removed)])


def repair_summary(repairs: Iterable[Repair]) -> dict[str, int]:
    """Applied repairs counted by kind, e.g. ``{"ligature": 212, "url": 5}``."""
    return dict(Counter(r.kind for r in repairs if r.applied))
