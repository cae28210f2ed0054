"""Ligature damage: repair fi/fl/ff/ffi/ffl ligatures that a PDF extraction broke.

Three kinds: Unicode ligature code points (``ﬁ``), a stray glyph standing for
the "f" (``deϐinitive``), or the glyph lost altogether, leaving a space or
nothing (``of icial``, ``irst``). Code points, and a glyph before i/l/f, are
certain repairs; the others are decided by word frequencies plus what the
document itself shows, and a doubtful reading is reported, not made.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Repair
from .words import (
    CLOSE, MARGIN, PLAUSIBLE, WORD, Tok, candidate_zipf, plausibility, tokens, zipf,
)

# Ligatures a font may draw as one glyph. The glyph can vanish as a whole, or
# only its "f" can be lost (the extractor then keeps the second letter).
LIGATURES = ("fi", "fl", "ff", "ffi", "ffl")
# NFKC gives the letters of each Unicode ligature code point (ﬅ and ﬆ are "st").
LIGATURE_CODEPOINTS = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
# Glyphs seen standing in for the lost "f" of a ligature: U+03D0 GREEK BETA
# SYMBOL (the sample document's font maps its fi/fl/ff glyph there).
F_GLYPHS = "\u03d0"

@dataclass
class _Decision:
    after: str | None  # None: no repair to report
    applied: bool = True
    reason: str = ""

# longer tokens are not words (English's longest in common use is ~30 letters): the
# lost-ligature search skips them instead of trying a glyph at each of their places
LONGEST_WORD = 45


@dataclass
class _Evidence:
    """What the document itself says about its ligature damage."""

    vocab: Counter[str] = field(default_factory=Counter)
    f_only: int = 0  # lost "f" only, next letter kept: of|icial
    whole: int = 0  # whole ligature lost: of|cial
    damaged: bool = False  # any sign of ligature damage at all
    memo: dict[tuple[str, ...], _Decision] = field(default_factory=dict)  # decisions this run

    def mode(self) -> str | None:
        total = self.f_only + self.whole
        if total >= 3 and self.f_only >= 0.8 * total:
            return "f"
        if total >= 3 and self.whole >= 0.8 * total:
            return "whole"
        return None


def _insertions(prev: str, nxt: str) -> list[tuple[str, str]]:
    """(letters, mode) a lost glyph may have held between letters `prev` and `nxt`."""
    out = [(lig, "whole") for lig in LIGATURES]
    # Only the f was lost: the ligature's other letter (i, l, or the f of
    # "ff") is still there, after the gap or before it.
    if nxt in "ilf" or prev == "f":
        out.append(("f", "f"))
    if nxt in "il":
        out.append(("ff", "f"))
    return out


def _match_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _scores(cands: list[tuple[str, str]], lang: str) -> dict[tuple[str, str], float]:
    """The Zipf frequency of each distinct (word, mode) candidate, in the candidates' order."""
    return {(w.lower(), m): candidate_zipf(w, lang) for w, m in cands}


def _choose(scores: dict[tuple[str, str], float], damaged_z: float, ev: _Evidence) -> _Decision:
    """Pick among the scored (word, mode) candidates for one damaged spot."""
    # Rank only the good ones (most candidates are not words): the sort is
    # stable, so ties keep the candidates' order as when all were ranked.
    good = sorted(
        ((w, m, z) for (w, m), z in scores.items() if z >= WORD and z - damaged_z >= MARGIN),
        key=lambda g: -g[2],
    )
    if not good:
        return _Decision(None)
    best = good[0]
    rivals = [g for g in good[1:] if best[2] - g[2] < CLOSE and g[0] != best[0]]
    if rivals:
        # The document breaks the tie: the reading it uses elsewhere, or the
        # kind of ligature damage it shows everywhere else.
        field_ = [best, *rivals]
        in_doc = [g for g in field_ if ev.vocab[g[0]]]
        mode = ev.mode()
        same_mode = [g for g in field_ if g[1] == mode]
        if len({g[0] for g in in_doc}) == 1:
            best = in_doc[0]
        elif mode and len({g[0] for g in same_mode}) == 1:
            best = same_mode[0]
        else:
            names = ", ".join(sorted({g[0] for g in field_}))
            return _Decision(best[0], False, f"ambiguous: {names}")
    if damaged_z >= PLAUSIBLE:
        return _Decision(best[0], False, f"damaged form is itself a word (zipf {damaged_z:.1f})")
    return _Decision(best[0], True, f"zipf {best[2]:.1f} vs {damaged_z:.1f}; {best[1]} lost")


