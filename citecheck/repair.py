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
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from wordfreq import available_languages, get_frequency_dict, zipf_frequency

from .models import CleanText, Document, Repair

__all__ = ["repair", "repair_summary", "find_headers"]

# --------------------------------------------------------------------------- thresholds
# Zipf scale: 3.0 is about one use per million words, 6.0 one per thousand.

WORD = 3.0  # a candidate repair must be at least this frequent to be accepted
PLAUSIBLE = 3.0  # a damaged token this frequent may be a real word: never silently changed
MARGIN = 1.5  # the repair must beat the damaged form by this much
CLOSE = 0.8  # two candidates nearer than this are ambiguous unless evidence breaks the tie
CONTRACTION_GAP = 1.0  # "ive" vs "i've": the apostrophe spelling dominates by this much

# Ligatures a font may draw as one glyph. The glyph can vanish as a whole, or
# only its "f" can be lost (the extractor then keeps the second letter).
LIGATURES = ("fi", "fl", "ff", "ffi", "ffl")
# NFKC gives the letters of each Unicode ligature code point (ﬅ and ﬆ are "st").
LIGATURE_CODEPOINTS = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
# Glyphs seen standing in for the lost "f" of a ligature: U+03D0 GREEK BETA
# SYMBOL (the sample document's font maps its fi/fl/ff glyph there).
F_GLYPHS = "\u03d0"

TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TLDS = "com|org|net|edu|gov|int|mil|info|ws|io|co|uk|de|fr|ru"
URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"“”‘’]*"  # "*": a bare "http://" may end a line
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b10\.\d{4,9}/[^\s\"<>]+"  # DOIs
    rf"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b"
    r"(?:/[^\s<>\"“”]*)?",
    re.IGNORECASE,
)
# What every URL match contains, one piece per alternative of URL (same flags):
# a quick search that rules out almost every line before the slow URL search.
_URL_HINT = re.compile(rf"://|www\.|@|10\.|\.(?:{_TLDS})\b", re.IGNORECASE)
URL_TAIL = ".,;:!?)]}'\"’”»"  # prose punctuation that can follow a URL


# --------------------------------------------------------------------------- word frequencies


@lru_cache(maxsize=8)
def _frequencies(lang: str) -> dict[str, float]:
    return get_frequency_dict(lang, "best")  # the same call (and cache) as zipf_frequency


