"""Hyphenation: rejoin words broken over a line end, and drop soft hyphens inside words.

A word split with a hyphen at a line end is moved onto the first line, joined
(``organ-``/``isation`` -> ``organisation``) or, for a real compound, with its
hyphen kept (``anti-``/``capitalist``), as the document's own words and word
frequencies say. Soft hyphens (U+00AD) are always joined.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Repair
from .urls import protected
from .words import WORD, tokens, zipf

SOFT_HYPHEN = "\u00ad"
# "-", U+2010 HYPHEN, or a soft hyphen (a discretionary break, always joined).
LINE_HYPHEN = re.compile(r"([^\W\d_]+)([-\u2010\u00ad])$")
LINE_END_HYPHENS = ("-", "\u2010", "\u00ad")  # the characters LINE_HYPHEN ends with
INNER_SOFT_HYPHEN = re.compile(r"[^\W\d_]+(?:\u00ad[^\W\d_]+)+")
FIRST_WORD = re.compile(r"^\s*([^\W\d_]+)([^\s]*)")


COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def _doc_words(lines: Sequence[str]) -> set[str]:
    """Lowercase words and hyphenated compounds the document uses within a line."""
    words: set[str] = set()
    for line in lines:
        words.update(t.text.lower() for t in tokens(line))
        if "-" in line:  # COMPOUND needs one
            words.update(m.group(0).lower() for m in COMPOUND.finditer(line))
    return words


def _hyphen_decision(left: str, right: str, doc_words: set[str], lang: str) -> tuple[bool, str]:
    """(join?, reason) for `left-` at a line end followed by `right`."""
    joined = left + right
    hyphened = f"{left}-{right}"
    has_join = joined.lower() in doc_words
    has_hyph = hyphened.lower() in doc_words
    if has_hyph and not has_join:
        return False, "hyphenated form used elsewhere in the document"
    if has_join and not has_hyph:
        return True, "joined form used elsewhere in the document"
    zj, zh, zr = zipf(joined, lang), zipf(hyphened, lang), zipf(right, lang)
    if zr < 2.0 and zj >= 2.5:
        return True, f"'{right}' is no word; '{joined}' is (zipf {zj:.1f})"
    if zj >= WORD and zj >= zh:
        return True, f"'{joined}' (zipf {zj:.1f}) is commoner than '{hyphened}' ({zh:.1f})"
    return False, f"compound kept: '{hyphened}' (zipf {zh:.1f}) vs '{joined}' ({zj:.1f})"


def _next_text_line(lines: Sequence[str], i: int, removed: set[int]) -> int | None:
    """The line continuing line i: the next one, or the first after a removed page header."""
    j = i + 1
    crossed = False
    while j < len(lines) and (j in removed or not lines[j].strip()):
        crossed = crossed or j in removed
        j += 1
    if j >= len(lines) or (j > i + 1 and not crossed):
        return None  # a blank line ends the paragraph
    return j


def join_hyphens(
    lines: list[str], removed: set[int], lang: str, use_freq: bool = True
) -> list[Repair]:
    """Move words broken by a line-end hyphen onto their first line (edits `lines`)."""
    doc_words = _doc_words(lines)
    repairs: list[Repair] = []
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        # LINE_HYPHEN ends in a hyphen: test that first, the search is slow on long lines
        m = LINE_HYPHEN.search(stripped) if stripped.endswith(LINE_END_HYPHENS) else None
        if not m or i in removed or any(b == len(stripped) for _, b in protected(stripped)):
            continue
        j = _next_text_line(lines, i, removed)
        if j is None:
            continue
        w = FIRST_WORD.match(lines[j])
        if not w:
            continue
        left, hyphen, right, trail = m.group(1), m.group(2), w.group(1), w.group(2)
        # A capitalised continuation (Austro-/German) keeps its hyphen.
        if hyphen == SOFT_HYPHEN:
            join, reason = True, "soft hyphen: a discretionary break"
        elif right[:1].isupper() and not left[:1].isupper():
            join, reason = False, "continuation is capitalised"
        elif use_freq:
            join, reason = _hyphen_decision(left, right, doc_words, lang)
        else:
            continue  # no word list for this text: leave the break as printed
        word = left + right if join else f"{left}{hyphen}{right}"
        lines[i] = stripped[: m.start()] + word + trail
        lines[j] = lines[j][w.end() :].lstrip()
        repairs.append(
            Repair(
                line=i + 1,
                kind="hyphenation",
                before=f"{left}{hyphen}\n{right}{trail}",
                after=word + trail,
                reason=reason,
            )
        )
    return repairs


def drop_soft_hyphens(line: str, lineno: int) -> tuple[str, list[Repair]]:
    """Remove soft hyphens inside words: invisible in print, they break matching."""
    if SOFT_HYPHEN not in line:
        return line, []
    repairs = [
        Repair(
            line=lineno,
            kind="hyphenation",
            before=m.group(0),
            after=m.group(0).replace(SOFT_HYPHEN, ""),
            reason="soft hyphen inside a word",
        )
        for m in INNER_SOFT_HYPHEN.finditer(line)
    ]
    return INNER_SOFT_HYPHEN.sub(lambda m: m.group(0).replace(SOFT_HYPHEN, ""), line), repairs