def _fix_glyph(token: str, lang: str, use_freq: bool) -> _Decision:
    """A token holding U+03D0 (or similar) where an f-ligature was printed."""
    # Alone, or among other Greek letters, the glyph may be the symbol it is.
    greek = any("\u0370" <= c <= "\u03ff" and c not in F_GLYPHS for c in token)
    if len(token) == 1 or greek:
        after = re.sub(f"[{F_GLYPHS}]", "f", token)
        return _Decision(after, False, "may be a Greek letter or symbol, not a ligature")
    # Each glyph stands for one ligature; try every reading of every glyph.
    parts = re.split(f"([{F_GLYPHS}])", token)
    readings = [""]
    for part in parts:
        if part and part in F_GLYPHS:
            readings = [r + lig for r in readings for lig in ("f", *LIGATURES)][:400]
        else:
            readings = [r + part for r in readings]
    if use_freq:
        # Before i/l/f the glyph is the ligature's f (the second letter is
        # still there): take that reading whenever it is a known word, so
        # "ϐled" stays "fled" although "filed" is commoner.
        f_reading = re.sub(f"[{F_GLYPHS}]", "f", token)
        if zipf(f_reading, lang) > 0 and _f_before_ligature_letter(token):
            return _Decision(f_reading, True, "glyph for the f of an f-ligature; known word")
        scored = sorted(((zipf(r, lang), r) for r in readings), reverse=True)
        if scored[0][0] > 0:
            return _Decision(
                _match_case(token, scored[0][1]), True, "glyph for f-ligature; known word"
            )
    # Unknown word (a name?): a glyph before i/l/f can only be that ligature's f.
    if _f_before_ligature_letter(token):
        after = re.sub(f"[{F_GLYPHS}]", "f", token)
        return _Decision(after, True, "glyph before i/l/f stands for the ligature's f")
    return _Decision(
        re.sub(f"[{F_GLYPHS}]", "f", token), False, "glyph for f-ligature; unknown word"
    )


def _f_before_ligature_letter(token: str) -> bool:
    return all(
        token[j + 1 : j + 2].lower() in ("i", "l", "f")
        for j, c in enumerate(token)
        if c in F_GLYPHS
    )


def _drop_candidates(word: str, internal: bool) -> list[tuple[str, str]]:
    """Words made by putting a lost ligature back into `word` (lowercase)."""
    out = []
    positions = range(len(word)) if internal else range(1)
    for i in positions:
        for lig, mode in _insertions(word[i - 1] if i else "", word[i]):
            out.append((word[:i] + lig + word[i:], mode))
    return out


def _fix_dropped(token: str, ev: _Evidence, lang: str, sentence_start: bool) -> _Decision:
    """A token that may have lost a ligature glyph without trace (irst, dificult)."""
    if "'" in token or "’" in token or len(token) < 2 or (token.isupper() and len(token) > 1):
        return _Decision(None)
    if len(token) > LONGEST_WORD:  # not a word: trying a glyph at each place would be quadratic
        return _Decision(None)
    capital = token[0].isupper()
    if capital and not sentence_start and zipf(token, lang) >= 1.0:
        return _Decision(None)  # likely a proper name
    z = plausibility(token, lang)
    if z >= PLAUSIBLE + 1:
        return _Decision(None)
    internal = z < 1.0
    d = _choose(_scores(_drop_candidates(token.lower(), internal), lang), z, ev)
    if d.after is None:
        return d
    d.after = _match_case(token, d.after)
    if capital and not sentence_start:
        d.applied, d.reason = False, "capitalised mid-sentence: may be a name"
    return d


def _fix_split(left: str, right: str, ev: _Evidence, lang: str) -> _Decision:
    """Two tokens around one space that may be one word whose ligature was lost."""
    if any(c in t for t in (left, right) for c in "'’") or right[:1].isupper():
        return _Decision(None)
    if len(left) + len(right) > LONGEST_WORD:
        return _Decision(None)
    if left.isupper() and len(left) > 1:
        return _Decision(None)
    zl, zr = plausibility(left, lang), plausibility(right, lang)
    # "of ice", "if I": both halves are words, so the space may be real.
    if min(zl, zr) >= PLAUSIBLE:
        return _Decision(None)
    lo, ro = left.lower(), right.lower()
    cands = [(lo + lig + ro, mode) for lig, mode in _insertions(lo[-1], ro[0])]
    if lo.endswith("f"):
        cands.append((lo + ro, "f"))  # "f inal": the space stands between the letters
    # How likely the two tokens are side by side by chance (independent
    # words), against the one word: "modi ied" is rarer than either half.
    scores = _scores(cands, lang)
    d = _choose(scores, max(0.0, zl + zr - 9.0), ev)
    if d.after is None:
        # A rarer word ("Summer ield" -> "Summerfield") may still be a better
        # reading than mending the right half alone ("Summer field"): judged
        # again as independent words. If so, report it and change nothing.
        known = max(((scores[w.lower(), m], w) for w, m in cands), default=(0.0, ""))
        if known[0] >= 2.0:
            alone = max((candidate_zipf(w, lang) for w, _ in _drop_candidates(ro, False)),
                        default=0.0)
            if known[0] > zipf(left, lang) + alone - 9.0:
                d = _Decision(known[1], False, f"rare word (zipf {known[0]:.1f})")
    if d.after is not None:
        d.after = _match_case(left, d.after)
    return d