@lru_cache(maxsize=500_000)
def _zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency; a plain lowercase word is looked up directly (much faster)."""
    word = word.lower().replace("’", "'")
    if word.isascii() and word.replace("'", "").isalpha() and word.count("'") <= 1:
        freq = _frequencies(lang).get(word)
        return round(math.log10(freq) + 9, 2) if freq else 0.0
    return zipf_frequency(word, lang)


@lru_cache(maxsize=200_000)
def _plausibility(word: str, lang: str) -> float:
    """How much `word` looks like a real word in edited prose (Zipf scale).

    Corpora count apostrophe-less contractions ("ive" for "I've") as words;
    edited prose does not use them, so such a token's own frequency is
    discounted by how far its apostrophe spelling outnumbers it.
    """
    own = _zipf(word, lang)
    if own < PLAUSIBLE - 0.5 or len(word) > 7:
        return own  # too rare to block a repair anyway, or too long for a contraction
    best = max((_zipf(word[:i] + "'" + word[i:], lang) for i in range(1, len(word))), default=0.0)
    if own and best - own >= CONTRACTION_GAP:
        return max(0.0, own - (best - own))
    return own


@lru_cache(maxsize=8)
def _supported(lang: str) -> bool:
    return lang in available_languages()


COVERAGE = 0.75  # share of common words: ~0.95 in the text's own language, ~0.4-0.7 in another


def _written_in(lines: Sequence[str], lang: str, sample: int = 3000) -> bool:
    """Whether the text reads as `lang`: most of its words are common words of `lang`.

    Judging a French text by English frequencies would "repair" sound French
    words, so frequency-based repairs need this check to pass.
    """
    words: list[str] = []
    step = max(1, len(lines) // 200)  # spread the sample over the document
    for line in lines[::step]:
        words += TOKEN.findall(line)
        if len(words) >= sample:
            break
    if len(words) < 20:
        return True  # too little text to tell; thresholds still guard each repair
    return sum(_zipf(w, lang) >= 3.0 for w in words) / len(words) >= COVERAGE


# --------------------------------------------------------------------------- headers

PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[-–—]?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?\s*$", re.I)
TWO_SIDED = re.compile(r"^\s*(\d{1,4})\s{3,}\S.*?\S\s{3,}(\d{1,4})\s*$")
ONE_SIDED = re.compile(r"^\s*(?:\d{1,4}\s{3,}\S.*|\S.*?\S\s{3,}\d{1,4})\s*$")


_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_LETTERS3 = re.compile(r"[^\W\d_]{3}")  # three letters in a row: a word, not just numbers


def _shape(line: str) -> str:
    """Digit-normalised form: running heads differ only in their page number."""
    return _SPACES.sub(" ", _DIGITS.sub("#", line.replace("\f", ""))).strip().lower()


def _page_edges(lines: Sequence[str], pages: Sequence[int] | None, depth: int = 2) -> set[int]:
    """Indices of the first/last `depth` non-blank lines of each page (empty if no pages)."""
    starts = [i for i, line in enumerate(lines) if "\f" in line]
    if pages and len(pages) == len(lines):
        starts += [i for i in range(1, len(lines)) if pages[i] != pages[i - 1]]
    if not starts:
        return set()
    bounds = sorted({0, *starts, len(lines)})
    edges: set[int] = set()
    for lo, hi in zip(bounds, bounds[1:]):
        body = [i for i in range(lo, hi) if lines[i].strip()]
        edges.update(body[:depth] + body[-depth:])
    return edges


def _number_runs(lines: Sequence[str], candidates: list[int]) -> set[int]:
    """Bare numbers that count up like page numbers at regular line spacing.

    Without page breaks a bare number may just as well be a year heading or a
    list item, so it counts as a page number only in a run of three or more
    consecutive values (below 1000, so years never qualify) whose line gaps
    are similar.
    """
    found: set[int] = set()
    values = {
        i: int(lines[i].strip(" -–—\f")) for i in candidates if lines[i].strip(" -–—\f").isdigit()
    }
    seq = [i for i in candidates if i in values and values[i] < 1000]
    run: list[int] = []
    for i in seq + [-1]:
        if run and i >= 0 and values[i] == values[run[-1]] + 1 and i - run[-1] >= 10:
            run.append(i)
            continue
        if len(run) >= 3:
            gaps = [b - a for a, b in zip(run, run[1:])]
            if max(gaps) <= 2 * min(gaps):
                found.update(run)
        run = [i] if i >= 0 else []
    return found


def find_headers(lines: Sequence[str], pages: Sequence[int] | None = None) -> dict[int, str]:
    """0-based indices of page header/footer lines -> the reason each was judged one."""
    edges = _page_edges(lines, pages)
    shape_of = [_shape(line) if line.strip() else "" for line in lines]
    shapes = Counter(s for s in shape_of if s)
    where: dict[str, list[int]] = {}
    for i, shape in enumerate(shape_of):
        if shape and shapes[shape] >= 3:
            where.setdefault(shape, []).append(i)
    n_pages = len(set(pages)) if pages else sum("\f" in line for line in lines) + 1
    found: dict[int, str] = {}
    bare: list[int] = []
    for i, line in enumerate(lines):
        shape = shape_of[i]
        if not shape:
            continue
        two = TWO_SIDED.match(line)
        # Two years around a text are a table row or a period ("1917  ...  1921").
        if two and not all(1000 <= int(n) <= 2100 for n in two.groups()):
            found[i] = "page number, running title, page number"
        elif PAGE_NUMBER.match(line):
            if i in edges:
                found[i] = "bare page number at a page break"
            else:
                bare.append(i)
        elif (
            ONE_SIDED.match(line)
            and shapes[shape] >= 2
            and _LETTERS3.search(line)
            # Neighbours of the same shape are a table of contents, not page furniture.
            and shape not in _neighbours(shape_of, i)
        ):
            found[i] = "page number and running title, repeated"
        elif edges and i in edges and shapes[shape] >= max(3, n_pages // 3) and not _prose(line):
            found[i] = f"running head repeated on {shapes[shape]} pages"
        elif not edges and _looks_like_running_head(lines, i, where.get(shape, [])):
            found[i] = f"running head repeated {shapes[shape]} times"
    for i in _number_runs(lines, bare):
        found[i] = "bare page number in a counting sequence"
    return dict(sorted(found.items()))


def _neighbours(items: Sequence[str], i: int) -> tuple[str, str]:
    return (items[i - 1] if i else "", items[i + 1] if i + 1 < len(items) else "")


def _prose(line: str) -> bool:
    """Ends like a sentence or clause, or starts in lower case: body text, not a running head."""
    text = line.replace("\f", "").strip()
    return not text or text[-1] in ".,;:" or text[0].islower()


def _looks_like_running_head(lines: Sequence[str], i: int, seen: list[int]) -> bool:
    """A line repeated at a page's interval, set apart by blank lines, not prose.

    Without page breaks only the rhythm tells a running head from a repeated
    section heading: pages are about equally long, so the gaps between the
    repeats must be similar, at least a short page long, and cover the text.
    """
    text = lines[i].strip()
    if len(seen) < 4 or len(text) < 8 or _prose(text):
        return False
    gaps = [b - a for a, b in zip(seen, seen[1:])]
    median = statistics.median(gaps)
    if min(gaps) < 15 or any(abs(g - median) > 0.3 * median for g in gaps):
        return False
    # A running head is on (nearly) every page, so its repeats span the document.
    if len(seen) * median < 0.6 * len(lines):
        return False
    if not _LETTERS3.search(text):
        return False
    above = i == 0 or not lines[i - 1].strip()
    below = i + 1 >= len(lines) or not lines[i + 1].strip()
    return above or below


# --------------------------------------------------------------------------- URLs


@dataclass
class _UrlJoin:
    line: int  # 0-based index of the line the URL starts on
    next_line: int
    head: str
    tail: str


_URL_BREAK_ENDS = tuple("./-_?=&#")
_CONTINUATION = re.compile(r"^[A-Za-z0-9._~%/+\-?=&#:;@!$*]+")


def _url_continuation(url: str, nxt: str) -> str | None:
    """The part of `nxt` (the following line) that continues `url`, if any."""
    text = nxt.lstrip()
    m = _CONTINUATION.match(text)
    if not m:
        return None
    cont = m.group(0).rstrip(URL_TAIL)
    if not cont:
        return None
    if url.endswith("."):
        # After a dot (maybe a full stop) only a TLD or file extension may follow.
        if not re.match(r"[a-z]{2,6}(?:[/.:?#]|$)", cont):
            return None
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]?", cont, re.I):
        return None  # "e.g.", "i.e.": prose, not a path
    if any(c in cont for c in "/._=&%#?"):
        return cont
    # "www.struggle.ws/russia/arshinov_2_oct." + "html, 1927.": a bare short
    # lowercase word after a dot is a TLD or file extension only if it is not
    # followed by more prose on the same line in the same sentence.
    rest = text[len(cont) :]
    if url.endswith(".") and cont.isalnum() and cont.islower() and len(cont) <= 5:
        if not rest.strip() or rest.lstrip()[0] in URL_TAIL:
            return cont
    if url.endswith(("-", "_", "=", "&", "?", "#")) and (not rest or rest[0] in " " + URL_TAIL):
        return cont
    return None


def _find_url_joins(lines: Sequence[str], skip: set[int]) -> list[_UrlJoin]:
    joins: list[_UrlJoin] = []
    for i in range(len(lines) - 1):
        if i in skip or i + 1 in skip:
            continue
        line = lines[i].rstrip()
        if not line.endswith(_URL_BREAK_ENDS):  # cheap test first: most lines end in a word
            continue
        urls = [m for m in URL.finditer(line) if m.end() == len(line)]
        if not urls:
            continue
        url = urls[-1].group(0)
        cont = _url_continuation(url, lines[i + 1])
        if cont:
            joins.append(_UrlJoin(i, i + 1, url, cont))
    return joins


def _protected(line: str) -> list[tuple[int, int]]:
    if not _URL_HINT.search(line):
        return []
    return [m.span() for m in URL.finditer(line)]


# --------------------------------------------------------------------------- ligatures


@dataclass
class _Decision:
    after: str | None  # None: no repair to report
    applied: bool = True
    reason: str = ""


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


def _choose(cands: list[tuple[str, str]], damaged_z: float, ev: _Evidence, lang: str) -> _Decision:
    """Pick among (word, mode) candidates for one damaged spot."""
    scores = {(w.lower(), m): _zipf(w, lang) for w, m in cands}
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
        if _zipf(f_reading, lang) > 0 and _f_before_ligature_letter(token):
            return _Decision(f_reading, True, "glyph for the f of an f-ligature; known word")
        scored = sorted(((_zipf(r, lang), r) for r in readings), reverse=True)
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
    capital = token[0].isupper()
    if capital and not sentence_start and _zipf(token, lang) >= 1.0:
        return _Decision(None)  # likely a proper name
    z = _plausibility(token, lang)
    if z >= PLAUSIBLE + 1:
        return _Decision(None)
    internal = z < 1.0
    d = _choose(_drop_candidates(token.lower(), internal), z, ev, lang)
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
    if left.isupper() and len(left) > 1:
        return _Decision(None)
    zl, zr = _plausibility(left, lang), _plausibility(right, lang)
    # "of ice", "if I": both halves are words, so the space may be real.
    if min(zl, zr) >= PLAUSIBLE:
        return _Decision(None)
    lo, ro = left.lower(), right.lower()
    cands = [(lo + lig + ro, mode) for lig, mode in _insertions(lo[-1], ro[0])]
    if lo.endswith("f"):
        cands.append((lo + ro, "f"))  # "f inal": the space stands between the letters
    # How likely the two tokens are side by side by chance (independent
    # words), against the one word: "modi ied" is rarer than either half.
    d = _choose(cands, max(0.0, zl + zr - 9.0), ev, lang)
    if d.after is None:
        # A rarer word ("Summer ield" -> "Summerfield") may still be a better
        # reading than mending the right half alone ("Summer field"): judged
        # again as independent words. If so, report it and change nothing.
        known = max(((_zipf(w, lang), w) for w, _ in cands), default=(0.0, ""))
        alone = max((_zipf(w, lang) for w, _ in _drop_candidates(ro, False)), default=0.0)
        if known[0] >= 2.0 and known[0] > _zipf(left, lang) + alone - 9.0:
            d = _Decision(known[1], False, f"rare word (zipf {known[0]:.1f})")
    if d.after is not None:
        d.after = _match_case(left, d.after)
    return d


# --------------------------------------------------------------------------- ligature pass per line


class _Tok(NamedTuple):  # a tuple: cheap to build for every word of the text
    start: int
    end: int
    text: str


# Builds a _Tok from a ready tuple without the Python-level __new__ (as _Tok._make
# does): tokens are built for every word of the text.
_new_tok = tuple.__new__


@lru_cache(maxsize=20_000)
def _tokens(line: str) -> tuple[_Tok, ...]:
    """Word tokens of `line` outside URLs, e-mail addresses and DOIs."""
    spans = _protected(line)
    if not spans:
        return tuple(
            [_new_tok(_Tok, (m.start(), m.end(), m.group())) for m in TOKEN.finditer(line)]
        )
    return tuple(
        [
            _new_tok(_Tok, (m.start(), m.end(), m.group()))
            for m in TOKEN.finditer(line)
            if not any(a <= m.start() < b for a, b in spans)
        ]
    )


def _free_standing(line: str, tok: _Tok) -> bool:
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
    for tok in _tokens(line):
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
    toks = _tokens(line)
    repairs: list[Repair] = []
    edits: list[tuple[int, int, str]] = []
    # Common words are never damaged forms; only look near rarer tokens.
    suspect = [_suspect(t.text, lang) for t in toks]
    if not any(suspect):
        return line, repairs  # most lines: nothing to judge
    # A split needs one half that is hardly a word (see _fix_split).
    weak = [s and _plausibility(t.text, lang) < PLAUSIBLE for s, t in zip(suspect, toks)]
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


def _glued_left(line: str, toks: Sequence[_Tok], i: int, lang: str) -> bool:
    """Whether token i's left neighbour, across one space, is glued to a digit, path or dot.

    A token glued to a digit, slash or dot is an ordinal ("2nd"), a path or
    an abbreviation, not a word that lost a letter; so is one whose left
    neighbour across one space is ("~/.pro ile").
    """
    return (
        i > 0
        and line[toks[i - 1].end : toks[i].start] == " "
        and (not _free_standing(line, toks[i - 1]) or _zipf(toks[i - 1].text, lang) == 0.0)
    )


def _split_at(
    line: str, tok: _Tok, nxt: _Tok, ev: _Evidence, lang: str
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
    return _plausibility(text, lang) < PLAUSIBLE + 1


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
        ev.vocab.update(t.text.lower() for t in _tokens(line))
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
            toks = _tokens(line)
            for a, b in zip(toks, toks[1:]):
                if line[a.end : b.start] == " " and b.text.islower():
                    if min(_zipf(a.text, lang), _zipf(b.text, lang)) < 2.0:
                        d = _fix_split(a.text, b.text, ev, lang)
                        if d.after and d.applied:
                            strong.add(d.after)
            for t in toks:
                if len(t.text) >= 4 and t.text.islower() and _zipf(t.text, lang) == 0.0:
                    d = _fix_dropped(t.text, ev, lang, sentence_start=False)
                    if d.after and d.applied and _zipf(d.after, lang) >= 4.0:
                        strong.add(d.after)
            if len(strong) >= 3:
                break
        ev.damaged = len(strong) >= 3
    return ev


# --------------------------------------------------------------------------- hyphenation

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
        words.update(t.text.lower() for t in _tokens(line))
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
    zj, zh, zr = _zipf(joined, lang), _zipf(hyphened, lang), _zipf(right, lang)
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


# --------------------------------------------------------------------------- the stage


def repair(doc: Document, lang: str = "en") -> CleanText:
    """Repair `doc`'s text; return one line per input line plus every repair made or declined.

    `lang` is the wordfreq language code used to judge words; for a language
    wordfreq does not know, only the deterministic repairs (code points,
    glyphs before i/l/f, headers, URLs) are made.
    """
    lines = list(doc.lines)
    repairs: list[Repair] = []

    headers = find_headers(lines, doc.pages)
    for i, reason in headers.items():
        repairs.append(Repair(line=i + 1, kind="header", before=lines[i], after="", reason=reason))
        lines[i] = ""
    removed = set(headers)

    for join in _find_url_joins(lines, removed):
        head = lines[join.line].rstrip()
        rest = lines[join.next_line].lstrip()[len(join.tail) :].lstrip()
        repairs.append(
            Repair(
                line=join.line + 1,
                kind="url",
                before=f"{join.head}\n{join.tail}",
                after=join.head + join.tail,
                reason="URL broken at a line end",
            )
        )
        lines[join.line] = head + join.tail
        lines[join.next_line] = rest

    use_freq = _supported(lang) and _written_in(lines, lang)
    for i, line in enumerate(lines):
        lines[i], found = _fix_codepoints_and_glyphs(line, i + 1, lang, use_freq)
        repairs += found
    ev = _gather_evidence(doc.lines, lines, lang)
    if use_freq and ev.damaged:
        for i, line in enumerate(lines):
            prev = lines[i - 1].rstrip(" ”’\"')") if i else ""
            lines[i], found = _fix_lost(line, i + 1, ev, lang, not prev or prev[-1] in ".!?:")
            repairs += found

    repairs += _join_hyphens(lines, removed, lang, use_freq)
    for i, line in enumerate(lines):
        lines[i], found = _drop_soft_hyphens(line, i + 1)
        repairs += found
    repairs.sort(key=lambda r: r.line)
    return CleanText(lines=lines, repairs=repairs, removed=[i + 1 for i in sorted(removed)])


def _join_hyphens(
    lines: list[str], removed: set[int], lang: str, use_freq: bool = True
) -> list[Repair]:
    """Move words broken by a line-end hyphen onto their first line (edits `lines`)."""
    doc_words = _doc_words(lines)
    repairs: list[Repair] = []
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        # LINE_HYPHEN ends in a hyphen: test that first, the search is slow on long lines
        m = LINE_HYPHEN.search(stripped) if stripped.endswith(LINE_END_HYPHENS) else None
        if not m or i in removed or any(b == len(stripped) for _, b in _protected(stripped)):
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


def _drop_soft_hyphens(line: str, lineno: int) -> tuple[str, list[Repair]]:
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


def repair_summary(repairs: Iterable[Repair]) -> dict[str, int]:
    """Applied repairs counted by kind, e.g. ``{"ligature": 212, "url": 5}``."""
    return dict(Counter(r.kind for r in repairs if r.applied))