# --------------------------------------------------------------------------- ligature pass per line


def _free_standing(line: str, tok: Tok) -> bool:
    """False for a token glued to a digit, path or address character ("2nd", "a/b", "e.g")."""
    before = line[tok.start - 1 : tok.start] if tok.start else ""
    after = line[tok.end : tok.end + 1]
    return not (before and (before.isdigit() or before in "/@._\\")) and not (
        after and (after.isdigit() or after in "/@_\\")
    )


def _sentence_start(line: str, start: int, after_stop: bool) -> bool:
    """Whether a token at `start` begins a sentence (`after_stop`: the line before ended one)."""
    before = line[:start].rstrip(" “\"‘'(")
    return after_stop if not before else before[-1] in ".!?:"


def _fix_codepoints_and_glyphs(
    line: str, lineno: int, lang: str, use_freq: bool
) -> tuple[str, list[Repair]]:
    """Deterministic repairs: ligature code points, and f-glyph tokens."""
    repairs: list[Repair] = []
    if not _DAMAGE.search(line):
        return line, repairs
    out, pos = [], 0
    for tok in tokens(line):
        text = tok.text
        if not _DAMAGE.search(text):  # no code point or glyph in this token
            continue
        after = "".join(LIGATURE_CODEPOINTS.get(c, c) for c in text)
        reason = "Unicode ligature code point"
        applied = True
        if any(c in F_GLYPHS for c in after):
            d = _fix_glyph(after, lang, use_freq)
            after, applied, reason = d.after or after, d.applied, d.reason
        repairs.append(
            Repair(
                line=lineno,
                kind="ligature",
                before=text,
                after=after,
                applied=applied,
                reason=reason,
            )
        )
        if applied:
            out.append(line[pos : tok.start] + after)
            pos = tok.end
    out.append(line[pos:])
    return "".join(out), repairs


def _fix_lost(
    line: str, lineno: int, ev: _Evidence, lang: str, after_stop: bool = True
) -> tuple[str, list[Repair]]:
    """Frequency-based repairs of lost ligature glyphs on one line.

    `after_stop` says whether the previous line ended a sentence (or was blank),
    so that a capital at the start of this line may be sentence case.
    """
    toks = tokens(line)
    repairs: list[Repair] = []
    edits: list[tuple[int, int, str]] = []
    # Common words are never damaged forms; only look near rarer tokens.
    suspect = [_suspect(t.text, lang) for t in toks]
    if not any(suspect):
        return line, repairs  # most lines: nothing to judge
    # A split needs one half that is hardly a word (see _fix_split).
    weak = [s and plausibility(t.text, lang) < PLAUSIBLE for s, t in zip(suspect, toks)]
    i = 0
    while i < len(toks):
        tok = toks[i]
        if i + 1 < len(toks) and (weak[i] or weak[i + 1]):
            d, end = _split_at(line, tok, toks[i + 1], ev, lang)
            if d is not None and d.after is not None:
                before = line[tok.start : end]
                repairs.append(_ligature(lineno, before, d))
                if d.applied:
                    edits.append((tok.start, end, d.after))
                i += 2
                continue
        if suspect[i] and not _glued_left(line, toks, i, lang) and _free_standing(line, tok):
            start = _sentence_start(line, tok.start, after_stop)
            key = ("", tok.text, str(start))
            if key not in ev.memo:
                ev.memo[key] = _fix_dropped(tok.text, ev, lang, start)
            d = ev.memo[key]
            if d.after is not None:
                repairs.append(_ligature(lineno, tok.text, d))
                if d.applied:
                    edits.append((tok.start, tok.end, d.after))
        i += 1
    for lo, hi, after in reversed(edits):
        line = line[:lo] + after + line[hi:]
    return line, repairs


def _glued_left(line: str, toks: Sequence[Tok], i: int, lang: str) -> bool:
    """Whether token i's left neighbour, across one space, is glued to a digit, path or dot.

    A token glued to a digit, slash or dot is an ordinal ("2nd"), a path or
    an abbreviation, not a word that lost a letter; so is one whose left
    neighbour across one space is ("~/.pro ile").
    """
    return (
        i > 0
        and line[toks[i - 1].end : toks[i].start] == " "
        and (not _free_standing(line, toks[i - 1]) or zipf(toks[i - 1].text, lang) == 0.0)
    )


def _split_at(
    line: str, tok: Tok, nxt: Tok, ev: _Evidence, lang: str
) -> tuple[_Decision | None, int]:
    """Judge two neighbouring tokens as one word split where a glyph was lost.

    "ful illed", "of icial": one space where the glyph was; "twenty- ive":
    after a hyphen, where the space is the glyph's too.
    """
    gap = line[tok.end : nxt.start]
    if gap not in (" ", "- ") or not (_free_standing(line, tok) and _free_standing(line, nxt)):
        return None, nxt.end
    key = (gap, tok.text, nxt.text)
    if key not in ev.memo:
        if gap == " ":
            ev.memo[key] = _fix_split(tok.text, nxt.text, ev, lang)
        else:
            d = _hyphen_gap(tok.text, nxt.text, ev, lang)
            if d.after is not None:
                d = _Decision(f"{tok.text}-{d.after}", d.applied, d.reason)
            ev.memo[key] = d
    return ev.memo[key], nxt.end


def _ligature(lineno: int, before: str, d: _Decision) -> Repair:
    return Repair(
        line=lineno,
        kind="ligature",
        before=before,
        after=d.after or before,
        applied=d.applied,
        reason=d.reason,
    )


@lru_cache(maxsize=200_000)
def _suspect(text: str, lang: str) -> bool:
    return plausibility(text, lang) < PLAUSIBLE + 1


def _hyphen_gap(left: str, right: str, ev: _Evidence, lang: str) -> _Decision:
    """'twenty- ive': the right part alone may have lost its ligature."""
    d = _fix_dropped(right, ev, lang, sentence_start=False)
    return d if d.after is not None else _Decision(None)


_GLYPH = re.compile(f"[{F_GLYPHS}](.?)")
_DAMAGE = re.compile(f"[{F_GLYPHS}{''.join(LIGATURE_CODEPOINTS)}]")


def _gather_evidence(raw: Sequence[str], lines: Sequence[str], lang: str) -> _Evidence:
    """What the document shows: glyph damage in the `raw` lines, words in the repaired `lines`."""
    ev = _Evidence()
    for line in lines:
        ev.vocab.update(t.text.lower() for t in tokens(line))
    for line in raw:
        if _DAMAGE.search(line):
            ev.damaged = True
            for m in _GLYPH.finditer(line):
                # A glyph before i/l/f stood for the f alone; elsewhere for a whole ligature.
                if m.group(1).lower() in ("i", "l", "f"):
                    ev.f_only += 1
                else:
                    ev.whole += 1
    if not ev.damaged:
        # No glyph evidence: count distinct clear cases before trusting any
        # guess: splits ("of icial", "of cial") where one half is hardly a
        # word, and non-words that one ligature makes common ("oicial").
        strong: set[str] = set()
        for line in lines:
            toks = tokens(line)
            for a, b in zip(toks, toks[1:]):
                if line[a.end : b.start] == " " and b.text.islower():
                    if min(zipf(a.text, lang), zipf(b.text, lang)) < 2.0:
                        d = _fix_split(a.text, b.text, ev, lang)
                        if d.after and d.applied:
                            strong.add(d.after)
            for t in toks:
                if len(t.text) >= 4 and t.text.islower() and zipf(t.text, lang) == 0.0:
                    d = _fix_dropped(t.text, ev, lang, sentence_start=False)
                    if d.after and d.applied and zipf(d.after, lang) >= 4.0:
                        strong.add(d.after)
            if len(strong) >= 3:
                break
        ev.damaged = len(strong) >= 3
    return ev


def fix_ligatures(raw: Sequence[str], lines: list[str], lang: str, use_freq: bool) -> list[Repair]:
    """Repair ligature damage in `lines` (edits them); `raw`: the lines as extracted.

    The certain repairs always run; the frequency-based ones only with
    `use_freq` and when the document shows ligature damage somewhere.
    """
    repairs: list[Repair] = []
    for i, line in enumerate(lines):
        lines[i], found = _fix_codepoints_and_glyphs(line, i + 1, lang, use_freq)
        repairs += found
    ev = _gather_evidence(raw, lines, lang)
    if use_freq and ev.damaged:
        for i, line in enumerate(lines):
            prev = lines[i - 1].rstrip(" ”’\"')") if i else ""
            lines[i], found = _fix_lost(line, i + 1, ev, lang, not prev or prev[-1] in ".!?:")
            repairs += found
    return repairs
